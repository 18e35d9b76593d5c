// The budget planner: given caps in $, tCO2e, GPU-hours and days, which one binds (the smallest cap/projected ratio),
// how much compute and how many tokens each cap allows at the run's own efficiency, and which lever relaxes the
// binding cap and by how much. Meters scale linearly with FLOPs at fixed efficiency, so every cap is a ratio.
import { hardwareUsed, supportsFp8 } from '../estimate/hardware';
import type { Analysis } from '../analyze';
import { peakFor } from '../data/gpus';
import { FP8_MFU_RATIO } from '../data/mfu-benchmarks';
import { CLEANEST_REGION, mfuLeverTarget, RIGHT_SIZE_NEGLIGIBLE_WASTE, SPOT_DISCOUNT, SPOT_RESTART_OVERHEAD } from '../data/levers';
import { PUES } from '../data/pue';
import { TRAINING_FLOPS_PER_PARAM_TOKEN } from '../data/scaling-fits';
import type { Range } from '../estimate/types';
import { formatCount, formatPercent } from '../present/units';
import { scalingAnalysis } from '../scaling/analysis';
import { optimalLoss, type LossPoint } from '../scaling/chinchilla';

export type CapKind = 'usd' | 'tco2e' | 'gpuHours' | 'days';

export interface BudgetCaps {
  maxUSD?: number;
  maxTCO2e?: number;
  maxGpuHours?: number;
  maxDays?: number;
}

export interface CapStatus {
  kind: CapKind;
  limit: number;
  unit: string;
  /** The projected point in the cap's unit; null when the meter cannot be projected. */
  projected: number | null;
  /** limit / projected: below 1 the run does not fit; null when unknown. */
  ratio: number | null;
  fits: boolean | null;
  /** Model FLOPs the cap allows at the run's efficiency. */
  allowedFlops: number | null;
  /** GPU-hours the cap allows at the run's efficiency (price, power, PUE and grid as projected). */
  allowedGpuHours: number | null;
  /** Tokens the cap allows for the same model. */
  allowedTokens: number | null;
  /** The compute-optimal model for the cap's compute (6·N·D scale), with its predicted loss. */
  allowedOptimal: LossPoint | null;
}

export type RelaxLeverId = 'spot' | 'mfu' | 'fp8' | 'right-size' | 'cleanest-region' | 'lower-pue' | 'more-gpus' | 'best-start';

/**
 * A carbon-aware start the caller found on an hourly grid trace (core/schedule): what it multiplies the run's carbon
 * by against starting now, and how to say it. Only carbon moves, so it can relax only a carbon cap.
 */
export interface TimingOption {
  meterFactor: number;
  label: string;
}

export interface Relaxation {
  lever: RelaxLeverId;
  label: string;
  /** What the binding meter is multiplied by (< 1 relaxes). */
  meterFactor: number;
  /**
   * Every cap kind this lever relaxes, not only the binding one: a cleaner grid moves carbon alone, while higher MFU
   * or FP8 cut the GPU-hours and so relax dollars, carbon, GPU-hours and days together.
   */
  relaxes: CapKind[];
  /** The binding cap's ratio after the lever. */
  ratioAfter: number;
  fitsAfter: boolean;
}

export interface BudgetPlan {
  caps: CapStatus[];
  binding: CapKind | null;
  /** Levers that relax the binding cap, the most effective first. */
  relax: Relaxation[];
  /** Why nothing could be planned, when so. */
  reason: string | null;
  summary: string;
}

const UNITS: Record<CapKind, string> = { usd: 'USD', tco2e: 'tCO2e', gpuHours: 'GPU-h', days: 'days' };
const KG_PER_TONNE = 1000;
const HOURS_PER_DAY = 24;

function positive(x: number | undefined | null): x is number {
  return typeof x === 'number' && Number.isFinite(x) && x > 0;
}

function pointOf(r: Range | null | undefined, scale: number): number | null {
  return r && positive(r.point) ? r.point * scale : null;
}

function assumptionNumber(analysis: Pick<Analysis, 'projection'>, name: string): number | null {
  const v = analysis.projection?.assumptions.find((a) => a.name === name)?.value;
  return typeof v === 'number' && positive(v) ? v : null;
}

/** A share of the run's compute, with two significant digits below 10% ("0.91%" rather than "0%"). */
export function formatComputeShare(r: number): string {
  return r >= 0.1 ? formatPercent(r) : `${(100 * r).toPrecision(2)}%`;
}

/** A cap is any finite number ≥ 0: a cap of 0 allows nothing, it does not mean "no cap". */
function isCap(x: number | undefined | null): x is number {
  return typeof x === 'number' && Number.isFinite(x) && x >= 0;
}

