// Inference-aware sizing (Sardana & Frankle 2024, "Beyond Chinchilla-Optimal", arXiv 2401.00448): a model that will
// serve many tokens should be smaller and trained longer than Chinchilla-optimal, because inference costs 2·N per
// token for its whole life. Minimise 6·N·D_train + 2·N·D_inference subject to L(N, D_train) = the run's loss.
import { INFERENCE_FLOPS_PER_PARAM_TOKEN, LIFETIME_OPTIMUM_TOLERANCE, TRAINING_FLOPS_PER_PARAM_TOKEN, defaultScalingFit, type ScalingFit } from '../data/scaling-fits';
import { formatCount, formatFlops, formatPercent } from '../present/units';
import type { ServingFootprint } from './request';
import { computeOptimalFor, equalLossCompute, loss, minParamsForLoss, tokensForLoss } from './chinchilla';

export interface LifetimePoint {
  params: number;
  tokens: number;
  trainingFlops: number;
  inferenceFlops: number;
  lifetimeFlops: number;
}

/** 'not over-trained': the run sits at or on the large-model side of compute-optimal, so there is nothing to justify. */
export type InferenceVerdict = 'justified' | 'partly' | 'not justified' | 'not over-trained';

export interface InferenceAnalysis {
  lifetimeInferenceTokens: number;
  targetLoss: number;
  run: LifetimePoint;
  /** Chinchilla-optimal model reaching the same loss (ignores inference). */
  computeOptimal: LifetimePoint;
  /** The model that reaches the same loss with the least training + inference compute. */
  lifetimeOptimal: LifetimePoint;
  verdict: InferenceVerdict;
  /** Lifetime FLOPs the run saves over the compute-optimal model of equal loss (negative: it costs more). */
  savedVsComputeOptimalFlops: number;
  /** Lifetime FLOPs the run spends above the lifetime optimum (>= 0). */
  excessVsLifetimeOptimalFlops: number;
  explanation: string;
  /**
   * One answer's footprint and the answers after which serving matches the training energy, when the caller knows
   * the run's projection (scalingAnalysis fills it; inferenceAware alone cannot).
   */
  serving?: ServingFootprint | null;
}

export type InferenceResult = { ok: true; value: InferenceAnalysis } | { ok: false; reason: string };

function lifetime(params: number, tokens: number, inferenceTokens: number): LifetimePoint {
  const trainingFlops = TRAINING_FLOPS_PER_PARAM_TOKEN * params * tokens;
  const inferenceFlops = INFERENCE_FLOPS_PER_PARAM_TOKEN * params * inferenceTokens;
  return { params, tokens, trainingFlops, inferenceFlops, lifetimeFlops: trainingFlops + inferenceFlops };
}

/** Grid points scanned before refining, and the span of model sizes above the smallest that can reach the loss. */
const SCAN_POINTS = 400;
const SCAN_DECADES = 8;
const REFINE_STEPS = 100;

/**
 * The model size reaching `targetLoss` with the least lifetime compute. The objective is smooth and unimodal in
 * log N (training compute explodes near the smallest feasible N; inference grows with N), but a coarse scan first
 * keeps the search robust; golden-section refines between the scan's neighbours.
 */
export function lifetimeOptimal(targetLoss: number, inferenceTokens: number, fit: ScalingFit = defaultScalingFit()): LifetimePoint | null {
  const nMin = minParamsForLoss(targetLoss, fit);
  if (nMin === null || !Number.isFinite(inferenceTokens) || inferenceTokens < 0) return null;
  const total = (logN: number): number => {
    const n = Math.exp(logN);
    const d = tokensForLoss(n, targetLoss, fit);
    return d === null ? Infinity : lifetime(n, d, inferenceTokens).lifetimeFlops;
  };
  const lo0 = Math.log(nMin);
  const span = SCAN_DECADES * Math.LN10;
  let best = -1;
  let bestValue = Infinity;
  const step = span / SCAN_POINTS;
  for (let i = 1; i <= SCAN_POINTS; i++) {
    const v = total(lo0 + i * step);
    if (v < bestValue) {
      bestValue = v;
      best = i;
    }
  }
  if (best < 0) return null;
  let a = lo0 + Math.max(best - 1, 0.5) * step;
  let b = lo0 + Math.min(best + 1, SCAN_POINTS) * step;
  const phi = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < REFINE_STEPS; i++) {
    const c = b - phi * (b - a);
    const d = a + phi * (b - a);
    if (total(c) < total(d)) b = d;
    else a = c;
  }
  const n = Math.exp((a + b) / 2);
  const tokens = tokensForLoss(n, targetLoss, fit);
  return tokens === null ? null : lifetime(n, tokens, inferenceTokens);
}

