// Prints the README's calibration table as Markdown: every published run predicted by the MFU model fitted WITHOUT
// it (leave-one-out), its GPU-hours point and range against the published figure, the MFU the model predicts factor
// by factor, and the headline figures. Run: npx tsx scripts/calibration-table.ts (npm run docs writes it into README).
import { PUBLISHED_RUNS } from '../src/core/data/published-runs';
import { leaveOneOut, type LooSummary } from '../src/core/estimate/mfu-fit';

function count(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return n.toFixed(0);
}

function pct(x: number): string {
  return `${(x * 100).toFixed(0)}%`;
}

function factor(x: number): string {
  return `×${x.toFixed(2)}`;
}

function headline(s: LooSummary): string {
  return (
    `Leave-one-out on ${s.runs} published runs, nominal ${pct(s.nominal)}: inside the range ${s.inside} of ${s.runs} (${pct(s.coverage)}); ` +
    `median error ${factor(s.medianErrorFactor)}; worst ${factor(s.worstErrorFactor)} (${s.worstRun}); median range width ${factor(s.medianWidthFactor)}.`
  );
}

const { rows, summary } = leaveOneOut(PUBLISHED_RUNS);
const lines = [
  headline(summary),
  '',
  '| Run | Lab | Hardware | Published GPU-h | Projected, fit without it (80% range) | Error | In range | MFU published | MFU model, factor by factor |',
  '|---|---|---|---|---|---|---|---|---|',
  ...rows.map((r) => {
    const hw = `${r.run.gpus ? `${r.run.gpus} × ` : ''}${r.run.gpuId} ${r.run.precision}`;
    const published = `${count(r.run.publishedGpuHours)}${r.run.derived ? ' [D]' : ''}`;
    const projected = `${count(r.gpuHours.point)} (${count(r.gpuHours.low)}-${count(r.gpuHours.high)})`;
    const error = r.residual >= 0 ? `+${pct(Math.exp(r.residual) - 1)}` : `−${pct(1 - Math.exp(r.residual))}`;
    return `| ${r.run.label} | ${r.run.lab} | ${hw} | ${published} | ${projected} | ${error} | ${r.inside ? 'yes' : 'no'} | ${pct(r.publishedMfu)} | ${r.prior.explanation} |`;
  }),
  '',
  '[D]: GPU-hours derived from GPUs × days as the source states them. Sources per run: src/core/data/published-runs.ts.',
];
console.log(lines.join('\n'));
