// Accelerators: DENSE peak throughput per precision (never the 2:4-sparse datasheet headline), rated power, memory.
// Every row cites its source and year (reference facts §1.1). A precision a chip has no tensor path for is absent;
// the projection then falls back to the next precision and says so.
import type { Precision } from '../types';

export type GpuGeneration = 'volta' | 'ampere' | 'ada' | 'hopper' | 'blackwell' | 'cdna2' | 'cdna3' | 'gaudi' | 'tpu';

export interface GpuRow {
  /** Stable id stored in RunSpec.gpuType and settings. */
  id: string;
  name: string;
  /** Other spellings people write; lookup also ignores case, spaces, dashes and a memory suffix. */
  aliases: string[];
  vendor: 'nvidia' | 'amd' | 'intel' | 'google';
  generation: GpuGeneration;
  /** Dense peak TFLOP/s per precision (FP32 = vector FP32; TF32/BF16/FP16/FP8 = tensor/matrix units). */
  peakTFlops: Partial<Record<Precision, number>>;
  /** Rated board power (TDP/TGP) in W; for TPUs, the figure the tools use (labelled in `powerNote`). */
  ratedPowerW: number;
  powerNote?: string;
  memoryGB: number;
  /**
   * Memory bandwidth (TB/s), where the MFU model needs it: a generation without published runs of its own follows the
   * fitted generation whose FLOP/byte ridge (dense BF16 peak ÷ bandwidth) is nearest (reference facts §1.1).
   */
  memoryTBps?: number;
  source: string;
  year: number;
}

