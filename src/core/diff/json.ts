// The stable JSON of a comparison (`footprint-lens diff --json`, schemaVersion 1): per run, each meter before, after
// and the change (point and range), the compute-optimal verdicts, the inputs and keys that changed with their
// provenance; then the totals and the gates. Lines are 1-based, as editors show them.
import type { Range } from '../estimate/types';
import type { Sourced } from '../types';
import { METERS, type Meter } from '../whatif/whatif';
import type { ComparisonStatus, RunComparison } from './compare';
import { totalChange, type GateResult } from './gates';

export const DIFF_SCHEMA_VERSION = 1;

interface SourcedJson {
  value: unknown;
  source: Sourced<unknown>['source'];
  detail: string;
  line: number | null;
}

export interface MeterJson {
  before: Range | null;
  after: Range | null;
  change: Range | null;
  /** change / before, per component; null when unknown or the run is new. */
  fraction: Range | null;
}

export interface RunComparisonJson {
  file: string;
  status: ComparisonStatus;
  format: string | null;
  meters: Record<Meter, MeterJson>;
  computeOptimal: { before: string | null; after: string | null };
  /** Memory per GPU with its verdict, before and after. */
  memory: { before: string | null; after: string | null };
  inputs: Array<{ field: string; label: string; before: SourcedJson | null; after: SourcedJson | null }>;
  keys: Array<{ key: string; role: string; before: unknown; after: unknown; line: number | null }>;
  problem: string | null;
}

export interface DiffJson {
  schemaVersion: typeof DIFF_SCHEMA_VERSION;
  base: string | null;
  runs: RunComparisonJson[];
  /** The summed change of each meter over the runs whose change is known, and the runs left out. */
  total: Record<Meter, { change: number; unknown: string[] }>;
  gates: Array<{ flag: string; meter: Meter; limit: number; total: number; exceeded: boolean; reason: string; unknown: string[] }>;
}

function sourced(s: Sourced<unknown> | undefined): SourcedJson | null {
  return s ? { value: s.value, source: s.source, detail: s.detail, line: s.span ? s.span.line + 1 : null } : null;
}

export function comparisonToJson(c: RunComparison): RunComparisonJson {
  const meters = {} as Record<Meter, MeterJson>;
  for (const m of METERS) {
    const d = c.meters[m];
    meters[m] = { before: d.baseline, after: d.after, change: d.delta, fraction: d.fraction };
  }
  return {
    file: c.fileName,
    status: c.status,
    format: (c.after ?? c.before)?.format ?? null,
    meters,
    computeOptimal: { before: c.computeOptimal.before ?? null, after: c.computeOptimal.after ?? null },
    memory: { before: c.memory.before ?? null, after: c.memory.after ?? null },
    inputs: c.inputs.map((i) => ({ field: i.field, label: i.label, before: sourced(i.before), after: sourced(i.after) })),
    keys: c.keys.map((k) => ({
      key: k.key,
      role: k.role,
      before: k.before?.value ?? null,
      after: k.after?.value ?? null,
      line: k.after ? k.after.span.line + 1 : null,
    })),
    problem: c.problem ?? null,
  };
}

export function diffToJson(comparisons: readonly RunComparison[], gates: readonly GateResult[], base?: string): DiffJson {
  const total = {} as DiffJson['total'];
  for (const m of METERS) {
    const t = totalChange(comparisons, m);
    total[m] = { change: t.total, unknown: t.unknown };
  }
  return { schemaVersion: DIFF_SCHEMA_VERSION, base: base ?? null, runs: comparisons.map(comparisonToJson), total, gates: gates.map((g) => ({ ...g })) };
}
