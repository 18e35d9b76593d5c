// The standard levers the literature names, each as a what-if on the user's own run: higher MFU, FP8, twice the
// GPUs, compute-optimal re-sizing, fewer tokens, the cleanest grid, spot capacity with restart overhead. A lever
// that cannot apply (no FP8 on a V100, no token count to cut) is kept in the list with the reason it was skipped.
import { hardwareUsed, supportsFp8 } from '../estimate/hardware';
import { analyze, type Analysis, type AnalyzeOptions } from '../analyze';
import { findGpu } from '../data/gpus';
import {
  CLEANEST_REGION,
  FEWER_TOKENS_SHARE,
  RIGHT_SIZE_NEGLIGIBLE_WASTE,
  GPU_UPGRADES,
  MFU_LEVER_CAP,
  MFU_LEVER_STEP,
  mfuLeverTarget,
  MORE_GPUS_FACTOR,
  SPOT_DISCOUNT,
  SPOT_RESTART_OVERHEAD,
} from '../data/levers';
import { formatCount, formatPercent as pct } from '../present/units';
import { scalingAnalysis } from '../scaling/analysis';
import { loss } from '../scaling/chinchilla';
import type { Overrides } from '../types';
import { fineTuneLeverPlans, type FineTuneLeverId } from './finetune-levers';
import { whatIfFrom, type WhatIfResult } from './whatif';

export type LeverId = 'mfu' | 'fp8' | 'newer-gpu' | 'more-gpus' | 'compute-optimal' | 'fewer-tokens' | 'cleanest-region' | 'spot' | FineTuneLeverId;

export interface Lever {
  id: LeverId;
  label: string;
  /** The overrides the lever applies; null when skipped. */
  change: Overrides | null;
  result: WhatIfResult | null;
  /** Why the lever does not apply to this run. */
  skipped: string | null;
  /** What to read in the result ("wall-clock halves, GPU-hours stay about the same"). */
  note: string | null;
}

/** What each lever is called when it is skipped (an applied lever names its own numbers). */
const LEVER_LABELS: Record<LeverId, string> = {
  mfu: `MFU +${Math.round(100 * MFU_LEVER_STEP.value)} points`,
  fp8: 'FP8 training',
  'newer-gpu': 'Newer GPU',
  'more-gpus': `${MORE_GPUS_FACTOR.value}× GPUs`,
  'compute-optimal': 'Compute-optimal size',
  'fewer-tokens': `${pct(1 - FEWER_TOKENS_SHARE.value)} fewer tokens`,
  'cleanest-region': 'Cleanest region',
  spot: 'Spot capacity',
  lora: 'LoRA adapters',
  packing: 'Packing',
  'fewer-epochs': 'One epoch fewer',
  'smaller-base': 'A smaller base model',
};

/** Levers only a fine-tune has; a pretraining run does not list them. */
const FINE_TUNE_ONLY: ReadonlySet<LeverId> = new Set<LeverId>(['lora', 'packing', 'fewer-epochs', 'smaller-base']);

function skip(id: LeverId, reason: string, label = LEVER_LABELS[id]): Lever {
  return { id, label, change: null, result: null, skipped: reason, note: null };
}

export function standardLevers(text: string, options: AnalyzeOptions): Lever[] {
  const baseline = analyze(text, options);
  return leversFor(baseline, text, options);
}

