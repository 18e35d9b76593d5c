// Plot: the what-if run placed in a handful of regions. Only the grid changes, so only tCO2e moves; the bars say
// each region's emissions and its grid intensity.
import { formatCo2eKg } from '../../src/core/present/units';
import { DASH } from '../format';
import { barRows, figure, ROW, type BarRow } from './chart';
import { svg } from '../dom';

export interface RegionPoint {
  code: string;
  name: string;
  gCO2ePerKWh: number;
  /** The run's emissions there; undefined when the projection cannot be made. */
  co2eKg: number | undefined;
  /** The region the what-if uses. */
  current: boolean;
}

export function regionsPlot(points: readonly RegionPoint[]): SVGElement {
  const max = Math.max(0, ...points.map((p) => p.co2eKg ?? 0));
  const rows: BarRow[] = points.map((p) => ({
    label: `${p.current ? '▶ ' : ''}${p.code}`,
    share: p.co2eKg === undefined ? undefined : max > 0 ? p.co2eKg / max : 0,
    valueText: `${p.co2eKg === undefined ? DASH : formatCo2eKg(p.co2eKg)} · ${p.gCO2ePerKWh} g/kWh${p.current ? ' (this run)' : ''}`,
    kind: p.current ? 'whatif' : 'region',
  }));
  const summary = points.map((p) => `${p.name}: ${p.co2eKg === undefined ? DASH : formatCo2eKg(p.co2eKg)}${p.current ? ' (this run)' : ''}`).join('; ');
  const height = 24 + rows.length * ROW + 22;
  const { root, body } = figure('plot-regions', 'The same run in other regions (only emissions move)', `${summary}.`, height);
  barRows(body, rows, 24);
  body.append(svg('text', { x: 0, y: height - 2, class: 'axis-label' }, 'Emissions (location-based); label: region code · grid intensity'));
  return root;
}
