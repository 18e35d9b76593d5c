// The scaling-law words of the lenses and hovers: the inference-aware verdict and the waste of over- or
// under-training in GPU-h, $ and tCO2e. The numbers come from the core's scalingAnalysis; this file only words them.
// Pure (no vscode), so unit tests read exactly what the editor shows.
import type { Analysis } from '../core/analyze';
import { formatCo2eKg, formatCount, formatFlops, formatGpuHours, formatUSD } from '../core/present/units';
import { scalingAnalysis, type ScalingAnalysis } from '../core/scaling';

/** The scaling view of an analysed run; null when the file is not a run. */
export function scalingOf(analysis: Analysis, lifetimeInferenceTokens: number | undefined): ScalingAnalysis | null {
  if (!analysis.run) return null;
  return scalingAnalysis(analysis.run, analysis.projection, lifetimeInferenceTokens !== undefined ? { lifetimeInferenceTokens } : {});
}

/** "over-training justified by 10T inference tokens"; undefined without a lifetime inference demand. */
export function inferenceVerdictPhrase(s: ScalingAnalysis | null): string | undefined {
  const i = s?.inference;
  if (!i) return undefined;
  const demand = `${formatCount(i.lifetimeInferenceTokens)} inference tokens`;
  switch (i.verdict) {
    case 'justified':
      return `over-training justified by ${demand}`;
    case 'partly':
      return `over-training partly justified by ${demand}`;
    case 'not justified':
      return `over-training not justified by ${demand}`;
    case 'not over-trained':
      // Nothing to justify: say what the demand would call for instead.
      return `lifetime-optimal for ${demand}: ${formatCount(i.lifetimeOptimal.params)} params on ${formatCount(i.lifetimeOptimal.tokens)} tokens`;
  }
}

/**
 * "31% of the compute (12k GPU-h · $30k · 4 tCO2e) buys no lower loss: a compute-optimal 5B-param model on 100B
 * tokens reaches the same predicted loss (Epoch AI, 2024)". Undefined when the fit has nothing to say.
 */
export function scalingWasteLine(s: ScalingAnalysis | null): string | undefined {
  const w = s?.waste;
  if (!s || !w) return undefined;
  const fit = `${s.fit.name}, ${s.fit.year}`;
  if (w.fraction < 0.01) return `At the compute-optimal point: under 1% of the compute is scaling waste (${fit}).`;
  const meters = [w.gpuHours ? formatGpuHours(w.gpuHours.point) : undefined, w.costUSD ? formatUSD(w.costUSD.point) : undefined, w.co2eKg ? formatCo2eKg(w.co2eKg.point) : undefined].filter(
    (m): m is string => m !== undefined,
  );
  const spent = meters.length > 0 ? meters.join(' · ') : `${formatFlops(w.flops)} FLOPs`;
  const optimum = s.equalLossOptimum;
  const alternative = optimum
    ? `a compute-optimal ${formatCount(optimum.params)}-param model on ${formatCount(optimum.tokens)} tokens reaches the same predicted loss`
    : 'a compute-optimal run reaches the same predicted loss with less';
  return `${Math.round(100 * w.fraction)}% of the compute (${spent}) buys no lower loss: ${alternative} (${fit}).`;
}
