// The numbers behind the MFU prior (src/core/estimate/mfu.ts): whole-run MFU per accelerator generation, the
// framework benchmarks that bound it from above, and the factors for FP8, long context and scale (reference facts §7).
import type { GpuGeneration } from './gpus';

export interface GenerationMfu {
  generation: GpuGeneration;
  /** Whole-run BF16 MFU (model FLOPs incl. attention over dense peak) of a ≥1B model at ≤8k context. */
  mfu: number;
  basis: string;
  source: string;
  year: number;
}

/**
 * Whole-run MFU is lower than framework benchmarks (steady-state, no restarts, no evaluation, no data stalls):
 * Llama 3.1 405B ran at 38-43% steady state but ≈35% averaged over the card's GPU-hours. The generations with
 * published runs are set to the median MFU those runs imply; the others are scaled from Hopper by how much of the
 * peak a best-case matmul reaches on them (ML-ENG "MAMF" efficiency), which is the part of the gap that is the chip's.
 */
const GENERATION_ROWS: readonly GenerationMfu[] = [
  { generation: 'volta', mfu: 0.21, basis: 'GPT-3 175B on 10,000 V100', source: 'PaLM paper Table 3 (21.3%); Patterson et al. 2021 (19.7%)', year: 2022 },
  { generation: 'ampere', mfu: 0.4, basis: 'median of the A100 runs: LLaMA, Llama 2, BLOOM, Pythia (0.28-0.55)', source: 'published-runs table; LLaMA/Llama 2 cards, BLOOM, Pythia papers', year: 2023 },
  { generation: 'hopper', mfu: 0.3, basis: 'median of the H100 runs: Llama 3/3.1/4, SmolLM3 (0.18-0.32)', source: 'published-runs table; Llama 3/3.1/4 cards, SmolLM3 README', year: 2025 },
  { generation: 'tpu', mfu: 0.33, basis: 'PaLM 540B (46.2% steady state, 0.31 over all chip-hours); Gopher 32.5% on TPU v3', source: 'PaLM paper (2022)', year: 2022 },
  { generation: 'ada', mfu: 0.3, basis: 'no published run; taken as Hopper', source: 'assumption (no data)', year: 2026 },
  { generation: 'blackwell', mfu: 0.29, basis: 'Hopper × B200/H100 MAMF efficiency (77.6% / 80.3%)', source: 'ML-ENG MAMF table (2026)', year: 2026 },
  { generation: 'cdna3', mfu: 0.19, basis: 'Hopper × MI300X/H100 MAMF efficiency (51.4% / 80.3%)', source: 'ML-ENG MAMF table (2026)', year: 2026 },
  { generation: 'cdna2', mfu: 0.19, basis: 'taken as CDNA3 (no data)', source: 'assumption (no data)', year: 2026 },
  { generation: 'gaudi', mfu: 0.3, basis: 'taken as Hopper; Gaudi 2 MAMF 96.9% suggests no lower', source: 'ML-ENG MAMF table (2026)', year: 2026 },
];

/** Keyed by generation; a unit test checks every generation has its row. */
export const GENERATION_MFU = Object.fromEntries(GENERATION_ROWS.map((row) => [row.generation, row])) as Record<
  GpuGeneration,
  GenerationMfu
>;

/** No run sustains more than this of dense peak: the best reported is "~60%" (TPU v4 paper), plus headroom. */
export const MFU_CEILING = { mfu: 0.75, source: 'Jouppi et al. ISCA 2023 (TPU v4, ~60% of peak)', year: 2023 } as const;

/** MFU against the FP8 peak is about 0.6 of the BF16 MFU (MosaicML 1-3B: 15-30% vs 37-46%; DeepSeek-V3 ≈17% vs 35%). */
export const FP8_MFU_RATIO = { ratio: 0.6, source: 'llm-foundry benchmarks README; DeepSeek-V3 README [derived]', year: 2024 } as const;

/**
 * Below 1B parameters kernels are too small to fill the GPU: MFU falls about 20% per decade of parameters
 * (Pythia 70M-410M at 0.26-0.32 vs 0.36-0.38 at 1-1.4B on the same cluster); flat from 1B up (llm-foundry H100:
 * 1B 37-42%, 7B 42-46%, 70B 41-43%).
 */
