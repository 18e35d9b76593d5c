// The memory estimate in words, shared by the lens, the hover, the CLI table and the panel, so a figure reads the
// same everywhere: "≈ 62 GB/GPU of 80 GB · fits", "✗ 97 GB/GPU on A100 80GB: 17 GB over".
import { formatCo2eKg, formatGpuHours, formatMemoryGB, formatPercent, formatUSD } from '../present/units';
import { gpusAsRead, gpusToFit } from './index';
import { COMPONENT_NAMES, type MemoryComponents, type MemoryEstimate, type MemoryFix, type PeakMoment } from './types';

/** The short name of a GPU for a lens ("A100 80GB", "H100 SXM5 80GB"): the table's name without the vendor. */
export function shortGpuName(name: string): string {
  return name.replace(/^(NVIDIA|AMD|Intel|Google)\s+/, '').replace(/^Instinct\s+/, '');
}

export function memoryTitle(m: MemoryEstimate): string {
  const total = formatMemoryGB(m.busiest.totalBytes);
  if (m.verdict === 'does-not-fit') return `✗ ${total}/GPU on ${shortGpuName(m.gpu.name)}: ${formatMemoryGB(-m.headroomBytes)} over`;
  const tight = m.verdict === 'tight' ? `tight (${formatPercent(m.busiest.totalBytes / m.capacityBytes)})` : 'fits';
  return `≈ ${total}/GPU of ${formatMemoryGB(m.capacityBytes)} · ${tight}`;
}

/** Components in the order the breakdown lists them, with their bytes. */
export function componentRows(components: MemoryComponents): Array<{ name: string; key: keyof MemoryComponents; bytes: number }> {
  return (Object.keys(COMPONENT_NAMES) as Array<keyof MemoryComponents>).filter((k) => components[k] > 0).map((k) => ({ key: k, name: COMPONENT_NAMES[k], bytes: components[k] }));
}

const MOMENT_WORDS: Record<PeakMoment, string> = {
  loss: "peak at the loss: the last step's gradients freed, this step's not yet made",
  'backward-start': "peak as the backward starts: the logits freed, the output layer's gradient made",
  'backward-end': 'peak at the end of the backward: every gradient made, the activations freed',
};

/** When the peak falls within a step whose gradients and activations are never held at once; undefined otherwise. */
export function momentWords(m: MemoryEstimate): string | undefined {
  return m.busiest.moment ? MOMENT_WORDS[m.busiest.moment] : undefined;
}

/** "weights 15 GB + gradients 30 GB + ... = 101 GB" (and the moment of the step it falls on, when that matters) */
export function breakdownLine(m: MemoryEstimate): string {
  const parts = componentRows(m.busiest.components).map((r) => `${r.name} ${formatMemoryGB(r.bytes)}`);
  const moment = momentWords(m);
  return `${parts.join(' + ')} = ${formatMemoryGB(m.busiest.totalBytes)}${moment ? ` (${moment})` : ''}`;
}

function signed(n: number, format: (x: number) => string): string {
  return `${n > 0 ? '+' : '−'}${format(Math.abs(n))}`;
}

/** The meters a fix moves, each with its delta where the projection has it: "+120 GPU-h, +$450, +0.05 tCO2e". */
function absoluteDeltas(f: MemoryFix): string[] {
  const out: string[] = [];
  if (f.gpuHoursDelta !== null) out.push(signed(f.gpuHoursDelta, formatGpuHours));
  if (f.costUSDDelta !== null) out.push(signed(f.costUSDDelta, formatUSD));
  if (f.co2eKgDelta !== null) out.push(signed(f.co2eKgDelta, formatCo2eKg));
  return out;
}

/** "+33%": the change of GPU-hours (and with them energy, $ and CO2e) a fix makes. */
function relativeDelta(f: MemoryFix): string {
  return `${f.costFactor > 1 ? '+' : '−'}${formatPercent(Math.abs(f.costFactor - 1))}`;
}

/** True when the fix moves the meters at all (recomputation); the others leave GPU-hours as the projection models them. */
export function fixChangesCost(f: MemoryFix): boolean {
  return Math.abs(f.costFactor - 1) > 1e-9;
}

/**
 * A fix's effect on GPU-hours, $ and CO2e, in full: "+120 GPU-h, +$450, +50 kgCO2e (+33%)"; relative when the run's
 * meters are unknown ("+33% GPU-hours, $ and CO2e; absolute figures need the training tokens"); or "unchanged".
 */
export function fixCostWords(f: MemoryFix): string {
  if (!fixChangesCost(f)) return 'GPU-hours, $ and CO2e unchanged';
  const absolute = absoluteDeltas(f);
  if (f.gpuHoursDelta === null) return `${relativeDelta(f)} GPU-hours, $ and CO2e; absolute figures need the training tokens`;
  const missing = [f.costUSDDelta === null ? '$' : '', f.co2eKgDelta === null ? 'CO2e' : ''].filter(Boolean);
  return `${absolute.join(', ')} (${relativeDelta(f)}${missing.length > 0 ? `; ${missing.join(' and ')} ${relativeDelta(f)} too` : ''})`;
}

