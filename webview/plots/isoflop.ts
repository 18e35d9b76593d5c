// Plot: the iso-FLOP curve — predicted loss against model size at the run's compute (log x), with the run and the
// compute-optimal point marked and labelled.
import { formatCount } from '../../src/core/present/units';
import { svg } from '../dom';
import { figure, WIDTH } from './chart';

export interface IsoFlopData {
  points: ReadonlyArray<{ params: number; loss: number }>;
  run?: { params: number; loss: number };
  optimum?: { params: number; loss: number };
  computeText: string;
}

const H = 260;
const M = { left: 56, right: 16, top: 28, bottom: 40 };

export function isoFlopPlot(data: IsoFlopData): SVGElement | undefined {
  const pts = data.points.filter((p) => p.params > 0 && Number.isFinite(p.params) && Number.isFinite(p.loss));
  const marks = [data.run, data.optimum].filter((m): m is { params: number; loss: number } => !!m && m.params > 0 && Number.isFinite(m.loss));
  if (pts.length < 2) return undefined;
  const all = [...pts, ...marks];
  const lx = all.map((p) => Math.log10(p.params));
  const [x0, x1] = [Math.min(...lx), Math.max(...lx)];
  const [y0, y1] = [Math.min(...all.map((p) => p.loss)), Math.max(...all.map((p) => p.loss))];
  if (!(x1 > x0) || !(y1 >= y0)) return undefined;
  const pad = (y1 - y0) * 0.08 || 0.05;
  const sx = (p: number) => M.left + ((Math.log10(p) - x0) / (x1 - x0)) * (WIDTH - M.left - M.right);
  const sy = (l: number) => M.top + (1 - (l - (y0 - pad)) / (y1 + pad - (y0 - pad))) * (H - M.top - M.bottom);
  const describe = (m: { params: number; loss: number } | undefined) => (m ? `${formatCount(m.params)} parameters, loss ${m.loss.toFixed(3)}` : 'unknown');
  const summary = `At ${data.computeText}: this run ${describe(data.run)}; compute-optimal ${describe(data.optimum)}.`;
  const { root, body } = figure('plot-isoflop', 'Iso-FLOP curve: predicted loss vs model size', summary, H);
  // Axes with decade ticks.
  body.append(svg('line', { x1: M.left, x2: WIDTH - M.right, y1: H - M.bottom, y2: H - M.bottom, class: 'axis' }));
  body.append(svg('line', { x1: M.left, x2: M.left, y1: M.top, y2: H - M.bottom, class: 'axis' }));
  for (let d = Math.ceil(x0); d <= Math.floor(x1); d++) {
    const x = sx(10 ** d);
    body.append(svg('line', { x1: x, x2: x, y1: H - M.bottom, y2: H - M.bottom + 4, class: 'axis' }));
    body.append(svg('text', { x, y: H - M.bottom + 16, class: 'tick', 'text-anchor': 'middle' }, formatCount(10 ** d)));
  }
  for (const l of [y0, (y0 + y1) / 2, y1]) {
    body.append(svg('text', { x: M.left - 4, y: sy(l) + 4, class: 'tick', 'text-anchor': 'end' }, l.toFixed(2)));
  }
  body.append(svg('text', { x: (M.left + WIDTH - M.right) / 2, y: H - 4, class: 'axis-label', 'text-anchor': 'middle' }, 'Model size (parameters, log scale)'));
  body.append(svg('text', { x: 12, y: (M.top + H - M.bottom) / 2, class: 'axis-label', 'text-anchor': 'middle', transform: `rotate(-90 12 ${(M.top + H - M.bottom) / 2})` }, 'Predicted loss'));
  const d = pts
    .slice()
    .sort((a, b) => a.params - b.params)
    .map((p, i) => `${i ? 'L' : 'M'}${sx(p.params).toFixed(1)},${sy(p.loss).toFixed(1)}`)
    .join(' ');
  body.append(svg('path', { d, class: 'curve' }));
  // The run as a circle, the optimum as a diamond: shapes and labels, not only colours.
  if (data.optimum && marks.includes(data.optimum)) {
    const [x, y] = [sx(data.optimum.params), sy(data.optimum.loss)];
    body.append(svg('path', { d: `M${x},${y - 6} L${x + 6},${y} L${x},${y + 6} L${x - 6},${y} Z`, class: 'mark optimum' }));
    body.append(svg('text', { x, y: y + 20, class: 'mark-label', 'text-anchor': 'middle' }, `optimum ${formatCount(data.optimum.params)}`));
  }
  if (data.run && marks.includes(data.run)) {
    const [x, y] = [sx(data.run.params), sy(data.run.loss)];
    body.append(svg('circle', { cx: x, cy: y, r: 5, class: 'mark run' }));
    body.append(svg('text', { x, y: y - 10, class: 'mark-label', 'text-anchor': 'middle' }, `this run ${formatCount(data.run.params)}`));
  }
  return root;
}
