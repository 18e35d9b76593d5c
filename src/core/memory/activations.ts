// Activation memory of one GPU, after Korthikanti et al., "Reducing Activation Recomputation in Large Transformer
// Models" (arXiv 2205.05198): per layer by tensor (Table 2), with TP, SP, CP, selective or full recomputation and
// flash attention; times the layers of a pipeline stage and the micro-batches in flight on it (1F1B, interleaved);
// plus the embedding and output terms (§4.3) and the logits held at the loss (reference memory.md §4-§7).
//
// Per layer, s the local sequence (s/CP), with MHA and a GeLU FFN of 4h this is exactly Table 2:
//   sbh·(10 + 24/t + 5as/(ht))           TP        (10 = layer-norm inputs 4, dropout masks 2, un-split inputs 4)
//   (sbh/t)·(34 + 5as/h)                 TP + SP
// GQA shrinks the K and V terms by kv/a; a SwiGLU FFN stores 6sbf where GeLU stores 4sbf (memory.md §4 notes).
import { EAGER_NORM_BYTES, LORA_DROPOUT_BYTES, type LoraTarget } from '../data/memory';
import type { RecomputeModule } from '../types';
import type { MemoryInputs, MemoryShape, StageName } from './types';

/** Bytes of activations one transformer layer keeps for one micro-batch, before recomputation is applied. */
export interface LayerActivation {
  /** Terms never split by TP unless SP shards them by sequence: layer-norm inputs, dropout masks, block inputs. */
  replicated: number;
  /** Terms split across TP ranks: Q, K, V, attention output, FFN interior. */
  split: number;
  /** The s×s attention scores, softmax and its dropout (gone with flash attention or selective recompute). */
  scores: number;
  /** Flash attention's softmax statistics (fp32 per head and token). */
  flashStats: number;
}

/**
 * Which projections save their input for the backward. A trained projection does (its weight's gradient needs it);
 * a frozen nn.Linear does not (PyTorch's autograd saves a matmul operand only when the other one requires grad), nor
 * does torchao's 4-bit linear_nf4 (it saves the weight), but bitsandbytes' 4-bit matmul does (MatMul4Bit saves A
 * whenever A requires grad), and so does a LoRA adapter without dropout (lora_A takes the same input); with dropout,
 * lora_A keeps the dropped copy instead (loraDropout).
 */
export interface SavedInputs {
  /** The Q, K and V projections' shared input. */
  qkv: boolean;
  /** The output projection's own input (eager: a contiguous copy of the attention output). */
  o: boolean;
  /** The gate and up (or first FFN) projections' shared input. */
  ffn: boolean;
  /** The down (second FFN) projection's input. */
  down: boolean;
}

const ALL_SAVED: SavedInputs = { qkv: true, o: true, ffn: true, down: true };

/**
 * The FFN's interior: a gated FFN keeps the gate and up outputs (4 B per f), eager PyTorch the activation's output
 * too (the product's operand, 6), a GeLU FFN the activation's input (2); plus the down projection's input (2) when
 * that projection saves it.
 */
function ffnInterior(shape: MemoryShape, width: number, tokens: number, eager: boolean, saved: SavedInputs): number {
  const interior = shape.gated ? (eager ? 6 : 4) : 2;
  return tokens * width * (interior + (saved.down ? 2 : 0));
}

/** An eager run's norms: bytes per element each keeps (undefined: a fused kernel's 2-byte input). */
export interface EagerModules {
  normBytes: number;
}

