// Model states on one GPU: weights, gradients and optimizer states (with the fp32 master copy), by precision,
// optimizer and framework convention, sharded by ZeRO stage / FSDP / the distributed optimizer over the data-parallel
// ranks, split by TP, PP and EP, and moved to the host by offload. Formulas: reference memory.md §2, §3, §8, §9.
//
//   zero      weights w (sharded at stage 3), gradients w (stage 2+), master 4 + states k (stage 1+)    ZeRO §5
//   megatron  weights w, fp32 main gradients 4 (fp16: 2 + a sharded 4), master 4 + states k (dist. optimizer)  MEG-DO
//   pure      weights w, gradients w, states k·w/4 in the model's dtype, no master copy (torchtune dtype: bf16)  §2.1
// FSDP's no_sync between the micro-batches of one step keeps the gradients whole on every rank (memory.ts).
// An optimizer stepped in the backward (torchtune optimizer_in_bwd) frees each gradient after its step: at most the
// largest single tensor's gradient is alive at once.
// LoRA: frozen base weights only (16-bit, or NF4 + constants for QLoRA's linear layers) + fp32 adapters with their gradients and optimizer states (16 B per adapter parameter with Adam).
import { ADAPTER_WEIGHT_BYTES, MASTER_COPY_BYTES, NF4_BYTES_PER_PARAM, NO_SYNC_GRADIENT_COPIES, OPTIMIZER_STATE_BYTES, QLORA_DEQUANT_BYTES, type LoraTarget } from '../data/memory';
import type { Precision } from '../types';
import type { MemoryInputs, MemoryShape, StageName } from './types';

export interface StateBytes {
  weights: number;
  gradients: number;
  optimizer: number;
  /** Offloaded to the host (per GPU). */
  hostBytes: number;
  /** One gathered layer's 16-bit weights and gradients (ZeRO-3 / FSDP full shard). */
  temporary: number;
}

/** Bytes of a weight in the training dtype: 16-bit formats (FP8 training keeps bf16 weights) 2, fp32/tf32 4. */
export function weightBytes(precision: Precision): number {
  return precision === 'fp32' || precision === 'tf32' ? 4 : 2;
}

/** Optimizer state bytes per trained parameter (no master copy). Adafactor's factored state depends on the width. */
export function optimizerStateBytes(inputs: Pick<MemoryInputs, 'optimizer'> & Partial<Pick<MemoryInputs, 'convention' | 'precision'>>, hiddenSize: number): number {
  const row = OPTIMIZER_STATE_BYTES[inputs.optimizer];
  // n + m fp32 accumulators for an n×m matrix with n, m ≈ h: 4·2/h bytes per parameter.
  const fp32 = inputs.optimizer === 'adafactor' ? (row.value * 2) / hiddenSize : row.value;
  // Pure 16-bit training keeps the optimizer's fp32 states in the parameters' dtype (torch.optim allocates them like
  // the parameter); 8-bit states are 8-bit whatever the parameters are.
  if (inputs.convention === 'pure' && inputs.optimizer !== 'adam-8bit' && inputs.precision) return (fp32 * weightBytes(inputs.precision)) / 4;
  return fp32;
}

/** The largest single tensor of a stage (an embedding or output table, or an FFN matrix), split by TP. */
function largestTensor(shape: MemoryShape): number {
  return Math.max(shape.vocabSize * shape.hiddenSize, shape.hiddenSize * (shape.moe?.expertFfnHiddenSize ?? shape.ffnHiddenSize));
}

/** Parameters a stage holds before tensor/expert splitting: dense (split by TP) and routed experts (TP × EP). */
export function stageParams(shape: MemoryShape, pp: number, stage: StageName): { dense: number; expert: number } {
  const layersOnStage = Math.ceil(shape.layers / pp);
  const moeShare = shape.moe ? shape.moe.layers / shape.layers : 0;
  const moeLayers = layersOnStage * moeShare;
  const denseLayers = layersOnStage - moeLayers;
  let dense = layersOnStage * shape.attentionParamsPerLayer + denseLayers * shape.denseFfnParamsPerLayer;
  let expert = 0;
  if (shape.moe) {
    dense += moeLayers * shape.moe.otherFfnParamsPerLayer;
    expert = moeLayers * shape.moe.expertParamsPerLayer;
  }
  const table = shape.vocabSize * shape.hiddenSize;
  // The input embedding sits on the first stage, the output layer on the last; tied weights keep a copy on both
  // (Megatron all-reduces their gradients), so each end holds one table.
  if (stage === 'only') dense += shape.embeddingParams;
  else dense += table;
  return { dense, expert };
}

/** Adapter parameters of one layer: r·(d_in + d_out) for each adapted projection. */
export function adapterParamsPerLayer(shape: MemoryShape, rank: number, targets: readonly LoraTarget[]): number {
  const h = shape.hiddenSize;
  const kvWidth = (shape.kvHeads / shape.heads) * h;
  const f = shape.ffnHiddenSize;
  const dims: Record<LoraTarget, [number, number]> = {
    q: [h, h],
    k: [h, kvWidth],
    v: [h, kvWidth],
    o: [h, h],
    gate: [h, f],
    up: [h, f],
    down: [f, h],
  };
  const present = targets.filter((t) => shape.gated || t !== 'gate');
  return present.reduce((sum, t) => sum + rank * (dims[t][0] + dims[t][1]), 0);
}

