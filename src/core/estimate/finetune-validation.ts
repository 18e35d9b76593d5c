// The fine-tune projection against published fine-tuning runs (data/published-finetunes.ts): each run rebuilt as a
// RunSpec from its published facts alone (model size and shape, method, checkpointing, GPUs, tokens) and projected
// with the default priors. One constant is fitted on them, the fine-tuning utilisation factor with its range
// (data/finetune.ts FINETUNE_MFU), and every figure reported for it is out of sample: each run is judged by a factor
// and a range fitted without it.
import { FINETUNE_MFU } from '../data/finetune';
import { MFU_CEILING } from '../data/mfu-benchmarks';
import { PUBLISHED_FINETUNES, type PublishedFineTune } from '../data/published-finetunes';
import type { RunSpec, Sourced } from '../types';
import { project } from './project';
import type { Range } from './types';

export interface FineTuneCheck {
  run: PublishedFineTune;
  gpuHours: Range;
  /** log(projected point / published). */
  residual: number;
  inside: boolean;
  /** Model FLOPs over GPUs × dense peak × the published time: the MFU the published figure implies. */
  impliedMfu: number | null;
  /** Why the run is listed but not used to fit or judge the model (its published facts exceed the datasheet). */
  excluded?: string;
}

const stated = <T>(value: T): Sourced<T> => ({ value, source: 'setting', detail: 'published' });

export function runSpecOf(r: PublishedFineTune): RunSpec {
  return {
    format: 'axolotl-yaml',
    label: r.label,
    arch: { layers: stated(r.layers), hiddenSize: stated(r.hiddenSize) },
    parallel: {},
    keys: [],
    findings: [],
    missing: [],
    params: stated(r.params),
    activeParams: stated(r.params),
    tokens: stated(r.tokens),
    seqLength: stated(r.seqLength),
    gpuType: stated(r.gpuId),
    gpus: stated(r.gpus),
    precision: stated(r.gpuId.startsWith('v100') ? 'fp16' : 'bf16'),
    recompute: stated(r.recompute),
    fineTune: { objective: stated('sft'), adapter: stated(r.adapter), packing: stated(true) },
  };
}

