// Peak GPU memory that the owners of real training configurations measured and published: the validation set of the
// memory-per-GPU estimate (README "Validation against measured peak memory"). Each row is the configuration as its
// source states it (model, sequence, micro-batch, GPUs, precision, optimizer, sharding, recomputation, adapters, loss)
// and the measured peak with what was measured. Nothing is fitted to these rows: the estimate's constants come from
// data/memory.ts, each with its own source, so every row is out of sample.
import type { OptimizerKind, Recompute } from '../types';
import type { LoraTarget } from './memory';

/** What a published figure measured (reference memory.md §10, pitfall 7). */
export type MeasuredKind =
  /** torch.cuda.max_memory_allocated / "active": tensors only. */
  | 'allocated'
  /** torch.cuda.max_memory_reserved: tensors and the caching allocator's slack. */
  | 'reserved'
  /** nvidia-smi / NVML "used": everything, the CUDA context included. */
  | 'device';

/** The loss as the recipe computes it, for the logits it holds. */
export type LogitsKind = 'upcast' | 'chunked' | 'fabric' | 'fused';

export interface PublishedPeakMemory {
  id: string;
  label: string;
  /** A model of the shipped open-models table (its architecture gives the shape). */
  model: string;
  seqLength: number;
  microBatch: number;
  gpuId: string;
  gpus: number;
  /** 'pure': weights, gradients and optimizer states in bf16 (torchtune); 'zero': mixed precision with an fp32 master. */
  convention: 'pure' | 'zero';
  optimizer: OptimizerKind;
  /**
   * bitsandbytes Paged* optimizers keep their states in CUDA unified memory (cudaMallocManaged), evicted to the host
   * under pressure and outside PyTorch's allocator, so torch.cuda.max_memory_allocated does not count them.
   */
  pagedOptimizer?: boolean;
  /** 0 = replicated; 3 = FSDP full shard over every GPU. */
  zeroStage: number;
  /** Micro-batches per optimizer step on each GPU (global batch ÷ GPUs ÷ micro-batch); 1 when unsaid. */
  gradAccum?: number;
  /** The framework the run used, for what it does beyond the config (LitGPT: Fabric's fp32 outputs, no_sync, an untied head). */
  framework: 'torchtune' | 'litgpt';
  /** FSDP CPU offload: parameters, gradients and optimizer step on the host. */
  cpuOffload?: boolean;
  recompute: Recompute;
  optimizerInBackward?: boolean;
  activationOffload?: boolean;
  logits: LogitsKind;
  /** `dropout`: lora_dropout above zero. */
  /** `doubleQuant: false`: bitsandbytes NF4 without double quantisation (LitGPT's bnb.nf4); unsaid: double-quantised. */
  adapter?: { kind: 'lora' | 'qlora'; rank: number; targets: readonly LoraTarget[]; dropout?: boolean; doubleQuant?: boolean };
  /** torch.compile on: it fuses kernels and frees intermediates, which the estimate does not model. */
  compiled: boolean;
  /** The published peak in its own unit, or 'oom' when the run stopped out of memory on its GPU. */
  measuredValue: number | 'oom';
  measuredUnit: 'GiB' | 'GB';
  measured: MeasuredKind;
  /** The configuration's details as the source gives them, and any reading the row makes. */
  note: string;
  /**
   * Why the row is shown but not counted: the published figure cannot be the stated configuration's peak, by the
   * source's own numbers (never because the estimate misses it).
   */
  leftOut?: string;
  /** Where the figure was published: a URL at a commit, and the same in a few words. */
  source: string;
  cite: string;
  year: number;
}

// The tables' configurations are the recipe configs of the same commit.
const TT_README = 'https://github.com/pytorch/torchtune/blob/30b8519e8/README.md#memory-and-training-speed';
const TT_FLAGS = 'https://github.com/pytorch/torchtune/blob/1814feb17/README.md#optimization-flags';
const TT_NOTE = 'torchtune README: batch 2, no accumulation, packed to 2048, torch.compile; "Peak Memory per GPU" from torchtune\'s get_memory_stats (max_memory_allocated / 1024³)';
const FLAGS_NOTE = 'torchtune README flags table: Llama 3.2 3B, batch 2, packed to 4096, bf16, one A100, each technique on top of the previous; "Peak Memory Active (GiB)"';

const LLAMA32_3B = 'meta-llama/Llama-3.2-3B';
const LLAMA31_8B = 'meta-llama/Llama-3.1-8B';
const LLAMA31_70B = 'meta-llama/Llama-3.1-70B';
const LLAMA31_405B = 'meta-llama/Llama-3.1-405B';

