// The memory-per-GPU estimate against peak memory its owners measured (data/published-memory.ts): each row rebuilt
// from its published configuration alone, estimated with the shipped constants, and compared with what was measured
// in the same units. Nothing is fitted to the rows, so the share within 10% is an out-of-sample figure.
import { findGpu } from '../data/gpus';
import { BYTES_PER_GIB, DEFAULT_LORA_TARGETS, FRAGMENTATION_FRACTION, FRAMEWORK_OVERHEAD_GIB, LOGITS_BYTES_PER_ELEMENT } from '../data/memory';
import { PUBLISHED_PEAK_MEMORY, type LogitsKind, type PublishedPeakMemory } from '../data/published-memory';
import { modelFromTable } from '../model/named';
import { estimateMemory } from './estimate';
import { stateBytes } from './states';
import { qloraTraitsOf, shapeOfArch, untiedHead } from './inputs';
import type { MemoryEstimate, MemoryInputs } from './types';

/** The share of rows the estimate should land within ±10% of (the goal). */
export const WITHIN_FRACTION = 0.1;

const LOGITS: Record<LogitsKind, number> = {
  upcast: LOGITS_BYTES_PER_ELEMENT.upcastLoss.value,
  fabric: LOGITS_BYTES_PER_ELEMENT.fabricFp32Output.value,
  chunked: LOGITS_BYTES_PER_ELEMENT.chunkedUpcast.value,
  fused: LOGITS_BYTES_PER_ELEMENT.fusedVocabParallel.value,
};

/** Bytes per logit of the row's loss; torchtune's compile_loss compiles the chunked loss's cross-entropy. */
function logitsBytes(row: PublishedPeakMemory): number {
  return row.logits === 'chunked' && row.compiled ? LOGITS_BYTES_PER_ELEMENT.chunkedCompiled.value : LOGITS[row.logits];
}

export interface MemoryCheck {
  row: PublishedPeakMemory;
  estimate: MemoryEstimate;
  /** The estimate in the measured quantity's terms, in the row's unit. */
  predicted: number;
  /** predicted / measured − 1; null for a run that stopped out of memory (no peak to compare). */
  error: number | null;
  within: boolean;
  /** The estimate's verdict says it fits (not tight, not over) on the row's GPU. */
  predictedFits: boolean;
  /** The run was measured to need more than its GPU has: it stopped out of memory. */
  measuredOver: boolean;
  /** Weights, gradients and optimizer states, all held at once at the optimizer step (a floor under any peak). */
  stepStatesBytes: number;
}

const UNIT_BYTES = { GiB: BYTES_PER_GIB, GB: 1e9 } as const;

/** The estimate's inputs for a published configuration, with the same defaults as a config file's estimate. */
export function inputsOfRow(row: PublishedPeakMemory): MemoryInputs {
  const model = modelFromTable(row.model);
  const tableShape = model ? shapeOfArch(model.arch) : undefined;
  if (!tableShape) throw new Error(`${row.id}: ${row.model} is not in the open-models table`);
  const litgpt = row.framework === 'litgpt';
  const shape = litgpt ? untiedHead(tableShape) : tableShape;
  const inputs: MemoryInputs = {
    shape,
    seqLength: row.seqLength,
    microBatch: row.microBatch,
    microBatchesPerStep: row.gradAccum ?? 1,
    tp: 1,
    pp: 1,
    cp: 1,
    ep: 1,
    dp: row.gpus,
    virtualPipeline: 1,
    sequenceParallel: false,
    precision: 'bf16',
    optimizer: row.optimizer,
    convention: row.convention,
    zeroStage: row.zeroStage,
    shardGroup: row.gpus,
    recompute: row.recompute,
    flashAttention: true,
    // The Llama recipes train without dropout; without torch.compile the modules run op by op.
    dropout: false,
    eager: !row.compiled,
    logitsBytesPerElement: logitsBytes(row),
    frameworkOverheadBytes: FRAMEWORK_OVERHEAD_GIB.value * BYTES_PER_GIB,
    fragmentationFraction: FRAGMENTATION_FRACTION.value,
  };
  if (row.cpuOffload) {
    inputs.offloadParams = 'cpu';
    inputs.offloadOptimizer = 'cpu';
  }
  if (litgpt && row.gpus > 1) inputs.gradientsUnshardedWhileAccumulating = true;
  if (row.optimizerInBackward) inputs.optimizerInBackward = true;
  // Both frameworks free the gradients after each step (torchtune zero_grad(set_to_none=True), LitGPT zero_grad()).
  inputs.gradientsFreedAfterStep = true;
  if (row.activationOffload) inputs.activationOffload = true;
  if (row.adapter)
    inputs.adapter = {
      kind: row.adapter.kind,
      rank: row.adapter.rank,
      targets: row.adapter.targets.length ? row.adapter.targets : DEFAULT_LORA_TARGETS.value,
      doubleQuant: row.adapter.doubleQuant ?? true,
      dropout: row.adapter.dropout === true,
      ...(row.adapter.kind === 'qlora' ? qloraTraitsOf(row.framework) : {}),
    };
  return inputs;
}

