// The sizes of the standard what-if levers (issue 3 item 4), each with where the number comes from. Levers apply
// these as overrides to the user's own run; the panel lets the user pick other values.
import { SPOT_DISCOUNT as SPOT_PRICE_DISCOUNT } from './prices';
import { REGIONS, type RegionRow } from './regions';

export interface LeverConstant {
  value: number;
  source: string;
  year: number;
}

/** How much the MFU lever adds: ten points, the gap between a typical run and a tuned one (facts §7). */
export const MFU_LEVER_STEP: LeverConstant = {
  value: 0.1,
  source: 'Published H100 BF16 runs span 38-48% MFU vs ~30% typical of untuned runs (Megatron-Core, Llama 3, MosaicML; reference facts §7)',
  year: 2024,
};

/** The MFU lever never goes past the best published dense MFU: Megatron selective recompute, 1T model, 56.3%. */
export const MFU_LEVER_CAP: LeverConstant = {
  value: 0.563,
  source: 'Korthikanti et al., "Reducing Activation Recomputation in Large Transformer Models", arXiv 2205.05198 (Megatron-LM README)',
  year: 2022,
};

/** The MFU the MFU lever moves a run to: ten points up, never past the cap; null without an MFU or at the cap. */
export function mfuLeverTarget(mfu: number | null | undefined): number | null {
  if (typeof mfu !== 'number' || !Number.isFinite(mfu) || !(mfu > 0) || mfu >= MFU_LEVER_CAP.value) return null;
  return Math.min(mfu + MFU_LEVER_STEP.value, MFU_LEVER_CAP.value);
}

/** Spot price as a discount on on-demand: the prices table's planning figure (the low end of Google's 60-91%). */
export const SPOT_DISCOUNT: LeverConstant = { value: SPOT_PRICE_DISCOUNT.low, source: SPOT_PRICE_DISCOUNT.source, year: SPOT_PRICE_DISCOUNT.year };

/** GPU-hours lost to preemption restarts on spot capacity (checkpoint reload, lost steps). */
export const SPOT_RESTART_OVERHEAD: LeverConstant = {
  value: 0.08,
  source: 'Issue 3 example; whole-run averages including failures and restarts ≈ 35% MFU vs 38-43% steady state for Llama 3.1 405B (reference facts §7)',
  year: 2024,
};

/** The fewer-tokens lever trains on this share of the run's tokens. */
export const FEWER_TOKENS_SHARE: LeverConstant = {
  value: 0.75,
  source: 'Product choice: a quarter fewer tokens, a cut teams commonly consider when a run is over-trained',
  year: 2026,
};

/** The GPU-count lever multiplies the GPU count by this. */
export const MORE_GPUS_FACTOR: LeverConstant = {
  value: 2,
  source: 'Product choice: doubling the cluster, the usual question ("what if we had twice the GPUs")',
  year: 2026,
};

/** The cleanest-region lever's target: the region table's lowest grid intensity (the row carries its own source). */
export const CLEANEST_REGION: RegionRow = REGIONS.reduce((best, r) => (r.gCO2ePerKWh < best.gCO2ePerKWh ? r : best));

/** Regions the regions comparison shows when the caller names none: world average, big grids, clean grids. */
export const COMPARISON_REGION_CODES: readonly string[] = ['world', 'us', 'de', 'in', 'fr', 'se', 'us-west1', 'europe-north2'];

/**
 * The newer-GPU lever: the next NVIDIA data-centre generation for the generation a run uses (GPU table rows, with
 * their own sources). Other vendors and the newest generation get no upgrade.
 */
export const GPU_UPGRADES: Readonly<Partial<Record<string, string>>> = {
  volta: 'a100-80gb',
  ampere: 'h100-sxm',
  hopper: 'b200',
};
export const GPU_UPGRADES_SOURCE = { source: 'Product choice: NVIDIA V100 → A100 → H100 → B200 succession (GPU table)', year: 2026 } as const;

/**
 * The right-sizing lever is skipped below this share of scaling waste: under 1% the same-loss model differs from the
 * run in the fourth digit of its loss (the scaling explanation's own "at the compute-optimal point" threshold).
 */
export const RIGHT_SIZE_NEGLIGIBLE_WASTE: LeverConstant = {
  value: 0.01,
  source: 'Product choice, shared with the scaling explanation: a loss difference below the fit\'s precision',
  year: 2026,
};