const ALL_LINEAR: LoraTarget[] = ['q', 'k', 'v', 'o', 'gate', 'up', 'down'];
const QV_O_MLP: LoraTarget[] = ['q', 'v', 'o', 'gate', 'up', 'down'];

/** torchtune's Llama 3.2 3B "Optimization flags" rows: one technique added per row, on one A100 80GB. */
function flags(id: string, label: string, over: Partial<PublishedPeakMemory> & { measuredValue: number | 'oom' }): PublishedPeakMemory {
  return {
    id,
    label: `Llama 3.2 3B ${label} (torchtune)`,
    model: LLAMA32_3B,
    seqLength: 4096,
    microBatch: 2,
    gpuId: 'a100-80gb',
    gpus: 1,
    convention: 'pure',
    optimizer: 'adam',
    zeroStage: 0,
    framework: 'torchtune',
    recompute: 'none',
    logits: 'upcast',
    compiled: false,
    measured: 'allocated',
    measuredUnit: 'GiB',
    note: FLAGS_NOTE,
    source: TT_FLAGS,
    cite: 'torchtune README @ 1814feb, "Optimization flags"',
    year: 2024,
    ...over,
  };
}

const COMPILED = { compiled: true } as const;
const CHUNKED = { ...COMPILED, logits: 'chunked' } as const;
const CKPT = { ...CHUNKED, recompute: 'full' } as const;
const IN_BWD = { ...CKPT, optimizerInBackward: true } as const;
const OFFLOAD = { ...IN_BWD, activationOffload: true } as const;
// LoRA and QLoRA rows: the final command of the table (AdamW, no optimizer_in_bwd), 3B_lora_single_device's adapters.
const ADAPTER_3B = { ...CKPT, activationOffload: true } as const;

/** torchtune's Llama 3.1 table: the configs of the commit that published it, at batch 2 and packed 2048. */
function readme(id: string, label: string, model: string, gpuId: string, gpus: number, over: Partial<PublishedPeakMemory> & { measuredValue: number | 'oom'; note: string }): PublishedPeakMemory {
  return {
    id,
    label: `${label} (torchtune)`,
    model,
    seqLength: 2048,
    microBatch: 2,
    gpuId,
    gpus,
    convention: 'pure',
    optimizer: 'adam',
    zeroStage: gpus > 1 ? 3 : 0,
    framework: 'torchtune',
    recompute: 'full',
    logits: 'chunked',
    compiled: true,
    measured: 'allocated',
    measuredUnit: 'GiB',
    source: TT_README,
    cite: 'torchtune README @ 30b8519, "Memory and training speed"',
    year: 2024,
    ...over,
    note: `${TT_NOTE}; ${over.note}`,
  };
}

/** The table's RTX A6000 rows measure about twice its RTX 4090 rows of the same stated recipe. */
const A6000_TWICE = (gib: number) =>
  `the same table measures ${gib} GiB for the same stated recipe on an RTX 4090; an allocated peak counts tensors, which the card does not change, so both cannot be this recipe's peak, and only the 4090's fits its 24 GB`;

const FULL_8B = { optimizer: 'adam-8bit', pagedOptimizer: true, optimizerInBackward: true, note: 'llama3_1/8B_full_single_device: PagedAdamW8bit, optimizer_in_bwd, activation checkpointing, CEWithChunkedOutputLoss' } as const;
const LORA_8B = { adapter: { kind: 'lora', rank: 8, targets: ['q', 'v'] }, note: 'llama3_1/8B_lora_single_device: LoRA rank 8 on q_proj, v_proj; AdamW; activation checkpointing; CEWithChunkedOutputLoss' } as const;

// LitGPT's config-hub table: each config at the commit that published the table, on Alpaca2k (rows cut at 512 tokens,
// so the peak batch is 512 long), bf16-true (weights, gradients and AdamW states in bf16; LoRA adapters too), no
// torch.compile, chunked_cross_entropy on the fp32 logits Fabric returns; "Peak memory" is
// torch.cuda.max_memory_allocated() / 1e9 (litgpt/finetune), printed after fit().
// Left out: the 4×A10G LoRA/QLoRA rows (identical to their 1×A10G rows to the hundredth, so they did not shard),
// rows whose table machine disagrees with their config's devices (phi-2 and StableLM full, Llama 3.1 8B full), and
// StableLM-Alpha 3B (not in the open-models table).
const LITGPT = 'https://github.com/Lightning-AI/litgpt/blob/00af8b0d/config_hub/finetune/README.md';
const LITGPT_CITE = 'LitGPT config_hub/finetune README @ 00af8b0d';