export const GPUS: readonly GpuRow[] = [
  {
    id: 'v100-32gb', name: 'NVIDIA V100 SXM2 32GB', aliases: ['v100', 'v100-sxm2', 'tesla v100', 'v100 16gb'],
    vendor: 'nvidia', generation: 'volta',
    peakTFlops: { fp32: 15.7, fp16: 125 }, ratedPowerW: 300, memoryGB: 32,
    source: 'NVIDIA V100 datasheet via gpu-specs; MLCO2 gpus.csv (300 W)', year: 2018,
  },
  {
    id: 'a100-40gb', name: 'NVIDIA A100 SXM 40GB', aliases: ['a100 40gb', 'a100-sxm4-40gb', 'a100-40g'],
    vendor: 'nvidia', generation: 'ampere',
    peakTFlops: { fp32: 19.5, tf32: 156, fp16: 312, bf16: 312 }, ratedPowerW: 400, memoryGB: 40,
    source: 'NVIDIA A100 datasheet, as tabulated in ML-ENG', year: 2020,
  },
  {
    id: 'a100-80gb', name: 'NVIDIA A100 SXM 80GB', aliases: ['a100', 'a100-sxm', 'a100-sxm4-80gb', 'a100 80gb'],
    vendor: 'nvidia', generation: 'ampere',
    peakTFlops: { fp32: 19.5, tf32: 156, fp16: 312, bf16: 312 }, ratedPowerW: 400, memoryGB: 80,
    source: 'NVIDIA A100 page, as tabulated in ML-ENG', year: 2021,
  },
  {
    id: 'a100-pcie-80gb', name: 'NVIDIA A100 PCIe 80GB', aliases: ['a100 pcie', 'a100-pcie', 'a100 pcie 40gb'],
    vendor: 'nvidia', generation: 'ampere',
    peakTFlops: { fp32: 19.5, tf32: 156, fp16: 312, bf16: 312 }, ratedPowerW: 300, memoryGB: 80,
    source: 'NVIDIA A100 datasheets; Green Algorithms TDP_gpu.csv (300 W)', year: 2021,
  },
  {
    id: 'a10g', name: 'NVIDIA A10G (AWS G5)', aliases: ['a10g-24gb'],
    vendor: 'nvidia', generation: 'ampere',
    peakTFlops: { fp32: 31.2, tf32: 35, fp16: 70, bf16: 70 }, ratedPowerW: 150, memoryGB: 24,
    source: 'Baseten "NVIDIA A10 vs A10G" (A10G is not the 125 TF A10); MLCO2 gpus.csv (150 W)', year: 2023,
  },
  {
    id: 'rtx-a6000', name: 'NVIDIA RTX A6000', aliases: ['a6000'],
    vendor: 'nvidia', generation: 'ampere',
    peakTFlops: { fp32: 38.7, tf32: 77.4, fp16: 154.8, bf16: 154.8 }, ratedPowerW: 300, memoryGB: 48,
    source: 'NVIDIA RTX A6000 datasheet (309.7 TF sparse / 2); MLCO2 (300 W)', year: 2021,
  },
  {
    id: 'l4', name: 'NVIDIA L4', aliases: ['l4-24gb'],
    vendor: 'nvidia', generation: 'ada',
    peakTFlops: { fp32: 30.3, tf32: 60, fp16: 121, bf16: 121, fp8: 242 }, ratedPowerW: 72, memoryGB: 24, memoryTBps: 0.3,
    source: 'NVIDIA L4 product brief via gpu-specs; MLCO2 (72 W)', year: 2023,
  },
  {
    id: 'l40s', name: 'NVIDIA L40S', aliases: ['l40s-48gb'],
    vendor: 'nvidia', generation: 'ada',
    peakTFlops: { fp32: 91.6, tf32: 183, fp16: 362, bf16: 362, fp8: 733 }, ratedPowerW: 350, memoryGB: 48, memoryTBps: 0.864,
    source: 'NVIDIA L40S page, as tabulated in ML-ENG', year: 2023,
  },
  {
    id: 'rtx-4090', name: 'NVIDIA GeForce RTX 4090', aliases: ['4090', 'rtx4090'],
    vendor: 'nvidia', generation: 'ada',
    // FP32-accumulate rate: mixed-precision training accumulates in FP32 (the 330 TF figure is FP16 accumulate).
    peakTFlops: { fp32: 82.6, tf32: 82.6, fp16: 165.2, bf16: 165.2, fp8: 330.3 }, ratedPowerW: 450, memoryGB: 24, memoryTBps: 1.008,
    source: 'NVIDIA Ada architecture whitepaper v2.1; MLCO2 (450 W)', year: 2023,
  },
  {
    id: 'h100-sxm', name: 'NVIDIA H100 SXM5 80GB', aliases: ['h100', 'h100-80gb', 'h100 sxm5', 'h100-hbm3'],
    vendor: 'nvidia', generation: 'hopper',
    peakTFlops: { fp32: 67, tf32: 494.7, fp16: 989, bf16: 989, fp8: 1979 }, ratedPowerW: 700, memoryGB: 80,
    source: 'NVIDIA H100 page, as tabulated in ML-ENG (dense; the datasheet headline is sparse)', year: 2023,
  },
  {
    id: 'h100-pcie', name: 'NVIDIA H100 PCIe 80GB', aliases: ['h100 pcie'],
    vendor: 'nvidia', generation: 'hopper',
    peakTFlops: { fp32: 51, tf32: 378, fp16: 756, bf16: 756, fp8: 1513 }, ratedPowerW: 350, memoryGB: 80,
    source: 'ML-ENG; NVIDIA H100 PCIe product brief PB-11133-001 (max TDP 350 W)', year: 2022,
  },
  {
    id: 'h100-nvl', name: 'NVIDIA H100 NVL 94GB', aliases: ['h100nvl'],
    vendor: 'nvidia', generation: 'hopper',
    peakTFlops: { fp32: 60, tf32: 417.5, fp16: 835, bf16: 835, fp8: 1670 }, ratedPowerW: 400, memoryGB: 94,
    source: 'NVIDIA H100 datasheet (NVL column, sparse / 2); ML-ENG (350-400 W)', year: 2023,
  },
  {
    id: 'h800', name: 'NVIDIA H800 SXM5 80GB', aliases: ['h800-sxm', 'h800 sxm5'],
    vendor: 'nvidia', generation: 'hopper',
    peakTFlops: { fp32: 67, tf32: 494.7, fp16: 989, bf16: 989, fp8: 1979 }, ratedPowerW: 700, memoryGB: 80,
    source: 'NVIDIA H800 datasheet via gpu-datasheet and LLM-Prof hardware_spec.md', year: 2023,
  },
  {
    id: 'h200', name: 'NVIDIA H200 SXM 141GB', aliases: ['h200-sxm', 'h200 141gb'],
    vendor: 'nvidia', generation: 'hopper',
    peakTFlops: { fp32: 67, tf32: 494.7, fp16: 989, bf16: 989, fp8: 1979 }, ratedPowerW: 700, memoryGB: 141,
    source: 'NVIDIA H200 page, as tabulated in ML-ENG', year: 2024,
  },
  {
    id: 'h20', name: 'NVIDIA H20', aliases: ['h20-96gb'],
    vendor: 'nvidia', generation: 'hopper',
    peakTFlops: { fp32: 44, tf32: 74, fp16: 148, bf16: 148, fp8: 296 }, ratedPowerW: 400, memoryGB: 96,
    source: 'LLM-Prof hardware_spec.md (FP16 148e12); TweakTown (400 W)', year: 2024,
  },
  {
    id: 'b200', name: 'NVIDIA B200 (HGX)', aliases: ['b200-sxm', 'dgx b200', 'hgx b200'],
    vendor: 'nvidia', generation: 'blackwell',
    peakTFlops: { fp32: 80, tf32: 1100, fp16: 2250, bf16: 2250, fp8: 4500 }, ratedPowerW: 1000, memoryGB: 180,
    source: 'DGX B200 datasheet via ML-ENG; Klockwood (HGX 1,000 W)', year: 2025,
  },
  {
    id: 'gb200', name: 'NVIDIA GB200 (per B200 GPU in NVL72)', aliases: ['gb200 nvl72', 'gb200-nvl72'],
    vendor: 'nvidia', generation: 'blackwell',
    peakTFlops: { fp32: 80, tf32: 1250, fp16: 2500, bf16: 2500, fp8: 5000 }, ratedPowerW: 1200, memoryGB: 186,
    source: 'NVIDIA GB200 NVL72 page via ML-ENG', year: 2025,
  },
  {
    id: 'mi250x', name: 'AMD Instinct MI250X', aliases: ['mi250'],
    vendor: 'amd', generation: 'cdna2',
    peakTFlops: { fp32: 47.9, fp16: 383, bf16: 383 }, ratedPowerW: 500, memoryGB: 128,
    source: 'AMD MI250X page via ML-ENG', year: 2021,
  },
  {
    id: 'mi300x', name: 'AMD Instinct MI300X', aliases: ['mi300'],
    vendor: 'amd', generation: 'cdna3',
    peakTFlops: { fp32: 163.4, tf32: 653.7, fp16: 1307.4, bf16: 1307.4, fp8: 2614.9 }, ratedPowerW: 750, memoryGB: 192,
    source: 'AMD MI300X page via ML-ENG', year: 2023,
  },
  {
    id: 'mi325x', name: 'AMD Instinct MI325X', aliases: [],
    vendor: 'amd', generation: 'cdna3',
    peakTFlops: { fp32: 163.4, tf32: 653.7, fp16: 1307.4, bf16: 1307.4, fp8: 2614.9 }, ratedPowerW: 1000, memoryGB: 256,
    source: 'AMD MI325X page via ML-ENG', year: 2024,
  },
  {
    id: 'gaudi2', name: 'Intel Gaudi 2', aliases: ['hl-225'],
    vendor: 'intel', generation: 'gaudi',
    peakTFlops: { fp16: 432, bf16: 432, fp8: 865 }, ratedPowerW: 600, memoryGB: 96,
    source: 'Intel Gaudi 2 white paper via ML-ENG', year: 2022,
  },
  {
    id: 'gaudi3', name: 'Intel Gaudi 3', aliases: ['hl-325l'],
    vendor: 'intel', generation: 'gaudi',
    // Shipping parts clock the MME at 1,600 MHz: 1,677 TF, not the white paper's 1,835 (ML-ENG note 19).
    peakTFlops: { fp32: 229, tf32: 459, fp16: 1677, bf16: 1677, fp8: 1677 }, ratedPowerW: 900, memoryGB: 128,
    source: 'Intel Gaudi 3 white paper via ML-ENG (shipping clock)', year: 2024,
  },
  {
    id: 'tpu-v4', name: 'Google TPU v4', aliases: ['tpu-v4-pod'],
    vendor: 'google', generation: 'tpu',
    peakTFlops: { bf16: 275, fp16: 275 }, ratedPowerW: 170,
    powerNote: 'Google publishes no TDP; 170 W is Green Algorithms\' figure (PaLM measured 378.5 W per chip at the system)',
    memoryGB: 32,
    source: 'Google TPU v4 docs via ML-ENG; Green Algorithms TDP_gpu.csv (170 W)', year: 2022,
  },
  {
    id: 'tpu-v5e', name: 'Google TPU v5e', aliases: ['tpu v5 lite'],
    vendor: 'google', generation: 'tpu',
    peakTFlops: { bf16: 197, fp16: 197 }, ratedPowerW: 170,
    powerNote: 'Google publishes no TDP; the TPU v4 figure is reused',
    memoryGB: 16,
    source: 'Google TPU v5e docs via ML-ENG', year: 2023,
  },
  {
    id: 'tpu-v5p', name: 'Google TPU v5p', aliases: [],
    vendor: 'google', generation: 'tpu',
    peakTFlops: { bf16: 459, fp16: 459 }, ratedPowerW: 170,
    powerNote: 'Google publishes no TDP; the TPU v4 figure is reused',
    memoryGB: 95,
    source: 'Google TPU v5p docs via ML-ENG', year: 2023,
  },
];

