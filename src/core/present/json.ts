// The stable JSON shape of an analysis (schemaVersion 1), printed by `footprint-lens estimate --json` and copied by
// the editor. A value that cannot be known is null; a finding says what to set. Lines are 1-based, as editors show.
import type { Analysis } from '../analyze';
import type { ComputeTerm } from '../estimate/finetune';
import type { Assumption, PretrainingShare, Range } from '../estimate/types';
import type { FormatId, Finding, RunSpec, Sourced } from '../types';
import { budgetPlan, hasCaps, type BudgetCaps, type BudgetPlan } from '../plan';
import { scalingAnalysis, type ScalingAnalysis } from '../scaling';
import type { MemoryComponents, MemoryEstimate, MemoryFix, MemoryVerdict, PeakMoment, StageName } from '../memory/types';

export const SCHEMA_VERSION = 1;

export interface SourcedJson<T> {
  value: T;
  source: Sourced<T>['source'];
  detail: string;
  line: number | null;
}

export interface AnalysisJson {
  schemaVersion: typeof SCHEMA_VERSION;
  file: string;
  format: FormatId | null;
  run: Record<string, SourcedJson<unknown> | null> | null;
  projection: {
    flops: number | null;
    hardwareFlops: number | null;
    gpuHours: number | null;
    gpuHoursRange: [number, number] | null;
    wallClockHours: number | null;
    wallClockHoursRange: [number, number] | null;
    energyKWh: number | null;
    energyKWhRange: [number, number] | null;
    co2eKg: number | null;
    co2eKgRange: [number, number] | null;
    costUSD: number | null;
    costUSDRange: [number, number] | null;
  } | null;
  computeOptimal: Analysis['computeOptimal'];
  assumptions: Assumption[];
  missing: RunSpec['missing'];
  findings: Array<{ code: string; severity: Finding['severity']; message: string; line: number | null; key: string | null }>;
  /** Parametric-fit view: predicted loss, optimum, waste in the meters, inference verdict; null without a run. */
  scaling: ScalingAnalysis | null;
  /** Present (non-null) when a budget cap was given. */
  budgetPlan: BudgetPlan | null;
  /** Memory per GPU on the busiest rank, by component, against the GPU's memory, with priced fixes. */
  memory: MemoryJson | null;
  /** A fine-tune's method and its compute pass by pass (null for a pretraining run). */
  fineTune: FineTuneJson | null;
  /** What the file names in other files (configs, models, tokenizers, datasets), with the file and line naming it. */
  references: Array<{ kind: string; target: string; key: string; file: string; line: number | null }>;
  /** Companion files whose values were used. */
  companions: string[];
  /** The named model the architecture came from: its id and where it was read (table row, cache, Hub). */
  model: { name: string; id: string | null; origin: string; from: string } | null;
}

export interface MemoryJson {
  /** Bytes per GPU by component (weights, gradients, optimizer, activations, logits, temporary, overhead). */
  perGpuBytes: MemoryComponents;
  totalBytes: number;
  /** Bytes moved to host memory by offload, per GPU. */
  hostBytes: number;
  capacityBytes: number;
  gpu: string;
  verdict: MemoryVerdict;
  /** The busiest rank: 'only' without a pipeline, else 'first' or 'last' stage. */
  stage: StageName;
  /** The moment of the step the peak falls on, when gradients and the forward's activations are never held at once. */
  moment: PeakMoment | null;
  smallestFit: string | null;
  assumptions: MemoryEstimate['assumptions'];
  fixes: MemoryFix[];
}

export interface FineTuneJson {
  objective: SourcedJson<string>;
  adapter: SourcedJson<string>;
  baseModel: SourcedJson<string> | null;
  /** Each pass: FLOPs per token (formula), tokens, FLOPs, regime (train or decode) and source. */
  terms: ComputeTerm[];
  notes: string[];
  pretrainingShare: PretrainingShare | null;
  /** The datasets' size per epoch, when they were measured or looked up: examples, text tokens (uncut) and their range. */
  dataset: {
    examples: number;
    tokens: number;
    tokensRange: [number, number];
    parts: Array<{ name: string; examples: number; tokens: number; pairwise: boolean; detail: string }>;
  } | null;
}

/** What the JSON needs beyond the analysis: the lifetime inference demand and the caps (CLI flags, settings). */
export interface JsonOptions extends BudgetCaps {
  lifetimeInferenceTokens?: number;
}

