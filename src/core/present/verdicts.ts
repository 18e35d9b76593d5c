// The compute-optimal verdict in words, one phrasing for the lens, the pull-request comment and the CLI diff:
// "2.4× past compute-optimal (48 tokens/param)".
import type { ComputeOptimal } from '../estimate/types';
import { formatCount } from './units';

/** Within this factor either way a run reads as "≈ compute-optimal". */
const NEAR_OPTIMAL_FACTOR = 1.1;

/** Undefined when the ratio cannot be known (no parameter or token count). */
export function computeOptimalVerdict(co: ComputeOptimal | null | undefined): string | undefined {
  if (!co || co.overTrainingFactor === null || co.tokensPerParam === null) return undefined;
  const f = co.overTrainingFactor;
  const perParam = `${formatCount(co.tokensPerParam)} tokens/param`;
  if (f >= NEAR_OPTIMAL_FACTOR) return `${factor(f)}× past compute-optimal (${perParam})`;
  if (f <= 1 / NEAR_OPTIMAL_FACTOR) return `${factor(1 / f)}× short of compute-optimal (${perParam})`;
  return `≈ compute-optimal (${perParam})`;
}

function factor(x: number): string {
  return x >= 10 ? Math.round(x).toString() : x.toFixed(1);
}
