// Carbon-aware timing on one hourly grid trace: the emissions of a run of known wall-clock for every start hour in a
// window, the best start and its saving against starting now, an interruptible policy that runs only in the cleanest
// hours within a cap on how much longer the run may take, and the carbon-vs-delay Pareto front.
// The run draws constant power, so its energy (and its dollars) are the same whenever it runs: only the grid
// intensity of the hours it runs in changes, and with it the carbon. The trace is one historical year, read as a
// typical year: a window past 31 December wraps to January of the same year. A start whose run crosses a missing
// hour is not rated (no gap is ever filled), and the interruptible policy never chooses a missing hour.
import { boundsWords, timingInputSpec, withinBounds } from '../inputs/registry';
import { interruptibleCurve } from './front';
import { MS_PER_HOUR, type GridTrace } from './trace';

export interface ScheduleRequest {
  trace: GridTrace;
  /** Hours the run takes on its GPUs (the projection's wall-clock). */
  runHours: number;
  /** Facility energy of the whole run, kWh. */
  energyKWh: number;
  /** The submit hour as an index into the trace (see traceHourOf). */
  nowHour: number;
  /** The latest start considered is nowHour + windowHours. */
  windowHours: number;
  /** Run only in the cleanest hours, finishing within maxStretch × runHours of now. */
  interruptible?: { maxStretch: number };
}

export interface StartOption {
  /** Trace hour index where the run starts. */
  startHour: number;
  /** Hours after now. */
  delayHours: number;
  /** Mean grid intensity over the run's hours, gCO2e/kWh; null when the run crosses a missing hour. */
  meanGPerKWh: number | null;
  co2eKg: number | null;
  /** Missing trace hours the run would cross. */
  missingHours: number;
}

export interface Segment {
  startHour: number;
  delayHours: number;
  hours: number;
}

export interface InterruptiblePlan {
  maxStretch: number;
  /** Hours from now within which the run must finish. */
  horizonHours: number;
  /** Where the run runs (hours after now), in order; a pause between each. */
  segments: Segment[];
  pauses: number;
  /** Hours later than starting now and running straight through that the run finishes. */
  finishDelayHours: number;
  meanGPerKWh: number;
  co2eKg: number;
  /** Missing trace hours inside the horizon: never chosen, since their intensity is unknown. */
  missingHoursSkipped: number;
}

export interface ParetoPoint {
  /** Hours later than starting now that the run finishes. */
  delayHours: number;
  co2eKg: number;
  policy: 'delayed-start' | 'interruptible';
  /** For a delayed start, its start hour index; for an interruptible plan, the stretch cap it used. */
  startHour?: number;
  stretch?: number;
}

export interface Schedule {
  traceCode: string;
  year: number;
  runHours: number;
  energyKWh: number;
  windowHours: number;
  now: StartOption;
  /** Every start hour from now to now + window, in order. */
  starts: StartOption[];
  /** The lowest-carbon rated start (the earliest among ties); null when no start can be rated. */
  best: StartOption | null;
  /** Carbon saved by the best start against starting now; null when starting now cannot be rated. */
  saving: { co2eKg: number; fraction: number } | null;
  /** Starts not rated because their run crosses a missing hour. */
  unratedStarts: number;
  interruptible: InterruptiblePlan | null;
  /** Why the interruptible policy has no plan, when asked for and none. */
  interruptibleReason: string | null;
  /** Carbon against finishing later: each point is better than every point that finishes sooner. */
  pareto: ParetoPoint[];
}

export type ScheduleResult = { ok: true; schedule: Schedule } | { ok: false; reason: string };

const G_PER_KG = 1000;
/** Starts and plans that differ by less than this (relative) are ties: the earliest wins. */
const TIE = 1e-12;

/** Prefix sums over one cycle of the trace, so any run's sum and missing count is O(1), wrapping at the year's end. */
class Cycle {
  private readonly sums: Float64Array;
  private readonly missing: Int32Array;
  readonly length: number;

  constructor(readonly values: readonly (number | null)[]) {
    this.length = values.length;
    this.sums = new Float64Array(this.length + 1);
    this.missing = new Int32Array(this.length + 1);
    for (let i = 0; i < this.length; i++) {
      const v = values[i];
      this.sums[i + 1] = this.sums[i]! + (v ?? 0);
      this.missing[i + 1] = this.missing[i]! + (v === null || v === undefined ? 1 : 0);
    }
  }

  at(hour: number): number | null {
    return this.values[this.mod(hour)] ?? null;
  }

  mod(hour: number): number {
    return ((hour % this.length) + this.length) % this.length;
  }

