// Training runs whose owners published hardware, tokens and GPU-hours (or GPUs × days): the set the MFU model is fitted
// on and validated against, leave-one-out (estimate/mfu-fit.ts, README "Validation against published runs"). Layers,
// hidden size and sequence length come from each model's paper or config, for the attention term; GPU counts, MoE
// shape and parallel layout only where the source states them. A row goes in only with a primary source (paper table,
// model card, official README) and `derived` set when the GPU-hours are arithmetic on what it quotes.
// Adding a run: add the row, run `npm run docs`; the validation test refits the model and says which constant moved.
import type { Precision } from '../types';

export interface PublishedRun {
  id: string;
  label: string;
  params: number;
  /** Parameters a token goes through (MoE: active). */
  activeParams: number;
  tokens: number;
  gpuId: string;
  gpus?: number;
  precision: Precision;
  seqLength?: number;
  layers?: number;
  hiddenSize?: number;
  publishedGpuHours: number;
  /** True when the GPU-hours are arithmetic on quoted numbers (GPUs × days), not a published figure. */
  derived: boolean;
  /** Who trained it: the validation wants more than one lab per hardware generation. */
  lab: string;
  /** Mixture of experts: routed experts, experts a token is routed to, always-on shared experts. */
  moe?: { experts: number; topK: number; shared?: number };
  /** Parallel layout where the source states it: tensor and pipeline degrees, micro-batches per pipeline flush. */
  layout?: { tp?: number; pp?: number; microbatches?: number };
  source: string;
  year: number;
}

const LLAMA2 = 'Llama 2 model card';
const LLAMA3 = 'Llama 3 model card';
const LLAMA31 = 'Llama 3.1 model card';
const LLAMA1 = 'LLaMA paper (Touvron et al. 2023) Table 15';
const PYTHIA = 'Pythia paper (Biderman et al. 2023) Table 5';
const LLAMA2_PAPER = 'Llama 2 paper (Touvron et al. 2023b) Table 2';
const LLAMA4 = 'Llama 4 model card';
const PHI_CARD = (model: string, gpus: string, days: number) => `${model} model card (Microsoft): "GPUs: ${gpus}", "Training time: ${days} days"`;
const DEEPSEEK_V2 = 'DeepSeek-V2 paper (arXiv 2405.04434) §3.5: GPU hours per trillion tokens on the H800 cluster';