/** The run fields the JSON carries, in the order people read them. */
const RUN_FIELDS = [
  'params',
  'activeParams',
  'tokens',
  'gpus',
  'gpuType',
  'precision',
  'seqLength',
  'globalBatch',
  'microBatch',
  'gradAccum',
  'trainIters',
  'trainSamples',
  'nodes',
  'gpusPerNode',
  'recompute',
  'zeroStage',
  'region',
  'gridGPerKWh',
  'pue',
  'priceUSDPerGpuHour',
  'mfu',
] as const satisfies ReadonlyArray<keyof RunSpec>;

const PARALLEL_FIELDS = ['tp', 'pp', 'cp', 'ep', 'dp'] as const;

function sourced<T>(s: Sourced<T> | undefined): SourcedJson<T> | null {
  if (!s) return null;
  return { value: s.value, source: s.source, detail: s.detail, line: s.span ? s.span.line + 1 : null };
}

function point(r: Range | null | undefined): number | null {
  return r ? r.point : null;
}

function range(r: Range | null | undefined): [number, number] | null {
  return r ? [r.low, r.high] : null;
}

export function analysisToJson(analysis: Analysis, options: JsonOptions = {}): AnalysisJson {
  const { run, projection: p } = analysis;
  let runJson: AnalysisJson['run'] = null;
  if (run) {
    runJson = {};
    for (const field of RUN_FIELDS) runJson[field] = sourced(run[field] as Sourced<unknown> | undefined);
    for (const field of PARALLEL_FIELDS) runJson[field] = sourced(run.parallel[field]);
  }
  return {
    schemaVersion: SCHEMA_VERSION,
    file: analysis.fileName,
    format: analysis.format,
    run: runJson,
    projection: p
      ? {
          flops: p.flops,
          hardwareFlops: p.hardwareFlops,
          gpuHours: point(p.gpuHours),
          gpuHoursRange: range(p.gpuHours),
          wallClockHours: point(p.wallClockHours),
          wallClockHoursRange: range(p.wallClockHours),
          energyKWh: point(p.energyKWh),
          energyKWhRange: range(p.energyKWh),
          co2eKg: point(p.co2eKg),
          co2eKgRange: range(p.co2eKg),
          costUSD: point(p.costUSD),
          costUSDRange: range(p.costUSD),
        }
      : null,
    computeOptimal: analysis.computeOptimal,
    assumptions: p?.assumptions ?? [],
    missing: run?.missing ?? [],
    findings: analysis.findings.map((f) => ({
      code: f.code,
      severity: f.severity,
      message: f.message,
      line: f.span ? f.span.line + 1 : null,
      key: f.key ?? null,
    })),
    scaling: run ? scalingAnalysis(run, p, { lifetimeInferenceTokens: options.lifetimeInferenceTokens }) : null,
    budgetPlan: run && hasCaps(options) ? budgetPlan(analysis, options) : null,
    memory: memoryJson(analysis.memory),
    fineTune: run?.fineTune
      ? {
          objective: sourced(run.fineTune.objective)!,
          adapter: sourced(run.fineTune.adapter)!,
          baseModel: sourced(run.fineTune.baseModel),
          terms: p?.fineTune?.terms ?? [],
          notes: p?.fineTune?.notes ?? [],
          pretrainingShare: p?.fineTune?.pretrainingShare ?? null,
          dataset: run.fineTune.dataset
            ? {
                examples: run.fineTune.dataset.parts.reduce((n, d) => n + d.examples, 0),
                tokens: run.fineTune.dataset.tokens.value,
                tokensRange: [run.fineTune.dataset.tokensRange.low, run.fineTune.dataset.tokensRange.high],
                parts: run.fineTune.dataset.parts.map((d) => ({ name: d.name, examples: d.examples, tokens: d.tokens, pairwise: d.pairwise, detail: d.detail })),
              }
            : null,
        }
      : null,
    references: analysis.references.map((r) => ({ kind: r.kind, target: r.target, key: r.key, file: r.in, line: r.span && r.in === analysis.fileName ? r.span.line + 1 : null })),
    companions: analysis.companionsUsed,
    model: analysis.model ? { name: analysis.model.name, id: analysis.model.id ?? null, origin: analysis.model.origin, from: analysis.model.from } : null,
  };
}

function memoryJson(m: MemoryEstimate | null): MemoryJson | null {
  if (!m) return null;
  return {
    perGpuBytes: m.busiest.components,
    totalBytes: m.busiest.totalBytes,
    hostBytes: m.busiest.hostBytes,
    capacityBytes: m.capacityBytes,
    gpu: m.gpu.id,
    verdict: m.verdict,
    stage: m.busiest.stage,
    moment: m.busiest.moment ?? null,
    smallestFit: m.smallestFit?.id ?? null,
    assumptions: m.assumptions,
    fixes: m.fixes,
  };
}