  /** Sum and missing count over `hours` whole hours from `start` (wrapping). */
  range(start: number, hours: number): { sum: number; missing: number } {
    const cycles = Math.floor(hours / this.length);
    let sum = cycles * this.sums[this.length]!;
    let missing = cycles * this.missing[this.length]!;
    const rest = hours - cycles * this.length;
    const a = this.mod(start);
    const b = a + rest;
    if (b <= this.length) {
      sum += this.sums[b]! - this.sums[a]!;
      missing += this.missing[b]! - this.missing[a]!;
    } else {
      sum += this.sums[this.length]! - this.sums[a]! + this.sums[b - this.length]!;
      missing += this.missing[this.length]! - this.missing[a]! + this.missing[b - this.length]!;
    }
    return { sum, missing };
  }
}

/** Days a submit date may move to land on the same weekday in the trace's year (the weekly demand cycle). */
const MAX_WEEKDAY_SHIFT_DAYS = 3;
const HOURS_PER_DAY = 24;
const DAYS_PER_WEEK = 7;

/**
 * The trace hour standing for `date`: the same month, day and UTC hour in the trace's year (29 February reads as the
 * 28th), moved by up to three days (near New Year, up to six) to the same weekday, so weekends fall on weekends.
 */
export function traceHourOf(trace: Pick<GridTrace, 'startUtcMs' | 'year' | 'values'>, date: Date): number {
  const month = date.getUTCMonth();
  const leap = new Date(Date.UTC(trace.year, 1, 29)).getUTCMonth() === 1;
  const day = month === 1 && date.getUTCDate() === 29 && !leap ? 28 : date.getUTCDate();
  const same = Date.UTC(trace.year, month, day, date.getUTCHours());
  let shift = (date.getUTCDay() - new Date(same).getUTCDay() + DAYS_PER_WEEK) % DAYS_PER_WEEK;
  if (shift > MAX_WEEKDAY_SHIFT_DAYS) shift -= DAYS_PER_WEEK;
  const base = Math.round((same - trace.startUtcMs) / MS_PER_HOUR);
  let hour = base + shift * HOURS_PER_DAY;
  // Near New Year the nearer weekday may lie outside the trace's year: take the one a week the other way.
  if (hour < 0) hour += DAYS_PER_WEEK * HOURS_PER_DAY;
  if (hour >= trace.values.length) hour -= DAYS_PER_WEEK * HOURS_PER_DAY;
  return ((hour % trace.values.length) + trace.values.length) % trace.values.length;
}

function startOption(cycle: Cycle, start: number, delay: number, runHours: number, energyKWh: number): StartOption {
  const whole = Math.floor(runHours);
  const part = runHours - whole;
  const { sum, missing } = cycle.range(start, whole);
  const last = part > 0 ? cycle.at(start + whole) : 0;
  const missingHours = missing + (last === null ? 1 : 0);
  if (missingHours > 0 || last === null) return { startHour: cycle.mod(start), delayHours: delay, meanGPerKWh: null, co2eKg: null, missingHours };
  const mean = (sum + part * last) / runHours;
  return { startHour: cycle.mod(start), delayHours: delay, meanGPerKWh: mean, co2eKg: (energyKWh * mean) / G_PER_KG, missingHours: 0 };
}

/**
 * The cleanest hours within `horizon` hours of now that add up to the run's hours (the last one possibly in part),
 * or the reason there are not enough known hours.
 */
function cleanestHours(cycle: Cycle, now: number, horizon: number, runHours: number, energyKWh: number, maxStretch: number): InterruptiblePlan | string {
  const known: Array<{ delay: number; g: number }> = [];
  let skipped = 0;
  for (let d = 0; d < horizon; d++) {
    const g = cycle.at(now + d);
    if (g === null) skipped++;
    else known.push({ delay: d, g });
  }
  const whole = Math.floor(runHours);
  const part = runHours - whole;
  const needed = whole + (part > 0 ? 1 : 0);
  if (known.length < needed) {
    return `only ${known.length} of the ${horizon} hours within ${maxStretch}× the run's length have a known intensity; the run needs ${needed}`;
  }
  known.sort((a, b) => a.g - b.g || a.delay - b.delay);
  const used = new Map<number, number>();
  let grams = 0;
  for (let i = 0; i < whole; i++) {
    used.set(known[i]!.delay, 1);
    grams += known[i]!.g;
  }
  if (part > 0) {
    used.set(known[whole]!.delay, part);
    grams += part * known[whole]!.g;
  }
  const delays = [...used.keys()].sort((a, b) => a - b);
  const segments: Segment[] = [];
  let finish = 0;
  for (const d of delays) {
    const share = used.get(d)!;
    const last = segments[segments.length - 1];
    // A partial hour is run at its start, so the run can pause right after it.
    if (last && last.delayHours + last.hours === d && Number.isInteger(last.hours)) last.hours += share;
    else segments.push({ startHour: cycle.mod(now + d), delayHours: d, hours: share });
    finish = Math.max(finish, d + share);
  }
  const mean = grams / runHours;
  return {
    maxStretch,
    horizonHours: horizon,
    segments,
    pauses: segments.length - 1,
    finishDelayHours: Math.max(0, finish - runHours),
    meanGPerKWh: mean,
    co2eKg: (energyKWh * mean) / G_PER_KG,
    missingHoursSkipped: skipped,
  };
}

