// The MFU prior: what fraction of the dense peak a whole training run achieves, with a range.
//
//   mfu = generation base (whole-run BF16 MFU of the accelerator generation, calibrated on the published runs)
//       × FP8 ratio            when the run computes in FP8 (MFU is then measured against the FP8 peak)
//       × small-model factor   below 1B parameters
//       × long-context factor  above 8k tokens of context
//       × scale-out factor     above 1,024 GPUs
//       × pipeline factor      1F1B bubble, when the pipeline depth is known
//   low = mfu × 0.6, high = mfu × 1.4 (the spread of published runs on the same hardware), high capped at 0.75.
//
// Each factor is 1 when its input is unknown, so an incomplete config gets the generation's median. The constants
// and their sources are in src/core/data/mfu-benchmarks.ts. Deliberately smooth and small: six numbers fitted on
// twenty runs, not one per run.
import { formatPercent } from '../present/units';
import {
  FP8_MFU_RATIO,
  GENERATION_MFU,
  LONG_CONTEXT,
  MFU_CEILING,
  MFU_SPREAD,
  PIPELINE,
  SCALE_OUT,
  SMALL_MODEL,
} from '../data/mfu-benchmarks';
import type { GpuGeneration } from '../data/gpus';
import type { Precision } from '../types';
import type { Range } from './types';

export interface MfuInput {
  generation: GpuGeneration;
  /** The precision whose peak MFU is measured against (after falling back when the chip lacks it). */
  precision: Precision;
  activeParams?: number;
  seqLength?: number;
  gpus?: number;
  pipelineDepth?: number;
}

export interface MfuPrior extends Range {
  /** One line per factor that moved the prior, for the assumption's detail. */
  factors: string[];
}

function log2(x: number): number {
  return Math.log(x) / Math.LN2;
}

function known(value: number | undefined): value is number {
  return value !== undefined && Number.isFinite(value) && value > 0;
}

export function generationMfu(generation: GpuGeneration): number {
  return GENERATION_MFU[generation].mfu;
}

export function mfuPrior(input: MfuInput): MfuPrior {
  const factors: string[] = [];
  let mfu = generationMfu(input.generation);
  factors.push(`${input.generation} whole-run median ${formatPercent(mfu)}`);

  if (input.precision === 'fp8') {
    mfu *= FP8_MFU_RATIO.ratio;
    factors.push(`FP8 peak ×${FP8_MFU_RATIO.ratio}`);
  }
  if (known(input.activeParams) && input.activeParams < SMALL_MODEL.belowParams) {
    const decades = Math.log10(SMALL_MODEL.belowParams / input.activeParams);
    const f = Math.max(SMALL_MODEL.floor, 1 - SMALL_MODEL.lossPerDecade * decades);
    mfu *= f;
    factors.push(`small model ×${f.toFixed(2)}`);
  }
  if (known(input.seqLength) && input.seqLength > LONG_CONTEXT.aboveSeq) {
    const f = Math.max(LONG_CONTEXT.floor, 1 - LONG_CONTEXT.lossPerDoubling * log2(input.seqLength / LONG_CONTEXT.aboveSeq));
    mfu *= f;
    factors.push(`long context ×${f.toFixed(2)}`);
  }
  if (known(input.gpus) && input.gpus > SCALE_OUT.aboveGpus) {
    const f = Math.max(SCALE_OUT.floor, 1 - SCALE_OUT.lossPerDoubling * log2(input.gpus / SCALE_OUT.aboveGpus));
    mfu *= f;
    factors.push(`${input.gpus} GPUs ×${f.toFixed(2)}`);
  }
  if (known(input.pipelineDepth) && input.pipelineDepth > 1) {
    const pp = input.pipelineDepth;
    const microbatches = PIPELINE.microbatchesPerStage * pp;
    const f = 1 - (pp - 1) / (microbatches + pp - 1);
    mfu *= f;
    factors.push(`pipeline ${pp} bubble ×${f.toFixed(2)}`);
  }
  return {
    point: mfu,
    low: mfu * MFU_SPREAD.low,
    high: Math.min(MFU_CEILING.mfu, mfu * MFU_SPREAD.high),
    factors,
  };
}
