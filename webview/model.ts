// What the panel computes, without the DOM: the baseline and what-if analyses of the same text (the webview bundles
// the pure core, so it re-runs exactly what the host ran), and the comparisons the outputs show.
import { analyze, type Analysis, type AnalyzeOptions } from '../src/core/analyze';
import type { Range } from '../src/core/estimate/types';
import type { Overrides } from '../src/core/types';
import type { BaselineOptions, WhatIf } from '../src/shared/protocol';

export interface LoadedDocument {
  uri: string;
  fileName: string;
  version: number;
  text: string;
  options: BaselineOptions;
}

export interface Pair {
  baseline: Analysis;
  whatIf: Analysis;
}

/** Settings and budget caps: they fill gaps in both runs, so the comparison isolates the what-if. */
export function defaultsOf(options: BaselineOptions): Overrides {
  const budgets = options.budgets ?? {};
  return { ...options.defaults, ...budgets };
}

/** The options the host's analysis used, with the what-if as overrides (none for the baseline). */
export function optionsFor(doc: LoadedDocument, whatIf: WhatIf | undefined): AnalyzeOptions {
  const overrides = whatIf && Object.keys(whatIf).length > 0 ? (whatIf as Overrides) : undefined;
  return {
    fileName: doc.fileName,
    defaults: defaultsOf(doc.options),
    // A per-file hardware entry is named as the lenses name it, not as the footprint.gpus setting.
    defaultsFrom: doc.options.defaultsFrom,
    overrides,
    overridesFrom: 'what-if',
    overTrainingThreshold: doc.options.overTrainingThreshold,
    ...(doc.options.analysisTimeLimitSeconds !== undefined ? { budgetMs: doc.options.analysisTimeLimitSeconds * 1000 } : {}),
  };
}

export function analyzeWith(doc: LoadedDocument, whatIf: WhatIf | undefined): Analysis {
  return analyze(doc.text, optionsFor(doc, whatIf));
}

/**
 * Both runs. The baseline depends only on the document, so a caller that already has it (the same load) passes it in;
 * an empty what-if is the baseline run itself, so it is not run twice.
 */
export function analyzePair(doc: LoadedDocument, whatIf: WhatIf, baseline: Analysis = analyzeWith(doc, undefined)): Pair {
  return { baseline, whatIf: Object.keys(whatIf).length > 0 ? analyzeWith(doc, whatIf) : baseline };
}

export type MeterKey = 'gpuHours' | 'wallClockHours' | 'costUSD' | 'energyKWh' | 'co2eKg';

/** Relative change from baseline to what-if; undefined when either side is unknown or the baseline is zero. */
export function relativeChange(baseline: Range | null | undefined, whatIf: Range | null | undefined): number | undefined {
  if (!baseline || !whatIf) return undefined;
  if (!(baseline.point > 0) || !Number.isFinite(whatIf.point)) return undefined;
  const change = whatIf.point / baseline.point - 1;
  return Number.isFinite(change) ? change : undefined;
}

export interface CapUse {
  what: 'cost' | 'emissions' | 'GPU-hours';
  /** Projected point over the cap (1 = exactly at the cap). */
  share: number;
  limit: number;
  projected: number;
}

/** Every budget cap with its share used, the binding one (highest share) first. */
export function capUses(analysis: Analysis, budgets: BaselineOptions['budgets']): CapUse[] {
  const p = analysis.projection;
  if (!p || !budgets) return [];
  const caps: Array<[CapUse['what'], number | undefined, number | undefined]> = [
    ['cost', budgets.maxUSD, p.costUSD?.point],
    // Caps are in tonnes, the meter in kg.
    ['emissions', budgets.maxTCO2e, p.co2eKg ? p.co2eKg.point / 1000 : undefined],
    ['GPU-hours', budgets.maxGpuHours, p.gpuHours?.point],
  ];
  const uses: CapUse[] = [];
  for (const [what, limit, projected] of caps) {
    if (limit === undefined || !(limit > 0) || projected === undefined || !Number.isFinite(projected)) continue;
    uses.push({ what, limit, projected, share: projected / limit });
  }
  return uses.sort((a, b) => b.share - a.share);
}

/** The what-if keeps only values that differ from the baseline run: "Apply" writes only those. */
export function withValue<K extends keyof WhatIf>(whatIf: WhatIf, key: K, value: WhatIf[K] | undefined, baselineValue: unknown): WhatIf {
  const next: WhatIf = { ...whatIf };
  if (value === undefined || value === baselineValue) delete next[key];
  else next[key] = value;
  return next;
}
