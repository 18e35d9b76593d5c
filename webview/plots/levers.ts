// Plot: the levers side by side — each lever's change to each meter, as bars left (saves) or right (costs more) of
// a zero line, with the percentage written on every bar.
import { svg } from '../dom';
import { deltaText } from '../format';
import { figure, WIDTH } from './chart';

export interface LeverRow {
  label: string;
  /** Relative change per meter, e.g. -0.4; undefined when it cannot be computed. */
  changes: Array<{ meter: string; change: number | undefined }>;
  /** Why the lever does not apply to this run (then no bars). */
  skipped?: string;
  /** What to read in the result, for the description. */
  note?: string;
}

const LABEL_WIDTH = 170;
const BAR_HEIGHT = 14;

export function leversPlot(levers: readonly LeverRow[]): SVGElement {
  const lines = levers.flatMap((l) => (l.skipped ? [] : l.changes.map((c) => ({ lever: l.label, ...c }))));
  const extent = Math.max(0.01, ...lines.map((l) => (l.change === undefined || !Number.isFinite(l.change) ? 0 : Math.abs(l.change))));
  const half = (WIDTH - LABEL_WIDTH - 60) / 2;
  const zero = LABEL_WIDTH + half;
  const top = 24;
  // Each lever: its name on a line of its own, then one bar per meter.
  const skipped = levers.filter((l) => l.skipped).length;
  const height = top + lines.length * BAR_HEIGHT + levers.length * (BAR_HEIGHT + 8) + skipped * BAR_HEIGHT + 30;
  const summary = levers
    .map((l) => (l.skipped ? `${l.label}: does not apply (${l.skipped})` : `${l.label}: ${l.changes.map((c) => `${c.meter} ${deltaText(c.change)}`).join(', ')}${l.note ? `. ${l.note}` : ''}`))
    .join('; ');
  const { root, body } = figure('plot-levers', 'Levers side by side (% change per meter)', `${summary}.`, height);
  let y = top;
  for (const lever of levers) {
    body.append(svg('text', { x: 0, y: y + BAR_HEIGHT * 0.8, class: 'bar-label lever-name' }, lever.label));
    y += BAR_HEIGHT;
    if (lever.skipped) {
      body.append(svg('text', { x: 12, y: y + BAR_HEIGHT * 0.8, class: 'bar-value small skipped' }, `does not apply: ${lever.skipped}`));
      y += BAR_HEIGHT + 8;
      continue;
    }
    for (const c of lever.changes) {
      const g = svg('g', { class: 'lever-bar' });
      g.append(svg('text', { x: LABEL_WIDTH - 6, y: y + BAR_HEIGHT * 0.8, class: 'bar-label small', 'text-anchor': 'end' }, c.meter));
      if (c.change !== undefined && Number.isFinite(c.change)) {
        const length = Math.max(1, (Math.min(Math.abs(c.change), extent) / extent) * half);
        const x = c.change < 0 ? zero - length : zero;
        g.append(svg('rect', { x, y: y + 2, width: length, height: BAR_HEIGHT - 4, class: `bar ${c.change < 0 ? 'saves' : 'costs'}` }));
      }
      const textX = c.change !== undefined && c.change < 0 ? zero + 4 : zero - 4;
      g.append(svg('text', { x: textX, y: y + BAR_HEIGHT * 0.8, class: 'bar-value small', 'text-anchor': c.change !== undefined && c.change < 0 ? 'start' : 'end' }, deltaText(c.change)));
      body.append(g);
      y += BAR_HEIGHT;
    }
    y += 8;
  }
  body.append(svg('line', { x1: zero, x2: zero, y1: top, y2: y, class: 'axis' }));
  body.append(svg('text', { x: zero, y: y + 16, class: 'axis-label', 'text-anchor': 'middle' }, '← saves · 0% · costs more →'));
  return root;
}
