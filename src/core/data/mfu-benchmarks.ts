// The numbers behind the MFU model (src/core/estimate/mfu.ts): its fitted constants, whole-run MFU per accelerator
// generation, the sourced factors (FP8, long context, pipeline, MoE), the leave-one-out range, and the framework
// benchmarks that bound it from above (reference facts §7).
import type { GpuGeneration } from './gpus';

export interface GenerationMfu {
  generation: GpuGeneration;
  /**
   * Whole-run BF16 MFU (model FLOPs incl. attention over dense peak) of a 10B-active-parameter model at ≤8k context:
   * fitted on the published runs for Ampere and Hopper (see MFU_FIT), otherwise from the basis named.
   */
  mfu: number;
  /** Generations without published runs of their own follow a fitted one, scaled by their measured matmul efficiency. */
  follows?: { generation: 'ampere' | 'hopper'; ratio: number };
  /** Whether bigger matmuls lift MFU (the size law): chips whose FLOP/byte ridge is at or above H100's. */
  sizeLaw: boolean;
  basis: string;
  source: string;
  year: number;
}

/**
 * The fitted constants of the MFU model (src/core/estimate/mfu.ts), from a least-squares fit of log MFU on the
 * published runs (src/core/data/published-runs.ts). Four free parameters on 40 runs; the validation test refits them
 * and checks these rounded values, so they cannot drift from the data.
 *
 * - ampere, hopper: whole-run BF16 MFU of a 10B-active model. Whole runs sit below framework benchmarks (restarts,
 *   evaluation, data stalls): Llama 3.1 405B ran at 38-43% steady state but ≈35% over the card's GPU-hours.
 * - fp16: FP16 mixed precision (loss scaling, and the 2021-22 software it came with: Pythia, OPT, phi-1.5) against BF16.
 * - sizeSlopePerDecade: on Hopper, MFU rises with the active parameters (larger matmuls fill an H100, whose FLOP/byte
 *   ridge is twice an A100's); natural-log MFU per decade of active parameters around 10B, clamped to 1B-316B.
 *   On Ampere the fit finds no such effect (−0.10 per decade, not kept).
 */
export const MFU_FIT = {
  ampere: 0.468,
  hopper: 0.259,
  fp16: 0.6248,
  sizeSlopePerDecade: 0.283,
  sizePivotParams: 1e10,
  sizeClampDecades: { low: -1, high: 1.5 },
  source: 'least-squares fit of log MFU on the published-runs table (test/unit/validation/mfu-model.test.ts refits it)',
  year: 2026,
} as const;

const GENERATION_ROWS: readonly GenerationMfu[] = [
  { generation: 'volta', mfu: 0.21, sizeLaw: false, basis: 'GPT-3 175B on 10,000 V100 (FP16, the only tensor path)', source: 'PaLM paper Table 3 (21.3%); Patterson et al. 2021 (19.7%)', year: 2022 },
  { generation: 'ampere', mfu: MFU_FIT.ampere, sizeLaw: false, basis: 'fitted on the A100 runs (Meta, BigScience, EleutherAI, Microsoft, MosaicML, TII, BigCode)', source: MFU_FIT.source, year: MFU_FIT.year },
  { generation: 'hopper', mfu: MFU_FIT.hopper, sizeLaw: true, basis: 'fitted on the H100/H800 runs (Meta, DeepSeek, Microsoft, Hugging Face, MyShell)', source: MFU_FIT.source, year: MFU_FIT.year },
  { generation: 'tpu', mfu: 0.325, sizeLaw: false, basis: 'Gopher 280B on 4,096 TPU v3 (32.5%), independent of the PaLM run it is checked on', source: 'PaLM paper Table 3 (Gopher row)', year: 2022 },
  { generation: 'ada', mfu: MFU_FIT.hopper, follows: { generation: 'hopper', ratio: 1 }, sizeLaw: true, basis: 'no published run; taken as Hopper', source: 'assumption (no data)', year: 2026 },
  { generation: 'blackwell', mfu: MFU_FIT.hopper * (77.6 / 80.3), follows: { generation: 'hopper', ratio: 77.6 / 80.3 }, sizeLaw: true, basis: 'Hopper × B200/H100 MAMF efficiency (77.6% / 80.3%)', source: 'ML-ENG MAMF table (2026)', year: 2026 },
  { generation: 'cdna3', mfu: MFU_FIT.hopper * (51.4 / 80.3), follows: { generation: 'hopper', ratio: 51.4 / 80.3 }, sizeLaw: false, basis: 'Hopper × MI300X/H100 MAMF efficiency (51.4% / 80.3%)', source: 'ML-ENG MAMF table (2026)', year: 2026 },
  { generation: 'cdna2', mfu: MFU_FIT.hopper * (51.4 / 80.3), follows: { generation: 'hopper', ratio: 51.4 / 80.3 }, sizeLaw: false, basis: 'taken as CDNA3 (no data)', source: 'assumption (no data)', year: 2026 },
  { generation: 'gaudi', mfu: MFU_FIT.hopper, follows: { generation: 'hopper', ratio: 1 }, sizeLaw: false, basis: 'taken as Hopper; Gaudi 2 MAMF 96.9% suggests no lower', source: 'ML-ENG MAMF table (2026)', year: 2026 },
];

