// Training runs whose owners published hardware, tokens and GPU-hours: the validation set of the projection and the
// calibration set of the MFU prior (reference published-runs table). Layers, hidden size and sequence length come
// from each model's paper or config, for the attention term; GPU counts only where the source states them.
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
  source: string;
  year: number;
}

const LLAMA2 = 'Llama 2 model card';
const LLAMA3 = 'Llama 3 model card';
const LLAMA31 = 'Llama 3.1 model card';
const LLAMA1 = 'LLaMA paper (Touvron et al. 2023) Table 15';
const PYTHIA = 'Pythia paper (Biderman et al. 2023) Table 5';

export const PUBLISHED_RUNS: readonly PublishedRun[] = [
  { id: 'llama2-7b', label: 'Llama 2 7B', params: 6.74e9, activeParams: 6.74e9, tokens: 2.0e12, gpuId: 'a100-80gb', precision: 'bf16', seqLength: 4096, layers: 32, hiddenSize: 4096, publishedGpuHours: 184_320, derived: false, source: LLAMA2, year: 2023 },
  { id: 'llama2-13b', label: 'Llama 2 13B', params: 13.0e9, activeParams: 13.0e9, tokens: 2.0e12, gpuId: 'a100-80gb', precision: 'bf16', seqLength: 4096, layers: 40, hiddenSize: 5120, publishedGpuHours: 368_640, derived: false, source: LLAMA2, year: 2023 },
  { id: 'llama2-70b', label: 'Llama 2 70B', params: 69e9, activeParams: 69e9, tokens: 2.0e12, gpuId: 'a100-80gb', precision: 'bf16', seqLength: 4096, layers: 80, hiddenSize: 8192, publishedGpuHours: 1_720_320, derived: false, source: LLAMA2, year: 2023 },
  { id: 'llama3-8b', label: 'Llama 3 8B', params: 8.03e9, activeParams: 8.03e9, tokens: 15e12, gpuId: 'h100-sxm', precision: 'bf16', seqLength: 8192, layers: 32, hiddenSize: 4096, publishedGpuHours: 1.3e6, derived: false, source: LLAMA3, year: 2024 },
  { id: 'llama3-70b', label: 'Llama 3 70B', params: 70.6e9, activeParams: 70.6e9, tokens: 15e12, gpuId: 'h100-sxm', precision: 'bf16', seqLength: 8192, layers: 80, hiddenSize: 8192, publishedGpuHours: 6.4e6, derived: false, source: LLAMA3, year: 2024 },
  { id: 'llama3.1-8b', label: 'Llama 3.1 8B', params: 8.03e9, activeParams: 8.03e9, tokens: 15e12, gpuId: 'h100-sxm', precision: 'bf16', seqLength: 8192, layers: 32, hiddenSize: 4096, publishedGpuHours: 1.46e6, derived: false, source: LLAMA31, year: 2024 },
  { id: 'llama3.1-70b', label: 'Llama 3.1 70B', params: 70.6e9, activeParams: 70.6e9, tokens: 15e12, gpuId: 'h100-sxm', precision: 'bf16', seqLength: 8192, layers: 80, hiddenSize: 8192, publishedGpuHours: 7.0e6, derived: false, source: LLAMA31, year: 2024 },
  { id: 'llama4-scout', label: 'Llama 4 Scout (MoE 16 experts)', params: 109e9, activeParams: 17e9, tokens: 40e12, gpuId: 'h100-sxm', precision: 'bf16', seqLength: 8192, layers: 48, hiddenSize: 5120, publishedGpuHours: 5.0e6, derived: false, source: 'Llama 4 model card', year: 2025 },
  { id: 'llama1-7b', label: 'LLaMA 7B', params: 6.7e9, activeParams: 6.7e9, tokens: 1.0e12, gpuId: 'a100-80gb', precision: 'bf16', seqLength: 2048, layers: 32, hiddenSize: 4096, publishedGpuHours: 82_432, derived: false, source: LLAMA1, year: 2023 },
  { id: 'llama1-13b', label: 'LLaMA 13B', params: 13.0e9, activeParams: 13.0e9, tokens: 1.0e12, gpuId: 'a100-80gb', precision: 'bf16', seqLength: 2048, layers: 40, hiddenSize: 5120, publishedGpuHours: 135_168, derived: false, source: LLAMA1, year: 2023 },
  { id: 'bloom-176b', label: 'BLOOM 176B', params: 176.2e9, activeParams: 176.2e9, tokens: 366e9, gpuId: 'a100-80gb', gpus: 384, precision: 'bf16', seqLength: 2048, layers: 70, hiddenSize: 14336, publishedGpuHours: 1_082_990, derived: false, source: 'Luccioni et al. 2022; BLOOM paper', year: 2022 },
  { id: 'pythia-70m', label: 'Pythia 70M', params: 70e6, activeParams: 70e6, tokens: 299.9e9, gpuId: 'a100-40gb', gpus: 32, precision: 'fp16', seqLength: 2048, layers: 6, hiddenSize: 512, publishedGpuHours: 510, derived: false, source: PYTHIA, year: 2023 },
  { id: 'pythia-160m', label: 'Pythia 160M', params: 160e6, activeParams: 160e6, tokens: 299.9e9, gpuId: 'a100-40gb', gpus: 32, precision: 'fp16', seqLength: 2048, layers: 12, hiddenSize: 768, publishedGpuHours: 1030, derived: false, source: PYTHIA, year: 2023 },
  { id: 'pythia-410m', label: 'Pythia 410M', params: 410e6, activeParams: 410e6, tokens: 299.9e9, gpuId: 'a100-40gb', gpus: 32, precision: 'fp16', seqLength: 2048, layers: 24, hiddenSize: 1024, publishedGpuHours: 2540, derived: false, source: PYTHIA, year: 2023 },
  { id: 'pythia-1b', label: 'Pythia 1B', params: 1.0e9, activeParams: 1.0e9, tokens: 299.9e9, gpuId: 'a100-40gb', gpus: 64, precision: 'fp16', seqLength: 2048, layers: 16, hiddenSize: 2048, publishedGpuHours: 4830, derived: false, source: PYTHIA, year: 2023 },
  { id: 'pythia-1.4b', label: 'Pythia 1.4B', params: 1.4e9, activeParams: 1.4e9, tokens: 299.9e9, gpuId: 'a100-40gb', gpus: 64, precision: 'fp16', seqLength: 2048, layers: 24, hiddenSize: 2048, publishedGpuHours: 7120, derived: false, source: PYTHIA, year: 2023 },
  { id: 'pythia-6.9b', label: 'Pythia 6.9B', params: 6.9e9, activeParams: 6.9e9, tokens: 299.9e9, gpuId: 'a100-40gb', gpus: 128, precision: 'fp16', seqLength: 2048, layers: 32, hiddenSize: 4096, publishedGpuHours: 33_500, derived: false, source: PYTHIA, year: 2023 },
  { id: 'pythia-12b', label: 'Pythia 12B', params: 11.8e9, activeParams: 11.8e9, tokens: 299.9e9, gpuId: 'a100-40gb', gpus: 256, precision: 'fp16', seqLength: 2048, layers: 36, hiddenSize: 5120, publishedGpuHours: 72_300, derived: false, source: PYTHIA, year: 2023 },
  { id: 'smollm3-3b', label: 'SmolLM3 3B', params: 3.08e9, activeParams: 3.08e9, tokens: 11.2e12, gpuId: 'h100-sxm', gpus: 384, precision: 'bf16', seqLength: 4096, layers: 36, hiddenSize: 2048, publishedGpuHours: 221_184, derived: true, source: 'huggingface/smollm README (384 GPUs × 24 days)', year: 2025 },
  { id: 'deepseek-v3', label: 'DeepSeek-V3 (MoE, FP8)', params: 671e9, activeParams: 37e9, tokens: 14.8e12, gpuId: 'h800', gpus: 2048, precision: 'fp8', seqLength: 4096, layers: 61, hiddenSize: 7168, publishedGpuHours: 2.664e6, derived: false, source: 'DeepSeek-V3 README (pre-training GPU-hours); reference facts §7.1', year: 2024 },
  { id: 'palm-540b', label: 'PaLM 540B', params: 540e9, activeParams: 540e9, tokens: 780e9, gpuId: 'tpu-v4', gpus: 6144, precision: 'bf16', seqLength: 2048, layers: 118, hiddenSize: 18432, publishedGpuHours: 8.4e6, derived: true, source: 'PaLM paper (6,144 chips × 1,200 h + 3,072 × 336 h)', year: 2022 },
];
