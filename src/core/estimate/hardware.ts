// The GPU and precision a projection actually used (the default GPU when the file names none), read back from its
// assumptions in one place, for the levers, the planner, the reports and the lenses.
import { findGpu, peakFor, type GpuRow } from '../data/gpus';
import type { Precision } from '../types';
import type { Projection } from './types';

const PRECISIONS: readonly Precision[] = ['fp32', 'tf32', 'fp16', 'bf16', 'fp8'];

export interface HardwareUsed {
  /** GPU table id ("a100-80gb"), when the projection resolved one. */
  gpuId?: string;
  gpu?: GpuRow;
  precision?: Precision;
}

export function hardwareUsed(projection: Projection | null | undefined): HardwareUsed {
  const id = projection?.assumptions.find((a) => a.name === 'gpuType')?.value;
  const precision = projection?.assumptions.find((a) => a.name === 'precision')?.value;
  const gpu = typeof id === 'string' ? findGpu(id) : undefined;
  return {
    ...(typeof id === 'string' ? { gpuId: id } : {}),
    ...(gpu ? { gpu } : {}),
    ...(PRECISIONS.includes(precision as Precision) ? { precision: precision as Precision } : {}),
  };
}

/** Whether the GPU has FP8 tensor cores (A100 falls back to BF16 for FP8, so it has none). */
export function supportsFp8(gpu: GpuRow): boolean {
  return peakFor(gpu, 'fp8')?.precision === 'fp8';
}
