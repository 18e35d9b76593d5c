// The shapes the estimator returns. Every meter is a point with a low-high range; a meter that cannot be known is
// null, and the analysis carries a finding saying which input to set.
import type { Sourced } from '../types';
import type { ComputeTerm } from './finetune';

export interface Range {
  point: number;
  low: number;
  high: number;
}

/** One assumption the projection used (GPU peak, MFU, power, PUE, grid, price), with where it came from. */
export interface Assumption {
  name: string; // 'gpuType' | 'peakFlopsPerGpu' | 'mfu' | 'gpuPowerKW' | 'pue' | 'gridGPerKWh' | 'priceUSDPerGpuHour' | ...
  value: number | string;
  unit: string;
  source: Sourced<unknown>['source'];
  detail: string;
}

export interface Projection {
  /** Useful training FLOPs (6·N·D plus attention), model FLOPs. */
  flops: number | null;
  /** Hardware FLOPs: with activation recomputation. */
  hardwareFlops: number | null;
  gpuHours: Range | null;
  wallClockHours: Range | null;
  energyKWh: Range | null;
  co2eKg: Range | null;
  costUSD: Range | null;
  assumptions: Assumption[];
  /** MFU used (point and range): the prior, or the user's value (then point = low = high). */
  mfu?: Range;
  /** Hardware FLOPs utilisation: MFU × hardware/model FLOPs (higher than MFU with activation recomputation). */
  hfu?: Range;
  /** Energy at the GPUs/servers before PUE; energyKWh is this × PUE. */
  itEnergyKWh?: Range | null;
  /** Embodied carbon share, present only when asked for; already included in co2eKg. */
  embodiedCo2eKg?: Range | null;
  /** Market-based CO2e from a user-given factor, beside the location-based co2eKg. */
  marketCo2eKg?: Range | null;
  /** A fine-tune's compute, pass by pass, and the assumptions behind the passes. */
  fineTune?: FineTuneProjection;
}

export interface FineTuneProjection {
  terms: ComputeTerm[];
  notes: string[];
  /** The run's model FLOPs as a share of the base model's pretraining compute, when that is published. */
  pretrainingShare?: PretrainingShare;
}

export interface PretrainingShare {
  fraction: number;
  baseModel: string;
  /** 6·N·D of the base model's published pretraining tokens. */
  pretrainingFlops: number;
  pretrainingTokens: number;
  source: string;
}

export interface ComputeOptimal {
  tokensPerParam: number | null;
  optimalTokens: number | null;
  optimalParams: number | null;
  /** Run's tokens-per-parameter over the compute-optimal ratio (> 1 = over-trained). */
  overTrainingFactor: number | null;
}
