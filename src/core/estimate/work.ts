// The work a run does, as the projection needs it: model and hardware FLOPs, the formula it came from, and how
// GPU-hours follow from a peak and a utilisation. A pretraining run is one compute-bound phase at the run's MFU
// (model FLOPs, the convention the MFU prior is fitted in); a fine-tune is the sum of its terms (estimate/finetune.ts),
// the compute-bound ones at the training utilisation applied to the FLOPs the GPUs execute (recomputation included,
// so gradient checkpointing costs time), and generation at the decode utilisation. Every utilisation comes from the
// MFU model (estimate/mfu.ts): QLoRA's dequantisation is one of its method factors, decoding its own prior.
import { formatPercent } from '../present/units';
import type { FineTuneCompute } from './finetune';
import { hardwareFlops, type FlopsBreakdown } from './flops';
import type { MfuPrior } from './mfu';
import type { Assumption, Range } from './types';
import type { Recompute } from '../types';

const SECONDS_PER_HOUR = 3600;

/** GPU-hours to do `flops` of useful work at `peakFlopsPerSecond` dense peak and utilisation `mfu`. */
export function gpuHoursFor(flops: number, peakFlopsPerSecond: number, mfu: number): number {
  return flops / (peakFlopsPerSecond * mfu * SECONDS_PER_HOUR);
}

export interface Work {
  modelFlops: number;
  hardwareFlops: number;
  formula: Assumption;
  /** The per-method terms, for a fine-tune. */
  compute?: FineTuneCompute;
  /** GPU-hours at this peak and training utilisation range; pushes the extra factors it used onto `assumptions`. */
  gpuHours(peakFlopsPerSecond: number, mfu: Range, assumptions: Assumption[]): Range;
}

export function pretrainingWork(parts: FlopsBreakdown, recompute: Recompute): Work {
  return {
    modelFlops: parts.modelFlops,
    hardwareFlops: hardwareFlops(parts, recompute),
    formula: {
      name: 'flopsFormula',
      value: parts.attentionCounted ? '6·N·D + 12·L·d·s·D' : '6·N·D',
      unit: '',
      source: 'derived',
      detail: parts.attentionCounted ? 'dense matmuls plus attention (PaLM form)' : 'dense matmuls only: layers, hidden size or sequence length unknown, attention not counted',
    },
    gpuHours(peak, mfu) {
      const at = (m: number): number => gpuHoursFor(parts.modelFlops, peak, m);
      // Higher MFU → fewer GPU-hours: the range's low end comes from the MFU's high end.
      return { point: at(mfu.point), low: at(mfu.high), high: at(mfu.low) };
    },
  };
}

export function fineTuneWork(compute: FineTuneCompute, decode: MfuPrior): Work {
  const formula = compute.terms
    .filter((t) => t.flops > 0)
    .map((t) => `${t.formula === '0' ? '0' : `(${t.formula})`}·D_${t.id}`)
    .join(' + ');
  return {
    modelFlops: compute.modelFlops,
    hardwareFlops: compute.hardwareFlops,
    compute,
    formula: { name: 'flopsFormula', value: formula || '0', unit: '', source: 'derived', detail: `sum of the run's passes: ${compute.terms.map((t) => t.label).join('; ')}` },
    gpuHours(peak, mfu, assumptions) {
      if (compute.decodeRegimeFlops > 0) {
        assumptions.push({
          name: 'decodeMfu',
          value: decode.point,
          unit: 'fraction',
          source: 'default',
          detail: `${decode.explanation} (range ${formatPercent(decode.low)}–${formatPercent(decode.high)})`,
        });
      }
      const at = (m: number, d: number): number => gpuHoursFor(compute.trainRegimeFlops, peak, m) + (compute.decodeRegimeFlops > 0 ? gpuHoursFor(compute.decodeRegimeFlops, peak, d) : 0);
      return { point: at(mfu.point, decode.point), low: at(mfu.high, decode.high), high: at(mfu.low, decode.low) };
    },
  };
}
