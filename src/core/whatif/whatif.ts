// One what-if: the same text analysed again with a change layered on top of the caller's overrides, and the change
// in every meter (point and range, absolute and as a fraction of the baseline). Re-running the whole analysis keeps
// one source of truth: a what-if can never disagree with what the editor shows for the edited file.
import { analyze, type Analysis, type AnalyzeOptions } from '../analyze';
import type { Range } from '../estimate/types';
import type { Overrides } from '../types';

export const METERS = ['gpuHours', 'wallClockHours', 'costUSD', 'energyKWh', 'co2eKg'] as const;
export type Meter = (typeof METERS)[number];

export interface MeterDelta {
  baseline: Range | null;
  after: Range | null;
  /** after − baseline, per component (point, low, high); null when either side is unknown. */
  delta: Range | null;
  /** delta / baseline per component; null when either side is unknown or the baseline is zero. */
  fraction: Range | null;
}

export interface WhatIfResult {
  change: Overrides;
  baseline: Analysis;
  after: Analysis;
  meters: Record<Meter, MeterDelta>;
}

/** The caller's overrides with `change` on top. A region change drops a user-given grid factor, which would win. */
function mergeOverrides(base: Overrides | undefined, change: Overrides): Overrides {
  const merged: Overrides = { ...base, ...change };
  if (change.region !== undefined && change.gridGPerKWh === undefined) delete merged.gridGPerKWh;
  return merged;
}

function finite(x: number): boolean {
  return Number.isFinite(x);
}

function delta(before: Range | null, after: Range | null): Range | null {
  if (!before || !after) return null;
  const d = { point: after.point - before.point, low: after.low - before.low, high: after.high - before.high };
  return finite(d.point) && finite(d.low) && finite(d.high) ? d : null;
}

function ratio(d: number, base: number): number | null {
  if (d === 0) return 0;
  if (!(base > 0)) return null;
  const r = d / base;
  return finite(r) ? r : null;
}

function fraction(before: Range | null, d: Range | null): Range | null {
  if (!before || !d) return null;
  const point = ratio(d.point, before.point);
  const low = ratio(d.low, before.low);
  const high = ratio(d.high, before.high);
  return point === null || low === null || high === null ? null : { point, low, high };
}

/** Every meter's change from one analysis to another (a what-if, or a file against its committed version). */
export function meterDeltas(baseline: Analysis, after: Analysis): Record<Meter, MeterDelta> {
  const out = {} as Record<Meter, MeterDelta>;
  for (const meter of METERS) {
    const b = baseline.projection?.[meter] ?? null;
    const a = after.projection?.[meter] ?? null;
    const d = delta(b, a);
    out[meter] = { baseline: b, after: a, delta: d, fraction: fraction(b, d) };
  }
  return out;
}

/** The what-if from an analysis already made (levers share one baseline). */
export function whatIfFrom(baseline: Analysis, text: string, options: AnalyzeOptions, change: Overrides): WhatIfResult {
  const after = analyze(text, { ...options, overrides: mergeOverrides(options.overrides, change) });
  return { change, baseline, after, meters: meterDeltas(baseline, after) };
}

export function whatIf(text: string, options: AnalyzeOptions, change: Overrides): WhatIfResult {
  return whatIfFrom(analyze(text, options), text, options, change);
}
