// The constants of the memory-per-GPU estimate (src/core/memory), each with its source. Bytes per parameter by
// optimizer, quantisation constants, the logits buffer per implementation, the framework overhead default and the
// verdict's headroom. Formulas live in src/core/memory; only numbers live here.
import type { OptimizerKind } from '../types';

export interface MemoryConstant {
  value: number;
  source: string;
  year: number;
}

/** Bytes per GiB: GPU datasheets' "80GB" of HBM are binary gigabytes, as nvidia-smi and PyTorch report them. */
export const BYTES_PER_GIB = 2 ** 30;

/** Optimizer state per trained parameter, excluding the fp32 master copy (which mixed precision adds on its own). */
export const OPTIMIZER_STATE_BYTES: Record<OptimizerKind, MemoryConstant & { name: string }> = {
  adam: {
    name: 'Adam/AdamW (fp32 m and v)',
    value: 8,
    source: 'ZeRO (Rajbhandari et al., SC\'20) §3.1: K = 12 = fp32 master 4 + momentum 4 + variance 4; 8-bit Optimizers (Dettmers et al., ICLR 2022) §2',
    year: 2020,
  },
  'adam-8bit': {
    name: '8-bit Adam (bitsandbytes, block-wise)',
    // Two 1-byte states plus one fp32 absmax per 2048-element block for each.
    value: 2 + (2 * 4) / 2048,
    source: 'Dettmers et al., "8-bit Optimizers via Block-wise Quantization", ICLR 2022, §1-§2 (2 bytes for Adam; block size 2048)',
    year: 2022,
  },
  'sgd-momentum': {
    name: 'SGD with momentum (one fp32 state)',
    value: 4,
    source: 'HF Transformers "Model training anatomy" (4 bytes for SGD with momentum); 8-bit Optimizers §2',
    year: 2023,
  },
  sgd: { name: 'plain SGD (no state)', value: 0, source: 'SGD keeps no optimizer state', year: 1951 },
  lion: {
    name: 'Lion (fp32 momentum)',
    value: 4,
    source: 'llm-analysis analysis.py docstring: Lion "only requires FP32 momentum" (cli99/llm-analysis d841e40)',
    year: 2024,
  },
  adafactor: {
    name: 'Adafactor (factored second moment, no momentum)',
    // Factored: an n×m matrix keeps n + m fp32 accumulators; per parameter that is 4·(1/n + 1/m) bytes, which the
    // estimate evaluates with the model's hidden size (memory/states.ts). This entry is the per-row-and-column cost.
    value: 4,
    source: 'Shazeer & Stern, "Adafactor: Adaptive Learning Rates with Sublinear Memory Cost", ICML 2018 (n + m accumulators per n×m matrix)',
    year: 2018,
  },
};

/** The fp32 master copy mixed-precision training keeps of every trained 16-bit parameter. */
export const MASTER_COPY_BYTES: MemoryConstant = {
  value: 4,
  source: 'ZeRO §3.1 ("fp32 copy of the parameters"); Megatron-LM docs/api-guide/dist_optimizer.md',
  year: 2020,
};

/** NF4 storage of a quantised weight: 4 bits, plus its quantisation constants (fp32 per 64-block, or double-quantised). */
export const NF4_BYTES_PER_PARAM = {
  withDoubleQuant: {
    // 4 bits + 8/64 + 32/(64·256) bits of constants = 4.126953125 bits.
    value: (4 + 8 / 64 + 32 / (64 * 256)) / 8,
    source: 'Dettmers et al., "QLoRA", arXiv 2305.14314 §3 Double Quantization (0.127 bits of constants per parameter)',
    year: 2023,
  },
  withoutDoubleQuant: {
    value: (4 + 32 / 64) / 8,
    source: 'QLoRA §3: "32-bit constants and a blocksize of 64 … add 32/64 = 0.5 bits per parameter"',
    year: 2023,
  },
} as const;

/**
 * QLoRA's 4-bit matmul dequantises the whole weight before each matmul, forward and backward (one weight at a time,
 * freed after it): the largest quantised weight's dequantised copies join the peak. bitsandbytes dequantises to the
 * dtype its quant state recorded when the weight was quantised, then converts that to the input's dtype.
 */
