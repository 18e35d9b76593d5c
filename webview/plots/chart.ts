// SVG chart pieces shared by the plots: a titled, described figure and horizontal bar rows. Every mark carries its
// value as text (no meaning by colour alone), and the summary goes into <desc> and aria-label for screen readers.
import { svg } from '../dom';

export const WIDTH = 560;
const ROW_HEIGHT = 22;
const LABEL_WIDTH = 150;
const VALUE_WIDTH = 150;

export interface Figure {
  root: SVGElement;
  body: SVGElement;
}

let ids = 0;

/** An <svg role="img"> with <title> and <desc>, labelled by both. */
export function figure(id: string, title: string, summary: string, height: number): Figure {
  const n = ++ids;
  const root = svg('svg', {
    id,
    class: 'plot',
    role: 'img',
    viewBox: `0 0 ${WIDTH} ${height}`,
    width: WIDTH,
    height,
    'aria-labelledby': `${id}-title-${n} ${id}-desc-${n}`,
    'aria-label': `${title}. ${summary}`,
  });
  root.append(svg('title', { id: `${id}-title-${n}` }, title), svg('desc', { id: `${id}-desc-${n}` }, summary));
  const body = svg('g');
  root.append(svg('text', { x: 0, y: 14, class: 'plot-title' }, title), body);
  return { root, body };
}

export interface BarRow {
  label: string;
  /** Bar length as a share of the longest bar (0..1); undefined: no bar, the value text says why. */
  share: number | undefined;
  valueText: string;
  /** CSS class of the bar: series colour, paired with a text label. */
  kind: string;
}

/** Rows of horizontal bars starting at `top`; returns the y after the last row. */
export function barRows(parent: SVGElement, rows: readonly BarRow[], top: number): number {
  const barSpace = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  let y = top;
  for (const row of rows) {
    const g = svg('g', { class: `bar-row ${row.kind}` });
    g.append(svg('text', { x: LABEL_WIDTH - 6, y: y + ROW_HEIGHT * 0.7, class: 'bar-label', 'text-anchor': 'end' }, row.label));
    const share = row.share !== undefined && Number.isFinite(row.share) ? Math.max(0, Math.min(1, row.share)) : undefined;
    const length = share === undefined ? 0 : Math.max(1, share * barSpace);
    if (share !== undefined) g.append(svg('rect', { x: LABEL_WIDTH, y: y + 3, width: length, height: ROW_HEIGHT - 6, class: `bar ${row.kind}` }));
    g.append(svg('text', { x: LABEL_WIDTH + length + 6, y: y + ROW_HEIGHT * 0.7, class: 'bar-value' }, row.valueText));
    parent.append(g);
    y += ROW_HEIGHT;
  }
  return y;
}

export const ROW = ROW_HEIGHT;