interface Component {
  bytesPerParam: number;
  /** Sharded over the shard group from this ZeRO stage on (Infinity = never). */
  shardFrom: number;
  /** Where offload puts it. */
  offload: 'optimizer' | 'params' | 'never';
  part: 'weights' | 'gradients' | 'optimizer';
}

/** The per-parameter components of trained parameters under a convention. */
export function trainedComponents(inputs: MemoryInputs): Component[] {
  const w = weightBytes(inputs.precision);
  const states = optimizerStateBytes(inputs, inputs.shape.hiddenSize);
  const master = w < 4 && inputs.convention !== 'pure' ? MASTER_COPY_BYTES.value : 0;
  const fsdp = inputs.megatronFsdp;
  if (inputs.convention === 'megatron' && fsdp) {
    // Megatron-FSDP: main gradients in their own dtype, sharded from optim_grads; the main copy (if any) and the
    // optimizer's states sharded from optim.
    const mainCopy = w < 4 ? fsdp.mainParamBytes : 0;
    return [
      { bytesPerParam: w, shardFrom: 3, offload: 'params', part: 'weights' },
      { bytesPerParam: fsdp.mainGradBytes, shardFrom: 2, offload: 'optimizer', part: 'gradients' },
      { bytesPerParam: mainCopy + states, shardFrom: 1, offload: 'optimizer', part: 'optimizer' },
    ];
  }
  if (inputs.convention === 'megatron') {
    const grads: Component[] =
      inputs.precision === 'fp16'
        ? [
            { bytesPerParam: 2, shardFrom: Infinity, offload: 'never', part: 'gradients' },
            { bytesPerParam: 4, shardFrom: 1, offload: 'optimizer', part: 'gradients' },
          ]
        : [{ bytesPerParam: 4, shardFrom: Infinity, offload: 'never', part: 'gradients' }];
    return [{ bytesPerParam: w, shardFrom: 3, offload: 'params', part: 'weights' }, ...grads, { bytesPerParam: master + states, shardFrom: 1, offload: 'optimizer', part: 'optimizer' }];
  }
  return [
    { bytesPerParam: w, shardFrom: 3, offload: 'params', part: 'weights' },
    // Gradients leave the GPU with an offloaded optimizer (ZeRO-Offload reduces them into host memory).
    { bytesPerParam: w, shardFrom: 2, offload: 'optimizer', part: 'gradients' },
    { bytesPerParam: master + states, shardFrom: 1, offload: 'optimizer', part: 'optimizer' },
  ];
}

/** FSDP no_sync with more than one micro-batch per step: the gradients a sharded run would split are whole on every rank. */
export function unshardedWhileAccumulating(inputs: MemoryInputs): boolean {
  return inputs.gradientsUnshardedWhileAccumulating === true && inputs.microBatchesPerStep > 1 && inputs.zeroStage >= 2 && inputs.shardGroup > 1;
}

