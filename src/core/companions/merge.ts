// Companion values fill what the analysed file does not say: the launch script gives a DeepSpeed JSON its model,
// schedule and GPU count; the JSON gives the script its batch sizes, precision and ZeRO stage. The analysed file's
// own values always win (a default of its format gives way to a value a companion states), and every value taken
// keeps where it was written: "companion: train.sh line 14 (--num-layers 24)". A fine-tuning recipe makes the run a
// fine-tune wherever it is read from: its DeepSpeed JSON, opened alone, is priced by the recipe's passes and gets no
// over-training verdict, and the recipe's adapter and optimizer reach the JSON's memory estimate.
import type { Architecture, Finding, FineTuneSpec, MemorySpec, RunSpec, Sourced } from '../types';
import { finding } from '../present/findings';
import { ARCH_SCALAR_FIELDS } from '../model/fields';

/** Run fields a companion can supply. Keys, findings and spans stay with the file they belong to. */
const RUN_FIELDS = [
  'params',
  'activeParams',
  'seqLength',
  'microBatch',
  'gradAccum',
  'globalBatch',
  'trainIters',
  'trainSamples',
  'tokens',
  'nodes',
  'gpusPerNode',
  'gpus',
  'gpuType',
  'precision',
  'recompute',
  'zeroStage',
  'region',
  'gridGPerKWh',
  'pue',
  'priceUSDPerGpuHour',
  'mfu',
] as const satisfies ReadonlyArray<keyof RunSpec>;

const PARALLEL_FIELDS = ['tp', 'pp', 'cp', 'ep', 'dp'] as const;

/** Values worth disagreeing about: a companion stating another batch or schedule than the file is a finding. */
const CONFLICTS: ReadonlyArray<(typeof RUN_FIELDS)[number]> = ['globalBatch', 'microBatch', 'gradAccum', 'seqLength', 'trainIters', 'precision'];

/**
 * "train.sh line 14 (--num-layers: 24)" for a value the companion states (shown as `companion: train.sh line 14 …`);
 * "in companion train.sh: <how>" for one it derived or assumed.
 */
export function companionDetail(fileName: string, s: Sourced<unknown>): string {
  if (s.source !== 'file' && s.source !== 'annotation') return `in companion ${baseName(fileName)}: ${s.detail}`;
  const where = s.span ? `${baseName(fileName)} line ${s.span.line + 1}` : baseName(fileName);
  return `${where} (${s.detail})`;
}

function recast<T>(fileName: string, s: Sourced<T>): Sourced<T> {
  // A value the companion derived or defaulted stays derived or default; what it states becomes 'companion'.
  const source = s.source === 'file' || s.source === 'annotation' ? 'companion' : s.source;
  return { value: s.value, source, detail: companionDetail(fileName, s) };
}

/** A value may be replaced when it is missing, or the file's format only assumed it. */
function open(v: Sourced<unknown> | undefined, by: Sourced<unknown>): boolean {
  return v === undefined || (v.source === 'default' && by.source !== 'default');
}

/**
 * Fills `run` from a companion's extracted (not yet completed) run. The architecture is taken as a whole when the
 * file builds none (a DeepSpeed JSON), field by field otherwise. Returns the conflicts found, as findings.
 */
export function fillFromCompanion(run: RunSpec, companion: RunSpec, fileName: string): Finding[] {
  const findings: Finding[] = [];
  const target = run as unknown as Record<string, Sourced<unknown> | undefined>;
  const from = companion as unknown as Record<string, Sourced<unknown> | undefined>;
  for (const field of RUN_FIELDS) {
    const theirs = from[field];
    if (!theirs) continue;
    const ours = target[field];
    if (open(ours, theirs)) target[field] = recast(fileName, theirs);
    else if (ours && ours.source !== 'default' && theirs.source === 'file' && CONFLICTS.includes(field) && ours.value !== theirs.value) {
      findings.push(
        finding(
          'companion-conflict',
          { field, ours: String(ours.value), companion: baseName(fileName), line: theirs.span ? theirs.span.line + 1 : undefined, theirs: String(theirs.value) },
          { span: ours.span },
        ),
      );
    }
  }
  const arch = run.arch as Record<string, Sourced<unknown> | undefined>;
  const theirArch = companion.arch as Record<string, Sourced<unknown> | undefined>;
  for (const field of ARCH_SCALAR_FIELDS) {
    const theirs = theirArch[field];
    if (theirs && open(arch[field], theirs)) arch[field] = recast(fileName, theirs);
  }
  if (!run.arch.moe && companion.arch.moe) {
    const m = companion.arch.moe;
    run.arch.moe = { experts: recast(fileName, m.experts), topK: recast(fileName, m.topK) };
    if (m.sharedExperts) run.arch.moe.sharedExperts = recast(fileName, m.sharedExperts);
    if (m.expertFfnHiddenSize) run.arch.moe.expertFfnHiddenSize = recast(fileName, m.expertFfnHiddenSize);
    if (m.moeLayers) run.arch.moe.moeLayers = recast(fileName, m.moeLayers);
  }
  if (!run.arch.mla && companion.arch.mla) run.arch.mla = { ...companion.arch.mla, source: recast(fileName, companion.arch.mla.source) };
  if (!run.fineTune && companion.fineTune) run.fineTune = recastAll(fileName, companion.fineTune) as FineTuneSpec;
  if (companion.memory) run.memory = fillMemory(run.memory, companion.memory, fileName);
  const parallel = run.parallel as Record<string, Sourced<unknown> | undefined>;
  const theirParallel = companion.parallel as Record<string, Sourced<unknown> | undefined>;
  for (const field of PARALLEL_FIELDS) {
    const theirs = theirParallel[field];
    if (theirs && open(parallel[field], theirs)) parallel[field] = recast(fileName, theirs);
  }
  return findings;
}

function isSourced(v: unknown): v is Sourced<unknown> {
  return typeof v === 'object' && v !== null && 'source' in v && 'detail' in v && 'value' in v;
}

/** Every Sourced value of a structure recast as the companion's (flags such as batchCountsSamples copied as they are). */
function recastAll(fileName: string, value: unknown): unknown {
  if (isSourced(value)) return recast(fileName, value);
  if (Array.isArray(value) || typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, recastAll(fileName, v)]));
}

/** The memory inputs the file leaves open (its optimizer, offload, adapters), from the companion. */
function fillMemory(ours: MemorySpec | undefined, theirs: MemorySpec, fileName: string): MemorySpec {
  const out: Record<string, unknown> = { ...(ours ?? {}) };
  for (const [k, v] of Object.entries(theirs)) {
    if (v === undefined) continue;
    const mine = out[k];
    if (mine === undefined || (isSourced(mine) && mine.source === 'default' && isSourced(v) && v.source !== 'default')) out[k] = recastAll(fileName, v);
  }
  return out as MemorySpec;
}

export function baseName(path: string): string {
  return path.replace(/^.*[\\/]/, '') || path;
}
