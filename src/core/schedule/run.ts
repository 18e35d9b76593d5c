// The scheduler on the user's own run: the projection gives the wall-clock and the energy, the region picks the trace,
// and the full analysis is re-run at the grid intensity of the chosen hours, so the output can show (not only say)
// that GPU-hours, energy and dollars stay the same and only carbon moves.
import type { Analysis, AnalyzeOptions } from '../analyze';
import { findRegion } from '../data/regions';
import { GRID_TRACES, traceForCode, type GridTraceRow, type TraceRelation } from '../data/grid-traces';
import { whatIfFrom, type Meter, type MeterDelta } from '../whatif/whatif';
import { schedule, traceHourOf, type Schedule } from './scheduler';
import type { GridTrace } from './trace';

export interface RunScheduleRequest {
  /** A region-table code or a trace code. */
  regionCode: string;
  windowHours: number;
  /** The submit time; its month, day and UTC hour are placed in the trace's year. */
  now: Date;
  interruptible?: { maxStretch: number };
  /** Re-analyse the run at the interruptible plan's grid too (for its meters); the panel, which does not show them, skips it. */
  interruptibleMeters?: boolean;
}

export interface RunSchedule {
  trace: GridTraceRow;
  relation: TraceRelation;
  /** The code the user gave, resolved ("aws:us-east-1"). */
  regionCode: string;
  schedule: Schedule;
  /** The yearly factor the estimate itself uses, for comparison with the trace's hours. */
  estimateGPerKWh: number | null;
  /** Best start against starting now (or against the estimate's yearly factor when now cannot be rated). */
  comparedWith: 'now' | 'estimate';
  meters: Record<Meter, MeterDelta> | null;
  /** The interruptible plan against the same baseline. */
  interruptibleMeters: Record<Meter, MeterDelta> | null;
}

export type RunScheduleResult = { ok: true; result: RunSchedule } | { ok: false; reason: string };

export type TraceLookup = (code: string) => GridTrace | undefined;

/** The trace for a region or trace code, or the reason there is none. */
export function resolveTrace(regionCode: string): { ok: true; trace: GridTraceRow; relation: TraceRelation; code: string } | { ok: false; reason: string } {
  const row = findRegion(regionCode);
  const code = row?.code ?? regionCode.trim().toLowerCase();
  const match = traceForCode(code);
  if (match) return { ok: true, trace: match.trace, relation: match.relation, code };
  return { ok: false, reason: `no hourly grid trace for "${regionCode}"${row ? ` (${row.name})` : ''}; ${tracedRegionsText()}` };
}

/** "traced grids and the regions they stand for: us-caiso (aws:us-west-1, azure:westus), ..." */
export function tracedRegionsText(): string {
  const each = GRID_TRACES.map((t) => {
    const others = [...t.sameGrid, ...t.standIns].filter((c) => c !== t.code);
    return others.length > 0 ? `${t.code} (${others.join(', ')})` : t.code;
  });
  return `traced grids and the regions they stand for: ${each.join(', ')}`;
}

function gridOf(analysis: Analysis): number | null {
  const v = analysis.projection?.assumptions.find((a) => a.name === 'gridGPerKWh')?.value;
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** What the run needs before it can be placed in time, in the words of the analysis. */
function runNeeds(analysis: Analysis): string | null {
  const p = analysis.projection;
  const wall = p?.wallClockHours?.point;
  const energy = p?.energyKWh?.point;
  if (typeof wall === 'number' && wall > 0 && Number.isFinite(wall) && typeof energy === 'number' && Number.isFinite(energy)) return null;
  const missing = analysis.run?.missing ?? [];
  return `the run has no wall-clock and energy projection yet${missing.length > 0 ? `: set ${missing.join(', ')}` : ''}`;
}

export function scheduleRun(baseline: Analysis, text: string, options: AnalyzeOptions, traces: TraceLookup, request: RunScheduleRequest): RunScheduleResult {
  const needs = runNeeds(baseline);
  if (needs) return { ok: false, reason: needs };
  const resolved = resolveTrace(request.regionCode);
  if (!resolved.ok) return resolved;
  const trace = traces(resolved.trace.code);
  if (!trace) return { ok: false, reason: `the ${resolved.trace.code} trace (${resolved.trace.file}) could not be read` };
  const p = baseline.projection!;
  const result = schedule({
    trace,
    runHours: p.wallClockHours!.point,
    energyKWh: p.energyKWh!.point,
    nowHour: traceHourOf(trace, request.now),
    windowHours: request.windowHours,
    interruptible: request.interruptible,
  });
  if (!result.ok) return result;
  const s = result.schedule;
  // The analysis re-run at the grid of the chosen hours: the same run, so every meter but carbon must stay put.
  const at = (g: number) => ({ ...options, overrides: { ...options.overrides, gridGPerKWh: g } });
  const nowG = s.now.meanGPerKWh;
  const from = nowG === null ? baseline : whatIfFrom(baseline, text, options, { gridGPerKWh: nowG }).after;
  const fromOptions = nowG === null ? options : at(nowG);
  const meters = s.best?.meanGPerKWh != null ? whatIfFrom(from, text, fromOptions, { gridGPerKWh: s.best.meanGPerKWh }).meters : null;
  const interruptibleMeters = s.interruptible && request.interruptibleMeters !== false ? whatIfFrom(from, text, fromOptions, { gridGPerKWh: s.interruptible.meanGPerKWh }).meters : null;
  return {
    ok: true,
    result: {
      trace: resolved.trace,
      relation: resolved.relation,
      regionCode: resolved.code,
      schedule: s,
      estimateGPerKWh: gridOf(baseline),
      comparedWith: nowG === null ? 'estimate' : 'now',
      meters,
      interruptibleMeters,
    },
  };
}

export interface TracePlacement {
  trace: GridTraceRow;
  /** Mean of the trace's known hours, gCO2e/kWh. */
  annualMeanGPerKWh: number;
  missingHours: number;
  schedule: Schedule | null;
  reason: string | null;
}

/** The same run, submitted at the same hour with the same window, on every shipped trace. */
export function placeOnEachTrace(baseline: Analysis, traces: TraceLookup, request: Omit<RunScheduleRequest, 'regionCode' | 'interruptible'>): TracePlacement[] {
  const needs = runNeeds(baseline);
  const p = baseline.projection;
  return GRID_TRACES.flatMap((row) => {
    const trace = traces(row.code);
    if (!trace) return [];
    const known = trace.values.filter((v): v is number => v !== null);
    const annualMeanGPerKWh = known.reduce((a, b) => a + b, 0) / known.length;
    if (needs || !p) return [{ trace: row, annualMeanGPerKWh, missingHours: trace.missingHours, schedule: null, reason: needs }];
    const r = schedule({ trace, runHours: p.wallClockHours!.point, energyKWh: p.energyKWh!.point, nowHour: traceHourOf(trace, request.now), windowHours: request.windowHours });
    return [{ trace: row, annualMeanGPerKWh, missingHours: trace.missingHours, schedule: r.ok ? r.schedule : null, reason: r.ok ? null : r.reason }];
  });
}