/**
 * The FLOP/byte ridge (dense BF16 peak ÷ memory bandwidth) of the chips the two fitted generations were fitted on:
 * A100 SXM 80GB 312 TF / 2.039 TB/s, H100 SXM 989 TF / 3.35 TB/s (reference facts §1.1). A generation without
 * published runs of its own, on a chip whose bandwidth is known, follows the fitted generation with the nearer ridge
 * (in log distance), size law included: the size law exists because H100's ridge is twice A100's (MFU_FIT).
 */
export const FITTED_RIDGES = {
  ampere: 312 / 2.039,
  hopper: 989 / 3.35,
  source: 'NVIDIA A100 and H100 pages, as tabulated in ML-ENG (peak BF16 and memory bandwidth)',
  year: 2026,
} as const;

/** Keyed by generation; a unit test checks every generation has its row. */
export const GENERATION_MFU = Object.fromEntries(GENERATION_ROWS.map((row) => [row.generation, row])) as Record<
  GpuGeneration,
  GenerationMfu
>;

/** No run sustains more than this of dense peak: the best reported is "~60%" (TPU v4 paper), plus headroom. */
export const MFU_CEILING = { mfu: 0.75, source: 'Jouppi et al. ISCA 2023 (TPU v4, ~60% of peak)', year: 2023 } as const;

/**
 * MFU against the FP8 peak is about 0.6 of the BF16 MFU (MosaicML 1-3B: 15-30% vs 37-46%; DeepSeek-V3 ≈17% vs 35%).
 * Not fitted: the published-runs table has one FP8 run.
 */
export const FP8_MFU_RATIO = { ratio: 0.6, source: 'llm-foundry benchmarks README; DeepSeek-V3 README [derived]', year: 2024 } as const;

/**
 * Beyond 8k context attention dominates and CP/communication grows: about 7% per doubling (Llama 3: 43% → 38% at
 * 131k with CP16; MosaicML 46% → 27-33% at 32-65k without CP). No published whole run is past 8k, so not fitted.
 */
export const LONG_CONTEXT = { aboveSeq: 8192, lossPerDoubling: 0.07, floor: 0.6, source: 'Llama 3 paper Table 4; llm-foundry benchmarks', year: 2024 } as const;

/**
 * Pipeline bubble of 1F1B, (pp−1)/(m+pp−1), with m micro-batches per pipeline flush (the gradient-accumulation steps);
 * when the config does not say, m = 8·pp (Megatron's guidance to keep the bubble small). Arithmetic, not fitted.
 */
export const PIPELINE = { microbatchesPerStage: 8, source: 'Narayanan et al. 2021, arXiv 2104.04473 §2.2', year: 2021 } as const;

/**
 * Mixture of experts: the MFU is taken at the active parameters (the GEMMs a token goes through); the five MoE runs
 * (Llama 4 Scout and Maverick, DeepSeek-V2 and V3, JetMoE) show no further MoE effect once that is done (a fitted MoE
 * factor came out ×0.94 and made the leave-one-out error worse), so the factor is 1 and the hover says so.
 */
export const MOE_MFU = { factor: 1, source: 'published-runs table: fitted ×0.94, not kept (leave-one-out)', year: 2026 } as const;

/**
 * The MFU range: the 80% band of the leave-one-out residuals of the model on the published runs (each run predicted by
 * a fit without it), as multipliers of the point. The validation test recomputes them.
 */
export const MFU_RANGE = { nominal: 0.8, low: 0.74, high: 1.33, source: 'leave-one-out residual quantiles on the published runs', year: 2026 } as const;

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
