// Plot: each meter, baseline against what-if, as a pair of bars scaled to the larger of the two (meters have
// different units, so each pair has its own scale; the value text carries the unit).
import type { Pair } from '../model';
import { DASH, METERS, finiteRange } from '../format';
import { svg } from '../dom';
import { barRows, figure, ROW, type BarRow } from './chart';

export function metersPlot(pair: Pair): SVGElement {
  const rows: BarRow[] = [];
  const sentences: string[] = [];
  for (const meter of METERS) {
    const b = pair.baseline.projection?.[meter.key];
    const w = pair.whatIf.projection?.[meter.key];
    const bv = finiteRange(b) ? b.point : undefined;
    const wv = finiteRange(w) ? w.point : undefined;
    const max = Math.max(bv ?? 0, wv ?? 0);
    const share = (v: number | undefined) => (v === undefined ? undefined : max > 0 ? v / max : 0);
    const text = (v: number | undefined) => (v === undefined ? DASH : meter.format(v));
    rows.push({ label: `${meter.label} baseline`, share: share(bv), valueText: text(bv), kind: 'baseline' });
    rows.push({ label: `${meter.label} what-if`, share: share(wv), valueText: text(wv), kind: 'whatif' });
    sentences.push(`${meter.label}: baseline ${text(bv)}, what-if ${text(wv)}`);
  }
  const height = 24 + rows.length * ROW + 22;
  const { root, body } = figure('plot-meters', 'Baseline vs what-if', sentences.join('; ') + '.', height);
  barRows(body, rows, 24);
  body.append(svg('text', { x: 0, y: height - 2, class: 'axis-label' }, 'Bars: each meter scaled to the larger of its two values'));
  return root;
}
