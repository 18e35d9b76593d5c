// The full Markdown report: the run, the meters with their ranges, compute-optimal status, findings, efficiency,
// equivalents, the assumptions with provenance and the sources. Text read from a file never becomes markup.
import type { Analysis } from '../analyze';
import type { Range } from '../estimate/types';
import { formatCo2eKg, formatCount, formatDurationHours, formatEnergyKWh, formatFlops, formatGpuHours, formatUSD, formatWithRange } from '../present/units';
import { equivalentsFor } from './equivalents';
import { assumptionLabel, assumptionValue, energyMethodOf, PROJECTION_NOTICE, provenanceOf, rangeNote, reportFacts, TOOL_NAME } from './facts';
import { markdownInline } from './markdown-text';
import { efficiencyMetrics, type Metric } from './metrics';

/** Text from a config made inert in a Markdown line or table cell. */
const cell = markdownInline;

function meter(range: Range | null | undefined, format: (n: number) => string, missing: string): string {
  return range ? formatWithRange(range, format) : `unknown: ${missing}`;
}

function metricText(m: Metric): string {
  if (m.value === null) return `unknown: ${m.missing ?? 'missing input'}`;
  const show = (n: number) => (m.unit === 'fraction' ? `${(n * 100).toFixed(1)}%` : m.id === 'flopsPerToken' ? formatFlops(n) : formatCount(n));
  const point = show(m.value);
  const unit = m.unit === 'fraction' ? '' : ` ${m.unit}`;
  return m.range ? `${point}${unit} (${show(m.range.low)}–${show(m.range.high)})` : `${point}${unit}`;
}

