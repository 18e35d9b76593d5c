// The shapes of the memory-per-GPU estimate: plain numbers in (so the worked examples can be checked exactly), the
// itemised bytes of the busiest GPU out, with the verdict against the GPU's memory.
import type { NormKind, OffloadDevice, OptimizerKind, Precision, Recompute, RecomputeModule, SourceKind } from '../types';
import type { LoraTarget } from '../data/memory';

/**
 * How a framework lays out model states (reference memory.md §2): the ZeRO paper's mixed precision, Megatron's fp32
 * main grads, or pure 16-bit training (torchtune's `dtype: bf16`: weights, gradients and optimizer states all in the
 * model's dtype, no fp32 master copy).
 */
export type StateConvention = 'zero' | 'megatron' | 'pure';

export interface MemoryShape {
  layers: number;
  hiddenSize: number;
  heads: number;
  kvHeads: number;
  ffnHiddenSize: number;
  gated: boolean;
  vocabSize: number;
  tiedEmbeddings: boolean;
  /** LayerNorm runs as one fused kernel even in eager PyTorch (its 2-byte input kept); RMSNorm (the default) op by op. */
  norm?: NormKind;
  /** Norms per block (2 unless the model table says): 1 for a parallel block, whose attention and FFN read one tensor. */
  normsPerLayer?: number;
  /** Parameters of the embedding table(s): vocab·h, twice when untied. */
  embeddingParams: number;
  /** Attention parameters of one layer. */
  attentionParamsPerLayer: number;
  /** Dense FFN parameters of one dense layer. */
  denseFfnParamsPerLayer: number;
  /**
   * Multi-latent attention (DeepSeek-V2/V3), widths per token: Q and K (heads × (nope + rope)), V and the attention
   * output (heads × v), and the compressed latents its down projections make (q and kv ranks, the rope key). Its input
   * norm is a module of its own, apart from the down projections.
   */
  multiLatent?: { qWidth: number; vWidth: number; qLatent: number; kvLatent: number; ropeKey: number };
  /** MoE: routed-expert parameters of one MoE layer, the rest of that layer's FFN (shared experts, router), counts. */
  moe?: { layers: number; expertParamsPerLayer: number; otherFfnParamsPerLayer: number; topK: number; experts: number; sharedExperts: number; expertFfnHiddenSize: number };
}

export interface MemoryInputs {
  shape: MemoryShape;
  seqLength: number;
  microBatch: number;
  /** Micro-batches per optimizer step on one pipeline (gradient accumulation steps). */
  microBatchesPerStep: number;
  tp: number;
  pp: number;
  cp: number;
  ep: number;
  dp: number;
  /** Interleaved schedule: model chunks per pipeline rank (1 = plain 1F1B). */
  virtualPipeline: number;
  sequenceParallel: boolean;
  precision: Precision;
  optimizer: OptimizerKind;
  convention: StateConvention;
  /** 0-3; for Megatron, the distributed optimizer is stage 1. */
  zeroStage: number;
  /** Ranks the sharded states span (≤ the data-parallel size; HYBRID_SHARD: one node). */
  shardGroup: number;
  offloadOptimizer?: OffloadDevice;
  offloadParams?: OffloadDevice;
  recompute: Recompute;
  /**
   * Megatron's selective recompute modules (`--recompute-modules`); absent: the attention core alone (its default, and
   * the meaning of selective recomputation elsewhere).
   */
  recomputeModules?: readonly RecomputeModule[];
  /** Transformer Engine's LayerNormLinear: a norm fused into the projection after it, no module of its own to recompute. */
  normsFused?: boolean;
  /** The optimizer steps each parameter in the backward as its gradient arrives, so gradients are never all held (torchtune optimizer_in_bwd). */
  optimizerInBackward?: boolean;
  /**
   * Gradient accumulation under FSDP's no_sync (LitGPT's fabric.no_backward_sync): between syncs each rank holds the
   * whole model's gradients unsharded, so with more than one micro-batch per step they are not sharded.
   */
  gradientsUnshardedWhileAccumulating?: boolean;
  /**
   * The trainer frees the gradients after each optimizer step (`zero_grad(set_to_none=True)`: torchtune, LitGPT, the
   * Hugging Face Trainer without DeepSpeed). With one micro-batch per step the gradients and the forward's activations
   * then never live at once, and the peak is the larger of the two moments (memory/estimate.ts).
   */
  gradientsFreedAfterStep?: boolean;
  /** Saved activations are moved to host memory in the forward and fetched back in the backward (torchtune enable_activation_offloading). */
  activationOffload?: boolean;
  flashAttention: boolean;
  /** Dropout masks stored (KORTH assumes dropout; Llama-style recipes set it to 0). */
  dropout: boolean;
  /**
   * Modules run op by op in eager PyTorch (Hugging Face models, LitGPT, torchtune without compile): each op keeps its
   * own inputs, so the norms keep fp32 copies and a gated FFN keeps its activation's output too (memory.md §4 notes).
   */
  eager?: boolean;
  logitsBytesPerElement: number;
  /** `dropout`: LoRA dropout above zero, which keeps a dropped copy of each adapted projection's input and its mask. */
  /**
   * `quantizedHead`: QLoRA quantises the output layer too (Lightning's bitsandbytes plugin replaces every nn.Linear).
   * `nf4Kernel`: whose 4-bit matmul runs the frozen weights: bitsandbytes (PEFT, LitGPT; the default), which keeps each
   * input for the backward, or torchao (torchtune), which keeps only the weight.
   * `quantizedFromFp16`: each weight was quantised from an fp16 copy (Lightning's bitsandbytes plugin), so a matmul
   * dequantises it to fp16 and then converts it to bf16.
   */
  adapter?: {
    kind: 'lora' | 'qlora';
    rank: number;
    targets: readonly LoraTarget[];
    doubleQuant: boolean;
    dropout?: boolean;
    quantizedHead?: boolean;
    quantizedFromFp16?: boolean;
    nf4Kernel?: 'bitsandbytes' | 'torchao';
  };
  /**
   * Megatron-FSDP in place of Megatron's DDP buffers: main gradients of `mainGradBytes` per parameter, sharded from
   * stage 2 (optim_grads); a main parameter copy of `mainParamBytes` (0 when the compute weights are the main weights);
   * and `gatheredUnits` layers gathered at once under optim_grads_params (2 with --fsdp-double-buffer).
   */
  megatronFsdp?: { mainGradBytes: number; mainParamBytes: number; gatheredUnits: number };
  frameworkOverheadBytes: number;
  fragmentationFraction: number;
}

