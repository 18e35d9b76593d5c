// Fine-tuning runs whose owners published their hardware and throughput or GPU-hours: the validation set of the
// fine-tune projection (README "Validation against published fine-tuning runs"). None of them is used to fit
// anything: the MFU prior is fitted on pretraining runs, so every row here is out of sample. Throughput rows are
// turned into GPU-hours for 100M trained tokens: GPUs × 1e8 / (tokens per second × 3600).
import type { Adapter, Recompute } from '../types';

export interface PublishedFineTune {
  id: string;
  label: string;
  /** The base model: parameters and the shape the attention term needs. */
  params: number;
  layers: number;
  hiddenSize: number;
  seqLength: number;
  adapter: Adapter;
  recompute: Recompute;
  gpuId: string;
  gpus: number;
  /** Trained tokens the published GPU-hours are for. */
  tokens: number;
  publishedGpuHours: number;
  /** How the published figure was obtained ("tokens/s over one epoch", "wall-clock × GPUs"). */
  method: string;
  /** True when the token count is an upper bound (examples counted at full length). */
  tokensUpperBound?: boolean;
  source: string;
  year: number;
}

const TOKENS = 1e8;
/** GPU-hours for 100M tokens at a published throughput (tokens per second, all GPUs together). */
const hoursAt = (tokensPerSecond: number, gpus: number) => (gpus * TOKENS) / (tokensPerSecond * 3600);

const TORCHTUNE = 'pytorch/torchtune README @ bd2a0fc (batch 2, packed to 2048, torch.compile; tokens/s over one epoch)';
const TORCHTUNE_3B = 'pytorch/torchtune README @ bd2a0fc "Optimization flags" (Llama 3.2 3B, batch 2, sequence 4096, bf16, one A100)';
const LLAMA31_8B = { params: 8.03e9, layers: 32, hiddenSize: 4096 };
const LLAMA31_70B = { params: 70.6e9, layers: 80, hiddenSize: 8192 };
const LLAMA31_405B = { params: 405.9e9, layers: 126, hiddenSize: 16384 };
const LLAMA32_3B = { params: 3.21e9, layers: 28, hiddenSize: 3072 };

function throughput(id: string, label: string, model: typeof LLAMA31_8B, seqLength: number, adapter: Adapter, recompute: Recompute, gpuId: string, gpus: number, tokensPerSecond: number, source: string): PublishedFineTune {
  return { id, label, ...model, seqLength, adapter, recompute, gpuId, gpus, tokens: TOKENS, publishedGpuHours: hoursAt(tokensPerSecond, gpus), method: `${tokensPerSecond.toLocaleString('en-US')} tokens/s`, source, year: 2025 };
}

export const PUBLISHED_FINETUNES: readonly PublishedFineTune[] = [
  throughput('tt-8b-full-4090', 'Llama 3.1 8B full (torchtune)', LLAMA31_8B, 2048, 'full', 'full', 'rtx-4090', 1, 1650, TORCHTUNE),
  throughput('tt-8b-full-a6000', 'Llama 3.1 8B full (torchtune)', LLAMA31_8B, 2048, 'full', 'full', 'rtx-a6000', 1, 2579, TORCHTUNE),
  throughput('tt-8b-lora-4090', 'Llama 3.1 8B LoRA (torchtune)', LLAMA31_8B, 2048, 'lora', 'full', 'rtx-4090', 1, 3083, TORCHTUNE),
  throughput('tt-8b-lora-a6000', 'Llama 3.1 8B LoRA (torchtune)', LLAMA31_8B, 2048, 'lora', 'full', 'rtx-a6000', 1, 4699, TORCHTUNE),
  throughput('tt-8b-qlora-4090', 'Llama 3.1 8B QLoRA (torchtune)', LLAMA31_8B, 2048, 'qlora', 'full', 'rtx-4090', 1, 2413, TORCHTUNE),
  throughput('tt-70b-full', 'Llama 3.1 70B full, CPU offload (torchtune)', LLAMA31_70B, 2048, 'full', 'full', 'a100-80gb', 8, 1568, TORCHTUNE),
  throughput('tt-70b-lora', 'Llama 3.1 70B LoRA (torchtune)', LLAMA31_70B, 2048, 'lora', 'full', 'a100-80gb', 8, 3497, TORCHTUNE),
  throughput('tt-405b-qlora', 'Llama 3.1 405B QLoRA (torchtune)', LLAMA31_405B, 2048, 'qlora', 'full', 'a100-80gb', 8, 653, TORCHTUNE),
  throughput('tt-3b-full', 'Llama 3.2 3B full, packed + compile (torchtune)', LLAMA32_3B, 4096, 'full', 'none', 'a100-80gb', 1, 9174, TORCHTUNE_3B),
  throughput('tt-3b-full-ckpt', 'Llama 3.2 3B full + activation checkpointing (torchtune)', LLAMA32_3B, 4096, 'full', 'full', 'a100-80gb', 1, 7210, TORCHTUNE_3B),
  throughput('tt-3b-lora', 'Llama 3.2 3B LoRA (torchtune)', LLAMA32_3B, 4096, 'lora', 'full', 'a100-80gb', 1, 8210, TORCHTUNE_3B),
  throughput('tt-3b-qlora', 'Llama 3.2 3B QLoRA (torchtune)', LLAMA32_3B, 4096, 'qlora', 'full', 'a100-80gb', 1, 8035, TORCHTUNE_3B),
  {
    id: 'lora-gpt3-full', label: 'GPT-3 175B full fine-tune (LoRA paper)', params: 175e9, layers: 96, hiddenSize: 12288, seqLength: 2048,
    adapter: 'full', recompute: 'none', gpuId: 'v100-32gb', gpus: 1, tokens: TOKENS, publishedGpuHours: TOKENS / (32.5 * 3600), method: '32.5 tokens/s per V100',
    source: 'Hu et al. 2021 (LoRA, arXiv 2106.09685) footnote 5', year: 2021,
  },
  {
    id: 'lora-gpt3-lora', label: 'GPT-3 175B LoRA (LoRA paper)', params: 175e9, layers: 96, hiddenSize: 12288, seqLength: 2048,
    adapter: 'lora', recompute: 'none', gpuId: 'v100-32gb', gpus: 1, tokens: TOKENS, publishedGpuHours: TOKENS / (43.1 * 3600), method: '43.1 tokens/s per V100',
    source: 'Hu et al. 2021 (LoRA, arXiv 2106.09685) footnote 5', year: 2021,
  },
  {
    // 52,002 examples × 3 epochs × at most 512 tokens (the script pads each batch to its longest example).
    id: 'alpaca-7b', label: 'Stanford Alpaca 7B (full SFT, FSDP)', params: 6.74e9, layers: 32, hiddenSize: 4096, seqLength: 512,
    adapter: 'full', recompute: 'none', gpuId: 'a100-80gb', gpus: 8, tokens: 3 * 52_002 * 512, tokensUpperBound: true, publishedGpuHours: 24,
    method: '3 hours on 8 A100-80GB', source: 'Stanford CRFM Alpaca blog and tatsu-lab/stanford_alpaca README', year: 2023,
  },
];
