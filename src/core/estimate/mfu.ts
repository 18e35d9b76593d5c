// The MFU model: what fraction of the dense peak a whole training run achieves, from what the config says, with a
// range that is the model's own leave-one-out error on the published runs.
//
//   mfu = generation base      whole-run BF16 MFU of a 10B-active model (fitted for Ampere and Hopper)
//       × FP16 factor          FP16 mixed precision against BF16 (fitted)
//       × FP8 ratio            when the run computes in FP8 (MFU is then against the FP8 peak; benchmarks)
//       × size law             on Hopper-class chips, bigger matmuls fill the GPU better (fitted slope per decade)
//       × mixture of experts   ×1: taken at the active parameters, no further effect in the data
//       × pipeline bubble      1F1B, (pp−1)/(m+pp−1), from the depth and the micro-batches per flush (arithmetic)
//       × long context         above 8k tokens (benchmarks)
//       × method factors       utilisation factors of the training method, from their own tables (fine-tuning)
//   range = mfu × the 10th-90th percentile of the leave-one-out residuals (MFU_RANGE), high capped at the ceiling.
//
// Recomputation does not enter: the runs the bases are fitted on mostly recompute activations, so their MFU already
// carries it; the projection reports HFU = MFU × hardware/model FLOPs beside it (flops.ts).
// Each factor is 1 when its input is unknown, so an incomplete config gets the generation's base. In log space the
// model is linear in four free parameters (mfuDesign), which is how mfu-fit.ts fits and cross-validates it.
import { formatCount, formatPercent } from '../present/units';
import { FITTED_RIDGES, FP8_MFU_RATIO, GENERATION_MFU, LONG_CONTEXT, MFU_CEILING, MFU_FIT, MFU_RANGE, MOE_MFU, PIPELINE } from '../data/mfu-benchmarks';
import type { GpuGeneration } from '../data/gpus';
import { DECODE_MFU } from '../data/finetune';
import type { Precision } from '../types';
import type { Range } from './types';

export interface MfuInput {
  generation: GpuGeneration;
  /** The precision whose peak MFU is measured against (after falling back when the chip lacks it). */
  precision: Precision;
  activeParams?: number;
  seqLength?: number;
  /** Pipeline depth and, when the config says, micro-batches per pipeline flush (gradient-accumulation steps). */
  pipeline?: { depth: number; microbatches?: number };
  moe?: { experts: number; topK: number; shared?: number };
  /**
   * Utilisation factors of the training method, each from its own table (a fine-tuning adapter, a trainer's overhead):
   * the place where fine-tuning utilisation joins the same model and the same explanation.
   */
  methodFactors?: readonly MfuFactor[];
  /** The chip's FLOP/byte ridge (BF16 peak ÷ memory bandwidth), when its bandwidth is known (data/gpus.ts). */
  ridgeFlopsPerByte?: number;
  /**
   * The range of a fine-tune: the leave-one-out band of the published fine-tuning runs (data/finetune.ts), not of the
   * pretraining runs. Absent: MFU_RANGE.
   */
  range?: { low: number; high: number };
}

/** One multiplier of the model, with the words the hover shows and where it comes from. */
export interface MfuFactor {
  /** "16-way pipeline with 64 micro-batches". */
  label: string;
  multiplier: number;
  source: string;
}

export interface MfuPrior extends Range {
  /** The base and every factor that moved it, in order. */
  terms: MfuFactor[];
  /** One line per term ("Hopper BF16 base 26%", "70.6B active ×1.24"), for the assumption's detail. */
  factors: string[];
  /** "MFU 32%: Hopper BF16 base 26%, 70.6B active ×1.24, …": the hover's sentence. */
  explanation: string;
}

/** The fitted parameters, natural-log scale: the model is exp(design · θ + offset). */
export interface MfuParams {
  lnAmpere: number;
  lnHopper: number;
  lnFp16: number;
  sizeSlopePerDecade: number;
}

export const FITTED_MFU_PARAMS: MfuParams = {
  lnAmpere: Math.log(MFU_FIT.ampere),
  lnHopper: Math.log(MFU_FIT.hopper),
  lnFp16: Math.log(MFU_FIT.fp16),
  sizeSlopePerDecade: MFU_FIT.sizeSlopePerDecade,
};

export const MFU_PARAM_NAMES = ['lnAmpere', 'lnHopper', 'lnFp16', 'sizeSlopePerDecade'] as const;