/** The Sardana & Frankle comparison for a run of `params` trained on `tokens`, serving `inferenceTokens` in its life. */
export function inferenceAware(params: number, tokens: number, inferenceTokens: number, fit: ScalingFit = defaultScalingFit()): InferenceResult {
  if (!(params > 0) || !(tokens > 0) || !Number.isFinite(params) || !Number.isFinite(tokens)) {
    return { ok: false, reason: 'needs the parameter count and training tokens' };
  }
  if (!Number.isFinite(inferenceTokens) || inferenceTokens < 0) {
    return { ok: false, reason: 'needs a non-negative lifetime inference token count' };
  }
  const targetLoss = loss(params, tokens, fit);
  if (targetLoss === null) return { ok: false, reason: 'the loss fit gives no loss for these inputs' };
  const eqCompute = equalLossCompute(targetLoss, fit);
  const eq = eqCompute === null ? null : computeOptimalFor(eqCompute, fit);
  const life = lifetimeOptimal(targetLoss, inferenceTokens, fit);
  if (!eq || !life) return { ok: false, reason: 'the loss fit has no optimum for this run (loss out of range)' };
  const run = lifetime(params, tokens, inferenceTokens);
  const computeOptimal = lifetime(eq.params, eq.tokens, inferenceTokens);
  const saved = computeOptimal.lifetimeFlops - run.lifetimeFlops;
  const excess = Math.max(0, run.lifetimeFlops - life.lifetimeFlops);
  const overTrained = params < eq.params * (1 - LIFETIME_OPTIMUM_TOLERANCE);
  let verdict: InferenceVerdict;
  let explanation: string;
  const lifeText = `the lifetime-optimal model for ${formatCount(inferenceTokens)} inference tokens is ${formatCount(life.params)} parameters on ${formatCount(life.tokens)} tokens`;
  if (!overTrained) {
    verdict = 'not over-trained';
    explanation = `The run is not smaller than the compute-optimal model of the same loss (${formatCount(eq.params)} parameters); ${lifeText}.`;
  } else if (saved <= 0) {
    verdict = 'not justified';
    explanation =
      `Over-training is not repaid: with ${formatCount(inferenceTokens)} lifetime inference tokens the run costs ${formatFlops(-saved)} FLOPs more over its ` +
      `life than the compute-optimal ${formatCount(eq.params)}-parameter model of the same loss; ${lifeText}.`;
  } else if (excess <= LIFETIME_OPTIMUM_TOLERANCE * life.lifetimeFlops) {
    verdict = 'justified';
    explanation =
      `Over-training is justified: the smaller model saves ${formatFlops(saved)} lifetime FLOPs (${formatPercent(saved / computeOptimal.lifetimeFlops)}) ` +
      `over the compute-optimal ${formatCount(eq.params)}-parameter model of the same loss, and ${lifeText}.`;
  } else {
    verdict = 'partly';
    const direction = params < life.params ? 'goes past' : 'stops short of';
    explanation =
      `Over-training is partly justified: it saves ${formatFlops(saved)} lifetime FLOPs over the compute-optimal model of the same loss, but ${direction} ` +
      `the lifetime optimum (${lifeText}), which would save ${formatFlops(excess)} FLOPs more.`;
  }
  return {
    ok: true,
    value: {
      lifetimeInferenceTokens: inferenceTokens,
      targetLoss,
      run,
      computeOptimal,
      lifetimeOptimal: life,
      verdict,
      savedVsComputeOptimalFlops: saved,
      excessVsLifetimeOptimalFlops: excess,
      explanation,
    },
  };
}
