// Plots of carbon-aware timing: the run's emissions for every start hour in the window (starting now and the best
// start marked), the carbon-vs-delay Pareto front, and the same run on every traced grid. Missing hours break the
// curve instead of being drawn through: a start that crosses one has no value.
import { formatCo2eKg } from '../../src/core/present/units';
import { formatDelay, startDateText, type ParetoPoint, type Schedule, type TracePlacement } from '../../src/core/schedule';
import { svg } from '../dom';
import { DASH } from '../format';
import { barRows, figure, ROW, WIDTH, type BarRow } from './chart';

const H = 240;
const M = { left: 64, right: 16, top: 28, bottom: 40 };
const HOURS_PER_DAY = 24;
const MAX_TICKS = 8;

interface Scale {
  x(delayHours: number): number;
  y(kg: number): number;
}

function scale(maxDelay: number, lo: number, hi: number): Scale {
  const pad = (hi - lo) * 0.08 || Math.max(hi * 0.05, 1e-9);
  const [y0, y1] = [Math.max(0, lo - pad), hi + pad];
  const span = Math.max(maxDelay, 1);
  return {
    x: (d) => M.left + (d / span) * (WIDTH - M.left - M.right),
    y: (kg) => M.top + (1 - (kg - y0) / (y1 - y0)) * (H - M.top - M.bottom),
  };
}

/** Axes with day ticks on x (hours for a window under two days) and three value ticks on y. */
function axes(body: SVGElement, s: Scale, maxDelay: number, lo: number, hi: number, xLabel: string): void {
  body.append(svg('line', { x1: M.left, x2: WIDTH - M.right, y1: H - M.bottom, y2: H - M.bottom, class: 'axis' }));
  body.append(svg('line', { x1: M.left, x2: M.left, y1: M.top, y2: H - M.bottom, class: 'axis' }));
  const unit = maxDelay >= 2 * HOURS_PER_DAY ? HOURS_PER_DAY : 1;
  const step = Math.max(1, Math.ceil(maxDelay / unit / MAX_TICKS)) * unit;
  for (let d = 0; d <= maxDelay; d += step) {
    const x = s.x(d);
    body.append(svg('line', { x1: x, x2: x, y1: H - M.bottom, y2: H - M.bottom + 4, class: 'axis' }));
    body.append(svg('text', { x, y: H - M.bottom + 16, class: 'tick', 'text-anchor': 'middle' }, d === 0 ? '0' : formatDelay(d)));
  }
  for (const v of lo === hi ? [lo] : [lo, (lo + hi) / 2, hi]) {
    body.append(svg('text', { x: M.left - 4, y: s.y(v) + 4, class: 'tick', 'text-anchor': 'end' }, formatCo2eKg(v)));
  }
  body.append(svg('text', { x: (M.left + WIDTH - M.right) / 2, y: H - 4, class: 'axis-label', 'text-anchor': 'middle' }, xLabel));
}

function marker(body: SVGElement, x: number, y: number, kind: 'now' | 'best', label: string, below: boolean): void {
  if (kind === 'now') body.append(svg('circle', { cx: x, cy: y, r: 5, class: 'mark run' }));
  else body.append(svg('path', { d: `M${x},${y - 6} L${x + 6},${y} L${x},${y + 6} L${x - 6},${y} Z`, class: 'mark optimum' }));
  const anchor = x > WIDTH * 0.7 ? 'end' : x < M.left + 40 ? 'start' : 'middle';
  body.append(svg('text', { x, y: below ? y + 20 : y - 10, class: 'mark-label', 'text-anchor': anchor }, label));
}

/** Emissions against the start hour: the curve the best start is read from. */
export function startCurvePlot(schedule: Schedule, now: Date): SVGElement {
  const rated = schedule.starts.filter((s) => s.co2eKg !== null);
  const values = rated.map((s) => s.co2eKg!);
  const [lo, hi] = values.length > 0 ? [Math.min(...values), Math.max(...values)] : [0, 1];
  const best = schedule.best;
  const nowText = schedule.now.co2eKg === null ? `not rated (crosses ${schedule.now.missingHours} missing h)` : formatCo2eKg(schedule.now.co2eKg);
  const bestText = best && best.co2eKg !== null ? `${formatCo2eKg(best.co2eKg)}, ${startDateText(now, best.delayHours)} (in ${formatDelay(best.delayHours)})` : DASH;
  const summary = `Starting now: ${nowText}. Best start: ${bestText}.` + (schedule.unratedStarts > 0 ? ` ${schedule.unratedStarts} starts are not rated: their run crosses a missing hour.` : '');
  const { root, body } = figure('plot-schedule', `Emissions by start hour over the next ${formatDelay(schedule.windowHours)}`, summary, H);
  const s = scale(schedule.windowHours, lo, hi);
  axes(body, s, schedule.windowHours, lo, hi, 'Start after submitting (UTC hours from now)');
  // One path segment per run of rated starts: a gap stays a gap.
  let d = '';
  let open = false;
  for (const st of schedule.starts) {
    if (st.co2eKg === null) {
      open = false;
      continue;
    }
    d += `${open ? 'L' : 'M'}${s.x(st.delayHours).toFixed(1)},${s.y(st.co2eKg).toFixed(1)} `;
    open = true;
  }
  if (d) body.append(svg('path', { d: d.trim(), class: 'curve', 'data-starts': String(rated.length) }));
  if (schedule.now.co2eKg !== null) marker(body, s.x(0), s.y(schedule.now.co2eKg), 'now', `now ${formatCo2eKg(schedule.now.co2eKg)}`, false);
  if (best && best.co2eKg !== null && best.delayHours > 0) marker(body, s.x(best.delayHours), s.y(best.co2eKg), 'best', `best: in ${formatDelay(best.delayHours)}, ${formatCo2eKg(best.co2eKg)}`, true);
  return root;
}