/** KORTH §4.1 per-tensor count for one layer (2-byte activations, 1-byte masks) for `tokens` = s·b tokens. */
export function layerActivation(shape: MemoryShape, seq: number, batch: number, moeLayer: boolean, dropout = true, eager?: EagerModules, saved: SavedInputs = ALL_SAVED): LayerActivation {
  const { hiddenSize: h, heads: a } = shape;
  const sbh = seq * batch * h;
  // Two layer-norm inputs (2sbh each; an eager RMSNorm: what it keeps; a LayerNorm is one kernel, which keeps its
  // input), the attention and MLP dropout masks (sbh each), the QKV and FFN inputs (2sbh each, when their projections
  // save them). A parallel block (one norm) hands the attention and the FFN the same tensor: kept once.
  const normCount = shape.normsPerLayer ?? 2;
  const norms = normCount * (eager && shape.norm !== 'layer' ? eager.normBytes : 2) * sbh;
  const projectionInputs = normCount === 1 ? (saved.qkv || saved.ffn ? 2 : 0) : (saved.qkv ? 2 : 0) + (saved.ffn ? 2 : 0);
  // Multi-latent attention also keeps its latents: each compressed projection's norm input and output (the up
  // projection's input), 2 B per element each, and the rope key.
  const mla = shape.multiLatent;
  const latents = mla ? seq * batch * (4 * mla.qLatent + 4 * mla.kvLatent + 2 * mla.ropeKey) : 0;
  const replicated = norms + (dropout ? 2 * sbh : 0) + projectionInputs * sbh + latents;
  // Q 2sbh, K and V 2sbh·kv/a each, the attention output 2sbh (the attention kernel keeps it); eager PyTorch hands the
  // output projection a contiguous copy of it, a second 2sbh when that projection saves its input. MLA's Q and K are
  // heads × (nope + rope) wide, V and the output heads × v.
  const out = mla ? 2 * seq * batch * mla.vWidth : 2 * sbh;
  const attention = mlaQkv(shape, seq * batch) + out + (eager && saved.o ? out : 0);
  let ffn = ffnInterior(shape, shape.ffnHiddenSize, seq * batch, eager !== undefined, saved);
  if (moeLayer && shape.moe) {
    // Each token's FFN input is replicated for its top-k experts (llm-analysis get_activation_memory_per_layer_mlp).
    ffn = ffnInterior(shape, shape.moe.expertFfnHiddenSize, seq * batch, eager !== undefined, saved) * (shape.moe.topK + shape.moe.sharedExperts);
  }
  return {
    replicated,
    split: attention + ffn,
    // Softmax output 2as²b, and with dropout its 1-byte mask and the 2-byte dropped output (KORTH §4.1).
    scores: (dropout ? 5 : 2) * a * seq * seq * batch,
    flashStats: 4 * a * seq * batch,
  };
}

/** Q, K and V of one layer for `tokens` tokens: 2sbh + 4sbh·kv/a, or MLA's up-projection outputs. */
function mlaQkv(shape: MemoryShape, tokens: number): number {
  const mla = shape.multiLatent;
  if (mla) return 2 * tokens * (2 * mla.qWidth + mla.vWidth);
  return 2 * tokens * shape.hiddenSize * (1 + 2 * (shape.kvHeads / shape.heads));
}

/** One layer's stored bytes on one GPU under the run's TP/SP, recomputation and attention kernel. */
export function storedPerLayer(inputs: MemoryInputs, moeLayer: boolean): number {
  const { tp: t, sequenceParallel: sp } = inputs;
  const s = inputs.seqLength / inputs.cp;
  const b = inputs.microBatch;
  if (inputs.recompute === 'full') {
    // Only the layer's input is kept (2sbh); with SP it is kept sharded by sequence (KORTH §5: "2sbhL/t").
    return (2 * s * b * inputs.shape.hiddenSize) / (sp ? t : 1);
  }
  const l = layerActivation(inputs.shape, s, b, moeLayer, inputs.dropout, eagerOf(inputs), savedInputsOf(inputs));
  const attentionCore = inputs.flashAttention ? l.flashStats : recomputeModulesOf(inputs).includes('core_attn') ? 0 : l.scores;
  const stored = l.replicated / (sp ? t : 1) + l.split / t + attentionCore / t + loraDropout(inputs, s * b) / t;
  return Math.max(0, stored - recomputeModulesFreed(inputs, moeLayer));
}

/** Megatron's default selective recomputation: the attention core (transformer_config.py, recompute_modules None). */
const DEFAULT_RECOMPUTE_MODULES: readonly RecomputeModule[] = ['core_attn'];

/** The modules a selective run recomputes; none without selective recomputation. */
export function recomputeModulesOf(inputs: Pick<MemoryInputs, 'recompute' | 'recomputeModules'>): readonly RecomputeModule[] {
  if (inputs.recompute !== 'selective') return [];
  return inputs.recomputeModules ?? DEFAULT_RECOMPUTE_MODULES;
}

