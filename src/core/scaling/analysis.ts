// The scaling view of one run: its predicted loss under a parametric fit, the compute-optimal model for its compute,
// the compute the optimum would need to reach the same loss, and the difference — the waste of over- or
// under-training — in the run's own meters. Over-training is a trade-off to explain, not an error: with a lifetime
// inference demand the inference-aware comparison says whether it pays off.
import type { Projection, Range } from '../estimate/types';
import { defaultScalingFit, TRAINING_FLOPS_PER_PARAM_TOKEN, type ScalingFit } from '../data/scaling-fits';
import { RIGHT_SIZE_NEGLIGIBLE_WASTE } from '../data/levers';
import type { RunSpec } from '../types';
import { formatCount, formatFlops, formatPercent } from '../present/units';
import { computeOptimalFor, equalLossCompute, loss, optimalLoss, type LossPoint, type SizedPoint } from './chinchilla';
import { inferenceAware, type InferenceAnalysis } from './inference';
import { servingFootprint } from './request';

export interface ScalingWaste {
  /** Share of the run's compute the equal-loss optimum would not need (0 at the optimum). */
  fraction: number;
  /** Scaling-law FLOPs (6·N·D) the run spends beyond the equal-loss optimum. */
  flops: number;
  gpuHours: Range | null;
  wallClockHours: Range | null;
  costUSD: Range | null;
  energyKWh: Range | null;
  co2eKg: Range | null;
}

export interface ScalingAnalysis {
  fit: { id: ScalingFit['id']; name: string; source: string; year: number };
  /** The parameters the fit is applied to (active parameters for a mixture of experts). */
  params: number | null;
  tokens: number | null;
  /** The run's scaling-law compute 6·N·D. */
  flops: number | null;
  predictedLoss: number | null;
  /** Compute-optimal model for the run's compute, and its loss (lower than the run's unless the run is optimal). */
  optimal: LossPoint | null;
  /** FLOPs a compute-optimal run needs to reach the run's predicted loss (<= the run's own). */
  equalLossCompute: number | null;
  /** The compute-optimal model that reaches the run's loss with equalLossCompute. */
  equalLossOptimum: SizedPoint | null;
  waste: ScalingWaste | null;
  /** Present when a lifetime inference demand was given. */
  inference: InferenceAnalysis | null;
  /** Why inference is null though a demand was given, or why the loss figures are null. */
  reason: string | null;
  explanation: string;
}

export interface ScalingOptions {
  fit?: ScalingFit;
  lifetimeInferenceTokens?: number;
}

function usable(x: number | undefined | null): number | null {
  return typeof x === 'number' && Number.isFinite(x) && x > 0 ? x : null;
}

function scaleRange(r: Range | null | undefined, factor: number): Range | null {
  if (!r) return null;
  const f = Math.max(0, factor);
  return { point: r.point * f, low: r.low * f, high: r.high * f };
}

export function scalingAnalysis(run: RunSpec, projection: Projection | null, options: ScalingOptions = {}): ScalingAnalysis {
  const fit = options.fit ?? defaultScalingFit();
  const fitInfo = { id: fit.id, name: fit.name, source: fit.source, year: fit.year };
  const params = usable(run.activeParams?.value) ?? usable(run.params?.value);
  const tokens = usable(run.tokens?.value);
  const empty = (reason: string): ScalingAnalysis => ({
    fit: fitInfo,
    params,
    tokens,
    flops: null,
    predictedLoss: null,
    optimal: null,
    equalLossCompute: null,
    equalLossOptimum: null,
    waste: null,
    inference: null,
    reason,
    explanation: `No scaling-law analysis: ${reason}.`,
  });
  if (run.fineTune) return empty('a fine-tune starts from a pretrained model, so pretraining scaling laws do not size it');
  if (params === null || tokens === null) {
    const missing = [params === null ? 'the parameter count' : null, tokens === null ? 'the training tokens' : null].filter(Boolean).join(' and ');
    return empty(`needs ${missing}`);
  }
  const flops = TRAINING_FLOPS_PER_PARAM_TOKEN * params * tokens;
  const predictedLoss = loss(params, tokens, fit);
  const optimal = optimalLoss(flops, fit);
  if (predictedLoss === null || optimal === null) return empty('the loss fit gives no value for this run');
  // The optimum's loss never exceeds the run's; bisection noise must not make the equal-loss compute exceed the run's.
  const eqRaw = equalLossCompute(predictedLoss, fit);
  const eqCompute = eqRaw === null ? null : Math.min(eqRaw, flops);
  const equalLossOptimum = eqCompute === null ? null : computeOptimalFor(eqCompute, fit);
  let waste: ScalingWaste | null = null;
  if (eqCompute !== null) {
    // Meters scale with FLOPs at the run's own efficiency, so the waste in each meter is the same share of it.
    const fraction = Math.max(0, 1 - eqCompute / flops);
    waste = {
      fraction,
      flops: flops - eqCompute,
      gpuHours: scaleRange(projection?.gpuHours, fraction),
      wallClockHours: scaleRange(projection?.wallClockHours, fraction),
      costUSD: scaleRange(projection?.costUSD, fraction),
      energyKWh: scaleRange(projection?.energyKWh, fraction),
      co2eKg: scaleRange(projection?.co2eKg, fraction),
    };
  }
  let inference: InferenceAnalysis | null = null;
  let reason: string | null = null;
  const demand = options.lifetimeInferenceTokens;
  if (demand !== undefined) {
    const r = inferenceAware(params, tokens, demand, fit);
    if (r.ok) inference = { ...r.value, serving: servingFootprint(params, projection) };
    else reason = r.reason;
  }
  const ratio = tokens / params;
  const optRatio = optimal.tokens / optimal.params;
  // Within 10% of the optimal ratio the loss differs in the fourth digit: call it at the optimum.
  const side = Math.abs(Math.log(ratio / optRatio)) < Math.log(1.1) ? 'at the optimum' : ratio > optRatio ? 'over-trained' : 'under-trained';
  const wasteText =
    waste === null
      ? ''
      : waste.fraction < RIGHT_SIZE_NEGLIGIBLE_WASTE.value
        ? ' The run sits at the compute-optimal point: under 1% of its compute is waste.'
        : ` A compute-optimal ${formatCount(equalLossOptimum?.params ?? 0)}-parameter model on ${formatCount(equalLossOptimum?.tokens ?? 0)} tokens would reach the same loss with ${formatPercent(waste.fraction)} less compute.`;
  const explanation =
    `${fit.name} (${fit.year}): predicted loss ${predictedLoss.toFixed(3)} at ${ratio.toFixed(1)} tokens/parameter (${side}; the optimum ` +
    `for ${formatFlops(flops)} FLOPs is ${formatCount(optimal.params)} parameters on ${formatCount(optimal.tokens)} tokens, ${optRatio.toFixed(1)} tokens/parameter, loss ${optimal.loss.toFixed(3)}).` +
    wasteText +
    (run.arch.moe ? ' Mixture of experts: the fit, made on dense models, is applied to the active parameters.' : '') +
    (inference ? ` ${inference.explanation}` : '');
  return {
    fit: fitInfo,
    params,
    tokens,
    flops,
    predictedLoss,
    optimal,
    equalLossCompute: eqCompute,
    equalLossOptimum,
    waste,
    inference,
    reason,
    explanation,
  };
}
