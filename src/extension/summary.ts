// The words of the lenses and the status bar, from an Analysis. Pure (no vscode), so unit tests read the same titles
// the editor shows: `≈ 184k GPU-h · $460k · 74 MWh · 31 tCO2e · 10 days on 256 × A100`.
import type { Analysis } from '../core/analyze';
import { findGpu } from '../core/data/gpus';
import { MISSING_HINTS } from '../core/present/labels';
import { computeOptimalVerdict } from '../core/present/verdicts';
import { formatCo2eKg, formatDurationHours, formatEnergyKWh, formatGpuHours, formatInteger, formatPercent, formatUSD, formatWithRange } from '../core/present/units';

/** The GPU the projection used, by its table name less the vendor ("A100 SXM 80GB"); undefined when none resolved. */
export function gpuName(analysis: Analysis): string | undefined {
  const id = gpuId(analysis);
  if (id === undefined) return undefined;
  const name = findGpu(id)?.name ?? id;
  // The lens is one line: the vendor is implied by the model name.
  return name.replace(/^(NVIDIA|AMD|Intel|Google)\s+/i, '');
}

/** The GPU table id the projection used ("a100-80gb"): what an annotation or setting stores. */
export function gpuId(analysis: Analysis): string | undefined {
  const id = analysis.projection?.assumptions.find((a) => a.name === 'gpuType')?.value ?? analysis.run?.gpuType?.value;
  return typeof id === 'string' ? id : undefined;
}

/** The hardware phrase: "256 × A100" (the count exact: people provision 2,048 GPUs, not "2.05k"), "A100" when unknown. */
function hardwarePhrase(analysis: Analysis): string | undefined {
  const name = gpuName(analysis);
  const gpus = analysis.run?.gpus?.value;
  if (name && gpus !== undefined) return `${formatInteger(gpus)} × ${name}`;
  return name;
}

/** One line; undefined when the analysis projects nothing (then `missingTitle` speaks instead). */
export function summaryTitle(analysis: Analysis): string | undefined {
  const p = analysis.projection;
  if (!p?.gpuHours) return undefined;
  const parts = [`≈ ${formatGpuHours(p.gpuHours.point)}`];
  if (p.costUSD) parts.push(formatUSD(p.costUSD.point));
  if (p.energyKWh) parts.push(formatEnergyKWh(p.energyKWh.point));
  if (p.co2eKg) parts.push(formatCo2eKg(p.co2eKg.point));
  let line = parts.join(' · ');
  if (p.wallClockHours) line += ` · ${formatDurationHours(p.wallClockHours.point)}`;
  const hw = hardwarePhrase(analysis);
  if (hw) line += ` on ${hw}`;
  return line;
}

/** The summary's ranges, for the lens tooltip and the status-bar hover. */
export function rangeTooltip(analysis: Analysis): string {
  const p = analysis.projection;
  if (!p) return '';
  const lines: string[] = [];
  const add = (label: string, r: { low: number; high: number } | null | undefined, f: (n: number) => string) => {
    if (r) lines.push(`${label}: ${f(r.low)} – ${f(r.high)}`);
  };
  add('GPU-hours', p.gpuHours, formatGpuHours);
  add('Cost', p.costUSD, formatUSD);
  add('Energy', p.energyKWh, formatEnergyKWh);
  add('Emissions', p.co2eKg, formatCo2eKg);
  add('Wall clock', p.wallClockHours, formatDurationHours);
  if (p.mfu) lines.push(`MFU assumed: ${formatWithRange(p.mfu, formatPercent)}`);
  // The model's own explanation, factor by factor ("MFU 32%: Hopper BF16 base 26%, 70.6B active ×1.29, …").
  const model = p.assumptions.find((a) => a.name === 'mfu' && a.source === 'default');
  if (model) lines.push(model.detail);
  return lines.join('\n');
}

/** "2.4× past compute-optimal (48 tokens/param)"; undefined when the ratio cannot be known. */
export function computeOptimalTitle(analysis: Analysis): string | undefined {
  return computeOptimalVerdict(analysis.computeOptimal);
}

/** When nothing can be projected: what to give. */
export function missingTitle(analysis: Analysis): string | undefined {
  const missing = analysis.run?.missing ?? [];
  const needed = missing.filter((m) => m === 'params' || m === 'tokens');
  if (needed.length === 0) return undefined;
  return `Footprint: needs ${needed.map((m) => MISSING_HINTS[m].split(':')[0]).join(' and ')} to project`;
}

/** What the missing-inputs lens runs: a prompt that writes the one value a fine-tuning recipe cannot say. */
export type MissingAction = 'setTrainingTokens' | 'setModelSize' | 'openPanel';

/**
 * The one lens of a recipe that cannot be projected: what is missing and the click that gives it. A fine-tune run by
 * epochs over a dataset it does not size needs its tokens; one whose base model the table does not know needs its size.
 */
export function missingLens(analysis: Analysis): { title: string; action: MissingAction } | undefined {
  const missing = analysis.run?.missing ?? [];
  const has = (code: string) => analysis.findings.some((f) => f.code === code);
  const needsDataset = has('needs-dataset-size') && missing.includes('tokens');
  const needsModel = has('model-unknown') && missing.includes('params');
  if (needsModel) {
    return { title: `Footprint: needs the base model's size${needsDataset ? ' and the dataset size' : ''} — Set model size…`, action: 'setModelSize' };
  }
  if (needsDataset) return { title: 'Footprint: needs the dataset size — Set training tokens…', action: 'setTrainingTokens' };
  const title = missingTitle(analysis);
  return title ? { title, action: 'openPanel' } : undefined;
}

/** Short text for the status bar: "$460k · 31 tCO2e". */
export function statusText(analysis: Analysis): string | undefined {
  const p = analysis.projection;
  if (!p?.gpuHours) return undefined;
  const parts: string[] = [];
  if (p.costUSD) parts.push(formatUSD(p.costUSD.point));
  if (p.co2eKg) parts.push(formatCo2eKg(p.co2eKg.point));
  if (parts.length === 0) parts.push(formatGpuHours(p.gpuHours.point));
  return parts.join(' · ');
}
