// The estimate table's scaling-law and budget-plan sections: predicted loss, the optimum for the run's compute, the
// waste of over- or under-training in GPU-hours, dollars and tCO2e, the inference verdict, and the budget plan.
import type { Analysis } from '../core/analyze';
import type { Range } from '../core/estimate/types';
import { budgetPlan, formatComputeShare as share, hasCaps, type BudgetCaps, type CapStatus, type TimingOption } from '../core/plan';
import { formatCo2eKg, formatCount, formatDurationHours, formatFlops, formatGpuHours, formatUSD, formatWithRange } from '../core/present/units';
import { scalingAnalysis } from '../core/scaling';

export interface ScalingTableOptions extends BudgetCaps {
  lifetimeInferenceTokens?: number;
}

function cell(text: string, width: number): string {
  return text.length >= width ? `${text} ` : text.padEnd(width);
}

const row = (label: string, value: string) => `  ${cell(label, 26)}${value}`;
const rangeOrUnknown = (r: Range | null, f: (n: number) => string) => (r ? formatWithRange(r, f) : 'unknown (see findings)');

export function renderScaling(analysis: Analysis, options: ScalingTableOptions = {}): string[] {
  const { run, projection } = analysis;
  if (!run) return [];
  const out: string[] = [];
  const s = scalingAnalysis(run, projection, { lifetimeInferenceTokens: options.lifetimeInferenceTokens });
  out.push('', `Scaling law (${s.fit.name}, ${s.fit.year})`);
  if (s.predictedLoss === null || !s.optimal) {
    out.push(row('not available', s.reason ?? 'needs the parameter count and tokens'));
  } else {
    out.push(row('predicted loss', `${s.predictedLoss.toFixed(3)} nats/token`));
    out.push(row('optimum for this compute', `${formatCount(s.optimal.params)} params on ${formatCount(s.optimal.tokens)} tokens, loss ${s.optimal.loss.toFixed(3)}`));
    if (s.equalLossCompute !== null && s.equalLossOptimum) {
      out.push(row('same loss at the optimum', `${formatFlops(s.equalLossCompute)} (${formatCount(s.equalLossOptimum.params)} params on ${formatCount(s.equalLossOptimum.tokens)} tokens)`));
    }
    if (s.waste) {
      out.push(row('waste', `${share(s.waste.fraction)} of the compute`));
      out.push(row('  GPU-hours', rangeOrUnknown(s.waste.gpuHours, formatGpuHours)));
      out.push(row('  cost', rangeOrUnknown(s.waste.costUSD, formatUSD)));
      out.push(row('  emissions', rangeOrUnknown(s.waste.co2eKg, formatCo2eKg)));
    }
    if (s.inference) {
      const i = s.inference;
      out.push(row('inference verdict', `${i.verdict} (${formatCount(i.lifetimeInferenceTokens)} lifetime inference tokens)`));
      out.push(row('lifetime-optimal model', `${formatCount(i.lifetimeOptimal.params)} params on ${formatCount(i.lifetimeOptimal.tokens)} tokens`));
      out.push(`  ${i.explanation}`);
    } else if (s.reason) {
      out.push(row('inference verdict', `not available: ${s.reason}`));
    }
  }
  if (hasCaps(options)) out.push(...renderPlan(analysis, options));
  return out;
}

function capText(c: CapStatus): string {
  const amount = (x: number) => (c.kind === 'usd' ? formatUSD(x) : c.kind === 'tco2e' ? formatCo2eKg(x * 1000) : c.kind === 'gpuHours' ? formatGpuHours(x) : formatDurationHours(x * 24));
  if (c.projected === null || c.ratio === null) return `${amount(c.limit)}: cannot be compared (meter unknown)`;
  const allows = c.allowedTokens !== null ? `, allows ${share(c.ratio)} of the compute (${formatCount(c.allowedTokens)} tokens)` : '';
  return `${amount(c.limit)} vs ${amount(c.projected)} projected: ${c.fits ? 'fits' : 'over'}${allows}`;
}

/** The budget plan's lines; a carbon-aware start (from `schedule`) joins the levers when a carbon cap binds. */
export function renderPlan(analysis: Analysis, caps: BudgetCaps, timing?: TimingOption): string[] {
  const plan = budgetPlan(analysis, caps, timing);
  const out = ['', 'Budget plan'];
  for (const c of plan.caps) out.push(row(`${c.kind === plan.binding ? '* ' : ''}${c.unit} cap`, capText(c)));
  const binding = plan.caps.find((c) => c.kind === plan.binding);
  if (binding?.allowedOptimal) {
    out.push(row('best model for the cap', `${formatCount(binding.allowedOptimal.params)} params on ${formatCount(binding.allowedOptimal.tokens)} tokens (compute-optimal)`));
  }
  for (const r of plan.relax) out.push(row('relax with', `${r.label}: ${share(r.ratioAfter)} of the compute${r.fitsAfter ? ', fits' : ''}`));
  out.push(`  ${plan.summary}`);
  return out;
}