/**
 * What Megatron's selective recompute modules drop from one layer on one GPU, in layerActivation's terms
 * (megatron/core/transformer/transformer_layer.py, moe/experts.py, multi_latent_attention.py @ d98e8a64):
 *   layernorm      the norms' outputs, which the projections after them keep as inputs (2sbh each), where the norm
 *                  is a module of its own: Transformer Engine fuses it into the next linear (LayerNormLinear), except
 *                  MLA's input norm and an MoE layer's pre-MLP norm; `--transformer-impl local` keeps every norm apart
 *   mlp            a dense layer's MLP, checkpointed whole: its interior (6sbf gated), and with a fused norm fc1's
 *                  normed input too (the checkpoint keeps the residual instead)
 *   moe            an MoE layer's MLP, checkpointed whole: every expert's interior, routed and shared
 *   moe_act        the routed experts' activation output, fc2's input (2 B per f per routed copy)
 *   shared_experts the shared experts' interior
 *   mla_up_proj    Q, K and V, the up projections' outputs the attention kernel keeps (the latents stay)
 * The attention core (core_attn) is storedPerLayer's: it drops the scores.
 */
export function recomputeModulesFreed(inputs: MemoryInputs, moeLayer: boolean): number {
  const modules = recomputeModulesOf(inputs);
  if (modules.length === 0 || (modules.length === 1 && modules[0] === 'core_attn')) return 0;
  const { shape, tp: t } = inputs;
  const has = (m: RecomputeModule) => modules.includes(m);
  const tokens = (inputs.seqLength / inputs.cp) * inputs.microBatch;
  const sbh = tokens * shape.hiddenSize;
  const fused = inputs.normsFused ?? true;
  const moe = moeLayer ? shape.moe : undefined;
  let replicated = 0;
  let split = 0;
  if (has('layernorm')) {
    if (!fused || shape.multiLatent) replicated += 2 * sbh;
    if (!fused || moe) replicated += 2 * sbh;
  }
  if (!moe && has('mlp')) {
    split += ffnInterior(shape, shape.ffnHiddenSize, tokens, false, ALL_SAVED);
    if (fused) replicated += 2 * sbh;
  }
  if (moe) {
    const expert = ffnInterior(shape, moe.expertFfnHiddenSize, tokens, false, ALL_SAVED);
    if (has('moe')) split += expert * (moe.topK + moe.sharedExperts);
    else {
      if (has('moe_act')) split += 2 * tokens * moe.expertFfnHiddenSize * moe.topK;
      if (has('shared_experts')) split += expert * moe.sharedExperts;
    }
  }
  if (has('mla_up_proj') && shape.multiLatent) split += mlaQkv(shape, tokens);
  return replicated / (inputs.sequenceParallel ? t : 1) + split / t;
}

/** The most one layer's recomputed modules hold again in its backward (a dense or an MoE layer, whichever the stage has). */
function recomputedModules(inputs: MemoryInputs, layersOnStage: number, moeLayers: number): number {
  const dense = moeLayers < layersOnStage ? recomputeModulesFreed(inputs, false) : 0;
  const moe = moeLayers > 0 ? recomputeModulesFreed(inputs, true) : 0;
  return Math.max(dense, moe);
}

function eagerOf(inputs: MemoryInputs): EagerModules | undefined {
  if (!inputs.eager) return undefined;
  return { normBytes: inputs.adapter ? EAGER_NORM_BYTES.frozen.value : EAGER_NORM_BYTES.trained.value };
}

/** Which projection inputs the backward keeps: all of them unless frozen under LoRA (see SavedInputs). */
export function savedInputsOf(inputs: Pick<MemoryInputs, 'adapter' | 'shape'>): SavedInputs {
  const a = inputs.adapter;
  // bitsandbytes' MatMul4Bit keeps its input; torchao's linear_nf4 (torchtune) keeps only the 4-bit weight.
  if (!a || (a.kind === 'qlora' && a.nf4Kernel !== 'torchao')) return ALL_SAVED;
  const byAdapter = (...targets: LoraTarget[]) => !a.dropout && targets.some((t) => a.targets.includes(t));
  return { qkv: byAdapter('q', 'k', 'v'), o: byAdapter('o'), ffn: byAdapter('gate', 'up'), down: byAdapter('down') };
}

