// The run placed in a handful of regions: only the grid changes, so only carbon moves.
import { analyze, type Analysis, type AnalyzeOptions } from '../analyze';
import { COMPARISON_REGION_CODES } from '../data/levers';
import { findRegion, type RegionRow } from '../data/regions';
import { whatIfFrom, type WhatIfResult } from './whatif';

export interface RegionPlacement {
  region: RegionRow;
  result: WhatIfResult;
}

/** Unknown codes are left out; the default list mixes big and clean grids. */
export function regionsComparison(text: string, options: AnalyzeOptions, regionCodes: readonly string[] = COMPARISON_REGION_CODES): RegionPlacement[] {
  return regionsFrom(analyze(text, options), text, options, regionCodes);
}

/** The placements from an analysis already made (the panel has it: one analysis fewer per input change). */
export function regionsFrom(baseline: Analysis, text: string, options: AnalyzeOptions, regionCodes: readonly string[] = COMPARISON_REGION_CODES): RegionPlacement[] {
  const out: RegionPlacement[] = [];
  const seen = new Set<string>();
  for (const code of regionCodes) {
    const region = findRegion(code);
    if (!region || seen.has(region.code)) continue;
    seen.add(region.code);
    // The grid travels with the region: an annotation's grid factor must not outlive the move.
    out.push({ region, result: whatIfFrom(baseline, text, options, { region: region.code, gridGPerKWh: region.gCO2ePerKWh }) });
  }
  return out;
}