function horizonFor(runHours: number, stretch: number): number {
  return Math.max(Math.ceil(runHours), Math.floor(stretch * runHours + 1e-9));
}

/** Points each better than all that finish sooner (ties: the sooner one). */
export function paretoFront(points: readonly ParetoPoint[]): ParetoPoint[] {
  const sorted = [...points].sort((a, b) => a.delayHours - b.delayHours || a.co2eKg - b.co2eKg);
  const front: ParetoPoint[] = [];
  for (const p of sorted) {
    const last = front[front.length - 1];
    if (!last || p.co2eKg < last.co2eKg * (1 - TIE)) front.push(p);
  }
  return front;
}

function invalid(request: ScheduleRequest): string | null {
  const { runHours, energyKWh, windowHours, nowHour, trace } = request;
  const year = trace.values.length;
  if (!(Number.isFinite(runHours) && runHours > 0)) return 'the run has no wall-clock time to place';
  if (runHours > year) return `the run takes ${Math.round(runHours)} h, longer than the ${year}-hour trace year: a typical year cannot place it`;
  if (!(Number.isFinite(energyKWh) && energyKWh >= 0)) return 'the run has no energy estimate';
  if (!(Number.isFinite(windowHours) && windowHours >= 0 && windowHours <= year)) return `the window must be between 0 and ${year} hours`;
  if (!Number.isInteger(nowHour) || nowHour < 0 || nowHour >= year) return 'the submit hour is outside the trace';
  const stretch = request.interruptible?.maxStretch;
  const stretchSpec = timingInputSpec('maxStretch');
  if (stretch !== undefined && !withinBounds(stretchSpec, stretch)) return `the stretch cap must be ${boundsWords(stretchSpec)}`;
  return null;
}

export function schedule(request: ScheduleRequest): ScheduleResult {
  const bad = invalid(request);
  if (bad) return { ok: false, reason: bad };
  const { trace, runHours, energyKWh, nowHour, windowHours } = request;
  const cycle = new Cycle(trace.values);
  const starts: StartOption[] = [];
  const lastDelay = Math.floor(windowHours);
  for (let d = 0; d <= lastDelay; d++) starts.push(startOption(cycle, nowHour + d, d, runHours, energyKWh));
  const now = starts[0]!;
  let best: StartOption | null = null;
  for (const s of starts) if (s.co2eKg !== null && (best === null || s.co2eKg < best.co2eKg! * (1 - TIE))) best = s;
  const saving = best && now.co2eKg !== null ? { co2eKg: now.co2eKg - best.co2eKg!, fraction: now.co2eKg > 0 ? (now.co2eKg - best.co2eKg!) / now.co2eKg : 0 } : null;

  const points: ParetoPoint[] = starts.filter((s) => s.co2eKg !== null).map((s) => ({ delayHours: s.delayHours, co2eKg: s.co2eKg!, policy: 'delayed-start' as const, startHour: s.startHour }));
  let interruptible: InterruptiblePlan | null = null;
  let interruptibleReason: string | null = null;
  const maxStretch = request.interruptible?.maxStretch;
  if (maxStretch !== undefined) {
    const plan = cleanestHours(cycle, nowHour, horizonFor(runHours, maxStretch), runHours, energyKWh, maxStretch);
    if (typeof plan === 'string') interruptibleReason = plan;
    else interruptible = plan;
    // The front along the stretch cap, every horizon from running straight through to the full cap.
    for (const c of interruptibleCurve((d) => cycle.at(nowHour + d), runHours, horizonFor(runHours, 1), horizonFor(runHours, maxStretch))) {
      points.push({ delayHours: Math.max(0, c.finishHours - runHours), co2eKg: (energyKWh * c.gramHours) / runHours / G_PER_KG, policy: 'interruptible', stretch: c.horizonHours / runHours });
    }
  }
  return {
    ok: true,
    schedule: {
      traceCode: trace.code,
      year: trace.year,
      runHours,
      energyKWh,
      windowHours: lastDelay,
      now,
      starts,
      best,
      saving,
      unratedStarts: starts.filter((s) => s.co2eKg === null).length,
      interruptible,
      interruptibleReason,
      pareto: paretoFront(points),
    },
  };
}
