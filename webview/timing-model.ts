// The timing section without the DOM: the what-if run placed on its region's hourly trace (best start, saving,
// interruptible plan, Pareto front) and on every traced grid, from the traces the host posted. The same core calls as
// `footprint-lens schedule`, so the panel and the CLI agree.
import { MAX_STRETCH, SCHEDULE_WINDOW_DAYS } from '../src/core/data/schedule';
import { gapRuns, placeOnEachTrace, scheduleRun, type GridTrace, type RunSchedule, type TraceLookup, type TracePlacement } from '../src/core/schedule';
import type { PostedGridTrace, WhatIf } from '../src/shared/protocol';
import { optionsFor, type LoadedDocument, type Pair } from './model';

const HOURS_PER_DAY = 24;

/** The section's own inputs: how long the start may wait, and whether the run may pause. */
export interface TimingInputs {
  windowDays: number;
  interruptible: boolean;
  maxStretch: number;
}

export function defaultTimingInputs(windowDays: number | undefined): TimingInputs {
  return { windowDays: windowDays ?? SCHEDULE_WINDOW_DAYS.value, interruptible: false, maxStretch: MAX_STRETCH.value };
}

/** The posted traces as the core's GridTrace, looked up by code. */
export function traceLookup(posted: readonly PostedGridTrace[]): TraceLookup {
  const byCode = new Map<string, GridTrace>();
  for (const t of posted) {
    const gaps = gapRuns(t.values);
    byCode.set(t.code, { code: t.code, year: t.year, startUtcMs: t.startUtcMs, values: t.values, gaps, missingHours: gaps.reduce((n, g) => n + g.hours, 0) });
  }
  return (code) => byCode.get(code);
}

export interface TimingView {
  /** The region the what-if run uses, or undefined when it has none (a typed grid intensity, or nothing). */
  regionCode: string | undefined;
  result: RunSchedule | null;
  /** Why there is no schedule for this region (no trace, nothing to place yet). */
  reason: string | null;
  placements: TracePlacement[];
  trace: GridTrace | undefined;
}

export function timingView(doc: LoadedDocument, whatIf: WhatIf, pair: Pair, traces: TraceLookup, inputs: TimingInputs, now: Date): TimingView {
  const windowHours = Math.round(inputs.windowDays * HOURS_PER_DAY);
  const placements = placeOnEachTrace(pair.whatIf, traces, { windowHours, now });
  // A grid intensity typed as a what-if wins over any region: then the run is not on a traced grid.
  const regionCode = whatIf.gridGPerKWh !== undefined ? undefined : (whatIf.region ?? pair.whatIf.run?.region?.value);
  if (regionCode === undefined) {
    return { regionCode, result: null, reason: 'the run names no region: pick one in What if (a traced grid or a region it stands for)', placements, trace: undefined };
  }
  const r = scheduleRun(pair.whatIf, doc.text, optionsFor(doc, whatIf), traces, {
    regionCode,
    windowHours,
    now,
    interruptible: inputs.interruptible ? { maxStretch: inputs.maxStretch } : undefined,
    interruptibleMeters: false,
  });
  if (!r.ok) return { regionCode, result: null, reason: r.reason, placements, trace: undefined };
  return { regionCode, result: r.result, reason: null, placements, trace: traces(r.result.trace.code) };
}