function capsFrom(overrides: BudgetCaps | undefined): BudgetCaps {
  const caps: BudgetCaps = {};
  if (isCap(overrides?.maxUSD)) caps.maxUSD = overrides.maxUSD;
  if (isCap(overrides?.maxTCO2e)) caps.maxTCO2e = overrides.maxTCO2e;
  if (isCap(overrides?.maxGpuHours)) caps.maxGpuHours = overrides.maxGpuHours;
  if (isCap(overrides?.maxDays)) caps.maxDays = overrides.maxDays;
  return caps;
}

export function hasCaps(caps: BudgetCaps | undefined): boolean {
  return Object.keys(capsFrom(caps)).length > 0;
}

export function budgetPlan(analysis: Pick<Analysis, 'run' | 'projection'>, caps: BudgetCaps, timing?: TimingOption): BudgetPlan {
  const p = analysis.projection;
  const run = analysis.run;
  const clean = capsFrom(caps);
  const wanted: Array<[CapKind, number, number | null]> = [];
  if (clean.maxUSD !== undefined) wanted.push(['usd', clean.maxUSD, pointOf(p?.costUSD, 1)]);
  if (clean.maxTCO2e !== undefined) wanted.push(['tco2e', clean.maxTCO2e, pointOf(p?.co2eKg, 1 / KG_PER_TONNE)]);
  if (clean.maxGpuHours !== undefined) wanted.push(['gpuHours', clean.maxGpuHours, pointOf(p?.gpuHours, 1)]);
  if (clean.maxDays !== undefined) wanted.push(['days', clean.maxDays, pointOf(p?.wallClockHours, 1 / HOURS_PER_DAY)]);
  if (wanted.length === 0) return { caps: [], binding: null, relax: [], reason: 'no budget cap given', summary: 'No budget cap given.' };

  const flops = positive(p?.flops) ? p.flops : null;
  const tokens = positive(run?.tokens?.value) ? run.tokens.value : null;
  const params = positive(run?.activeParams?.value) ? run.activeParams.value : positive(run?.params?.value) ? run.params.value : null;
  const statuses: CapStatus[] = wanted.map(([kind, limit, projected]) => {
    const ratio = projected === null ? null : limit / projected;
    const scalingFlops = ratio !== null && params !== null && tokens !== null ? TRAINING_FLOPS_PER_PARAM_TOKEN * params * tokens * ratio : null;
    return {
      kind,
      limit,
      unit: UNITS[kind],
      projected,
      ratio,
      fits: ratio === null ? null : ratio >= 1,
      allowedFlops: ratio !== null && flops !== null ? flops * ratio : null,
      allowedGpuHours: ratio !== null && positive(p?.gpuHours?.point) ? p.gpuHours.point * ratio : null,
      allowedTokens: ratio !== null && tokens !== null ? tokens * ratio : null,
      allowedOptimal: scalingFlops === null ? null : optimalLoss(scalingFlops),
    };
  });
  const known = statuses.filter((s): s is CapStatus & { ratio: number } => s.ratio !== null);
  if (known.length === 0) {
    const needs = run && run.missing.length > 0 ? `set ${run.missing.join(', ')}` : 'the projection is incomplete';
    return { caps: statuses, binding: null, relax: [], reason: `the capped meters cannot be projected: ${needs}`, summary: `No budget plan: ${needs}.` };
  }
  const binding = known.reduce((a, b) => (b.ratio < a.ratio ? b : a));
  // A cap of 0 allows nothing whatever the lever, so none is offered.
  const relax = binding.ratio > 0 ? relaxations(binding.kind, binding.ratio, analysis, timing) : [];
  const best = relax[0];
  const summary =
    `The ${binding.unit} cap binds: it allows ${formatComputeShare(binding.ratio)} of the run's compute` +
    (binding.allowedTokens !== null ? ` (${formatCount(binding.allowedTokens)} tokens at this model size)` : '') +
    (binding.ratio >= 1 ? '; the run fits every cap.' : '; the run does not fit.') +
    (best ? ` Best lever: ${best.label}; it would ${best.fitsAfter ? 'make the run fit' : 'relax the cap'} (${formatComputeShare(best.ratioAfter)} of the run's compute).` : '');
  return { caps: statuses, binding: binding.kind, relax, reason: null, summary };
}

/**
 * Which caps each lever relaxes. Spot cuts the price but adds restart GPU-hours, so it relaxes only dollars; a cleaner
 * grid or a lower PUE leave GPU-hours (and so dollars and days) untouched; more GPUs shorten the run only.
 */
const LEVER_RELAXES: Record<RelaxLeverId, CapKind[]> = {
  spot: ['usd'],
  mfu: ['usd', 'tco2e', 'gpuHours', 'days'],
  fp8: ['usd', 'tco2e', 'gpuHours', 'days'],
  'right-size': ['usd', 'tco2e', 'gpuHours', 'days'],
  'cleanest-region': ['tco2e'],
  'lower-pue': ['tco2e'],
  'more-gpus': ['days'],
  'best-start': ['tco2e'],
};

const CAP_WORDS: Record<CapKind, string> = { usd: 'dollars', tco2e: 'carbon', gpuHours: 'GPU-hours', days: 'days' };