export function markdownReport(analysis: Analysis): string {
  const f = reportFacts(analysis);
  const run = analysis.run;
  const p = analysis.projection;
  const lines: string[] = [];
  const needsHardware = f.missingShort ? `${f.missingShort} (see Missing inputs)` : 'see the findings';
  lines.push(`# ${TOOL_NAME} projection: ${cell(f.runLabel)}`, '');
  lines.push(`> **${PROJECTION_NOTICE}** ${rangeNote(p)}`.trimEnd(), '');

  lines.push('## Run', '', '| | value | from |', '|---|---|---|');
  lines.push(`| file | ${cell(f.file)} | |`, `| format | ${cell(f.formatLabel)} | |`);
  const sourced = (label: string, s: { value: unknown; source: string; detail: string } | undefined, show: (v: never) => string) =>
    lines.push(`| ${label} | ${s ? cell(show(s.value as never)) : 'unknown'} | ${s ? cell(`${s.source}: ${s.detail}`) : ''} |`);
  sourced('parameters', run?.params, (v: number) => formatCount(v));
  sourced('training tokens', run?.tokens, (v: number) => formatCount(v));
  sourced('GPUs', run?.gpus, (v: number) => v.toLocaleString('en-US'));
  sourced('GPU type', run?.gpuType, (v: string) => (f.gpu ? `${v} (${f.gpu.name})` : v));
  sourced('precision', run?.precision, (v: string) => v);
  lines.push(`| hardware used | ${f.hardwareUsed ? cell(f.hardwareUsed) : 'unknown'} | |`, `| location | ${cell(f.location)} | |`, '');

  if (f.missing.length) {
    lines.push('## Missing inputs', '', 'These inputs are missing, so the figures that need them are not given:', '');
    for (const m of f.missing) lines.push(`- ${cell(m)}`);
    lines.push('');
  }

  lines.push('## Projected footprint (point, with low–high range)', '', '| meter | projection |', '|---|---|');
  lines.push(`| training FLOPs | ${p?.flops ? formatFlops(p.flops) : `unknown: ${needsHardware}`} |`);
  lines.push(`| GPU-hours | ${meter(p?.gpuHours, formatGpuHours, needsHardware)} |`);
  lines.push(`| wall-clock | ${meter(p?.wallClockHours, formatDurationHours, needsHardware)} |`);
  lines.push(`| energy (incl. PUE) | ${meter(p?.energyKWh, formatEnergyKWh, needsHardware)} |`);
  lines.push(`| emissions (location-based) | ${meter(p?.co2eKg, formatCo2eKg, needsHardware)} |`);
  if (p?.marketCo2eKg) lines.push(`| emissions (market-based) | ${formatWithRange(p.marketCo2eKg, formatCo2eKg)} |`);
  if (p?.embodiedCo2eKg) lines.push(`| of which embodied | ${formatWithRange(p.embodiedCo2eKg, formatCo2eKg)} |`);
  lines.push(`| cost | ${meter(p?.costUSD, formatUSD, needsHardware)} |`, '');

  lines.push('## Compute-optimal status', '');
  const co = analysis.computeOptimal;
  if (co?.overTrainingFactor != null && co.tokensPerParam != null) {
    const factor = co.overTrainingFactor;
    const status =
      factor >= 1 ? `${factor.toFixed(2)}× past the compute-optimal point (more tokens per parameter)` : `${(1 / factor).toFixed(2)}× short of the compute-optimal point (fewer tokens per parameter)`;
    lines.push(`- ${co.tokensPerParam.toFixed(1)} tokens per parameter: ${status}.`);
    if (co.optimalParams != null && co.optimalTokens != null) {
      lines.push(`- For the same compute, the compute-optimal run has about ${formatCount(co.optimalParams)} parameters and ${formatCount(co.optimalTokens)} tokens.`);
    }
    lines.push('- Training past the compute-optimal point can be worth it when the model will serve many inference tokens.', '');
  } else {
    lines.push('Unknown: needs the parameter count and the training tokens.', '');
  }

  lines.push('## Findings', '');
  if (analysis.findings.length === 0) lines.push('None.');
  for (const finding of analysis.findings) lines.push(`- **${finding.severity}** \`${finding.code}\`: ${cell(finding.message)}`);
  lines.push('');

  lines.push('## Efficiency', '', '| metric | value |', '|---|---|');
  for (const m of efficiencyMetrics(analysis)) lines.push(`| ${m.label} | ${cell(metricText(m))} |`);
  lines.push('');

  lines.push('## Equivalents', '', 'For scale only; each row names its source.', '', '| equivalent | amount | source |', '|---|---|---|');
  for (const e of equivalentsFor(p)) {
    const amount = e.amount ? `${formatCount(e.amount.point)} (${formatCount(e.amount.low)}–${formatCount(e.amount.high)})` : `unknown: ${e.missing ?? ''}`;
    lines.push(`| ${cell(e.row.unitLabel)} | ${cell(amount)} | ${cell(`${e.row.source}, ${e.row.year}`)} |`);
  }
  lines.push('');

  lines.push('## Assumptions', '');
  const method = energyMethodOf(f.assumptions);
  if (method) lines.push(`Energy method: ${method}.`, '');
  if (p?.mfu) lines.push(`MFU: ${(p.mfu.point * 100).toFixed(1)}% (range ${(p.mfu.low * 100).toFixed(1)}–${(p.mfu.high * 100).toFixed(1)}%).`, '');
  if (f.assumptions.length === 0) lines.push('None: no projection was made.');
  else {
    lines.push('| assumption | value | where it came from |', '|---|---|---|');
    for (const a of f.assumptions) lines.push(`| ${cell(assumptionLabel(a))} | ${cell(assumptionValue(a))} | ${cell(provenanceOf(a))} |`);
  }
  lines.push('');

  lines.push('## Sources', '');
  if (f.gpu) lines.push(`- GPU: ${cell(`${f.gpu.name}: ${f.gpu.source} (${f.gpu.year})`)}`);
  if (f.region) lines.push(`- Grid: ${cell(`${f.region.name}: ${f.region.source} (${f.region.year})`)}`);
  for (const a of f.assumptions.filter((x) => x.source === 'default')) lines.push(`- ${cell(assumptionLabel(a))}: ${cell(a.detail)}`);
  lines.push(`- Equivalents: ${cell([...new Set(equivalentsFor(null).map((e) => `${e.row.source} (${e.row.year})`))].join('; '))}`);
  lines.push('', `_Generated by ${TOOL_NAME}. ${PROJECTION_NOTICE}_`, '');
  return lines.join('\n');
}