const GENERATION_NAMES: Record<GpuGeneration, string> = {
  volta: 'Volta',
  ampere: 'Ampere',
  hopper: 'Hopper',
  ada: 'Ada',
  blackwell: 'Blackwell',
  cdna2: 'CDNA2',
  cdna3: 'CDNA3',
  gaudi: 'Gaudi',
  tpu: 'TPU',
};

function known(value: number | undefined): value is number {
  return value !== undefined && Number.isFinite(value) && value > 0;
}

function log2(x: number): number {
  return Math.log(x) / Math.LN2;
}

interface DesignTerm {
  /** Coefficients on the free parameters (same order as MFU_PARAM_NAMES). */
  design: [number, number, number, number];
  /** Fixed log multiplier (a sourced factor or a table base). */
  offset: number;
  label: (params: MfuParams) => string;
  source: string;
}

/** The model's terms for one input; each is linear in the free parameters in log space. */
function designTerms(input: MfuInput): DesignTerm[] {
  const terms: DesignTerm[] = [];
  const row = GENERATION_MFU[input.generation];
  const gen = GENERATION_NAMES[input.generation];
  const precisionName = input.precision === 'fp8' ? 'BF16' : input.precision.toUpperCase();
  const baseOf = (g: 'ampere' | 'hopper', ratio: number): DesignTerm => ({
    design: g === 'ampere' ? [1, 0, 0, 0] : [0, 1, 0, 0],
    offset: Math.log(ratio),
    label: (p) => `${gen} BF16 base ${formatPercent(Math.exp(g === 'ampere' ? p.lnAmpere : p.lnHopper) * ratio)}`,
    source: row.source,
  });
  const byRidge = row.follows && known(input.ridgeFlopsPerByte) ? nearerRidge(input.ridgeFlopsPerByte) : undefined;
  if (input.generation === 'ampere' || input.generation === 'hopper') terms.push(baseOf(input.generation, 1));
  else if (byRidge) {
    const base = baseOf(byRidge, row.follows!.ratio);
    const followed = GENERATION_NAMES[byRidge];
    terms.push({
      ...base,
      label: (p) => `${base.label(p)} (as ${followed}: FLOP/byte ridge ${Math.round(input.ridgeFlopsPerByte!)}, nearer ${followed}'s ${Math.round(FITTED_RIDGES[byRidge])})`,
      source: `${row.source}; ${FITTED_RIDGES.source}`,
    });
  } else if (row.follows) terms.push(baseOf(row.follows.generation, row.follows.ratio));
  else terms.push({ design: [0, 0, 0, 0], offset: Math.log(row.mfu), label: () => `${gen} ${precisionName} base ${formatPercent(row.mfu)}`, source: `${row.basis} (${row.source})` });

  if (input.precision === 'fp16' && input.generation !== 'volta') {
    terms.push({ design: [0, 0, 1, 0], offset: 0, label: (p) => `FP16 mixed precision ×${Math.exp(p.lnFp16).toFixed(2)}`, source: MFU_FIT.source });
  }
  if (input.precision === 'fp8') {
    terms.push({ design: [0, 0, 0, 0], offset: Math.log(FP8_MFU_RATIO.ratio), label: () => `FP8 peak ×${FP8_MFU_RATIO.ratio}`, source: FP8_MFU_RATIO.source });
  }
  const sizeLaw = byRidge ? GENERATION_MFU[byRidge].sizeLaw : row.sizeLaw;
  if (sizeLaw && known(input.activeParams)) {
    const { low, high } = MFU_FIT.sizeClampDecades;
    const decades = Math.min(high, Math.max(low, Math.log10(input.activeParams / MFU_FIT.sizePivotParams)));
    terms.push({
      design: [0, 0, 0, decades],
      offset: 0,
      label: (p) => `${formatCount(input.activeParams!)} active ×${Math.exp(p.sizeSlopePerDecade * decades).toFixed(2)}`,
      source: MFU_FIT.source,
    });
  }
  if (input.moe && known(input.moe.experts) && known(input.moe.topK)) {
    const shared = input.moe.shared ? ` + ${input.moe.shared} shared` : '';
    terms.push({
      design: [0, 0, 0, 0],
      offset: Math.log(MOE_MFU.factor),
      label: () => `MoE ${input.moe!.experts} experts, top-${input.moe!.topK}${shared} ×${MOE_MFU.factor.toFixed(2)} (taken at the active parameters)`,
      source: MOE_MFU.source,
    });
  }
  const pipe = input.pipeline;
  if (pipe && known(pipe.depth) && pipe.depth > 1) {
    const pp = Math.round(pipe.depth);
    const stated = known(pipe.microbatches);
    const m = stated ? Math.round(pipe.microbatches!) : PIPELINE.microbatchesPerStage * pp;
    const f = 1 - (pp - 1) / (m + pp - 1);
    terms.push({
      design: [0, 0, 0, 0],
      offset: Math.log(f),
      label: () => `${pp}-way pipeline with ${m} micro-batches${stated ? '' : ' (assumed)'} ×${f.toFixed(2)}`,
      source: PIPELINE.source,
    });
  }
  if (known(input.seqLength) && input.seqLength > LONG_CONTEXT.aboveSeq) {
    const f = Math.max(LONG_CONTEXT.floor, 1 - LONG_CONTEXT.lossPerDoubling * log2(input.seqLength / LONG_CONTEXT.aboveSeq));
    terms.push({ design: [0, 0, 0, 0], offset: Math.log(f), label: () => `${formatCount(input.seqLength!)} context ×${f.toFixed(2)}`, source: LONG_CONTEXT.source });
  }
  for (const m of input.methodFactors ?? []) {
    if (known(m.multiplier)) terms.push({ design: [0, 0, 0, 0], offset: Math.log(m.multiplier), label: () => `${m.label} ×${m.multiplier.toFixed(2)}`, source: m.source });
  }
  return terms;
}

