// What a GPU server actually draws during training, and what making a GPU emitted (reference facts §1.3, §2).

/**
 * The "measured" energy preset: each GPU draws a typical fraction of its rated power, and the server around it
 * (CPUs, memory, NICs, fans) adds a fixed share per GPU.
 */
export const MEASURED_DRAW = {
  /** Compute-intensive workloads on 8×H100 nodes ran at 76% of rated power (TDP-based estimates err 27-37%). */
  gpuDrawFraction: 0.76,
  gpuDrawSource: 'Newkirk et al. 2025, arXiv 2506.14551',
  gpuDrawYear: 2025,
  /** Server power excluding GPUs, 1.2 kW for an 8×H100 server (p5.48xlarge), so 150 W per GPU. */
  serverWPerGpu: 1200 / 8,
  serverSource: 'EcoLogits methodology (BoaviztAPI, p5.48xlarge)',
  serverYear: 2025,
} as const;

export interface EmbodiedRow {
  gpuId: string;
  kgCO2ePerGpu: number;
  boundary: string;
  source: string;
  year: number;
}

/**
 * Manufacturing emissions per GPU. Boundaries differ by an order of magnitude between sources (die-only 10-15 kg,
 * board 164 kg, instance share 150-318 kg); these rows are board or instance-share figures, the boundary is stated.
 */
export const EMBODIED: readonly EmbodiedRow[] = [
  { gpuId: 'h100-sxm', kgCO2ePerGpu: 164, boundary: 'GPU board, cradle-to-gate', source: 'NVIDIA HGX H100 Product Carbon Footprint summary (via EcoLogits)', year: 2025 },
  { gpuId: 'a100-80gb', kgCO2ePerGpu: 150, boundary: 'GPU, as estimated for the BLOOM study', source: 'Luccioni et al. 2022, BLOOM carbon footprint', year: 2022 },
  { gpuId: 'a100-40gb', kgCO2ePerGpu: 150, boundary: 'GPU, as estimated for the BLOOM study', source: 'Luccioni et al. 2022, BLOOM carbon footprint', year: 2022 },
];

/** Used for a GPU with no row: the H100 board figure, the only vendor-published one. */
export const DEFAULT_EMBODIED_GPU_ID = 'h100-sxm';

/** Lifetime over which embodied carbon is amortised: 4 years (Cloud Carbon Footprint, Scope3, Ecodiag; range 3-6). */
export const DEFAULT_LIFETIME_YEARS = { years: 4, source: 'Cloud Carbon Footprint EmbodiedEmissions.md', year: 2024 } as const;

/** Share of a GPU's lifetime it is busy: 85% (BLOOM / Jean Zay). */
export const DEFAULT_UTILISATION = { fraction: 0.85, source: 'Luccioni et al. 2022, BLOOM carbon footprint', year: 2022 } as const;

export function embodiedFor(gpuId: string): EmbodiedRow | undefined {
  return EMBODIED.find((row) => row.gpuId === gpuId);
}