export const QLORA_DEQUANT_BYTES = {
  /** Quantised from the compute dtype (PEFT and transformers load bf16 weights, then quantise them): one 16-bit copy. */
  computeDtype: {
    value: 2,
    source:
      'bitsandbytes 0.42.0 autograd/_functions.py MatMul4Bit.forward and backward: F.dequantize_4bit(B, quant_state).to(A.dtype); functional.py dequantize_4bit allocates quant_state.dtype, which quantize_4bit records as the input\'s dtype',
    year: 2024,
  },
  /**
   * Quantised from an fp16 copy (Lightning's BitsandbytesPrecision, which LitGPT runs): dequantize_4bit returns fp16
   * and `.to(A.dtype)` makes the bf16 copy while the fp16 one is still alive, 2 + 2 bytes per element.
   */
  viaFp16: {
    value: 2 + 2,
    source:
      'lightning/fabric/plugins/precision/bitsandbytes.py _Linear4bit.quantize: weight.to(dtype=torch.half) before bnb.functional.quantize_4bit (Lightning 2.3, the version LitGPT pinned in 2024); bitsandbytes 0.42.0 MatMul4Bit dequantize_4bit(...).to(A.dtype)',
    year: 2024,
  },
} as const;

/** Adapter weights (and their gradients) are fp32: with Adam's 8 B a trained adapter parameter costs 16 B. */
export const ADAPTER_WEIGHT_BYTES: MemoryConstant = {
  value: 4,
  source: 'PEFT keeps LoRA weights in fp32 (autocast_adapter_dtype=True); ZeRO §3.1 constants applied to adapters (reference memory.md §9.1)',
  year: 2024,
};

/** The modules LoRA adapts when a recipe does not say: PEFT's default for Llama-family models (q_proj, v_proj). */
export const DEFAULT_LORA_TARGETS: { value: readonly LoraTarget[]; source: string; year: number } = {
  value: ['q', 'v'],
  source: 'PEFT TRANSFORMERS_MODELS_TO_LORA_TARGET_MODULES_MAPPING (llama: q_proj, v_proj); LoRA §4.2 adapts W_q, W_v',
  year: 2023,
};
export const DEFAULT_LORA_RANK: MemoryConstant = { value: 8, source: 'PEFT LoraConfig r = 8; torchtune QLoRA configs r = 8', year: 2023 };

export type LoraTarget = 'q' | 'k' | 'v' | 'o' | 'gate' | 'up' | 'down';

/**
 * Bytes per logit element held at the loss. Megatron's vocab-parallel cross-entropy keeps the fp32 logits only
 * (Korthikanti §4.3: 4sbv/t); a trainer that computes bf16 logits, upcasts them to fp32 for the loss and keeps the
 * fp32 gradient holds 2 + 4 + 4 = 10 bytes per element at the peak (reference memory.md §7).
 */
export const LOGITS_BYTES_PER_ELEMENT = {
  fusedVocabParallel: { value: 4, source: 'Korthikanti et al., arXiv 2205.05198 §4.3 (logits stored in fp32: 4sbv/t)', year: 2022 },
  upcastLoss: { value: 10, source: 'bf16 logits + fp32 upcast + fp32 gradient of the loss (reference memory.md §7, from the dtypes)', year: 2024 },
  /**
   * Lightning Fabric returns a model's outputs in the default dtype (fp32: every precision plugin's convert_output), and
   * LitGPT's loop keeps that fp32 `logits` alive through the backward while chunked_cross_entropy saves each chunk's
   * fp32 log-softmax; the backward then gathers the chunks' fp32 gradients into one: 4 + 4 + 4 bytes per element.
   */
  fabricFp32Output: {
    value: 4 + 4 + 4,
    source:
      'lightning/fabric/plugins/precision/half.py convert_output (dst_type=torch.get_default_dtype()); LitGPT litgpt/finetune/lora.py fit() holds `logits` across fabric.backward, litgpt/utils.py chunked_cross_entropy (chunk_size 128) @ 00af8b0d',
    year: 2024,
  },
  /**
   * torchtune's compile_loss compiles CEWithChunkedOutputLoss.compute_cross_entropy: AOTAutograd's min-cut partitioner
   * saves the bf16 chunk it was given (and a per-row log-sum-exp) and recomputes the fp32 upcast in the backward, so
   * the bf16 chunks (2) stay and one chunk's bf16 gradient (2/8) is made at a time.
   */
  chunkedCompiled: {
    value: 2 + 2 / 8,
    source:
      'torchtune/training/_compile.py compile_loss (torch.compile of compute_cross_entropy) and ce_chunked_output_loss.py (8 chunks) @ 1814feb; torch/_functorch/partitioners.py min_cut_rematerialization_partition (recompute cheap pointwise ops, save inputs)',
    year: 2024,
  },
  /**
   * flash-attn's Triton cross_entropy_loss with inplace_backward=True, as verl's actor takes its log-probs when it
   * computes no entropy: the bf16 logits (2) are the only buffer, the loss's gradient written over them.
   */
  inplaceCrossEntropy: {
    value: 2,
    source:
      'verl verl/utils/torch_functional.py logprobs_from_logits (flash_attn.ops.triton.cross_entropy, inplace_backward=True) and workers/actor/dp_actor.py (in place unless calculate_entropy) @ b178a3cd',
    year: 2025,
  },
  /**
   * Cut Cross-Entropy (axolotl's CutCrossEntropyPlugin): the loss and its gradient are computed block by block from
   * the last hidden states and the classifier's weights, so no logit is ever stored in GPU memory.
   */
  cutCrossEntropy: {
    value: 0,
    source: 'Wijmans et al. 2024, "Cut Your Losses in Large-Vocabulary Language Models", arXiv 2411.09009 (apple/ml-cross-entropy); axolotl src/axolotl/integrations/cut_cross_entropy @ 067b021c',
    year: 2024,
  },
  /** torchtune CEWithChunkedOutputLoss: bf16 logit chunks (2) and each chunk's saved fp32 log-softmax (4), one chunk of 8 upcast at a time (4/8). */
  chunkedUpcast: {
    value: 2 + 4 + 4 / 8,
    source: 'torchtune CEWithChunkedOutputLoss (num_output_chunks 8, "upcasting only one chunk at a time"), torchtune/modules/loss/ce_chunked_output_loss.py @ 30b8519; dtypes as in reference memory.md §7',
    year: 2024,
  },
} as const;

