// Projects the published runs as the product would project their configs, for the validation table (README) and
// the calibration test: the run's size, tokens, GPU type and count, precision and shape go in; MFU is the prior.
import type { PublishedRun } from '../data/published-runs';
import type { RunSpec, Sourced } from '../types';
import { project } from './project';
import type { Range } from './types';

export interface CalibrationRow {
  run: PublishedRun;
  gpuHours: Range;
  mfu: Range;
  /** Projected point over published, minus one (+0.10 = projected 10% high). */
  error: number;
  inside: boolean;
}

function published<T>(value: T, run: PublishedRun): Sourced<T> {
  return { value, source: 'file', detail: run.source };
}

export function runSpecOf(run: PublishedRun): RunSpec {
  return {
    format: 'hf-model-json',
    label: run.label,
    arch: {
      layers: run.layers !== undefined ? published(run.layers, run) : undefined,
      hiddenSize: run.hiddenSize !== undefined ? published(run.hiddenSize, run) : undefined,
      moe: run.moe
        ? {
            experts: published(run.moe.experts, run),
            topK: published(run.moe.topK, run),
            sharedExperts: run.moe.shared !== undefined ? published(run.moe.shared, run) : undefined,
          }
        : undefined,
    },
    params: published(run.params, run),
    activeParams: published(run.activeParams, run),
    tokens: published(run.tokens, run),
    seqLength: run.seqLength !== undefined ? published(run.seqLength, run) : undefined,
    gpus: run.gpus !== undefined ? published(run.gpus, run) : undefined,
    gpuType: published(run.gpuId, run),
    precision: published(run.precision, run),
    parallel: {
      tp: run.layout?.tp !== undefined ? published(run.layout.tp, run) : undefined,
      pp: run.layout?.pp !== undefined ? published(run.layout.pp, run) : undefined,
    },
    gradAccum: run.layout?.microbatches !== undefined ? published(run.layout.microbatches, run) : undefined,
    keys: [],
    findings: [],
    missing: [],
  };
}

/** The projection of one published run against its published GPU-hours; undefined if it cannot be projected. */
export function calibrationRow(run: PublishedRun): CalibrationRow | undefined {
  const { projection } = project(runSpecOf(run));
  if (!projection.gpuHours || !projection.mfu) return undefined;
  const gpuHours = projection.gpuHours;
  return {
    run,
    gpuHours,
    mfu: projection.mfu,
    error: gpuHours.point / run.publishedGpuHours - 1,
    inside: gpuHours.low <= run.publishedGpuHours && run.publishedGpuHours <= gpuHours.high,
  };
}
