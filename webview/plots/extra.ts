// The plots that need more than the two analyses: the run in other regions, the levers and the iso-FLOP curve. They
// come from the core's what-if and scaling modules, run on the what-if, so they agree with the CLI and the reports.
import { COMPARISON_REGION_CODES } from '../../src/core/data/levers';
import { findRegion } from '../../src/core/data/regions';
import { isoFlopCurve, scalingAnalysis, type ScalingAnalysis } from '../../src/core/scaling';
import { leversFor, regionsComparison } from '../../src/core/whatif';
import type { WhatIf } from '../../src/shared/protocol';
import { formatFlops } from '../../src/core/present/units';
import { optionsFor, type LoadedDocument, type Pair } from '../model';
import { METERS, finiteRange } from '../format';
import { isoFlopPlot } from './isoflop';
import { leversPlot, type LeverRow } from './levers';
import { regionsPlot, type RegionPoint } from './regions';

export function regionPoints(doc: LoadedDocument, whatIf: WhatIf, pair: Pair): RegionPoint[] {
  // A typed grid intensity wins over any region: then no region is "this run".
  const currentCode = whatIf.gridGPerKWh !== undefined ? undefined : findRegion(whatIf.region ?? pair.whatIf.run?.region?.value ?? 'world')?.code;
  const codes = currentCode ? [currentCode, ...COMPARISON_REGION_CODES] : COMPARISON_REGION_CODES;
  return regionsComparison(doc.text, optionsFor(doc, whatIf), codes).map(({ region, result }) => {
    const co2e = result.after.projection?.co2eKg;
    return { code: region.code, name: region.name, gCO2ePerKWh: region.gCO2ePerKWh, co2eKg: finiteRange(co2e) ? co2e.point : undefined, current: region.code === currentCode };
  });
}

export function leverRows(doc: LoadedDocument, whatIf: WhatIf, pair: Pair): LeverRow[] {
  return leversFor(pair.whatIf, doc.text, optionsFor(doc, whatIf)).map((lever) => ({
    label: lever.label,
    skipped: lever.skipped ?? undefined,
    note: lever.note ?? undefined,
    changes: METERS.map(({ label, key }) => ({ meter: label, change: lever.result?.meters[key].fraction?.point ?? undefined })),
  }));
}

export function scalingOf(pair: Pair, whatIf: WhatIf): ScalingAnalysis | undefined {
  const run = pair.whatIf.run;
  return run ? scalingAnalysis(run, pair.whatIf.projection, { lifetimeInferenceTokens: whatIf.lifetimeInferenceTokens }) : undefined;
}

export function extraPlots(doc: LoadedDocument, whatIf: WhatIf, pair: Pair, scaling: ScalingAnalysis | undefined): SVGElement[] {
  const plots: SVGElement[] = [];
  if (scaling?.flops && scaling.optimal) {
    const iso = isoFlopPlot({
      points: isoFlopCurve(scaling.flops),
      run: scaling.params && scaling.predictedLoss !== null ? { params: scaling.params, loss: scaling.predictedLoss } : undefined,
      optimum: scaling.optimal,
      computeText: `${formatFlops(scaling.flops)} FLOPs (6·N·D, ${scaling.fit.name})`,
    });
    if (iso) plots.push(iso);
  }
  if (pair.whatIf.projection) plots.push(regionsPlot(regionPoints(doc, whatIf, pair)), leversPlot(leverRows(doc, whatIf, pair)));
  return plots;
}