/**
 * Framework overhead per GPU: CUDA context and kernels, the caching allocator's slack and NCCL buffers, which the
 * formulas (tensors only) do not count. The user can change it (footprint.memoryOverheadGB, --memory-overhead).
 */
export const FRAMEWORK_OVERHEAD_GIB: MemoryConstant = {
  value: 2,
  source:
    'HF Transformers "Model training anatomy": kernels take 1-2 GB, 1,343 MB measured on a V100; NCCL buffers 0.2-1 GB multi-GPU (reference memory.md §10)',
  year: 2023,
};

/** Allocator fragmentation on top of the tensors: PyTorch's reserved exceeds allocated by a few percent. */
export const FRAGMENTATION_FRACTION: MemoryConstant = {
  value: 0.05,
  source: 'Reference memory.md §10 recommendation (fragmentation 5-10%); ZeRO §3.2 on fragmentation',
  year: 2020,
};

/**
 * Bytes an eager RMSNorm keeps per element (a fused kernel keeps its 2-byte input). Hugging Face's LlamaRMSNorm
 * upcasts its input to fp32 and multiplies the weight by the bf16 normalised tensor: the fp32 copy (4) is kept for
 * the normalisation's backward, and the bf16 normalised tensor (2) only when the norm's weight is trained.
 */
export const EAGER_NORM_BYTES = {
  frozen: { value: 4, source: 'transformers LlamaRMSNorm.forward: hidden_states.to(torch.float32) kept for the backward (weight frozen: LoRA, QLoRA)', year: 2024 },
  trained: { value: 4 + 2, source: 'transformers LlamaRMSNorm.forward: the fp32 input, and the bf16 normalised input of self.weight * hidden_states', year: 2024 },
} as const;

/** LoRA dropout keeps its 2-byte output (lora_A's input) and a 1-byte mask per element of each adapted input. */
export const LORA_DROPOUT_BYTES: MemoryConstant = {
  value: 2 + 1,
  source: 'PEFT / LitGPT LoRA: lora_B(lora_A(dropout(x))) — lora_A keeps dropout(x), dropout keeps its boolean mask (nn.Identity when lora_dropout is 0)',
  year: 2024,
};

/**
 * FSDP's no_sync (gradient accumulation without a reduce-scatter per micro-batch) keeps each rank's gradients
 * unsharded until the micro-batch that syncs: one full 16-bit copy of the model's gradients on every GPU. LitGPT's
 * fabric.no_backward_sync calls it on every accumulating micro-batch.
 */
export const NO_SYNC_GRADIENT_COPIES: MemoryConstant = {
  value: 1,
  source:
    'PyTorch FullyShardedDataParallel.no_sync docs ("FSDP will accumulate the full model gradients (instead of gradient shards) until the eventual sync"); lightning/fabric/strategies/fsdp.py _FSDPBackwardSyncControl; litgpt/finetune/full.py fabric.no_backward_sync @ 00af8b0d',
  year: 2023,
};

/** GPUs per node where a run does not say how many GPUs it shards over: the 8-GPU HGX/DGX node of nearly every training cluster. */
export const DEFAULT_NODE_GPUS: MemoryConstant = {
  value: 8,
  source: 'NVIDIA DGX/HGX A100, H100, H200 and B200 systems carry 8 GPUs per node (NVIDIA DGX datasheets)',
  year: 2024,
};

/** Above this share of the GPU's memory a run that fits is "tight": the peak varies with data lengths and versions. */
export const TIGHT_FIT_FRACTION: MemoryConstant = {
  value: 0.9,
  source: 'Issue "Will it fit?": tight over 90%; published measurements vary 8-16% between machines (reference memory.md §12.8)',
  year: 2026,
};
