// The memory estimate in words, shared by the lens, the hover, the CLI table and the panel, so a figure reads the
// same everywhere: "≈ 62 GB/GPU of 80 GB · fits", "✗ 97 GB/GPU on A100 80GB: 17 GB over".
import { formatMemoryGB, formatPercent } from '../present/units';
import { COMPONENT_NAMES, type MemoryComponents, type MemoryEstimate, type PeakMoment } from './types';

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