export const SMALL_MODEL = { belowParams: 1e9, lossPerDecade: 0.2, floor: 0.6, source: 'Pythia paper Table 5; llm-foundry benchmarks', year: 2023 } as const;

/**
 * Beyond 8k context attention dominates and CP/communication grows: about 7% per doubling (Llama 3: 43% → 38% at
 * 131k with CP16; MosaicML 46% → 27-33% at 32-65k without CP).
 */
export const LONG_CONTEXT = { aboveSeq: 8192, lossPerDoubling: 0.07, floor: 0.6, source: 'Llama 3 paper Table 4; llm-foundry benchmarks', year: 2024 } as const;

/** Scaling out past ~1k GPUs costs about 2% per doubling (Megatron-Core GPT-3 175B: 47% on 96 → 42% on 4,608 GPUs). */
export const SCALE_OUT = { aboveGpus: 1024, lossPerDoubling: 0.02, floor: 0.8, source: 'Megatron-LM README model table', year: 2025 } as const;

/**
 * Pipeline bubble of 1F1B, (pp-1)/(m+pp-1), with m microbatches per step, assumed 8·pp (Megatron's guidance to keep
 * the bubble small); applied only when the pipeline depth is known.
 */
export const PIPELINE = { microbatchesPerStage: 8, source: 'Narayanan et al. 2021, arXiv 2104.04473', year: 2021 } as const;

/**
 * Spread of whole-run MFU around the point: runs on the same hardware land from 0.6× to 1.4× of the median
 * (A100: 0.28-0.55 around 0.40; H100: 0.18-0.32 around 0.30).
 */
export const MFU_SPREAD = { low: 0.6, high: 1.4, source: 'published-runs table (spread of implied MFU)', year: 2025 } as const;

/** Framework benchmarks (steady state, best case): an upper reference for the prior, shown in the README. */
export interface MfuBenchmark {
  system: string;
  gpuId: string;
  params: number;
  gpus: number;
  seqLength: number;
  precision: 'bf16' | 'fp8';
  mfu: number;
  source: string;
  year: number;
}

export const MFU_BENCHMARKS: readonly MfuBenchmark[] = [
  { system: 'Megatron-Core 7.1B', gpuId: 'h100-sxm', params: 7.1e9, gpus: 96, seqLength: 4096, precision: 'bf16', mfu: 0.47, source: 'Megatron-LM README model table', year: 2025 },
  { system: 'Megatron-Core 70B', gpuId: 'h100-sxm', params: 70e9, gpus: 768, seqLength: 4096, precision: 'bf16', mfu: 0.42, source: 'Megatron-LM README model table', year: 2025 },
  { system: 'Megatron-Core 462B', gpuId: 'h100-sxm', params: 462e9, gpus: 6144, seqLength: 4096, precision: 'bf16', mfu: 0.47, source: 'Megatron-LM README model table', year: 2025 },
  { system: 'llm-foundry MPT 7B', gpuId: 'h100-sxm', params: 7e9, gpus: 64, seqLength: 2048, precision: 'bf16', mfu: 0.44, source: 'llm-foundry benchmarking README', year: 2024 },
  { system: 'llm-foundry MPT 70B', gpuId: 'h100-sxm', params: 70e9, gpus: 512, seqLength: 2048, precision: 'bf16', mfu: 0.413, source: 'llm-foundry benchmarking README', year: 2024 },
  { system: 'llm-foundry MPT 7B', gpuId: 'a100-80gb', params: 7e9, gpus: 64, seqLength: 2048, precision: 'bf16', mfu: 0.55, source: 'llm-foundry benchmarking README', year: 2023 },
  { system: 'llm-foundry MPT 3B FP8', gpuId: 'h100-sxm', params: 3e9, gpus: 64, seqLength: 2048, precision: 'fp8', mfu: 0.22, source: 'llm-foundry benchmarking README', year: 2024 },
  { system: 'torchtitan Llama 3.1 8B', gpuId: 'h100-sxm', params: 8e9, gpus: 128, seqLength: 8192, precision: 'bf16', mfu: 0.36, source: 'torchtitan benchmarks (Dec 2024, 500 W)', year: 2024 },
  { system: 'Llama 3.1 405B steady state', gpuId: 'h100-sxm', params: 405e9, gpus: 16384, seqLength: 8192, precision: 'bf16', mfu: 0.41, source: 'Llama 3 paper Table 4', year: 2024 },
];