/** The GPU assumed when a config names none: the most common accelerator of the published runs (Llama 3/3.1/4, SmolLM3). */
export const DEFAULT_GPU_ID = 'h100-sxm';

/** Lowercase, strip vendor words, spaces, dashes, underscores and a trailing "80gb"/"-sxm" style memory suffix. */
function squash(name: string): string {
  return name
    .toLowerCase()
    .replace(/\b(nvidia|amd|intel|google|instinct|tesla|geforce|cloud)\b/g, '')
    .replace(/[\s_\-./]+/g, '');
}

// Only the memory sizes accelerators ship with, so "a10040gb" loses "40gb" and not "10040gb".
function stripMemory(key: string): string {
  return key.replace(/(16|24|32|40|48|80|94|96|128|141|180|186|192|256)g(i?b)?$/, '');
}

function stripForm(key: string): string {
  return key.replace(/(sxm\d?|pcie|hbm\d?e?|oam)$/, '');
}

const INDEX: ReadonlyMap<string, GpuRow> = (() => {
  const index = new Map<string, GpuRow>();
  // Exact keys first, so "a100 40gb" finds the 40GB row and not the alias-free "a100" fallback.
  for (const row of GPUS) {
    for (const name of [row.id, row.name, ...row.aliases]) {
      const key = squash(name);
      if (!index.has(key)) index.set(key, row);
    }
  }
  return index;
})();