interface LitgptRun {
  method: 'full' | 'lora' | 'qlora';
  microBatch: number;
  rank?: number;
  targets?: readonly LoraTarget[];
  gpus?: number;
  /** train.global_batch_size of the config. */
  globalBatch: number;
}

/** LitGPT's single-GPU full fine-tunes of Llama 3.2 1B, 3B and Phi-3 measure less than the states their configs must hold. */
const BELOW_STATES =
  "below the weights, gradients and both AdamW states that its configuration (bf16-true, AdamW, one GPU) holds at once at every optimizer step, 8 B per parameter: the figure cannot be this configuration's peak";

function litgpt(config: string, model: string, run: LitgptRun, measuredValue: number | 'oom', leftOut?: string): PublishedPeakMemory {
  const gpus = run.gpus ?? 1;
  const sharded = gpus > 1;
  const row: PublishedPeakMemory = {
    id: `litgpt-${config.replace(/[/.]/g, '-').replace(/-yaml$/, '')}`,
    label: `${config} (LitGPT)`,
    model,
    seqLength: 512,
    microBatch: run.microBatch,
    gpuId: 'a10g',
    gpus,
    convention: 'pure',
    optimizer: 'adam',
    // More than one device: FSDP full shard with activation checkpointing of every block (litgpt/finetune/*.py).
    zeroStage: sharded ? 3 : 0,
    framework: 'litgpt',
    recompute: sharded ? 'full' : 'none',
    logits: 'fabric',
    compiled: false,
    measuredValue,
    measuredUnit: 'GB',
    measured: 'allocated',
    note: `config_hub/finetune/${config}: bf16-true, AdamW, micro-batch ${run.microBatch}, global batch ${run.globalBatch}, max_seq_length 512${run.rank ? `, ${run.method === 'qlora' ? 'bnb.nf4, ' : ''}LoRA rank ${run.rank} on ${run.targets!.join(' ')}` : ''}${sharded ? `, ${gpus} devices (FSDP)` : ''}`,
    source: LITGPT,
    cite: LITGPT_CITE,
    year: 2024,
  };
  if (leftOut) row.leftOut = leftOut;
  row.gradAccum = Math.max(1, run.globalBatch / (gpus * run.microBatch));
  // The config hub's LoRA recipes set lora_dropout: 0.05.
  // Its QLoRA recipes quantise with `quantize: bnb.nf4`: NF4 without double quantisation.
  if (run.method !== 'full') row.adapter = { kind: run.method, rank: run.rank!, targets: run.targets!, dropout: true, ...(run.method === 'qlora' ? { doubleQuant: false } : {}) };
  return row;
}

const QV: LoraTarget[] = ['q', 'v'];
const lora = (rank: number, targets: readonly LoraTarget[], microBatch: number, globalBatch: number): LitgptRun => ({ method: 'lora', rank, targets, microBatch, globalBatch });
const qlora = (rank: number, targets: readonly LoraTarget[], microBatch: number, globalBatch: number): LitgptRun => ({ method: 'qlora', rank, targets, microBatch, globalBatch });
const full = (microBatch: number, gpus: number, globalBatch: number): LitgptRun => ({ method: 'full', microBatch, gpus, globalBatch });

