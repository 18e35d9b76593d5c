// Memory per GPU: model states + activations + logits + a gathered ZeRO-3 layer + framework overhead, on the busiest
// rank (the larger of the first pipeline stage, which holds p micro-batches of activations, and the last, which holds
// the logits), against the GPU's memory: fits, tight (over 90%) or does not fit, and the smallest GPU it fits on.
import { BYTES_PER_GIB, TIGHT_FIT_FRACTION } from '../data/memory';
import { GPUS, type GpuRow } from '../data/gpus';
import { activationBytes, type ActivationBytes } from './activations';
import { adapterParamsPerLayer, outputLayerGradientBytes, stateBytes, type StateBytes } from './states';
import type { MemoryAssumption, MemoryComponents, MemoryEstimate, MemoryInputs, MemoryVerdict, PeakMoment, StageMemory, StageName } from './types';

/** A GPU's memory in bytes: the datasheet's GB of HBM are binary (80 GB = 80 GiB, as nvidia-smi shows it). */
export function capacityBytesOf(gpu: Pick<GpuRow, 'memoryGB'>): number {
  return gpu.memoryGB * BYTES_PER_GIB;
}

/** The gradients and the forward's activations never live at once: freed after each step, one micro-batch per step. */
export function gradientsApartFromActivations(inputs: MemoryInputs): boolean {
  return inputs.gradientsFreedAfterStep === true && inputs.microBatchesPerStep <= 1;
}

/**
 * The tensors alive at each moment of a step whose gradients were freed by the last one: at the loss, the activations
 * and logits; once the loss's backward has run, the activations and the output layer's gradient (logits freed); at the
 * end of the backward, every gradient (activations freed). Weights, optimizer states and a gathered or dequantised
 * layer are there throughout.
 */
function moments(states: StateBytes, acts: ActivationBytes, headGradientBytes: number): Array<{ moment: PeakMoment; gradients: number; activations: number; logits: number }> {
  return [
    { moment: 'loss', gradients: 0, activations: acts.activations, logits: acts.logits },
    { moment: 'backward-start', gradients: Math.min(states.gradients, headGradientBytes), activations: acts.activations, logits: 0 },
    { moment: 'backward-end', gradients: states.gradients, activations: 0, logits: 0 },
  ];
}

export function stageMemory(inputs: MemoryInputs, stage: StageName): StageMemory {
  const states = stateBytes(inputs, stage);
  const acts = activationBytes(inputs, stage);
  let held = { gradients: states.gradients, activations: acts.activations, logits: acts.logits };
  let moment: PeakMoment | undefined;
  if (gradientsApartFromActivations(inputs)) {
    const headGradient = stage === 'first' ? 0 : outputLayerGradientBytes(inputs);
    const sum = (m: { gradients: number; activations: number; logits: number }) => m.gradients + m.activations + m.logits;
    const peak = moments(states, acts, headGradient).reduce((a, b) => (sum(b) > sum(a) ? b : a));
    held = { gradients: peak.gradients, activations: peak.activations, logits: peak.logits };
    moment = peak.moment;
  }
  const tensors = states.weights + states.optimizer + states.temporary + held.gradients + held.activations + held.logits;
  const components: MemoryComponents = {
    weights: states.weights,
    gradients: held.gradients,
    optimizer: states.optimizer,
    activations: held.activations,
    logits: held.logits,
    temporary: states.temporary,
    overhead: inputs.frameworkOverheadBytes + tensors * inputs.fragmentationFraction,
  };
  const totalBytes = Object.values(components).reduce((a, b) => a + b, 0);
  return { stage, components, totalBytes, hostBytes: states.hostBytes + acts.hostBytes, ...(moment ? { moment } : {}) };
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
