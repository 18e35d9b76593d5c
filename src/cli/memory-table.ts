// The memory section of the CLI table: the busiest GPU's bytes by component, the verdict, and the priced fixes, each
// saying whether the editor's quick fix writes it or what to do by hand.
import { stageWords } from '../core/memory';
import { closestFixWords, componentRows, fixCostWords, fixHowWords, memoryTitle, momentWords } from '../core/memory/text';
import type { MemoryEstimate } from '../core/memory/types';
import { formatMemoryGB } from '../core/present/units';

function cell(text: string, width: number): string {
  return text.length >= width ? `${text} ` : text.padEnd(width);
}

export function memoryLines(m: MemoryEstimate): string[] {
  const out = [`Memory per GPU (${stageWords(m.busiest.stage)}, ${m.gpu.name})`];
  for (const r of componentRows(m.busiest.components)) out.push(`  ${cell(r.name, 26)}${formatMemoryGB(r.bytes)}`);
  out.push(`  ${cell('total', 26)}${memoryTitle(m)}`);
  const moment = momentWords(m);
  if (moment) out.push(`  ${cell('when', 26)}${moment}`);
  if (m.busiest.hostBytes > 0) out.push(`  ${cell('host memory (offload)', 26)}${formatMemoryGB(m.busiest.hostBytes)} per GPU`);
  if (m.verdict !== 'fits' && m.smallestFit) out.push(`  ${cell('fits on', 26)}${m.smallestFit.name} (${formatMemoryGB(m.smallestFit.capacityBytes)})`);
  if (m.fixes.length > 0) {
    out.push('', 'Fixes (memory per GPU after; cost effect; how to make it)');
    for (const f of m.fixes) {
      out.push(`  ${cell(f.title, 52)}${cell(`${formatMemoryGB(f.totalBytes)} · ${f.verdict}`, 22)}${fixCostWords(f)} (${f.costNote})`);
      out.push(`    ${fixHowWords(f)}`);
    }
    const closest = closestFixWords(m);
    if (closest) out.push(`  ${closest}`);
  }
  return out;
}