/** The Pareto front: how much carbon each extra hour of delay buys, by a later start or by pausing. */
export function paretoPlot(front: readonly ParetoPoint[]): SVGElement | undefined {
  if (front.length < 2) return undefined;
  const values = front.map((p) => p.co2eKg);
  const [lo, hi] = [Math.min(...values), Math.max(...values)];
  const maxDelay = Math.max(...front.map((p) => p.delayHours));
  const last = front[front.length - 1]!;
  const summary = `${front.length} points from ${formatCo2eKg(front[0]!.co2eKg)} finishing on time to ${formatCo2eKg(last.co2eKg)} finishing ${formatDelay(last.delayHours)} later.`;
  const { root, body } = figure('plot-pareto', 'Carbon against delay (Pareto front)', summary, H);
  const s = scale(maxDelay, lo, hi);
  axes(body, s, maxDelay, lo, hi, 'Finishes later than starting now by; ● later start, ■ pausing');
  // A step line: between two front points, the earlier (dirtier) option is what is available.
  let d = '';
  front.forEach((p, i) => {
    const [x, y] = [s.x(p.delayHours), s.y(p.co2eKg)];
    d += i === 0 ? `M${x.toFixed(1)},${y.toFixed(1)}` : ` H${x.toFixed(1)} V${y.toFixed(1)}`;
  });
  body.append(svg('path', { d, class: 'curve' }));
  for (const p of front) {
    const [x, y] = [s.x(p.delayHours), s.y(p.co2eKg)];
    const title = svg('title', {}, `${formatDelay(p.delayHours)} later: ${formatCo2eKg(p.co2eKg)} (${p.policy === 'delayed-start' ? 'start later' : `pause, ≤${p.stretch?.toFixed(2)}× the run`})`);
    const mark =
      p.policy === 'delayed-start'
        ? svg('circle', { cx: x, cy: y, r: 3, class: 'mark run pareto-point' })
        : svg('rect', { x: x - 3, y: y - 3, width: 6, height: 6, class: 'mark optimum pareto-point' });
    mark.append(title);
    body.append(mark);
  }
  return root;
}

/** The same run, submitted at the same hour with the same window, on every traced grid: where matters more than when. */
export function gridsPlot(placements: readonly TracePlacement[], currentCode: string | undefined): SVGElement {
  const max = Math.max(0, ...placements.map((p) => p.schedule?.now.co2eKg ?? p.schedule?.best?.co2eKg ?? 0));
  const rows: BarRow[] = placements.map((p) => {
    const s = p.schedule;
    const best = s?.best?.co2eKg ?? undefined;
    const nowKg = s?.now.co2eKg ?? undefined;
    const current = p.trace.code === currentCode;
    const saving = !s?.saving ? '' : s.saving.fraction < 0.0005 ? ', no saving' : `, −${(100 * s.saving.fraction).toFixed(1)}%`;
    const nowText = nowKg === undefined ? `not rated, crosses ${s?.now.missingHours ?? 0} missing h` : formatCo2eKg(nowKg);
    const text = !s ? (p.reason ?? DASH) : `best ${best === undefined ? DASH : formatCo2eKg(best)} (now ${nowText}${saving})`;
    return { label: `${current ? '▶ ' : ''}${p.trace.code}`, share: best === undefined ? undefined : max > 0 ? best / max : 0, valueText: text, kind: current ? 'whatif' : 'region' };
  });
  const summary = placements.map((p) => `${p.trace.name}: ${p.schedule?.best?.co2eKg != null ? formatCo2eKg(p.schedule.best.co2eKg) : DASH}`).join('; ');
  const height = 24 + rows.length * ROW + 22;
  const { root, body } = figure('plot-grids', 'The same run on every traced grid (best start in the window)', `${summary}.`, height);
  barRows(body, rows, 24);
  body.append(svg('text', { x: 0, y: height - 2, class: 'axis-label' }, `Each grid's own ${placements[0]?.trace.year ?? ''} hours; bars: best start, scaled to the dirtiest start now`));
  return root;
}
