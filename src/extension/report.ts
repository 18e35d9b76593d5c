// The Markdown the editor copies, exports and previews until the core's report renderer lands: the run's meters with
// ranges, its inputs with provenance, the assumptions with sources, and the findings. Pure.
import type { Analysis } from '../core/analyze';
import { FORMAT_LABELS, RUN_FIELD_LABELS, type RunField } from '../core/present/labels';
import { formatCo2eKg, formatDurationHours, formatEnergyKWh, formatFlops, formatGpuHours, formatUSD } from '../core/present/units';
import type { Sourced } from '../core/types';
import { computeOptimalTitle, hardwarePhrase } from './summary';

const FIELDS: RunField[] = ['params', 'activeParams', 'tokens', 'seqLength', 'globalBatch', 'trainIters', 'gpus', 'gpuType', 'precision', 'region', 'pue', 'priceUSDPerGpuHour', 'mfu'];

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/[\r\n]+/g, ' ');
}

function range(r: { point: number; low: number; high: number } | null | undefined, f: (n: number) => string): string {
  return r ? `${f(r.point)} (${f(r.low)} – ${f(r.high)})` : 'n/a';
}

export function markdownReport(analysis: Analysis): string {
  const lines: string[] = [`# Footprint of ${cell(analysis.run?.label ?? analysis.fileName)}`, ''];
  if (!analysis.format || !analysis.run) {
    lines.push('This file is not a training config Footprint Lens understands.');
    return lines.join('\n');
  }
  lines.push(`Format: ${FORMAT_LABELS[analysis.format]} · File: \`${cell(analysis.fileName)}\``, '');
  const p = analysis.projection;
  lines.push('| Meter | Projection (range) |', '|---|---|');
  lines.push(`| Training compute | ${p?.flops ? `${formatFlops(p.flops)} FLOPs` : 'n/a'} |`);
  lines.push(`| GPU-hours | ${range(p?.gpuHours, formatGpuHours)} |`);
  lines.push(`| Wall clock | ${range(p?.wallClockHours, formatDurationHours)}${hardwarePhrase(analysis) ? ` on ${cell(hardwarePhrase(analysis)!)}` : ''} |`);
  lines.push(`| Energy | ${range(p?.energyKWh, formatEnergyKWh)} |`);
  lines.push(`| Emissions | ${range(p?.co2eKg, formatCo2eKg)} |`);
  lines.push(`| Cost | ${range(p?.costUSD, formatUSD)} |`, '');
  const co = computeOptimalTitle(analysis);
  if (co) lines.push(`Compute-optimal: ${co}.`, '');
  lines.push('## Inputs', '', '| Input | Value | Where from |', '|---|---|---|');
  for (const f of FIELDS) {
    const s = analysis.run[f] as Sourced<unknown> | undefined;
    if (s) lines.push(`| ${RUN_FIELD_LABELS[f]} | ${cell(String(s.value))} | ${s.source}${s.detail ? `: ${cell(s.detail)}` : ''} |`);
  }
  if (p && p.assumptions.length > 0) {
    lines.push('', '## Assumptions', '', '| Assumption | Value | Source |', '|---|---|---|');
    for (const a of p.assumptions) lines.push(`| ${cell(a.name)} | ${cell(String(a.value))}${a.unit ? ` ${cell(a.unit)}` : ''} | ${a.source}: ${cell(a.detail)} |`);
  }
  if (analysis.findings.length > 0) {
    lines.push('', '## Findings', '');
    for (const f of analysis.findings) lines.push(`- **${f.severity}** \`${f.code}\`${f.span ? ` (line ${f.span.line + 1})` : ''}: ${f.message}`);
  }
  lines.push('', '_Estimated with Footprint Lens; every figure is a projection with the range shown._', '');
  return lines.join('\n');
}

/** The block a model card's "Environmental impact" section takes (as the Hugging Face template words it). */
export function modelCardBlock(analysis: Analysis): string {
  const p = analysis.projection;
  return [
    '## Environmental Impact',
    '',
    `- **Hardware Type:** ${hardwarePhrase(analysis) ?? 'unknown'}`,
    `- **Hours used:** ${p?.wallClockHours ? formatDurationHours(p.wallClockHours.point) : 'unknown'} (${p?.gpuHours ? formatGpuHours(p.gpuHours.point) : 'GPU-hours unknown'})`,
    `- **Compute Region:** ${analysis.run?.region?.value ?? 'unknown'}`,
    `- **Energy:** ${p?.energyKWh ? formatEnergyKWh(p.energyKWh.point) : 'unknown'}`,
    `- **Carbon Emitted:** ${p?.co2eKg ? formatCo2eKg(p.co2eKg.point) : 'unknown'} (projected with Footprint Lens)`,
    '',
  ].join('\n');
}
