// Memory per GPU: model states + activations + logits + a gathered ZeRO-3 layer + framework overhead, on the busiest
// rank (the larger of the first pipeline stage, which holds p micro-batches of activations, and the last, which holds
// the logits), against the GPU's memory: fits, tight (over 90%) or does not fit, and the smallest GPU it fits on.
import { BYTES_PER_GIB, TIGHT_FIT_FRACTION } from '../data/memory';
import { GPUS, type GpuRow } from '../data/gpus';
import { activationBytes } from './activations';
import { adapterParamsPerLayer, stateBytes } from './states';
import type { MemoryAssumption, MemoryComponents, MemoryEstimate, MemoryInputs, MemoryVerdict, StageMemory, StageName } from './types';

/** A GPU's memory in bytes: the datasheet's GB of HBM are binary (80 GB = 80 GiB, as nvidia-smi shows it). */
export function capacityBytesOf(gpu: Pick<GpuRow, 'memoryGB'>): number {
  return gpu.memoryGB * BYTES_PER_GIB;
}

export function stageMemory(inputs: MemoryInputs, stage: StageName): StageMemory {
  const states = stateBytes(inputs, stage);
  const acts = activationBytes(inputs, stage);
  const tensors = states.weights + states.gradients + states.optimizer + acts.activations + acts.logits + states.temporary;
  const components: MemoryComponents = {
    weights: states.weights,
    gradients: states.gradients,
    optimizer: states.optimizer,
    activations: acts.activations,
    logits: acts.logits,
    temporary: states.temporary,
    overhead: inputs.frameworkOverheadBytes + tensors * inputs.fragmentationFraction,
  };
  const totalBytes = Object.values(components).reduce((a, b) => a + b, 0);
  return { stage, components, totalBytes, hostBytes: states.hostBytes + acts.hostBytes };
}

/** The stages worth computing: one without a pipeline, else the first and the last. */
export function stagesOf(inputs: MemoryInputs): StageMemory[] {
  return inputs.pp > 1 ? [stageMemory(inputs, 'first'), stageMemory(inputs, 'last')] : [stageMemory(inputs, 'only')];
}

export function verdictFor(totalBytes: number, capacityBytes: number): MemoryVerdict {
  if (totalBytes > capacityBytes) return 'does-not-fit';
  return totalBytes > TIGHT_FIT_FRACTION.value * capacityBytes ? 'tight' : 'fits';
}

/** The smallest GPU of the table with the run under the tight threshold (ties: the first row). */
export function smallestFit(totalBytes: number): MemoryEstimate['smallestFit'] {
  const rows = [...GPUS].sort((a, b) => a.memoryGB - b.memoryGB);
  const row = rows.find((g) => verdictFor(totalBytes, capacityBytesOf(g)) === 'fits');
  return row ? { id: row.id, name: row.name, capacityBytes: capacityBytesOf(row) } : undefined;
}

export function estimateMemory(inputs: MemoryInputs, gpu: GpuRow, assumptions: MemoryAssumption[] = []): MemoryEstimate {
  const stages = stagesOf(inputs);
  const busiest = stages.reduce((a, b) => (b.totalBytes > a.totalBytes ? b : a));
  const capacityBytes = capacityBytesOf(gpu);
  const verdict = verdictFor(busiest.totalBytes, capacityBytes);
  const estimate: MemoryEstimate = {
    busiest,
    stages,
    gpu: { id: gpu.id, name: gpu.name },
    capacityBytes,
    verdict,
    headroomBytes: capacityBytes - busiest.totalBytes,
    assumptions,
    inputs,
    fixes: [],
  };
  const fit = smallestFit(busiest.totalBytes);
  if (fit) estimate.smallestFit = fit;
  if (inputs.adapter) estimate.adapterParams = adapterParamsPerLayer(inputs.shape, inputs.adapter.rank, inputs.adapter.targets) * inputs.shape.layers;
  return estimate;
}