/** "relaxes carbon only", "relaxes dollars, carbon, GPU-hours and days". */
function relaxesText(kinds: CapKind[]): string {
  const words = kinds.map((k) => CAP_WORDS[k]);
  if (words.length === 1) return `relaxes ${words[0]} only`;
  return `relaxes ${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

function relaxations(kind: CapKind, ratio: number, analysis: Pick<Analysis, 'run' | 'projection'>, timing: TimingOption | undefined): Relaxation[] {
  const out: Relaxation[] = [];
  const add = (lever: RelaxLeverId, label: string, meterFactor: number) => {
    if (!positive(meterFactor) || meterFactor >= 1) return;
    const ratioAfter = ratio / meterFactor;
    const relaxes = LEVER_RELAXES[lever];
    out.push({ lever, label: `${label}; ${relaxesText(relaxes)}`, meterFactor, relaxes, ratioAfter, fitsAfter: ratioAfter >= 1 });
  };
  const mfu = analysis.projection?.mfu?.point;
  const mfuLever = () => {
    const target = mfuLeverTarget(mfu);
    if (!positive(mfu) || target === null) return;
    add('mfu', `Raising MFU from ${formatPercent(mfu)} to ${formatPercent(target)}`, mfu / target);
  };
  // FP8 as the product models it (src/core/estimate/mfu.ts): the FP8 peak times the share of it published FP8 runs
  // reach, against the peak the run uses now. Only when the GPU has an FP8 path and the run is not already on it.
  const fp8Lever = () => {
    const { gpu, precision } = hardwareUsed(analysis.projection);
    if (!gpu || !precision || precision === 'fp8' || !supportsFp8(gpu)) return;
    const now = peakFor(gpu, precision);
    const fp8 = peakFor(gpu, 'fp8');
    if (!now || !fp8) return;
    const speedup = (fp8.tflops / now.tflops) * FP8_MFU_RATIO.ratio;
    add('fp8', `FP8 training (×${speedup.toFixed(2)} effective throughput on ${gpu.name})`, 1 / speedup);
  };
  // Right-sizing as the panel's lever means it: the compute-optimal model that reaches the run's predicted loss, at
  // the run's own efficiency (the meters scale with its share of the run's 6·N·D compute). Dense models only.
  const rightSize = () => {
    const run = analysis.run;
    if (!run || run.arch.moe) return;
    const scaling = scalingAnalysis(run, analysis.projection);
    const same = scaling.equalLossOptimum;
    if (!same || !scaling.waste || scaling.waste.fraction < RIGHT_SIZE_NEGLIGIBLE_WASTE.value) return;
    add(
      'right-size',
      `Right-sizing to the compute-optimal model of the same predicted loss (${formatCount(same.params)} params on ${formatCount(same.tokens)} tokens, ${formatPercent(scaling.waste.fraction)} less compute)`,
      1 - scaling.waste.fraction,
    );
  };
  switch (kind) {
    case 'usd': {
      const spot = assumptionNumber(analysis, 'spotDiscount');
      if (spot === null) {
        add(
          'spot',
          `Spot capacity (${formatPercent(SPOT_DISCOUNT.value)} off, +${formatPercent(SPOT_RESTART_OVERHEAD.value)} GPU-hours)`,
          (1 - SPOT_DISCOUNT.value) * (1 + SPOT_RESTART_OVERHEAD.value),
        );
      }
      mfuLever();
      fp8Lever();
      rightSize();
      break;
    }
    case 'tco2e': {
      const grid = assumptionNumber(analysis, 'gridGPerKWh');
      const cleanest = CLEANEST_REGION;
      // Embodied carbon (when included) does not move with the grid; the factor is then optimistic, and says so.
      if (grid !== null) add('cleanest-region', `Moving to ${cleanest.name} (${cleanest.gCO2ePerKWh} gCO2e/kWh)`, cleanest.gCO2ePerKWh / grid);
      const pue = assumptionNumber(analysis, 'pue');
      const bestPue = PUES.reduce((a, b) => (b.pue < a.pue ? b : a));
      if (pue !== null) add('lower-pue', `A data centre at PUE ${bestPue.pue} (${bestPue.name})`, bestPue.pue / pue);
      if (timing) add('best-start', timing.label, timing.meterFactor);
      mfuLever();
      fp8Lever();
      rightSize();
      break;
    }
    case 'gpuHours':
      mfuLever();
      fp8Lever();
      rightSize();
      break;
    case 'days': {
      const gpus = analysis.run?.gpus?.value;
      if (positive(gpus) && ratio < 1) {
        const needed = Math.ceil(gpus / ratio);
        add('more-gpus', `${needed} GPUs instead of ${gpus} (GPU-hours, cost and carbon stay about the same)`, gpus / needed);
      }
      mfuLever();
      fp8Lever();
      rightSize();
      break;
    }
  }
  return out.sort((a, b) => a.meterFactor - b.meterFactor);
}