/** The levers from an analysis already made. */
export function leversFor(baseline: Analysis, text: string, options: AnalyzeOptions): Lever[] {
  const make = (id: LeverId, label: string, change: Overrides, note: (r: WhatIfResult) => string | null = () => null): Lever => {
    const result = whatIfFrom(baseline, text, options, change);
    return { id, label, change, result, skipped: null, note: note(result) };
  };
  const run = baseline.run;
  const p = baseline.projection;
  if (!run || !p) return [];
  if (!p.gpuHours) {
    // Nothing to compare against: every lever says what the run still needs rather than showing empty deltas.
    const needs = run.missing.length > 0 ? `set ${run.missing.join(', ')}` : 'the projection is incomplete';
    return (Object.keys(LEVER_LABELS) as LeverId[]).filter((id) => run.fineTune || !FINE_TUNE_ONLY.has(id)).map((id) => skip(id, `the run cannot be projected yet: ${needs}`));
  }
  const levers: Lever[] = [];
  // A fine-tune's own levers first: they are what its author can change in the recipe.
  for (const plan of fineTuneLeverPlans(baseline)) {
    levers.push(plan.change ? make(plan.id, plan.label, plan.change, plan.note) : skip(plan.id, plan.skipped ?? 'does not apply', plan.label));
  }

  const mfu = p.mfu?.point;
  const target = mfuLeverTarget(mfu);
  if (mfu === undefined || !(mfu > 0)) levers.push(skip('mfu', 'the run has no MFU (GPU type unknown)'));
  else if (target === null) levers.push(skip('mfu', `MFU ${pct(mfu)} is already at the best published ${pct(MFU_LEVER_CAP.value)}`));
  else {
    levers.push(make('mfu', `MFU ${pct(mfu)} → ${pct(target)}`, { mfu: target }, () => 'Efficiency moves GPU-hours, energy, cost and carbon together.'));
  }

  // The GPU and precision the projection used (the default GPU when the file names none).
  const { gpu, precision } = hardwareUsed(p);
  if (!gpu) levers.push(skip('fp8', 'the GPU type is unknown'));
  else if (precision === 'fp8') levers.push(skip('fp8', 'the run already trains in FP8'));
  else if (!supportsFp8(gpu)) levers.push(skip('fp8', `${gpu.name} has no FP8 tensor cores`));
  else {
    levers.push(
      make('fp8', `FP8 training on ${gpu.name}`, { precision: 'fp8' }, () => 'FP8 doubles peak FLOP/s, but published runs reach about half the MFU against the FP8 peak; the gain is smaller than 2×.'),
    );
  }

  const upgradeId = gpu ? GPU_UPGRADES[gpu.generation] : undefined;
  const upgrade = upgradeId ? findGpu(upgradeId) : undefined;
  if (!gpu) levers.push(skip('newer-gpu', 'the GPU type is unknown'));
  else if (!upgrade || upgrade.id === gpu.id) levers.push(skip('newer-gpu', `no newer generation listed for ${gpu.name}`));
  else {
    levers.push(
      make('newer-gpu', `Newer GPU: ${upgrade.name} instead of ${gpu.name}`, { gpuType: upgrade.id }, (r) => {
        const hours = r.meters.gpuHours.fraction?.point;
        const cost = r.meters.costUSD.fraction?.point;
        const energy = r.meters.energyKWh.fraction?.point;
        if (hours === undefined || cost === undefined || energy === undefined) return null;
        return `GPU-hours ${hours <= 0 ? 'fall' : 'rise'} ${pct(Math.abs(hours))}; each hour costs more and draws more power, so cost changes ${pct(cost)} and energy ${pct(energy)}.`;
      }),
    );
  }

  const gpus = run.gpus?.value;
  if (!(typeof gpus === 'number' && gpus > 0)) levers.push(skip('more-gpus', 'the GPU count is unknown'));
  else {
    levers.push(
      make('more-gpus', `${MORE_GPUS_FACTOR.value}× GPUs (${gpus} → ${gpus * MORE_GPUS_FACTOR.value})`, { gpus: gpus * MORE_GPUS_FACTOR.value }, (r) => {
        const wall = r.meters.wallClockHours.fraction?.point;
        const hours = r.meters.gpuHours.fraction?.point;
        if (wall === undefined || hours === undefined) return null;
        return `Wall-clock ${wall <= 0 ? 'falls' : 'rises'} ${pct(Math.abs(wall))}; GPU-hours change ${pct(hours)}, so cost, energy and carbon stay about the same: more GPUs buy time, not efficiency.`;
      }),
    );
  }

  // Right-sizing answers "what would the same quality cost at the compute-optimal point?": the compute-optimal model
  // that reaches the run's predicted loss (fewer FLOPs, so fewer GPU-hours). The optimum at the run's own compute
  // (same FLOPs, lower loss) stays the iso-FLOP plot's marker and is named in the note.
  const scaling = scalingAnalysis(run, p);
  const sameLoss = scaling.equalLossOptimum;
  if (run.arch.moe) levers.push(skip('compute-optimal', 'a mixture of experts: the loss fit was made on dense models'));
  else if (!scaling.optimal || !sameLoss || !scaling.waste || scaling.predictedLoss === null) {
    levers.push(skip('compute-optimal', scaling.reason ?? 'needs the parameter count and tokens'));
  } else if (scaling.waste.fraction < RIGHT_SIZE_NEGLIGIBLE_WASTE.value) {
    levers.push(skip('compute-optimal', `the run is already compute-optimal: under ${pct(RIGHT_SIZE_NEGLIGIBLE_WASTE.value)} of its compute buys no lower loss`));
  } else {
    const iso = scaling.optimal;
    const predicted = scaling.predictedLoss;
    const saved = scaling.waste.fraction;
    levers.push(
      make(
        'compute-optimal',
        `Compute-optimal size for the same loss (${formatCount(sameLoss.params)} params, ${formatCount(sameLoss.tokens)} tokens)`,
        { params: sameLoss.params, tokens: sameLoss.tokens },
        (r) => {
          const hours = r.meters.gpuHours.fraction?.point;
          const moved = hours === undefined ? '' : `; GPU-hours change ${pct(hours)} (utilisation and attention differ with the shape)`;
          return (
            `Same predicted loss ${predicted.toFixed(3)} (${scaling.fit.name}) with ${pct(saved)} less 6·N·D compute${moved}. ` +
            `At the run's own compute the optimum is ${formatCount(iso.params)} params on ${formatCount(iso.tokens)} tokens, loss ${iso.loss.toFixed(3)}: the plot's marker.`
          );
        },
      ),
    );
  }

  const tokens = run.tokens?.value;
  if (!(typeof tokens === 'number' && tokens > 0)) levers.push(skip('fewer-tokens', 'the token count is unknown'));
  else {
    levers.push(
      make('fewer-tokens', `${pct(1 - FEWER_TOKENS_SHARE.value)} fewer tokens`, { tokens: tokens * FEWER_TOKENS_SHARE.value }, () => {
        const l0 = scaling.predictedLoss;
        const after = scaling.params === null ? null : loss(scaling.params, tokens * FEWER_TOKENS_SHARE.value);
        return l0 === null || after === null ? null : `Predicted loss rises by ${(after - l0).toFixed(3)} (${scaling.fit.name}).`;
      }),
    );
  }

  const cleanest = CLEANEST_REGION;
  if (run.gridGPerKWh?.value !== undefined && run.gridGPerKWh.value <= cleanest.gCO2ePerKWh) {
    levers.push(skip('cleanest-region', 'the run already uses a grid at least as clean', `Cleanest region (${cleanest.name})`));
  } else {
    levers.push(
      make(
        'cleanest-region',
        `Cleanest region: ${cleanest.name}`,
        { region: cleanest.code, gridGPerKWh: cleanest.gCO2ePerKWh },
        () => `A cleaner grid moves only carbon (${cleanest.gCO2ePerKWh} gCO2e/kWh, ${cleanest.source}, ${cleanest.year}); GPU-hours, energy and cost are unchanged.`,
      ),
    );
  }

  levers.push(
    make(
      'spot',
      `Spot capacity (${pct(SPOT_DISCOUNT.value)} off, +${pct(SPOT_RESTART_OVERHEAD.value)} GPU-hours for restarts)`,
      { spotDiscount: SPOT_DISCOUNT.value, restartOverhead: SPOT_RESTART_OVERHEAD.value },
      () => 'Cost falls, but the restart overhead adds GPU-hours, energy and carbon.',
    ),
  );
  return levers;
}