/** Model-state bytes on one GPU of `stage`. */
export function stateBytes(inputs: MemoryInputs, stage: StageName): StateBytes {
  const { shape, tp, ep, zeroStage } = inputs;
  const params = stageParams(shape, inputs.pp, stage);
  const out: StateBytes = { weights: 0, gradients: 0, optimizer: 0, hostBytes: 0, temporary: 0 };
  const denseShard = Math.max(1, inputs.shardGroup);
  // Expert weights are split over EP ranks, so their data-parallel group is that many times smaller (MEG-TM, PR #4687).
  const expertShard = Math.max(1, Math.floor(inputs.shardGroup / ep));
  const denseOnGpu = params.dense / tp;
  const expertOnGpu = params.expert / (tp * ep);

  const place = (part: Component['part'], bytes: number, offloaded: boolean) => {
    if (offloaded) out.hostBytes += bytes;
    else out[part] += bytes;
  };

  if (inputs.adapter) {
    const a = inputs.adapter;
    const base = baseWeightBytes(inputs, params.dense + params.expert, stage);
    const onGpuBase = base / tp / (zeroStage >= 3 ? denseShard : 1);
    place('weights', onGpuBase, inputs.offloadParams !== undefined);
    const adapters = (adapterParamsPerLayer(shape, a.rank, a.targets) * Math.ceil(shape.layers / inputs.pp)) / tp;
    // fp32 adapter weights and gradients, and the optimizer's state (16 B per adapter parameter with Adam); pure
    // 16-bit training keeps the adapters in the model's dtype too.
    const adapterBytes = inputs.convention === 'pure' ? weightBytes(inputs.precision) : ADAPTER_WEIGHT_BYTES.value;
    out.weights += adapters * adapterBytes;
    out.gradients += adapters * adapterBytes;
    out.optimizer += adapters * optimizerStateBytes(inputs, shape.hiddenSize);
    if (zeroStage >= 3) out.temporary = (weightBytes(inputs.precision) * gatheredLayerParams(shape, ep)) / tp;
    if (a.kind === 'qlora') {
      const dequant = a.quantizedFromFp16 ? QLORA_DEQUANT_BYTES.viaFp16 : QLORA_DEQUANT_BYTES.computeDtype;
      out.temporary += (dequant.value * largestQuantized(shape, a.quantizedHead === true)) / tp;
    }
    return out;
  }

  for (const c of trainedComponents(inputs)) {
    const sharded = zeroStage >= c.shardFrom;
    const bytes = c.bytesPerParam * (denseOnGpu / (sharded ? denseShard : 1) + expertOnGpu / (sharded ? expertShard : 1));
    const offloaded = (c.offload === 'optimizer' && inputs.offloadOptimizer !== undefined) || (c.offload === 'params' && inputs.offloadParams !== undefined);
    place(c.part, bytes, offloaded);
  }
  if (unshardedWhileAccumulating(inputs) && inputs.offloadOptimizer === undefined) {
    out.gradients = NO_SYNC_GRADIENT_COPIES.value * weightBytes(inputs.precision) * (denseOnGpu + expertOnGpu);
  }
  if (inputs.optimizerInBackward && out.gradients > 0) {
    out.gradients = Math.min(out.gradients, (weightBytes(inputs.precision) * largestTensor(shape)) / tp);
  }
  if (zeroStage >= 3) {
    // DeepSpeed's estimator: 4 × largest layer (16-bit params + grads of one gathered layer) (DS-EST). A layer's
    // routed experts are gathered over their own data-parallel group only: each rank gathers its 1/EP of them.
    // Megatron-FSDP gathers each unit's parameters and its gradient bucket (main gradient dtype), one unit or two
    // with --fsdp-double-buffer.
    const layer = gatheredLayerParams(shape, ep);
    const fsdp = inputs.megatronFsdp;
    out.temporary = fsdp ? (fsdp.gatheredUnits * (weightBytes(inputs.precision) + fsdp.mainGradBytes) * layer) / tp : (2 * weightBytes(inputs.precision) * layer) / tp;
  }
  return out;
}

/**
 * Parameters of the largest unit a rank gathers at once under ZeRO-3 / FSDP full shard: a layer, or an embedding
 * table. A MoE layer's routed experts are split over the EP ranks before they are sharded, so a rank gathers only its
 * own (torchtitan shards them on the mesh left once EP is taken; Megatron's expert data-parallel group is EP times
 * smaller).
 */
export function gatheredLayerParams(shape: MemoryShape, ep: number): number {
  const moe = shape.moe;
  const moeFfn = moe ? moe.otherFfnParamsPerLayer + moe.expertParamsPerLayer / Math.max(1, ep) : 0;
  const denseFfn = !moe || moe.layers < shape.layers ? shape.denseFfnParamsPerLayer : 0;
  return Math.max(shape.attentionParamsPerLayer + Math.max(moeFfn, denseFfn), shape.vocabSize * shape.hiddenSize);
}

/** The output layer's gradient on a GPU: the first gradient the backward makes (none when the layer is frozen, as under LoRA). */
export function outputLayerGradientBytes(inputs: MemoryInputs): number {
  if (inputs.adapter) return 0;
  return (weightBytes(inputs.precision) * inputs.shape.vocabSize * inputs.shape.hiddenSize) / inputs.tp;
}

/** The largest weight QLoRA dequantises for one matmul: an FFN or attention matrix, or the output layer when it is quantised. */
function largestQuantized(shape: MemoryShape, head: boolean): number {
  const h = shape.hiddenSize;
  const matrix = Math.max(h * h, h * (shape.moe?.expertFfnHiddenSize ?? shape.ffnHiddenSize));
  return head ? Math.max(matrix, shape.vocabSize * h) : matrix;
}

/**
 * Frozen base weights under LoRA/QLoRA: 16-bit everywhere, or NF4 (with quantisation constants) for the linear
 * layers and 16-bit for the embedding and output tables (bitsandbytes quantises nn.Linear only; QLoRA §3).
 */
function baseWeightBytes(inputs: MemoryInputs, stageTotal: number, stage: StageName): number {
  const w = weightBytes(inputs.precision);
  if (inputs.adapter?.kind !== 'qlora') return stageTotal * w;
  const table = inputs.shape.vocabSize * inputs.shape.hiddenSize;
  // A quantised output layer leaves only the input embedding in 16 bits (the last stage's table is the head itself).
  const headQuantized = inputs.adapter.quantizedHead === true && !inputs.shape.tiedEmbeddings;
  const tables = stage === 'only' ? inputs.shape.embeddingParams - (headQuantized ? table : 0) : stage === 'last' && headQuantized ? 0 : table;
  const nf4 = inputs.adapter.doubleQuant ? NF4_BYTES_PER_PARAM.withDoubleQuant.value : NF4_BYTES_PER_PARAM.withoutDoubleQuant.value;
  return (stageTotal - tables) * nf4 + tables * w;
}
