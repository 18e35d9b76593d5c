// A config against an earlier version of itself (its committed text, a pull request's base): every meter's change,
// the compute-optimal verdict on each side, and which inputs and keys changed. Pure: two analyses in, a comparison
// out; the CLI's `diff`, the pull-request comment and the editor's "vs HEAD" lenses all read this one shape.
import type { Analysis } from '../analyze';
import type { Range } from '../estimate/types';
import { RUN_FIELD_LABELS, type RunField } from '../present/labels';
import { computeOptimalVerdict } from '../present/verdicts';
import { memoryTitle } from '../memory/text';
import type { KeyRef, KeyRole, RunSpec, Sourced } from '../types';
import { meterDeltas, METERS, type Meter, type MeterDelta } from '../whatif/whatif';

/**
 * changed: some meter or input differs; unchanged: the same run at the same cost (a comment or an unrelated key
 * edited); added / removed: a run on one side only (a new file, a deleted one, or a file that stopped or started
 * being a config); broken: the new side exists but cannot be analysed (a parse error), so nothing can be compared;
 * not-a-config: neither side is a training config (a workflow file among a pull request's YAML), so nothing to say.
 */
export type ComparisonStatus = 'changed' | 'unchanged' | 'added' | 'removed' | 'broken' | 'not-a-config';

/** One resolved input that differs (the parameter count, the GPU count...), with where each side's value came from. */
export interface InputChange {
  field: RunField | 'tp' | 'pp' | 'cp' | 'ep' | 'dp';
  label: string;
  before: Sourced<unknown> | undefined;
  after: Sourced<unknown> | undefined;
}

/** One key of the file whose value differs; `after` is absent for a key that was removed. */
export interface KeyChange {
  role: KeyRole;
  key: string;
  before: KeyRef | undefined;
  after: KeyRef | undefined;
}

export interface RunComparison {
  fileName: string;
  status: ComparisonStatus;
  /** Null: the file does not exist on that side. */
  before: Analysis | null;
  after: Analysis | null;
  meters: Record<Meter, MeterDelta>;
  computeOptimal: { before: string | undefined; after: string | undefined };
  /** Memory per GPU and its verdict on each side ("≈ 55 GB/GPU of 80 GB · fits"); undefined where it is unknown. */
  memory: { before: string | undefined; after: string | undefined };
  inputs: InputChange[];
  keys: KeyChange[];
  /**
   * The new side's first error, with its line: why it could not be analysed (status "broken"), or what the analysis
   * had to skip (a syntax error after the keys it could read).
   */
  problem?: string;
}

/** The run fields a change of which is worth naming, in the order people read them. */
const COMPARED_FIELDS = [
  'params',
  'activeParams',
  'tokens',
  'gpus',
  'gpuType',
  'precision',
  'seqLength',
  'globalBatch',
  'trainIters',
  'trainSamples',
  'nodes',
  'gpusPerNode',
  'recompute',
  'region',
  'gridGPerKWh',
  'pue',
  'priceUSDPerGpuHour',
  'mfu',
] as const satisfies ReadonlyArray<RunField>;

const PARALLEL_FIELDS = ['tp', 'pp', 'cp', 'ep', 'dp'] as const;

function isRun(a: Analysis | null): a is Analysis & { run: RunSpec } {
  return a !== null && a.format !== null && a.run !== null;
}

export function compareAnalyses(before: Analysis | null, after: Analysis | null): RunComparison {
  const fileName = after?.fileName ?? before?.fileName ?? '';
  const base = { fileName, before, after, computeOptimal: { before: verdictOf(before), after: verdictOf(after) }, memory: { before: memoryOf(before), after: memoryOf(after) } };
  const error = after?.findings.find((f) => f.severity === 'error');
  const problem = error ? { problem: `${error.span ? `line ${error.span.line + 1}: ` : ''}${error.message}` } : {};
  if (after !== null && !isRun(after) && isRun(before) && error) {
    return { ...base, status: 'broken', meters: oneSided(null, null), inputs: [], keys: [], ...problem };
  }
  if (!isRun(before) && !isRun(after)) return { ...base, status: 'not-a-config', meters: oneSided(null, null), inputs: [], keys: [] };
  if (!isRun(before) || !isRun(after)) {
    const status: ComparisonStatus = isRun(after) ? 'added' : 'removed';
    return { ...base, status, meters: oneSided(isRun(before) ? before : null, isRun(after) ? after : null), inputs: [], keys: [], ...problem };
  }
  const meters = meterDeltas(before, after);
  const inputs = inputChanges(before.run, after.run);
  const keys = keyChanges(before.run.keys, after.run.keys);
  const moved = METERS.some((m) => meterMoved(meters[m]));
  const status: ComparisonStatus = moved || inputs.length > 0 || keys.length > 0 ? 'changed' : 'unchanged';
  return { ...base, status, meters, inputs, keys, ...problem };
}