/** Bytes on one GPU, by component. */
export interface MemoryComponents {
  weights: number;
  gradients: number;
  optimizer: number;
  activations: number;
  logits: number;
  /** ZeRO-3/FSDP: one gathered layer's 16-bit parameters and gradients; QLoRA: the weight dequantised for a matmul. */
  temporary: number;
  /** CUDA context, allocator fragmentation, NCCL buffers. */
  overhead: number;
}

export const COMPONENT_NAMES: Record<keyof MemoryComponents, string> = {
  weights: 'weights',
  gradients: 'gradients',
  optimizer: 'optimizer states',
  activations: 'activations',
  logits: 'logits and loss',
  temporary: 'gathered or dequantised layer',
  overhead: 'framework overhead',
};

export type StageName = 'only' | 'first' | 'last';

/**
 * The moment of a step the peak falls on, when the gradients and the forward's activations are not held together:
 * the loss (activations and logits), the start of the layers' backward (activations and the output layer's gradient)
 * or the end of the backward (every gradient).
 */
export type PeakMoment = 'loss' | 'backward-start' | 'backward-end';

export interface StageMemory {
  stage: StageName;
  /** What the GPU holds at its peak (every component at once unless `moment` says which part of the step it is). */
  components: MemoryComponents;
  /** Set when the gradients are freed between steps and a step has one micro-batch: the moment the peak falls on. */
  moment?: PeakMoment;
  totalBytes: number;
  /** Bytes moved off the GPU by offload (host memory per GPU). */
  hostBytes: number;
}

export type MemoryVerdict = 'fits' | 'tight' | 'does-not-fit';

/** An input the estimate used, with where it came from, for hovers and reports. */
export interface MemoryAssumption {
  name: string;
  value: string;
  source: SourceKind;
  detail: string;
}

export interface MemoryEstimate {
  /** The busiest rank (the largest of the first and last pipeline stages). */
  busiest: StageMemory;
  stages: StageMemory[];
  gpu: { id: string; name: string };
  capacityBytes: number;
  verdict: MemoryVerdict;
  /** capacity − total; negative when it does not fit. */
  headroomBytes: number;
  /** The smallest GPU of the table with room for it (under the tight threshold), if any. */
  smallestFit?: { id: string; name: string; capacityBytes: number };
  /** Adapter parameters trained (LoRA/QLoRA), for hovers. */
  adapterParams?: number;
  assumptions: MemoryAssumption[];
  inputs: MemoryInputs;
  /** For a run that does not fit or fits tightly: the priced fixes, best first (filled by analyze). */
  fixes: MemoryFix[];
  /** The file gives no GPU count but fixes the global batch: data parallel holds at most this many ranks. */
  maxDataParallel?: number;
}

export type MemoryFixId =
  | 'zero-stage'
  | 'zero-stage-3'
  | 'distributed-optimizer'
  | 'recompute-selective'
  | 'recompute-full'
  | 'micro-batch'
  | 'tensor-parallel'
  | 'tensor-parallel-node'
  | 'pipeline-parallel'
  | 'expert-parallel'
  | 'qlora'
  | 'optimizer-8bit'
  | 'offload-optimizer';

/** A change that lowers memory per GPU, priced in memory and in GPU-hours, dollars and CO2e (memory/fixes.ts). */
export interface MemoryFix {
  /** The change, or the first of a pair (`steps` names both). */
  id: MemoryFixId;
  /** The changes the fix makes, written together: one, or two when no single change makes the run fit. */
  steps: MemoryFixId[];
  /** What to do, in words: "Enable full activation recomputation". */
  title: string;
  /** The change itself: "recompute none → full". */
  change: string;
  totalBytes: number;
  savedBytes: number;
  verdict: MemoryVerdict;
  /** GPU-hours (and so energy, cost, CO2e) multiply by this; 1 when the projection sees no change. */
  costFactor: number;
  /** Deltas of the meters' points, when the projection has them. */
  gpuHoursDelta: number | null;
  costUSDDelta: number | null;
  co2eKgDelta: number | null;
  /** Why the cost moves (or what the projection leaves out). */
  costNote: string;
  /** The file can take the change in one click: a quick fix writes it in the file's own keys, one undo. */
  applicable: boolean;
  /** When not applicable: what to do by hand instead ("add a DeepSpeed config with ..."); null when applicable. */
  instead: string | null;
  /**
   * The GPU count the fix also sets, for a file that gives none and that more GPUs alone do not make fit: the change
   * fits once its states are sharded over this many GPUs (data parallel `dp`). Written as the file's annotation.
   */
  gpus?: { gpus: number; dp: number };
}