/** What LoRA dropout keeps in one layer: a dropped copy and a mask of each adapted projection's input. */
function loraDropout(inputs: MemoryInputs, tokens: number): number {
  const a = inputs.adapter;
  if (!a?.dropout) return 0;
  const { hiddenSize: h, ffnHiddenSize: f, gated } = inputs.shape;
  const width = a.targets.filter((x) => gated || x !== 'gate').reduce((sum, x) => sum + (x === 'down' ? f : h), 0);
  return LORA_DROPOUT_BYTES.value * tokens * width;
}

/** One layer's full working set, for the layer being recomputed during the backward of a full-recompute run. */
function recomputedLayer(inputs: MemoryInputs): number {
  return storedPerLayer({ ...inputs, recompute: 'none' }, inputs.shape.moe !== undefined);
}

/**
 * Micro-batches whose activations a stage holds at its peak. 1F1B: stage 0 holds min(p, m) (KORTH §4.2.3, MEG-TM);
 * interleaved schedules multiply by 1 + (p − 1)/(p·v); the last stage (and a run without pipeline) holds one.
 */
export function inFlight(inputs: MemoryInputs, stage: StageName): number {
  const p = inputs.pp;
  if (stage !== 'first' || p <= 1) return 1;
  const m = Math.max(1, inputs.microBatchesPerStep);
  const v = Math.max(1, inputs.virtualPipeline);
  const penalty = v > 1 ? 1 + (p - 1) / (p * v) : 1;
  return Math.min(m, p) * penalty;
}

export interface ActivationBytes {
  activations: number;
  logits: number;
  /** Saved activations moved to host memory by activation offloading. */
  hostBytes: number;
}

/** Layers' worth of saved activations an offloading run keeps on the GPU: the one being used and the one prefetched. */
const OFFLOAD_RESIDENT_LAYERS = 2;

/** Activation and logits bytes on one GPU of `stage`. */
export function activationBytes(inputs: MemoryInputs, stage: StageName): ActivationBytes {
  const { shape, tp: t, sequenceParallel: sp } = inputs;
  const s = inputs.seqLength / inputs.cp;
  const b = inputs.microBatch;
  const sbh = s * b * shape.hiddenSize;
  const layersOnStage = Math.ceil(shape.layers / inputs.pp);
  const moeLayers = shape.moe ? layersOnStage * (shape.moe.layers / shape.layers) : 0;
  const perMicroBatch = (layersOnStage - moeLayers) * storedPerLayer(inputs, false) + moeLayers * storedPerLayer(inputs, true);
  const flight = inFlight(inputs, stage);
  let activations = perMicroBatch * flight;
  let hostBytes = 0;
  if (inputs.activationOffload && layersOnStage > OFFLOAD_RESIDENT_LAYERS) {
    // Offloading streams each layer's saved tensors to the host after its forward and back before its backward.
    const resident = (perMicroBatch / layersOnStage) * OFFLOAD_RESIDENT_LAYERS;
    hostBytes = activations - resident;
    activations = resident;
  }
  const recomputed = inputs.recompute === 'full' ? recomputedLayer(inputs) : recomputedModules(inputs, layersOnStage, moeLayers);
  const seqShard = sp ? t : 1;
  // Embedding dropout mask per micro-batch in flight on the first stage (KORTH §4.3: sbhp/t).
  if (stage !== 'last' && inputs.dropout) activations += (sbh * flight) / seqShard;
  let logits = 0;
  if (stage !== 'first') {
    // Final layer norm and output-projection inputs (4sbh/t), and the logits at the loss (vocab-parallel: /t).
    activations += (4 * sbh) / seqShard;
    logits = (inputs.logitsBytesPerElement * s * b * shape.vocabSize) / t;
  }
  // The recomputed layer lives in the layers' backward, which starts once the loss's backward has freed the logits:
  // the two share the peak, so only the part of the layer's working set beyond the logits adds to it.
  activations += Math.max(0, recomputed - logits);
  return { activations, logits, hostBytes };
}