export function checkFineTunes(rows: readonly PublishedFineTune[] = PUBLISHED_FINETUNES): FineTuneCheck[] {
  return rows.flatMap((r) => {
    const p = project(runSpecOf(r)).projection;
    const g = p.gpuHours;
    if (!g) return [];
    const peak = p.assumptions.find((a) => a.name === 'peakFlopsPerGpu')?.value;
    const impliedMfu = typeof peak === 'number' && p.flops ? p.flops / (peak * r.publishedGpuHours * 3600) : null;
    // A run implying that its GPUs executed more than any run sustains (hardware FLOPs, recomputation included: what
    // the utilisation is applied to) cannot be on the hardware, or count the tokens, it says it does.
    const impliedHfu = typeof peak === 'number' && p.hardwareFlops ? p.hardwareFlops / (peak * r.publishedGpuHours * 3600) : null;
    const excluded =
      impliedHfu !== null && impliedHfu > MFU_CEILING.mfu
        ? `its GPUs would execute ${Math.round(impliedHfu * 100)}% of the datasheet peak, above the ${Math.round(MFU_CEILING.mfu * 100)}% any run sustains`
        : undefined;
    return [
      { run: r, gpuHours: g, residual: Math.log(g.point / r.publishedGpuHours), inside: r.publishedGpuHours >= g.low && r.publishedGpuHours <= g.high, impliedMfu, ...(excluded ? { excluded } : {}) },
    ];
  });
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface FineTuneFit {
  /** exp(median log published/projected) over the runs kept: the utilisation factor. */
  factor: number;
  /** The nominal-coverage band of the leave-one-out ratios (order statistics): the MFU range as multipliers. */
  range: { low: number; high: number };
  /** Runs kept. */
  runs: number;
  /** Each run judged by a factor and a range fitted without it: inside, out of `runs`. */
  outOfSampleInside: number;
  /** Median |log error| of those out-of-sample points, as a factor. */
  outOfSampleMedianErrorFactor: number;
  /** Each kept run's GPU-hours projected with the factor and range fitted without it (the MFU ceiling not applied). */
  outOfSample: Map<string, { point: number; low: number; high: number; inside: boolean }>;
}

/**
 * The fine-tuning utilisation factor and range, fitted on the kept runs' log ratios of published to projected
 * GPU-hours with the factor taken out (x = ln MFU published implies / MFU projected). Out of sample: run i is predicted
 * with the median of the others, and its range is the 10th-90th percentile band of the others' own leave-one-out
 * ratios.
 */
export function fitFineTuneFactor(checks: readonly FineTuneCheck[], shipped: number = FINETUNE_MFU.factor): FineTuneFit {
  // residual = ln(projected / published) = ln(true MFU / projected MFU); the shipped factor is part of the projection.
  const kept = checks.filter((c) => !c.excluded && !c.run.tokensUpperBound);
  const x = kept.map((c) => c.residual + Math.log(shipped));
  const looOf = (values: readonly number[]) => values.map((v, i) => v - median(values.filter((_, j) => j !== i)));
  // The band of m leave-one-out ratios that holds its nominal coverage in finite samples (split-conformal order
  // statistics): the ⌊(m+1)·α/2⌋-th and ⌈(m+1)·(1−α/2)⌉-th smallest, α = 1 − nominal. A plain 10th-90th percentile of
  // a dozen runs covers less than 80% of new ones.
  const alpha = 1 - FINETUNE_MFU.nominal;
  const band = (values: readonly number[]) => {
    const sorted = [...looOf(values)].sort((a, b) => a - b);
    const m = sorted.length;
    const lo = Math.max(1, Math.floor((m + 1) * (alpha / 2)));
    const hi = Math.min(m, Math.ceil((m + 1) * (1 - alpha / 2)));
    return { low: sorted[lo - 1]!, high: sorted[hi - 1]! };
  };
  const all = band(x);
  let inside = 0;
  const errors: number[] = [];
  const outOfSample: FineTuneFit['outOfSample'] = new Map();
  x.forEach((v, i) => {
    const others = x.filter((_, j) => j !== i);
    const lnFactor = median(others);
    const e = v - lnFactor;
    const b = band(others);
    const ok = e >= b.low && e <= b.high;
    if (ok) inside++;
    errors.push(Math.abs(e));
    // GPU-hours go as 1 / MFU: the projection without the shipped factor, at this run's own factor and band.
    const point = kept[i]!.gpuHours.point * shipped * Math.exp(-lnFactor);
    outOfSample.set(kept[i]!.run.id, { point, low: point * Math.exp(-b.high), high: point * Math.exp(-b.low), inside: ok });
  });
  return {
    factor: Math.exp(median(x)),
    range: { low: Math.exp(all.low), high: Math.exp(all.high) },
    runs: x.length,
    outOfSampleInside: inside,
    outOfSampleMedianErrorFactor: Math.exp(median(errors)),
    outOfSample,
  };
}

export interface FineTuneSummary {
  runs: number;
  inside: number;
  medianErrorFactor: number;
  /** GPT-3 175B LoRA time over full fine-tuning time, projected and published (LoRA paper footnote 5). */
  loraOverFull: { projected: number; published: number };
}

export function summarise(all: readonly FineTuneCheck[]): FineTuneSummary {
  const checks = all.filter((c) => !c.excluded);
  const errors = checks.map((c) => Math.abs(c.residual)).sort((a, b) => a - b);
  const mid = errors.length % 2 ? errors[(errors.length - 1) / 2]! : (errors[errors.length / 2 - 1]! + errors[errors.length / 2]!) / 2;
  const byId = (id: string) => checks.find((c) => c.run.id === id);
  const full = byId('lora-gpt3-full');
  const lora = byId('lora-gpt3-lora');
  return {
    runs: checks.length,
    inside: checks.filter((c) => c.inside).length,
    medianErrorFactor: Math.exp(mid ?? 0),
    loraOverFull: full && lora ? { projected: lora.gpuHours.point / full.gpuHours.point, published: lora.run.publishedGpuHours / full.run.publishedGpuHours } : { projected: NaN, published: NaN },
  };
}
