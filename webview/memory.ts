// Memory per GPU in the panel: the baseline's and the what-if's busiest GPU as stacked bars of their components
// (weights, gradients, optimizer states, activations, logits, gathered layer, overhead) against each GPU's memory, so
// a change of GPU type, GPU count or precision shows at once whether the run still fits. The verdict and every figure
// are written out as text too (the bar is not the only carrier), and the figures are the core's, as in the lens.
import type { Analysis } from '../src/core/analyze';
import { componentRows, memoryTitle } from '../src/core/memory/text';
import type { MemoryEstimate } from '../src/core/memory/types';
import { formatMemoryGB } from '../src/core/present/units';
import { el, svg } from './dom';
import { DASH } from './format';
import type { Pair } from './model';

const WIDTH = 560;
const BAR = 22;
const GAP = 34;
const LABEL = 70;
/** Room to the right of the longest bar or capacity line, so neither touches the edge. */
const HEADROOM = 1.08;

function bar(label: string, m: MemoryEstimate, y: number, scale: (bytes: number) => number): SVGElement {
  const group = svg('g', { class: 'memory-bar', 'data-bar': label.toLowerCase() });
  group.append(svg('text', { x: 0, y: y + BAR * 0.7, class: 'small' }, label));
  let x = LABEL;
  for (const row of componentRows(m.busiest.components)) {
    const w = scale(row.bytes);
    const rect = svg('rect', { x, y, width: Math.max(w, 0.5), height: BAR, class: `mem ${row.key}` });
    rect.append(svg('title', {}, `${row.name}: ${formatMemoryGB(row.bytes)}`));
    group.append(rect);
    x += w;
  }
  const cap = LABEL + scale(m.capacityBytes);
  group.append(svg('line', { x1: cap, x2: cap, y1: y - 4, y2: y + BAR + 4, class: `capacity ${m.verdict}` }));
  group.append(svg('text', { x: Math.min(cap, x) + 4, y: y - 6, class: 'small' }, `${formatMemoryGB(m.capacityBytes)} ${m.gpu.name}`));
  return group;
}

/** The stacked bars and, in words, each side's total against its GPU and the what-if's components. */
export function memorySection(pair: Pair): HTMLElement {
  const section = el('div', { id: 'memory', class: 'memory' });
  const b = pair.baseline.memory;
  const w = pair.whatIf.memory;
  if (!w) {
    section.append(el('p', { id: 'memory-verdict' }, `Memory per GPU: ${DASH} (${missing(pair.whatIf)})`));
    return section;
  }
  section.append(el('p', { id: 'memory-verdict', class: `verdict ${w.verdict}` }, `Memory per GPU (what-if): ${memoryTitle(w)}`));
  if (b) section.append(el('p', { id: 'memory-baseline', class: 'small' }, `Baseline: ${memoryTitle(b)}`));
  const sides: Array<[string, MemoryEstimate]> = b
    ? [
        ['Baseline', b],
        ['What-if', w],
      ]
    : [['What-if', w]];
  const largest = Math.max(...sides.flatMap(([, m]) => [m.busiest.totalBytes, m.capacityBytes]));
  const scale = (bytes: number) => ((WIDTH - LABEL) * bytes) / (largest * HEADROOM);
  const height = sides.length * (BAR + GAP) + 8;
  const chart = svg('svg', {
    class: 'plot memory-plot',
    viewBox: `0 0 ${WIDTH} ${height}`,
    width: WIDTH,
    height,
    role: 'img',
    'aria-label': sides.map(([label, m]) => `${label}: ${memoryTitle(m)}`).join('; '),
  });
  sides.forEach(([label, m], i) => chart.append(bar(label, m, 18 + i * (BAR + GAP), scale)));
  section.append(chart);
  const legend = el('ul', { id: 'memory-parts', class: 'memory-parts', 'aria-label': 'Memory per GPU of the what-if, by component' });
  for (const row of componentRows(w.busiest.components)) {
    const before = b?.busiest.components[row.key];
    const moved = before !== undefined && Math.abs(before - row.bytes) > 0.005 * w.busiest.totalBytes ? ` (baseline ${formatMemoryGB(before)})` : '';
    legend.append(el('li', { 'data-part': row.key }, el('span', { class: `swatch mem ${row.key}`, 'aria-hidden': 'true' }), `${row.name} ${formatMemoryGB(row.bytes)}${moved}`));
  }
  section.append(legend);
  return section;
}

function missing(analysis: Analysis): string {
  const run = analysis.run;
  if (!run) return 'not a training config';
  const needs = [];
  if (!run.arch.layers || !run.arch.hiddenSize || !run.arch.heads || !run.arch.vocabSize) needs.push('the model shape');
  if (!run.seqLength) needs.push('the sequence length');
  if (!run.microBatch) needs.push('the micro-batch');
  return needs.length ? `needs ${needs.join(', ')}` : 'not estimated';
}