/** The estimate's figure for what the row measured: tensors for allocated, plus fragmentation for reserved, all of it for the device. */
export function predictedBytes(m: MemoryEstimate, row: Pick<PublishedPeakMemory, 'measured' | 'pagedOptimizer'>): number {
  const c = m.busiest.components;
  const kind = row.measured;
  // A paged optimizer's states live in unified memory, which PyTorch's allocator counters never see.
  const tensors = m.busiest.totalBytes - c.overhead - (row.pagedOptimizer && kind !== 'device' ? c.optimizer : 0);
  if (kind === 'allocated') return tensors;
  if (kind === 'reserved') return tensors * (1 + m.inputs.fragmentationFraction);
  return m.busiest.totalBytes;
}

export function checkPeakMemory(rows: readonly PublishedPeakMemory[] = PUBLISHED_PEAK_MEMORY): MemoryCheck[] {
  return rows.map((row) => {
    const gpu = findGpu(row.gpuId);
    if (!gpu) throw new Error(`${row.id}: unknown GPU ${row.gpuId}`);
    const inputs = inputsOfRow(row);
    const estimate = estimateMemory(inputs, gpu);
    const states = stateBytes(inputs, 'only');
    const predicted = predictedBytes(estimate, row) / UNIT_BYTES[row.measuredUnit];
    const oom = row.measuredValue === 'oom';
    const error = oom ? null : predicted / (row.measuredValue as number) - 1;
    return {
      row,
      estimate,
      predicted,
      error,
      within: error !== null && Math.abs(error) <= WITHIN_FRACTION,
      predictedFits: estimate.verdict === 'fits',
      measuredOver: oom || (row.measuredValue as number) * UNIT_BYTES[row.measuredUnit] > estimate.capacityBytes,
      stepStatesBytes: states.weights + states.gradients + states.optimizer,
    };
  });
}

export interface MemoryValidationSummary {
  /** Rows with a measured peak (the out-of-memory rows are counted apart, left-out rows not at all). */
  rows: number;
  /** Rows shown but not counted, each with its reason. */
  leftOut: number;
  /** Runs that stopped out of memory, by the estimate's verdict on them. */
  outOfMemory: { rows: number; doesNotFit: number; tight: number; fits: number };
  within: number;
  withinShare: number;
  medianAbsError: number;
  /** Rows measured over the GPU's memory that the estimate says fit (the goal is none). */
  falseFits: number;
  /** Rows run with torch.compile, which the estimate does not model, and the share of them within 10%. */
  compiled: { rows: number; within: number };
}

export function summariseMemory(shown: readonly MemoryCheck[]): MemoryValidationSummary {
  // Rows left out (their figure cannot be the stated configuration's peak) are shown but never counted.
  const all = shown.filter((c) => c.row.leftOut === undefined);
  const checks = all.filter((c) => c.error !== null);
  const oom = all.filter((c) => c.row.measuredValue === 'oom');
  const abs = checks.map((c) => Math.abs(c.error!)).sort((a, b) => a - b);
  const mid = abs.length / 2;
  const median = abs.length === 0 ? 0 : abs.length % 2 ? abs[Math.floor(mid)]! : (abs[mid - 1]! + abs[mid]!) / 2;
  const within = checks.filter((c) => c.within).length;
  const compiled = checks.filter((c) => c.row.compiled);
  return {
    rows: checks.length,
    leftOut: shown.length - all.length,
    outOfMemory: {
      rows: oom.length,
      doesNotFit: oom.filter((c) => c.estimate.verdict === 'does-not-fit').length,
      tight: oom.filter((c) => c.estimate.verdict === 'tight').length,
      fits: oom.filter((c) => c.estimate.verdict === 'fits').length,
    },
    within,
    withinShare: checks.length ? within / checks.length : 0,
    medianAbsError: median,
    falseFits: all.filter((c) => c.measuredOver && c.predictedFits).length,
    compiled: { rows: compiled.length, within: compiled.filter((c) => c.within).length },
  };
}
