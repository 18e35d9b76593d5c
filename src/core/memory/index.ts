// The memory-per-GPU estimate of a completed run, and the findings about it: `will-not-fit` (error) and `tight-fit`
// (warning), each on the micro-batch key, the value a user most often changes to make a run fit.
import { DEFAULT_GPU_ID, findGpu } from '../data/gpus';
import { TIGHT_FIT_FRACTION } from '../data/memory';
import { formatMemoryGB } from '../present/units';
import type { Finding, RunSpec } from '../types';
import { estimateMemory, stagesOf, verdictFor } from './estimate';
import { memoryInputsOf, shapeOf } from './inputs';
import { COMPONENT_NAMES, type MemoryComponents, type MemoryEstimate, type MemoryInputs, type StageName } from './types';
import { finding } from '../present/findings';

export type { MemoryEstimate } from './types';
export { estimateMemory } from './estimate';

export interface RunMemory {
  memory: MemoryEstimate | null;
  findings: Finding[];
}

const STAGE_WORDS: Record<StageName, string> = { only: 'every GPU', first: 'the first pipeline stage', last: 'the last pipeline stage' };

export function stageWords(stage: StageName): string {
  return STAGE_WORDS[stage];
}

export function memoryOfRun(run: RunSpec): RunMemory {
  const { inputs, assumptions, missing } = memoryInputsOf(run);
  if (!inputs) return { memory: null, findings: missingFindings(run, missing) };
  const named = run.gpuType ? findGpu(run.gpuType.value) : undefined;
  const gpu = named ?? findGpu(DEFAULT_GPU_ID);
  if (!gpu) return { memory: null, findings: [] };
  assumptions.unshift({
    name: 'gpuType',
    value: gpu.id,
    source: named ? run.gpuType!.source : 'default',
    detail: named ? `${run.gpuType!.detail} → ${gpu.name}, ${gpu.memoryGB} GB (${gpu.source}, ${gpu.year})` : `no GPU type given: ${gpu.name}, ${gpu.memoryGB} GB (${gpu.source}, ${gpu.year})`,
  });
  const memory = estimateMemory(inputs, gpu, assumptions);
  const gpusUnknown = gpuCountOpen(run);
  // A global batch the file fixes (not one derived from the GPU count) caps data parallel at one micro-batch a rank.
  if (gpusUnknown && run.globalBatch?.source === 'file') memory.maxDataParallel = Math.max(1, Math.floor(run.globalBatch.value / inputs.microBatch));
  return { memory, findings: memoryFindings(run, memory, gpusUnknown) };
}

/** The file gives no GPU count (nor a data-parallel size): memory per GPU is read on one node, and a fix may set it. */
export function gpuCountOpen(run: RunSpec): boolean {
  return !run.parallel.dp && !run.gpus;
}

/**
 * A run whose model is known but whose memory needs a value the file leaves out (the sequence length, the
 * micro-batch) says so; a run with no model shape has the model's own findings, and nothing is added to them.
 */
function missingFindings(run: RunSpec, missing: readonly string[]): Finding[] {
  if (missing.length === 0 || !shapeOf(run)) return [];
  return [finding('memory-needs-inputs', { missing: [...missing] })];
}

/** Largest data-parallel size tried when looking for the GPU count a sharded run needs. */
const MAX_DATA_PARALLEL = 2 ** 16;

/**
 * The smallest data-parallel size (a power of two) at which a sharded run fits without being tight, or undefined when
 * sharding cannot make it fit (or it is not sharded). Used when the file does not say how many GPUs it runs on.
 */
export function dataParallelToFit(m: MemoryEstimate): number | undefined {
  return dataParallelToFitInputs(m.inputs, m.capacityBytes, m.maxDataParallel);
}

/**
 * The same for inputs a fix changes: the data-parallel size at which they fit on `capacityBytes`, at most
 * `maxDataParallel` (a global batch the file fixes holds at least one micro-batch per data-parallel rank).
 */
export function dataParallelToFitInputs(i: MemoryInputs, capacityBytes: number, maxDataParallel = MAX_DATA_PARALLEL): number | undefined {
  if (i.zeroStage < 1) return undefined;
  const cp = i.cp;
  for (let dp = 1; dp <= Math.min(MAX_DATA_PARALLEL, maxDataParallel); dp *= 2) {
    if (verdictFor(totalAtDataParallel(i, dp), capacityBytes) === 'fits') return dp;
  }
  return undefined;
}

/** Memory per GPU on the busiest rank with the states sharded over `dp` data-parallel ranks. */
export function totalAtDataParallel(i: MemoryInputs, dp: number): number {
  const at = { ...i, dp, shardGroup: Math.min(dp * i.cp, i.shardGroup === i.dp * i.cp ? dp * i.cp : i.shardGroup) };
  return Math.max(...stagesOf(at).map((s) => s.totalBytes));
}

/** Model-parallel ranks of one replica (TP × PP × CP): GPUs in all are this × data parallel. */
export function modelParallelOf(i: MemoryInputs): number {
  return i.tp * i.pp * i.cp;
}

/** GPUs as the estimate reads the run (data parallel × the model-parallel degrees): one node when the file gives no count. */
export function gpusAsRead(m: MemoryEstimate): number {
  return m.inputs.dp * modelParallelOf(m.inputs);
}

/** The GPU count (and its data-parallel size) from which a sharded run fits, or undefined when more GPUs alone do not. */
export function gpusToFit(m: MemoryEstimate): { gpus: number; dp: number } | undefined {
  const dp = dataParallelToFit(m);
  return dp ? { gpus: dp * modelParallelOf(m.inputs), dp } : undefined;
}

/** The largest components, in words: "activations 52 GB, optimizer states 24 GB". */
export function largestParts(components: MemoryComponents, count = 2): string {
  return (Object.entries(components) as Array<[keyof MemoryComponents, number]>)
    .filter(([, v]) => v > 0)
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([k, v]) => `${COMPONENT_NAMES[k]} ${formatMemoryGB(v)}`)
    .join(', ');
}

function memoryFindings(run: RunSpec, m: MemoryEstimate, gpusUnknown: boolean): Finding[] {
  const total = m.busiest.totalBytes;
  const where = m.stages.length > 1 ? ` on ${stageWords(m.busiest.stage)}` : '';
  const span = run.microBatch?.span;
  const key = run.keys.find((k) => k.role === 'microBatch')?.key;
  const elsewhere = m.smallestFit && m.smallestFit.id !== m.gpu.id ? ` It would fit on ${m.smallestFit.name} (${formatMemoryGB(m.smallestFit.capacityBytes)}).` : '';
  if (m.verdict !== 'fits' && gpusUnknown && m.inputs.zeroStage >= 1) {
    // The states are sharded over data parallel and the file does not say over how many GPUs: say what it needs.
    return [finding('memory-needs-gpus', { totalBytes: total, capacityBytes: m.capacityBytes, gpu: m.gpu.name, nodeGpus: gpusAsRead(m), fitsFrom: gpusToFit(m) }, { key, span })];
  }
  if (m.verdict === 'does-not-fit') {
    const args = { totalBytes: total, where, capacityBytes: m.capacityBytes, gpu: m.gpu.name, overBytes: -m.headroomBytes, largest: largestParts(m.busiest.components), elsewhere };
    return [finding('will-not-fit', args, { key, span })];
  }
  if (m.verdict === 'tight') {
    return [finding('tight-fit', { totalBytes: total, where, capacityBytes: m.capacityBytes, gpu: m.gpu.name, threshold: TIGHT_FIT_FRACTION.value }, { key, span })];
  }
  return [];
}
