// Prints the README's calibration table as Markdown: for every published run, the published GPU-hours against the
// projected point and range, the MFU the prior assumed, and the error of the point. Run: npx tsx scripts/calibration-table.ts
import { PUBLISHED_RUNS } from '../src/core/data/published-runs';
import { calibrationRow, type CalibrationRow } from '../src/core/estimate/calibration';

function count(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return n.toFixed(0);
}

function pct(x: number): string {
  return `${(x * 100).toFixed(0)}%`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const rows = PUBLISHED_RUNS.map(calibrationRow).filter((r): r is CalibrationRow => r !== undefined);
const lines = [
  '| Run | Hardware | Published GPU-h | Projected (range) | MFU prior (range) | Error of point | In range |',
  '|---|---|---|---|---|---|---|',
  ...rows.map((r) => {
    const hw = `${r.run.gpus ? `${r.run.gpus} × ` : ''}${r.run.gpuId} ${r.run.precision}`;
    const published = `${count(r.run.publishedGpuHours)}${r.run.derived ? ' [D]' : ''}`;
    const projected = `${count(r.gpuHours.point)} (${count(r.gpuHours.low)}-${count(r.gpuHours.high)})`;
    const mfu = `${pct(r.mfu.point)} (${pct(r.mfu.low)}-${pct(r.mfu.high)})`;
    const error = `${r.error >= 0 ? '+' : ''}${pct(r.error)}`;
    return `| ${r.run.label} | ${hw} | ${published} | ${projected} | ${mfu} | ${error} | ${r.inside ? 'yes' : 'no'} |`;
  }),
  '',
  `Inside the range: ${rows.filter((r) => r.inside).length} of ${rows.length} ` +
    `(${pct(rows.filter((r) => r.inside).length / rows.length)}); median |error| of the point: ${pct(median(rows.map((r) => Math.abs(r.error))))}.`,
];
console.log(lines.join('\n'));