/** Forgiving lookup: `h100`, `H100-SXM`, `A100-80GB`, `a100 40gb`, `NVIDIA H800`, `TPU v4`. */
export function findGpu(name: string): GpuRow | undefined {
  const key = squash(name);
  if (key === '') return undefined;
  const exact = INDEX.get(key);
  if (exact) return exact;
  // Peel suffixes one at a time, memory and form factor in either order: "h100sxm80gb" → "h100sxm";
  // "a10080gb" → "a100"; nvidia-smi's "h10080gbhbm3" → "h10080gb" → "h100".
  let candidates = [key];
  for (let round = 0; round < 3; round++) {
    candidates = candidates.flatMap((c) => [stripMemory(c), stripForm(c)]).filter((c) => c !== '');
    for (const c of candidates) {
      const row = INDEX.get(c);
      if (row) return row;
    }
  }
  return undefined;
}

export function knownGpuNames(): string[] {
  return GPUS.map((row) => row.id);
}

/** The message for a name that matches no row; lists the known ids so the user can pick one. */
export function unknownGpuMessage(name: string): string {
  return `Unknown GPU "${name}". Known GPUs: ${knownGpuNames().join(', ')}.`;
}

/** Precisions to try, in order, when a chip lacks the requested one (V100 has no BF16; A100 has no FP8). */
const FALLBACK: Record<Precision, Precision[]> = {
  fp8: ['fp8', 'bf16', 'fp16'],
  bf16: ['bf16', 'fp16'],
  fp16: ['fp16', 'bf16'],
  tf32: ['tf32', 'fp32'],
  fp32: ['fp32', 'tf32'],
};

/** Dense peak at a precision, with the precision actually used when the chip lacks the requested one. */
export function peakFor(gpu: GpuRow, precision: Precision): { tflops: number; precision: Precision } | undefined {
  for (const candidate of FALLBACK[precision]) {
    const tflops = gpu.peakTFlops[candidate];
    if (tflops !== undefined && tflops > 0) return { tflops, precision: candidate };
  }
  return undefined;
}