/** The fitted generation whose ridge is nearer this chip's, in log distance. */
function nearerRidge(ridge: number): 'ampere' | 'hopper' {
  return Math.abs(Math.log(ridge / FITTED_RIDGES.ampere)) <= Math.abs(Math.log(ridge / FITTED_RIDGES.hopper)) ? 'ampere' : 'hopper';
}

function paramVector(p: MfuParams): [number, number, number, number] {
  return [p.lnAmpere, p.lnHopper, p.lnFp16, p.sizeSlopePerDecade];
}

/** The input as one row of the fit: log MFU = design · θ + offset (before the ceiling). */
export function mfuDesign(input: MfuInput): { design: number[]; offset: number } {
  const design = [0, 0, 0, 0];
  let offset = 0;
  for (const t of designTerms(input)) {
    t.design.forEach((d, i) => (design[i]! += d));
    offset += t.offset;
  }
  return { design, offset };
}

/** The model's point MFU with the given parameters (the fitted ones by default), capped at the ceiling. */
export function mfuPoint(input: MfuInput, params: MfuParams = FITTED_MFU_PARAMS): number {
  const { design, offset } = mfuDesign(input);
  const theta = paramVector(params);
  const log = design.reduce((sum, d, i) => sum + d * theta[i]!, offset);
  return Math.min(MFU_CEILING.mfu, Math.exp(log));
}

export function mfuPrior(input: MfuInput, params: MfuParams = FITTED_MFU_PARAMS): MfuPrior {
  const theta = paramVector(params);
  const terms: MfuFactor[] = designTerms(input).map((t) => ({
    label: t.label(params),
    multiplier: Math.exp(t.design.reduce((sum, d, i) => sum + d * theta[i]!, t.offset)),
    source: t.source,
  }));
  const point = mfuPoint(input, params);
  const factors = terms.map((t) => t.label);
  const capped = point < terms.reduce((x, t) => x * t.multiplier, 1) * (1 - 1e-9) ? [`capped at the ${formatPercent(MFU_CEILING.mfu)} ceiling`] : [];
  const range = input.range ?? MFU_RANGE;
  return {
    point,
    low: point * range.low,
    high: Math.min(MFU_CEILING.mfu, point * range.high),
    terms,
    factors: [...factors, ...capped],
    explanation: `MFU ${formatPercent(point)}: ${[...factors, ...capped].join(', ')}`,
  };
}

/**
 * Utilisation of autoregressive generation (RL rollouts): memory-bound, so not the training model's; the roofline
 * prior of data/finetune.ts DECODE_MFU, with the same shape as the training prior so hovers explain both alike.
 */
export function decodeMfuPrior(): MfuPrior {
  const { point, low, high } = DECODE_MFU.range;
  const label = `decode-bound generation ${formatPercent(point)}`;
  return {
    point,
    low,
    high,
    terms: [{ label, multiplier: point, source: `${DECODE_MFU.source} (${DECODE_MFU.year})` }],
    factors: [label],
    explanation: `generation at ${formatPercent(point)} of peak: ${DECODE_MFU.source} (${DECODE_MFU.year})`,
  };
}

/** The generation's base (BF16, 10B active, nothing else known). */
export function generationMfu(generation: GpuGeneration): number {
  return mfuPoint({ generation, precision: 'bf16' });
}
