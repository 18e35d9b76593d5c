// The plots that need more than the two analyses: the run in other regions and the levers. Each variant is the same
// what-if re-analysed with one more override, so the comparison uses exactly the estimator the lenses use.
import { REGIONS, findRegion } from '../../src/core/data/regions';
import type { WhatIf } from '../../src/shared/protocol';
import { analyzeWith, relativeChange, type LoadedDocument, type Pair } from '../model';
import { finiteRange } from '../format';
import { leversPlot, type LeverRow } from './levers';
import { regionsPlot, type RegionPoint } from './regions';

/** A spread of the region table: cleanest, quartiles, dirtiest, plus the run's own region. */
export function regionSample(currentCode: string | undefined): string[] {
  const sorted = REGIONS.slice().sort((a, b) => a.gCO2ePerKWh - b.gCO2ePerKWh);
  const picks = [0, 0.25, 0.5, 0.75, 1].map((q) => sorted[Math.round(q * (sorted.length - 1))]!.code);
  const current = currentCode && findRegion(currentCode) ? findRegion(currentCode)!.code : undefined;
  return [...new Set(current ? [current, ...picks] : picks)];
}

export function regionPoints(doc: LoadedDocument, whatIf: WhatIf, pair: Pair): RegionPoint[] {
  const run = pair.whatIf.run;
  const currentCode = whatIf.region ?? run?.region?.value;
  // A grid intensity typed in wins over any region: moving the region would not move the run, so drop it here.
  const { gridGPerKWh: _ignored, ...rest } = whatIf;
  return regionSample(currentCode ?? 'world').map((code) => {
    const row = findRegion(code)!;
    const co2e = analyzeWith(doc, { ...rest, region: code }).projection?.co2eKg;
    return { code: row.code, name: row.name, gCO2ePerKWh: row.gCO2ePerKWh, co2eKg: finiteRange(co2e) ? co2e.point : undefined, current: !whatIf.gridGPerKWh && row.code === findRegion(currentCode ?? 'world')?.code };
  });
}

const LEVER_METERS = [
  ['GPU-hours', 'gpuHours'],
  ['Cost', 'costUSD'],
  ['Energy', 'energyKWh'],
  ['Emissions', 'co2eKg'],
] as const;

export function leverRows(doc: LoadedDocument, whatIf: WhatIf, pair: Pair): LeverRow[] {
  const base = pair.whatIf;
  const levers: Array<[string, WhatIf | undefined]> = [];
  const mfu = base.projection?.mfu;
  levers.push(['MFU at the prior’s high end', mfu && mfu.high > mfu.point ? { mfu: mfu.high } : undefined]);
  levers.push(['FP8 training', { precision: 'fp8' }]);
  const co = base.computeOptimal;
  levers.push([
    'Right-size to compute-optimal',
    co?.optimalParams && co.optimalTokens && Number.isFinite(co.optimalParams) && Number.isFinite(co.optimalTokens) ? { params: co.optimalParams, tokens: co.optimalTokens } : undefined,
  ]);
  const cleanest = REGIONS.reduce((a, b) => (b.gCO2ePerKWh < a.gCO2ePerKWh ? b : a));
  levers.push([`Region ${cleanest.code}`, { region: cleanest.code }]);
  return levers.map(([label, extra]) => {
    const variant = extra ? analyzeWith(doc, { ...whatIf, ...extra, ...(extra.region ? { gridGPerKWh: undefined } : {}) }) : undefined;
    return {
      label,
      changes: LEVER_METERS.map(([meter, key]) => ({ meter, change: variant ? relativeChange(base.projection?.[key], variant.projection?.[key]) : undefined })),
    };
  });
}

export function extraPlots(doc: LoadedDocument, whatIf: WhatIf, pair: Pair): SVGElement[] {
  if (!pair.whatIf.projection) return [];
  return [regionsPlot(regionPoints(doc, whatIf, pair)), leversPlot(leverRows(doc, whatIf, pair))];
}