/** A meter moved when its value changed, or when it became known or unknown. */
function meterMoved(d: MeterDelta): boolean {
  if ((d.baseline === null) !== (d.after === null)) return true;
  return d.delta !== null && d.delta.point !== 0;
}

function memoryOf(a: Analysis | null): string | undefined {
  return isRun(a) && a.memory ? memoryTitle(a.memory) : undefined;
}

function verdictOf(a: Analysis | null): string | undefined {
  return isRun(a) ? computeOptimalVerdict(a.computeOptimal) : undefined;
}

const ZERO: Range = { point: 0, low: 0, high: 0 };

function negate(r: Range): Range {
  // The range of a removal: the high end of the cost removed is the low end of the change.
  return { point: -r.point, low: -r.high, high: -r.low };
}

/** A run on one side only: everything it costs is the change (added), or its negation (removed). */
function oneSided(before: Analysis | null, after: Analysis | null): Record<Meter, MeterDelta> {
  const out = {} as Record<Meter, MeterDelta>;
  for (const meter of METERS) {
    const b = before?.projection?.[meter] ?? null;
    const a = after?.projection?.[meter] ?? null;
    if (after && a) out[meter] = { baseline: ZERO, after: a, delta: a, fraction: null };
    else if (before && b) out[meter] = { baseline: b, after: ZERO, delta: negate(b), fraction: { point: -1, low: -1, high: -1 } };
    else out[meter] = { baseline: b, after: a, delta: null, fraction: null };
  }
  return out;
}

function inputChanges(before: RunSpec, after: RunSpec): InputChange[] {
  const out: InputChange[] = [];
  const consider = (field: InputChange['field'], b: Sourced<unknown> | undefined, a: Sourced<unknown> | undefined) => {
    if (b?.value === a?.value) return;
    out.push({ field, label: RUN_FIELD_LABELS[field], before: b, after: a });
  };
  for (const field of COMPARED_FIELDS) consider(field, before[field] as Sourced<unknown> | undefined, after[field] as Sourced<unknown> | undefined);
  for (const field of PARALLEL_FIELDS) consider(field, before.parallel[field], after.parallel[field]);
  return out;
}

/**
 * Keys are matched by role and spelling, and by their order among keys of that spelling: a launch script that sets
 * the node count in two places keeps two keys, each compared with its own counterpart.
 */
function keyChanges(before: KeyRef[], after: KeyRef[]): KeyChange[] {
  const id = (k: KeyRef, nth: number) => `${k.role}\u0000${k.key}\u0000${nth}`;
  const indexed = (keys: KeyRef[]) => {
    const seen = new Map<string, number>();
    const out = new Map<string, KeyRef>();
    for (const k of keys) {
      const spelling = `${k.role}\u0000${k.key}`;
      const nth = seen.get(spelling) ?? 0;
      seen.set(spelling, nth + 1);
      out.set(id(k, nth), k);
    }
    return out;
  };
  const b = indexed(before);
  const a = indexed(after);
  const changes: KeyChange[] = [];
  for (const [k, ref] of a) {
    const old = b.get(k);
    if (old === undefined || old.value !== ref.value) changes.push({ role: ref.role, key: ref.key, before: old, after: ref });
  }
  for (const [k, old] of b) if (!a.has(k)) changes.push({ role: old.role, key: old.key, before: old, after: undefined });
  return changes;
}