export const PUBLISHED_RUNS: readonly PublishedRun[] = [
  { id: 'llama2-7b', label: 'Llama 2 7B', params: 6.74e9, activeParams: 6.74e9, tokens: 2.0e12, gpuId: 'a100-80gb', precision: 'bf16', seqLength: 4096, layers: 32, hiddenSize: 4096, publishedGpuHours: 184_320, derived: false, lab: 'Meta', source: LLAMA2, year: 2023 },
  { id: 'llama2-13b', label: 'Llama 2 13B', params: 13.0e9, activeParams: 13.0e9, tokens: 2.0e12, gpuId: 'a100-80gb', precision: 'bf16', seqLength: 4096, layers: 40, hiddenSize: 5120, publishedGpuHours: 368_640, derived: false, lab: 'Meta', source: LLAMA2, year: 2023 },
  { id: 'llama2-70b', label: 'Llama 2 70B', params: 69e9, activeParams: 69e9, tokens: 2.0e12, gpuId: 'a100-80gb', precision: 'bf16', seqLength: 4096, layers: 80, hiddenSize: 8192, publishedGpuHours: 1_720_320, derived: false, lab: 'Meta', source: LLAMA2, year: 2023 },
  { id: 'llama3-8b', label: 'Llama 3 8B', params: 8.03e9, activeParams: 8.03e9, tokens: 15e12, gpuId: 'h100-sxm', precision: 'bf16', seqLength: 8192, layers: 32, hiddenSize: 4096, publishedGpuHours: 1.3e6, derived: false, lab: 'Meta', source: LLAMA3, year: 2024 },
  { id: 'llama3-70b', label: 'Llama 3 70B', params: 70.6e9, activeParams: 70.6e9, tokens: 15e12, gpuId: 'h100-sxm', precision: 'bf16', seqLength: 8192, layers: 80, hiddenSize: 8192, publishedGpuHours: 6.4e6, derived: false, lab: 'Meta', source: LLAMA3, year: 2024 },
  { id: 'llama3.1-8b', label: 'Llama 3.1 8B', params: 8.03e9, activeParams: 8.03e9, tokens: 15e12, gpuId: 'h100-sxm', precision: 'bf16', seqLength: 8192, layers: 32, hiddenSize: 4096, publishedGpuHours: 1.46e6, derived: false, lab: 'Meta', source: LLAMA31, year: 2024 },
  { id: 'llama3.1-70b', label: 'Llama 3.1 70B', params: 70.6e9, activeParams: 70.6e9, tokens: 15e12, gpuId: 'h100-sxm', precision: 'bf16', seqLength: 8192, layers: 80, hiddenSize: 8192, publishedGpuHours: 7.0e6, derived: false, lab: 'Meta', source: LLAMA31, year: 2024 },
  { id: 'llama4-scout', label: 'Llama 4 Scout (MoE 16 experts)', params: 109e9, activeParams: 17e9, tokens: 40e12, gpuId: 'h100-sxm', precision: 'bf16', seqLength: 8192, layers: 48, hiddenSize: 5120, publishedGpuHours: 5.0e6, derived: false, lab: 'Meta', moe: { experts: 16, topK: 1, shared: 1 }, source: 'Llama 4 model card', year: 2025 },
  { id: 'llama1-7b', label: 'LLaMA 7B', params: 6.7e9, activeParams: 6.7e9, tokens: 1.0e12, gpuId: 'a100-80gb', precision: 'bf16', seqLength: 2048, layers: 32, hiddenSize: 4096, publishedGpuHours: 82_432, derived: false, lab: 'Meta', source: LLAMA1, year: 2023 },
  { id: 'llama1-13b', label: 'LLaMA 13B', params: 13.0e9, activeParams: 13.0e9, tokens: 1.0e12, gpuId: 'a100-80gb', precision: 'bf16', seqLength: 2048, layers: 40, hiddenSize: 5120, publishedGpuHours: 135_168, derived: false, lab: 'Meta', source: LLAMA1, year: 2023 },
  { id: 'bloom-176b', label: 'BLOOM 176B', params: 176.2e9, activeParams: 176.2e9, tokens: 366e9, gpuId: 'a100-80gb', gpus: 384, precision: 'bf16', seqLength: 2048, layers: 70, hiddenSize: 14336, publishedGpuHours: 1_082_990, derived: false, lab: 'BigScience', layout: { tp: 4, pp: 12, microbatches: 128 }, source: 'Luccioni et al. 2022; BLOOM paper; layout from the bigscience tr11-176B-ml.slurm (TP4, PP12, micro-batch 2, global batch 2048: 128 micro-batches at DP 8 on 384 GPUs)', year: 2022 },
  { id: 'pythia-70m', label: 'Pythia 70M', params: 70e6, activeParams: 70e6, tokens: 299.9e9, gpuId: 'a100-40gb', gpus: 32, precision: 'fp16', seqLength: 2048, layers: 6, hiddenSize: 512, publishedGpuHours: 510, derived: false, lab: 'EleutherAI', source: PYTHIA, year: 2023 },
  { id: 'pythia-160m', label: 'Pythia 160M', params: 160e6, activeParams: 160e6, tokens: 299.9e9, gpuId: 'a100-40gb', gpus: 32, precision: 'fp16', seqLength: 2048, layers: 12, hiddenSize: 768, publishedGpuHours: 1030, derived: false, lab: 'EleutherAI', source: PYTHIA, year: 2023 },
  { id: 'pythia-410m', label: 'Pythia 410M', params: 410e6, activeParams: 410e6, tokens: 299.9e9, gpuId: 'a100-40gb', gpus: 32, precision: 'fp16', seqLength: 2048, layers: 24, hiddenSize: 1024, publishedGpuHours: 2540, derived: false, lab: 'EleutherAI', source: PYTHIA, year: 2023 },
  { id: 'pythia-1b', label: 'Pythia 1B', params: 1.0e9, activeParams: 1.0e9, tokens: 299.9e9, gpuId: 'a100-40gb', gpus: 64, precision: 'fp16', seqLength: 2048, layers: 16, hiddenSize: 2048, publishedGpuHours: 4830, derived: false, lab: 'EleutherAI', source: PYTHIA, year: 2023 },
  { id: 'pythia-1.4b', label: 'Pythia 1.4B', params: 1.4e9, activeParams: 1.4e9, tokens: 299.9e9, gpuId: 'a100-40gb', gpus: 64, precision: 'fp16', seqLength: 2048, layers: 24, hiddenSize: 2048, publishedGpuHours: 7120, derived: false, lab: 'EleutherAI', source: PYTHIA, year: 2023 },
  { id: 'pythia-6.9b', label: 'Pythia 6.9B', params: 6.9e9, activeParams: 6.9e9, tokens: 299.9e9, gpuId: 'a100-40gb', gpus: 128, precision: 'fp16', seqLength: 2048, layers: 32, hiddenSize: 4096, publishedGpuHours: 33_500, derived: false, lab: 'EleutherAI', source: PYTHIA, year: 2023 },
  { id: 'pythia-12b', label: 'Pythia 12B', params: 11.8e9, activeParams: 11.8e9, tokens: 299.9e9, gpuId: 'a100-40gb', gpus: 256, precision: 'fp16', seqLength: 2048, layers: 36, hiddenSize: 5120, publishedGpuHours: 72_300, derived: false, lab: 'EleutherAI', source: PYTHIA, year: 2023 },
  { id: 'smollm3-3b', label: 'SmolLM3 3B', params: 3.08e9, activeParams: 3.08e9, tokens: 11.2e12, gpuId: 'h100-sxm', gpus: 384, precision: 'bf16', seqLength: 4096, layers: 36, hiddenSize: 2048, publishedGpuHours: 221_184, derived: true, lab: 'Hugging Face', source: 'huggingface/smollm README (384 GPUs × 24 days)', year: 2025 },
  { id: 'deepseek-v3', label: 'DeepSeek-V3 (MoE, FP8)', params: 671e9, activeParams: 37e9, tokens: 14.8e12, gpuId: 'h800', gpus: 2048, precision: 'fp8', seqLength: 4096, layers: 61, hiddenSize: 7168, publishedGpuHours: 2.664e6, derived: false, lab: 'DeepSeek', moe: { experts: 256, topK: 8, shared: 1 }, source: 'DeepSeek-V3 README (pre-training GPU-hours); reference facts §7.1', year: 2024 },
  { id: 'palm-540b', label: 'PaLM 540B', params: 540e9, activeParams: 540e9, tokens: 780e9, gpuId: 'tpu-v4', gpus: 6144, precision: 'bf16', seqLength: 2048, layers: 118, hiddenSize: 18432, publishedGpuHours: 8.4e6, derived: true, lab: 'Google', source: 'PaLM paper (6,144 chips × 1,200 h + 3,072 × 336 h)', year: 2022 },
  // Added for the leave-one-out validation: more labs, sizes, MoE granularities and hardware generations.
  { id: 'llama1-33b', label: 'LLaMA 33B', params: 32.5e9, activeParams: 32.5e9, tokens: 1.4e12, gpuId: 'a100-80gb', precision: 'bf16', seqLength: 2048, layers: 60, hiddenSize: 6656, publishedGpuHours: 530_432, derived: false, lab: 'Meta', source: LLAMA1, year: 2023 },
  { id: 'llama1-65b', label: 'LLaMA 65B', params: 65.2e9, activeParams: 65.2e9, tokens: 1.4e12, gpuId: 'a100-80gb', gpus: 2048, precision: 'bf16', seqLength: 2048, layers: 80, hiddenSize: 8192, publishedGpuHours: 1_022_362, derived: false, lab: 'Meta', source: LLAMA1, year: 2023 },
  { id: 'opt-175b', label: 'OPT-175B', params: 175e9, activeParams: 175e9, tokens: 180e9, gpuId: 'a100-80gb', gpus: 992, precision: 'fp16', seqLength: 2048, layers: 96, hiddenSize: 12288, publishedGpuHours: 809_472, derived: false, lab: 'Meta', source: `${LLAMA1} (OPT-175B row); OPT paper (Zhang et al. 2022): 992 A100-80GB, 180B tokens`, year: 2022 },
  { id: 'llama2-34b', label: 'Llama 2 34B', params: 34e9, activeParams: 34e9, tokens: 2.0e12, gpuId: 'a100-80gb', precision: 'bf16', seqLength: 4096, layers: 48, hiddenSize: 8192, publishedGpuHours: 1_038_336, derived: false, lab: 'Meta', source: LLAMA2_PAPER, year: 2023 },
  { id: 'llama3.1-405b', label: 'Llama 3.1 405B', params: 405e9, activeParams: 405e9, tokens: 15e12, gpuId: 'h100-sxm', gpus: 16384, precision: 'bf16', seqLength: 8192, layers: 126, hiddenSize: 16384, publishedGpuHours: 30.84e6, derived: false, lab: 'Meta', layout: { tp: 8, pp: 16 }, source: `${LLAMA31}; layout from the Llama 3 paper Table 4 (TP8, PP16)`, year: 2024 },
  { id: 'llama4-maverick', label: 'Llama 4 Maverick (MoE 128 experts)', params: 400e9, activeParams: 17e9, tokens: 22e12, gpuId: 'h100-sxm', precision: 'bf16', seqLength: 8192, layers: 48, hiddenSize: 5120, publishedGpuHours: 2.38e6, derived: false, lab: 'Meta', moe: { experts: 128, topK: 1, shared: 1 }, source: LLAMA4, year: 2025 },
  { id: 'phi-1.5', label: 'phi-1.5 1.3B', params: 1.42e9, activeParams: 1.42e9, tokens: 150e9, gpuId: 'a100-40gb', gpus: 32, precision: 'fp16', seqLength: 2048, layers: 24, hiddenSize: 2048, publishedGpuHours: 6_144, derived: true, lab: 'Microsoft', source: PHI_CARD('phi-1.5', '32xA100-40G', 8), year: 2023 },
  { id: 'phi-2', label: 'phi-2 2.7B', params: 2.78e9, activeParams: 2.78e9, tokens: 1.4e12, gpuId: 'a100-80gb', gpus: 96, precision: 'bf16', seqLength: 2048, layers: 32, hiddenSize: 2560, publishedGpuHours: 32_256, derived: true, lab: 'Microsoft', source: PHI_CARD('phi-2', '96xA100-80G', 14), year: 2023 },
  { id: 'phi-3-mini', label: 'Phi-3-mini 3.8B', params: 3.82e9, activeParams: 3.82e9, tokens: 3.3e12, gpuId: 'h100-sxm', gpus: 512, precision: 'bf16', seqLength: 4096, layers: 32, hiddenSize: 3072, publishedGpuHours: 86_016, derived: true, lab: 'Microsoft', source: PHI_CARD('Phi-3-mini-4k-instruct', '512 H100-80G', 7), year: 2024 },
  { id: 'phi-3-medium', label: 'Phi-3-medium 14B', params: 14e9, activeParams: 14e9, tokens: 4.8e12, gpuId: 'h100-sxm', gpus: 512, precision: 'bf16', seqLength: 4096, layers: 40, hiddenSize: 5120, publishedGpuHours: 516_096, derived: true, lab: 'Microsoft', source: PHI_CARD('Phi-3-medium-4k-instruct', '512 H100-80G', 42), year: 2024 },
  { id: 'phi-4-mini', label: 'Phi-4-mini 3.8B', params: 3.84e9, activeParams: 3.84e9, tokens: 5e12, gpuId: 'a100-80gb', gpus: 512, precision: 'bf16', seqLength: 4096, layers: 32, hiddenSize: 3072, publishedGpuHours: 258_048, derived: true, lab: 'Microsoft', source: PHI_CARD('Phi-4-mini-instruct', '512 A100-80G', 21), year: 2025 },
  { id: 'phi-4', label: 'phi-4 14B', params: 14.7e9, activeParams: 14.7e9, tokens: 9.8e12, gpuId: 'h100-sxm', gpus: 1920, precision: 'bf16', seqLength: 4096, layers: 40, hiddenSize: 5120, publishedGpuHours: 967_680, derived: true, lab: 'Microsoft', source: PHI_CARD('phi-4', '1920 H100-80G', 21), year: 2024 },
  { id: 'deepseek-v2', label: 'DeepSeek-V2 (MoE 160 experts)', params: 236e9, activeParams: 21e9, tokens: 8.1e12, gpuId: 'h800', precision: 'bf16', seqLength: 4096, layers: 60, hiddenSize: 5120, publishedGpuHours: 1_399_680, derived: true, lab: 'DeepSeek', moe: { experts: 160, topK: 6, shared: 2 }, layout: { pp: 16 }, source: `${DEEPSEEK_V2} (172.8K × 8.1T tokens); 16-way pipeline, 8-way expert parallel (§3.4)`, year: 2024 },
  { id: 'deepseek-67b', label: 'DeepSeek LLM 67B', params: 67e9, activeParams: 67e9, tokens: 2.0e12, gpuId: 'h800', precision: 'bf16', seqLength: 4096, layers: 95, hiddenSize: 8192, publishedGpuHours: 601_200, derived: true, lab: 'DeepSeek', source: `${DEEPSEEK_V2} (300.6K × 2T tokens); DeepSeek LLM paper (arXiv 2401.02954) for the shape`, year: 2024 },
  { id: 'jetmoe-8b', label: 'JetMoE-8B (MoE 8 experts)', params: 8.5e9, activeParams: 2.2e9, tokens: 1.25e12, gpuId: 'h100-sxm', gpus: 96, precision: 'bf16', seqLength: 4096, layers: 24, hiddenSize: 2048, publishedGpuHours: 30_000, derived: false, lab: 'MyShell', moe: { experts: 8, topK: 2 }, source: 'JetMoE paper (arXiv 2404.07413) abstract and myshell-ai/JetMoE README: 1.25T tokens, 30,000 H100 GPU hours', year: 2024 },
  { id: 'tinyllama-1.1b', label: 'TinyLlama 1.1B (300B tokens)', params: 1.1e9, activeParams: 1.1e9, tokens: 300e9, gpuId: 'a100-40gb', gpus: 16, precision: 'bf16', seqLength: 2048, layers: 22, hiddenSize: 2048, publishedGpuHours: 3_456, derived: false, lab: 'StatNLP (SUTD)', source: 'jzhang38/TinyLlama README: "A100 GPU hours taken on 300B tokens: 3456"', year: 2023 },
  { id: 'starcoderbase-15b', label: 'StarCoderBase 15.5B', params: 15.5e9, activeParams: 15.5e9, tokens: 1.0e12, gpuId: 'a100-80gb', gpus: 512, precision: 'bf16', seqLength: 8192, layers: 40, hiddenSize: 6144, publishedGpuHours: 320_256, derived: false, lab: 'BigCode', layout: { tp: 4, pp: 4, microbatches: 16 }, source: 'bigcode/starcoder model card (320,256 GPU hours pretraining); StarCoder paper §5 (TP4 × PP4, micro-batch 1, 16 accumulation steps)', year: 2023 },
  { id: 'falcon-180b', label: 'Falcon 180B', params: 180e9, activeParams: 180e9, tokens: 3.5e12, gpuId: 'a100-40gb', gpus: 4096, precision: 'bf16', seqLength: 2048, layers: 80, hiddenSize: 14848, publishedGpuHours: 7.0e6, derived: false, lab: 'TII', source: 'Falcon 180B release (TII with Hugging Face, 2023): "3.5 trillion tokens on up to 4096 GPUs … ~7,000,000 GPU hours"', year: 2023 },
  { id: 'mpt-7b', label: 'MPT-7B', params: 6.7e9, activeParams: 6.7e9, tokens: 1.0e12, gpuId: 'a100-40gb', gpus: 440, precision: 'bf16', seqLength: 2048, layers: 32, hiddenSize: 4096, publishedGpuHours: 100_320, derived: true, lab: 'MosaicML', source: 'mosaicml/mpt-7b model card: "trained on 440 A100-40GBs for about 9.5 days"', year: 2023 },
];