export const PUBLISHED_PEAK_MEMORY: readonly PublishedPeakMemory[] = [
  flags('tt-3b-packed', 'full, packed', { measuredValue: 60.0 }),
  flags('tt-3b-compile', 'full, + compile', { ...COMPILED, measuredValue: 51.0 }),
  flags('tt-3b-chunked-ce', 'full, + chunked cross-entropy', { ...CHUNKED, measuredValue: 42.9 }),
  flags('tt-3b-ckpt', 'full, + activation checkpointing', { ...CKPT, measuredValue: 24.9 }),
  flags('tt-3b-opt-in-bwd', 'full, + optimizer step in backward', { ...IN_BWD, measuredValue: 23.1 }),
  flags('tt-3b-act-offload', 'full, + activation offloading', { ...OFFLOAD, measuredValue: 21.8 }),
  // The table names the optimizer `AdamW8bit` (torchao's or bitsandbytes' class of that name), not the config's
  // PagedAdamW8bit: its 8-bit states are ordinary CUDA tensors that the allocator counts.
  flags('tt-3b-adam8bit', 'full, + 8-bit AdamW', { ...OFFLOAD, optimizer: 'adam-8bit', measuredValue: 17.6 }),
  flags('tt-3b-lora', 'LoRA rank 64', { ...ADAPTER_3B, adapter: { kind: 'lora', rank: 64, targets: QV_O_MLP }, measuredValue: 8.5 }),
  flags('tt-3b-qlora', 'QLoRA rank 64', { ...ADAPTER_3B, adapter: { kind: 'qlora', rank: 64, targets: QV_O_MLP }, measuredValue: 4.6 }),
  readme('tt-8b-full-4090', 'Llama 3.1 8B full, 1 × RTX 4090', LLAMA31_8B, 'rtx-4090', 1, { ...FULL_8B, measuredValue: 18.9 }),
  readme('tt-8b-full-a6000', 'Llama 3.1 8B full, 1 × RTX A6000', LLAMA31_8B, 'rtx-a6000', 1, { ...FULL_8B, measuredValue: 37.4, leftOut: A6000_TWICE(18.9) }),
  readme('tt-8b-lora-4090', 'Llama 3.1 8B LoRA, 1 × RTX 4090', LLAMA31_8B, 'rtx-4090', 1, { ...LORA_8B, measuredValue: 16.2 }),
  readme('tt-8b-lora-a6000', 'Llama 3.1 8B LoRA, 1 × RTX A6000', LLAMA31_8B, 'rtx-a6000', 1, { ...LORA_8B, measuredValue: 30.3, leftOut: A6000_TWICE(16.2) }),
  readme('tt-8b-qlora-4090', 'Llama 3.1 8B QLoRA, 1 × RTX 4090', LLAMA31_8B, 'rtx-4090', 1, {
    adapter: { kind: 'qlora', rank: 8, targets: ALL_LINEAR },
    note: 'llama3_1/8B_qlora_single_device: QLoRA rank 8 on q, k, v, output_proj and the MLP; AdamW; activation checkpointing',
    measuredValue: 7.4,
  }),
  readme('tt-70b-full', 'Llama 3.1 70B full, 8 × A100 80GB, CPU offload', LLAMA31_70B, 'a100-80gb', 8, {
    cpuOffload: true,
    note: 'llama3_1/70B_full: FSDP over 8 GPUs with fsdp_cpu_offload (parameters, gradients and the AdamW step on the CPU); activation checkpointing',
    measuredValue: 13.9,
  }),
  readme('tt-70b-lora', 'Llama 3.1 70B LoRA, 8 × A100 80GB', LLAMA31_70B, 'a100-80gb', 8, {
    adapter: { kind: 'lora', rank: 16, targets: ['q', 'k', 'v'] },
    note: 'llama3_1/70B_lora: FSDP over 8 GPUs, LoRA rank 16 on q, k, v; AdamW; activation checkpointing',
    measuredValue: 27.6,
  }),
  readme('tt-405b-qlora', 'Llama 3.1 405B QLoRA, 8 × A100 80GB', LLAMA31_405B, 'a100-80gb', 8, {
    adapter: { kind: 'qlora', rank: 16, targets: ALL_LINEAR },
    logits: 'upcast',
    note: 'llama3_1/405B_qlora: FSDP over 8 GPUs, QLoRA rank 16 on q, k, v, output_proj and the MLP; AdamW; activation checkpointing; torch.nn.CrossEntropyLoss',
    measuredValue: 44.8,
  }),
  litgpt('falcon-7b/lora.yaml', 'tiiuae/falcon-7b', lora(32, QV, 1, 8), 16.69),
  litgpt('falcon-7b/qlora.yaml', 'tiiuae/falcon-7b', qlora(32, QV, 1, 8), 9.44),
  litgpt('gemma-2b/full.yaml', 'google/gemma-2b', full(1, 4, 16), 17.43),
  litgpt('gemma-2b/lora.yaml', 'google/gemma-2b', lora(8, ALL_LINEAR, 2, 6), 12.62),
  litgpt('gemma-2b/qlora.yaml', 'google/gemma-2b', qlora(16, ALL_LINEAR, 2, 6), 11.58),
  litgpt('gemma-7b/lora.yaml', 'google/gemma-7b', lora(16, ALL_LINEAR, 1, 6), 'oom'),
  litgpt('gemma-7b/qlora.yaml', 'google/gemma-7b', qlora(16, ALL_LINEAR, 1, 6), 17.18),
  litgpt('gemma2-2b/lora.yaml', 'google/gemma-2-2b', lora(8, ALL_LINEAR, 2, 6), 14.31),
  litgpt('gemma2-2b/qlora.yaml', 'google/gemma-2-2b', qlora(16, ALL_LINEAR, 2, 6), 13.52),
  litgpt('gemma2-9b/lora.yaml', 'google/gemma-2-9b', lora(16, ALL_LINEAR, 1, 6), 'oom'),
  litgpt('gemma2-9b/qlora.yaml', 'google/gemma-2-9b', qlora(16, ALL_LINEAR, 1, 6), 20.92),
  litgpt('llama-2-7b/full.yaml', 'meta-llama/Llama-2-7b-hf', full(4, 4, 64), 'oom'),
  litgpt('llama-2-7b/lora.yaml', 'meta-llama/Llama-2-7b-hf', lora(32, QV, 2, 8), 19.77),
  litgpt('llama-2-7b/qlora.yaml', 'meta-llama/Llama-2-7b-hf', qlora(32, QV, 2, 8), 13.68),
  litgpt('llama-3-8b/full.yaml', 'meta-llama/Meta-Llama-3-8B', full(4, 4, 64), 'oom'),
  litgpt('llama-3-8b/lora.yaml', 'meta-llama/Meta-Llama-3-8B', lora(32, QV, 1, 8), 19.73),
  litgpt('llama-3-8b/qlora.yaml', 'meta-llama/Meta-Llama-3-8B', qlora(32, QV, 2, 8), 17.41),
  litgpt('llama-3.1-8b/lora.yaml', LLAMA31_8B, lora(32, QV, 1, 8), 19.73),
  litgpt('llama-3.1-8b/qlora.yaml', LLAMA31_8B, qlora(32, QV, 2, 8), 17.41),
  litgpt('llama-3.2-1B/full.yaml', 'meta-llama/Llama-3.2-1B', full(4, 1, 64), 8.7, BELOW_STATES),
  litgpt('llama-3.2-1B/lora.yaml', 'meta-llama/Llama-3.2-1B', lora(32, QV, 1, 8), 4.49),
  litgpt('llama-3.2-1B/qlora.yaml', 'meta-llama/Llama-3.2-1B', qlora(32, QV, 2, 8), 5.53),
  litgpt('llama-3.2-3B/full.yaml', LLAMA32_3B, full(4, 1, 64), 16.51, BELOW_STATES),
  litgpt('llama-3.2-3B/lora.yaml', LLAMA32_3B, lora(32, QV, 1, 8), 9.67),
  litgpt('llama-3.2-3B/qlora.yaml', LLAMA32_3B, qlora(32, QV, 2, 8), 10.3),
  litgpt('mistral-7b-v0.2/lora.yaml', 'mistralai/Mistral-7B-Instruct-v0.2', lora(32, QV, 2, 8), 20.66),
  litgpt('mistral-7b-v0.2/qlora.yaml', 'mistralai/Mistral-7B-Instruct-v0.2', qlora(32, QV, 2, 8), 14.29),
  litgpt('mistral-7b/lora.yaml', 'mistralai/Mistral-7B-v0.1', lora(32, QV, 2, 8), 20.66),
  litgpt('mistral-7b/qlora.yaml', 'mistralai/Mistral-7B-v0.1', qlora(32, QV, 2, 8), 14.29),
  litgpt('phi-2/lora.yaml', 'microsoft/phi-2', lora(8, ALL_LINEAR, 4, 8), 13.98),
  litgpt('phi-2/qlora.yaml', 'microsoft/phi-2', qlora(8, ALL_LINEAR, 4, 8), 14.27),
  litgpt('phi-3/full.yaml', 'microsoft/Phi-3-mini-4k-instruct', full(4, 1, 8), 17.01, BELOW_STATES),
  litgpt('phi-3/lora.yaml', 'microsoft/Phi-3-mini-4k-instruct', lora(8, ALL_LINEAR, 4, 8), 19.75),
  litgpt('phi-3/qlora.yaml', 'microsoft/Phi-3-mini-4k-instruct', qlora(8, ALL_LINEAR, 4, 8), 19.13),
  litgpt('tiny-llama/full.yaml', 'TinyLlama/TinyLlama-1.1B-intermediate-step-1431k-3T', full(4, 1, 32), 14.1),
  litgpt('tiny-llama/lora.yaml', 'TinyLlama/TinyLlama-1.1B-intermediate-step-1431k-3T', lora(32, ALL_LINEAR, 8, 8), 13.5),
  litgpt('tiny-llama/qlora.yaml', 'TinyLlama/TinyLlama-1.1B-intermediate-step-1431k-3T', qlora(32, ALL_LINEAR, 8, 8), 16.24),
];
