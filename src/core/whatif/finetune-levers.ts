// The levers of a fine-tune, each a what-if on the user's own recipe in every meter: train LoRA adapters instead
// of all weights, pack short examples instead of padding them, one epoch fewer, a base model half the size. A lever
// that cannot apply (already LoRA, already packed, one epoch) is kept with the reason, as the standard levers are.
import type { Analysis } from '../analyze';
import { FEWER_EPOCHS, PACKING_SPEEDUP, SMALLER_BASE_SHARE } from '../data/finetune';
import { formatCount, formatPercent as pct } from '../present/units';
import type { Overrides } from '../types';
import type { WhatIfResult } from './whatif';

export type FineTuneLeverId = 'lora' | 'packing' | 'fewer-epochs' | 'smaller-base';

export interface FineTuneLeverPlan {
  id: FineTuneLeverId;
  label: string;
  /** The overrides to apply; null when the lever does not apply. */
  change: Overrides | null;
  skipped: string | null;
  note: (r: WhatIfResult) => string | null;
}

const hoursNote =
  (what: string) =>
  (r: WhatIfResult): string | null => {
    const hours = r.meters.gpuHours.fraction?.point;
    return hours === undefined ? null : `${what}: GPU-hours, cost, energy and carbon change ${pct(hours)} together.`;
  };

/** The fine-tune levers for a run that projects; [] for a pretraining run. */
export function fineTuneLeverPlans(baseline: Analysis): FineTuneLeverPlan[] {
  const run = baseline.run;
  const ft = run?.fineTune;
  if (!run || !ft) return [];
  const plans: FineTuneLeverPlan[] = [];
  const tokens = run.tokens?.value;

  if (ft.adapter.value === 'full' || ft.adapter.value === 'freeze') {
    plans.push({
      id: 'lora',
      label: 'LoRA adapters instead of training all weights',
      change: { adapter: 'lora' },
      skipped: null,
      note: hoursNote('Frozen weights need no weight gradients (4·N instead of 6·N per token); published speed-ups are 1.0-1.5×, and quality can differ'),
    });
  } else {
    plans.push({ id: 'lora', label: 'LoRA adapters', change: null, skipped: `the run already trains ${ft.adapter.value === 'qlora' ? 'QLoRA' : 'LoRA'} adapters`, note: () => null });
  }

  const packed = ft.packing?.value === true;
  if (packed) plans.push({ id: 'packing', label: 'Packing', change: null, skipped: 'the run already packs its sequences', note: () => null });
  else if (!(typeof tokens === 'number' && tokens > 0)) plans.push({ id: 'packing', label: 'Packing', change: null, skipped: 'the token count is unknown', note: () => null });
  else {
    const s = PACKING_SPEEDUP.range;
    plans.push({
      id: 'packing',
      label: `Packing short examples (${s.low}× fewer computed tokens)`,
      change: { tokens: tokens / s.low },
      skipped: null,
      note: hoursNote(`Padding is removed; ${s.low}-${s.high}× throughput was measured on instruction datasets (${PACKING_SPEEDUP.source}), the low end assumed here`),
    });
  }

  const epochs = ft.epochs?.value;
  if (!(typeof tokens === 'number' && tokens > 0)) plans.push({ id: 'fewer-epochs', label: 'One epoch fewer', change: null, skipped: 'the token count is unknown', note: () => null });
  else if (run.trainIters || !(typeof epochs === 'number' && epochs >= 1 + FEWER_EPOCHS.value)) {
    plans.push({ id: 'fewer-epochs', label: 'One epoch fewer', change: null, skipped: run.trainIters ? 'the run is set by steps, not epochs' : 'the run trains a single epoch', note: () => null });
  } else {
    const after = epochs - FEWER_EPOCHS.value;
    plans.push({
      id: 'fewer-epochs',
      label: `${formatCount(after)} epoch${after === 1 ? '' : 's'} instead of ${formatCount(epochs)}`,
      change: { tokens: (tokens * after) / epochs },
      skipped: null,
      note: hoursNote('Every meter scales with the epochs'),
    });
  }

  const params = run.activeParams?.value ?? run.params?.value;
  if (!(typeof params === 'number' && params > 0)) plans.push({ id: 'smaller-base', label: 'A smaller base model', change: null, skipped: 'the base model size is unknown', note: () => null });
  else {
    const smaller = params * SMALLER_BASE_SHARE.value;
    plans.push({
      id: 'smaller-base',
      label: `A base model half the size (${formatCount(smaller)} instead of ${formatCount(params)} parameters)`,
      change: { params: smaller },
      skipped: null,
      note: hoursNote('Compute per token scales with the parameters'),
    });
  }
  return plans;
}