/** The same, short, for a quick fix's title: "+120 GPU-h, +$450, +50 kgCO2e", "+33% GPU-hours, $ and CO2e", or nothing. */
export function fixCostShort(f: MemoryFix): string | undefined {
  if (!fixChangesCost(f)) return undefined;
  return f.gpuHoursDelta === null ? `${relativeDelta(f)} GPU-hours, $ and CO2e` : absoluteDeltas(f).join(', ');
}

/** How the fix is made: in one click (a quick fix writes it), or by hand, with what to do. */
export function fixHowWords(f: MemoryFix): string {
  return f.applicable ? 'quick fix: one click, one undo' : `by hand: ${f.instead ?? 'this file has no key for it'}`;
}

/** One fix in a line, for hovers and reports: "Raise the ZeRO stage to 1: 46 GB/GPU, fits; GPU-hours, $ and CO2e unchanged; by hand: ...". */
export function fixLine(f: MemoryFix): string {
  return `${f.title}: ${formatMemoryGB(f.totalBytes)}/GPU, ${f.verdict}; ${fixCostWords(f)}; ${fixHowWords(f)}`;
}

/** A quick fix's title: "Enable full activation recomputation: ≈ 62 GB/GPU, fits, +120 GPU-h, +$450, +50 kgCO2e". */
export function memoryFixTitle(f: MemoryFix): string {
  const cost = fixCostShort(f);
  return `${f.title}: ≈ ${formatMemoryGB(f.totalBytes)}/GPU, ${f.verdict}${cost ? `, ${cost}` : ''}`;
}

/**
 * Why a run whose GPU count the file leaves open fails the --require-fit gate: the amount over as read (on one node),
 * and the count it fits from, or that more GPUs alone do not make it fit.
 */
export function needsGpuCountWords(m: MemoryEstimate): string {
  const cap = formatMemoryGB(m.capacityBytes);
  const asRead = `≈ ${formatMemoryGB(m.busiest.totalBytes)} per GPU on ${gpusAsRead(m)} GPUs, ${formatMemoryGB(-m.headroomBytes)} over the ${cap} of ${m.gpu.name}`;
  const fit = gpusToFit(m);
  const needs = fit
    ? `it fits from ${fit.gpus} GPUs (data parallel ${fit.dp}): set --gpus ${fit.gpus} or a \`# footprint: gpus=${fit.gpus}\` comment`
    : `more GPUs alone do not bring it under ${cap}: see the fixes`;
  return `Will not fit as read: ${asRead}. The file gives no GPU count, and memory per GPU depends on it (states sharded over data parallel): ${needs}.`;
}

/**
 * For a run that no fix (nor a pair of one-click fixes) makes fit: the fix that comes closest, and by how much it still
 * misses. Undefined when one fits, or when there is no fix at all.
 */
export function closestFixWords(m: MemoryEstimate): string | undefined {
  if (m.fixes.length === 0 || m.fixes.some((f) => f.verdict === 'fits')) return undefined;
  const closest = m.fixes.reduce((a, b) => (b.totalBytes < a.totalBytes ? b : a));
  const name = closest.title[0]!.toLowerCase() + closest.title.slice(1);
  const misses =
    closest.verdict === 'tight'
      ? `brings it to ${formatMemoryGB(closest.totalBytes)} per GPU, still tight (${formatPercent(closest.totalBytes / m.capacityBytes)} of ${formatMemoryGB(m.capacityBytes)})`
      : `still needs ${formatMemoryGB(closest.totalBytes)} per GPU, ${formatMemoryGB(closest.totalBytes - m.capacityBytes)} over the ${formatMemoryGB(m.capacityBytes)}`;
  return `No fix here makes it fit, alone or with another the file can take: the closest, ${name}, ${misses}.`;
}

/**
 * What the will-not-fit diagnostic says of the fixes: the cheapest one-click fix that makes the run fit, else the one
 * to make by hand, else the closest (or that no change it knows brings the run under).
 */
export function fixHintWords(m: MemoryEstimate): string {
  const lower = (t: string) => t[0]!.toLowerCase() + t.slice(1);
  const oneClick = m.fixes.find((f) => f.applicable && f.verdict === 'fits');
  if (oneClick) return `Quick fix: ${lower(oneClick.title)} brings it to ${formatMemoryGB(oneClick.totalBytes)} per GPU (the quick fixes list the others, cheapest first).`;
  const byHand = m.fixes.find((f) => f.verdict === 'fits');
  if (byHand) return `No quick fix here makes it fit; by hand, ${lower(byHand.title)} (${formatMemoryGB(byHand.totalBytes)} per GPU): ${byHand.instead ?? 'see the fixes'}.`;
  return closestFixWords(m) ?? 'No change Footprint Lens knows of brings it under: a larger GPU, or more GPUs to shard over.';
}
