// The Chinchilla parametric loss L(N, D) = E + A/N^α + B/D^β and what follows from it under C = 6·N·D: the
// compute-optimal split of a budget, the loss along that optimum, and the compute the optimum needs for a given loss.
// Every function returns null rather than NaN or Infinity when its inputs cannot give an answer.
import { defaultScalingFit, TRAINING_FLOPS_PER_PARAM_TOKEN, type ScalingFit } from '../data/scaling-fits';

export interface SizedPoint {
  params: number;
  tokens: number;
}

export interface LossPoint extends SizedPoint {
  loss: number;
}

function positive(x: number | null | undefined): x is number {
  return typeof x === 'number' && Number.isFinite(x) && x > 0;
}

/** Predicted final training loss (nats/token) of N parameters trained on D tokens; null for unusable inputs. */
export function loss(params: number, tokens: number, fit: ScalingFit = defaultScalingFit()): number | null {
  if (!positive(params) || !positive(tokens)) return null;
  const l = fit.E + fit.A / params ** fit.alpha + fit.B / tokens ** fit.beta;
  return Number.isFinite(l) ? l : null;
}

/**
 * The (N, D) that minimise L under C = 6·N·D. Setting dL/dN = 0 with D = C/(6N) gives
 * N* = G·(C/6)^(β/(α+β)), G = (αA/(βB))^(1/(α+β)), D* = (C/6)/N* (Hoffmann et al. 2022, eq. 4).
 */
export function computeOptimalFor(flops: number, fit: ScalingFit = defaultScalingFit()): SizedPoint | null {
  if (!positive(flops)) return null;
  const { A, B, alpha, beta } = fit;
  const g = ((alpha * A) / (beta * B)) ** (1 / (alpha + beta));
  const perToken = flops / TRAINING_FLOPS_PER_PARAM_TOKEN;
  const params = g * perToken ** (beta / (alpha + beta));
  const tokens = perToken / params;
  return positive(params) && positive(tokens) ? { params, tokens } : null;
}

/** The lowest loss a budget of `flops` can reach: L at the compute-optimal point. */
export function optimalLoss(flops: number, fit: ScalingFit = defaultScalingFit()): LossPoint | null {
  const opt = computeOptimalFor(flops, fit);
  if (!opt) return null;
  const l = loss(opt.params, opt.tokens, fit);
  return l === null ? null : { ...opt, loss: l };
}

/**
 * `count` points of equal compute, model sizes log-spaced over `spanDecades` decades either side of the optimum:
 * the IsoFLOP profile the panel plots (loss is lowest at the middle point).
 */
export function isoFlopCurve(flops: number, fit: ScalingFit = defaultScalingFit(), count = 21, spanDecades = 1): LossPoint[] {
  const opt = computeOptimalFor(flops, fit);
  if (!opt || !(count >= 2) || !Number.isFinite(count) || !positive(spanDecades)) return [];
  const n = Math.floor(count);
  const perToken = flops / TRAINING_FLOPS_PER_PARAM_TOKEN;
  const points: LossPoint[] = [];
  for (let i = 0; i < n; i++) {
    const params = opt.params * 10 ** (spanDecades * ((2 * i) / (n - 1) - 1));
    const tokens = perToken / params;
    const l = loss(params, tokens, fit);
    if (l !== null) points.push({ params, tokens, loss: l });
  }
  return points;
}

/** Bisection steps in log-compute: 200 halvings of a 120-decade bracket reach far below double precision. */
const BISECTION_STEPS = 200;
/** The bracket searched, in FLOPs: from a toy model to far beyond any run on Earth. */
const MIN_SEARCH_FLOPS = 1;
const MAX_SEARCH_FLOPS = 1e60;

/**
 * The compute a compute-optimal run needs to reach `targetLoss`: solves optimalLoss(C) = targetLoss by bisection on
 * log C (the optimal loss falls strictly with compute, so the root is unique). Null when the target is at or below
 * the irreducible loss E, or outside the searched bracket.
 */
export function equalLossCompute(targetLoss: number, fit: ScalingFit = defaultScalingFit()): number | null {
  if (!Number.isFinite(targetLoss) || targetLoss <= fit.E) return null;
  let lo = Math.log(MIN_SEARCH_FLOPS);
  let hi = Math.log(MAX_SEARCH_FLOPS);
  const at = (logC: number) => optimalLoss(Math.exp(logC), fit)?.loss ?? null;
  const lossLo = at(lo);
  const lossHi = at(hi);
  if (lossLo === null || lossHi === null || targetLoss > lossLo || targetLoss < lossHi) return null;
  for (let i = 0; i < BISECTION_STEPS && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2;
    const l = at(mid);
    if (l === null) return null;
    if (l > targetLoss) lo = mid;
    else hi = mid;
  }
  const c = Math.exp((lo + hi) / 2);
  return positive(c) ? c : null;
}

/**
 * Training tokens N parameters need to reach `targetLoss`: D = (B / (L − E − A/N^α))^(1/β). Null when N alone
 * cannot reach the loss (the model is too small however long it trains).
 */
export function tokensForLoss(params: number, targetLoss: number, fit: ScalingFit = defaultScalingFit()): number | null {
  if (!positive(params) || !Number.isFinite(targetLoss)) return null;
  const room = targetLoss - fit.E - fit.A / params ** fit.alpha;
  if (!(room > 0)) return null;
  const tokens = (fit.B / room) ** (1 / fit.beta);
  return positive(tokens) ? tokens : null;
}

/** The smallest model that can reach `targetLoss` with unlimited data: N_min = (A / (L − E))^(1/α). */
export function minParamsForLoss(targetLoss: number, fit: ScalingFit = defaultScalingFit()): number | null {
  const room = targetLoss - fit.E;
  if (!Number.isFinite(room) || room <= 0) return null;
  const n = (fit.A / room) ** (1 / fit.alpha);
  return positive(n) ? n : null;
}
