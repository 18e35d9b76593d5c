// The CLI's readable output: the run with each number's provenance, the projection with its range, the
// compute-optimal status, the assumptions and the findings. Plain text, fixed columns, no colours (CI logs).
import type { Analysis } from '../core/analyze';
import type { Assumption, Range } from '../core/estimate/types';
import { FORMAT_LABELS, MISSING_HINTS, RUN_FIELD_LABELS, type RunField } from '../core/present/labels';
import { formatCo2eKg, formatCount, formatDurationHours, formatEnergyKWh, formatFlops, formatGpuHours, formatUSD, formatWithRange } from '../core/present/units';
import type { Sourced } from '../core/types';
import { renderScaling, type ScalingTableOptions } from './scaling-table';
import { memoryLines } from './memory-table';

const SHOWN_FIELDS: RunField[] = [
  'params',
  'activeParams',
  'tokens',
  'seqLength',
  'globalBatch',
  'trainIters',
  'gpus',
  'gpuType',
  'precision',
  'recompute',
  'region',
  'gridGPerKWh',
  'pue',
  'priceUSDPerGpuHour',
  'mfu',
];

const COUNT_FIELDS: ReadonlySet<RunField> = new Set(['params', 'activeParams', 'tokens', 'trainSamples']);

function cell(text: string, width: number): string {
  return text.length >= width ? `${text} ` : text.padEnd(width);
}

function valueText(field: RunField, s: Sourced<unknown>): string {
  const v = s.value;
  if (typeof v === 'number') return COUNT_FIELDS.has(field) ? formatCount(v) : Number.isInteger(v) ? v.toLocaleString('en-US') : String(v);
  return String(v);
}

function provenance(s: Sourced<unknown>): string {
  const line = s.span ? ` (line ${s.span.line + 1})` : '';
  return `${s.source}: ${s.detail}${line}`;
}

/** 0.359 fraction → "35.9%", 3.12e14 FLOP/s → "312 TFLOP/s", 1.7900001 → "1.79". */
function assumptionValue(a: Assumption): string {
  if (typeof a.value === 'string') return `${a.value} ${a.unit}`.trim();
  if (a.unit === 'fraction') return `${(a.value * 100).toPrecision(3)}%`;
  if (a.unit === 'FLOP/s') return `${formatCount(a.value / 1e12)} TFLOP/s`;
  return `${Number(a.value.toPrecision(4))} ${a.unit}`.trim();
}

export function renderAnalysis(analysis: Analysis, options: ScalingTableOptions = {}): string {
  const out: string[] = [];
  const { run, projection, computeOptimal } = analysis;
  out.push(`${analysis.fileName}: ${analysis.format ? FORMAT_LABELS[analysis.format] : 'not a training config'}`);
  if (run) {
    out.push('', 'Run');
    for (const field of SHOWN_FIELDS) {
      const s = run[field] as Sourced<unknown> | undefined;
      if (s) out.push(`  ${cell(RUN_FIELD_LABELS[field], 26)}${cell(valueText(field, s), 12)}${provenance(s)}`);
    }
    for (const p of ['tp', 'pp', 'cp', 'ep', 'dp'] as const) {
      const s = run.parallel[p];
      if (s && s.value > 1) out.push(`  ${cell(RUN_FIELD_LABELS[p], 26)}${cell(String(s.value), 12)}${provenance(s)}`);
    }
  }
  if (projection) {
    const row = (label: string, r: Range | null, f: (n: number) => string) => out.push(`  ${cell(label, 26)}${r ? formatWithRange(r, f) : 'unknown (see findings)'}`);
    out.push('', 'Projection (point, with the range of likely utilisation)');
    out.push(`  ${cell('training FLOPs', 26)}${projection.flops !== null ? formatFlops(projection.flops) : 'unknown (see findings)'}`);
    row('GPU-hours', projection.gpuHours, formatGpuHours);
    row('wall-clock', projection.wallClockHours, formatDurationHours);
    row('energy', projection.energyKWh, formatEnergyKWh);
    row('emissions', projection.co2eKg, formatCo2eKg);
    row('cost', projection.costUSD, formatUSD);
  }
  if (computeOptimal && computeOptimal.tokensPerParam !== null) {
    out.push('', 'Compute-optimal');
    out.push(`  ${cell('tokens per parameter', 26)}${computeOptimal.tokensPerParam.toFixed(1)}`);
    if (computeOptimal.overTrainingFactor !== null) {
      const f = computeOptimal.overTrainingFactor;
      out.push(`  ${cell('vs compute-optimal', 26)}${f >= 1 ? `${f.toFixed(1)}× past the compute-optimal point` : `${(1 / f).toFixed(1)}× short of the compute-optimal point`}`);
    }
  }
  if (analysis.memory) out.push('', ...memoryLines(analysis.memory));
  out.push(...renderScaling(analysis, options));
  if (projection && projection.assumptions.length > 0) {
    out.push('', 'Assumptions');
    for (const a of projection.assumptions) out.push(`  ${cell(a.name, 26)}${cell(assumptionValue(a), 18)}${a.source}: ${a.detail}`);
  }
  if (run && run.missing.length > 0) {
    out.push('', 'Missing');
    for (const m of run.missing) out.push(`  set ${MISSING_HINTS[m]}`);
  }
  if (analysis.findings.length > 0) {
    out.push('', 'Findings');
    for (const f of analysis.findings) {
      out.push(`  ${f.span ? `line ${f.span.line + 1}: ` : ''}${f.severity} [${f.code}] ${f.message}`);
    }
  }
  return `${out.join('\n')}\n`;
}
