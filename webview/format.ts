// How numbers read in the panel: the same units as the CLI and the lenses, and never NaN or Infinity — an unknown
// value is "—" with what is missing beside it.
import type { Range } from '../src/core/estimate/types';
import { MISSING_HINTS } from '../src/core/present/labels';
import { formatCo2eKg, formatDurationHours, formatEnergyKWh, formatGpuHours, formatUSD, formatWithRange } from '../src/core/present/units';
import type { Analysis } from '../src/core/analyze';
import type { MeterKey } from './model';

export const DASH = '—';

export interface Meter {
  key: MeterKey;
  label: string;
  format: (n: number) => string;
}

export const METERS: readonly Meter[] = [
  { key: 'gpuHours', label: 'GPU-hours', format: formatGpuHours },
  { key: 'wallClockHours', label: 'Wall-clock', format: formatDurationHours },
  { key: 'costUSD', label: 'Cost', format: formatUSD },
  { key: 'energyKWh', label: 'Energy', format: formatEnergyKWh },
  { key: 'co2eKg', label: 'Emissions', format: formatCo2eKg },
];

export function finiteRange(r: Range | null | undefined): r is Range {
  return !!r && [r.point, r.low, r.high].every((n) => Number.isFinite(n) && n >= 0);
}

export function meterText(analysis: Analysis, meter: Meter): string {
  const r = analysis.projection?.[meter.key];
  if (!finiteRange(r)) return DASH;
  return r.low === r.high ? meter.format(r.point) : formatWithRange(r, meter.format);
}

/** Why a meter is unknown: the run's missing inputs in the CLI's words, or the first projection finding. */
export function missingText(analysis: Analysis): string {
  const missing = analysis.run?.missing ?? [];
  if (missing.length > 0) return `needs ${missing.map((m) => MISSING_HINTS[m]).join('; ')}`;
  if (!analysis.format) return 'not a training config this panel understands';
  const why = analysis.findings.find((f) => f.code.startsWith('missing-') || f.code === 'no-peak');
  return why ? why.message : 'an input is missing';
}

/** "+12%", "−40%", "0%", or the dash. */
export function deltaText(change: number | undefined): string {
  if (change === undefined || !Number.isFinite(change)) return DASH;
  const p = change * 100;
  const rounded = Math.abs(p) >= 10 ? Math.round(p) : Math.round(p * 10) / 10;
  if (rounded === 0) return '0%';
  return `${rounded > 0 ? '+' : '−'}${Math.abs(rounded)}%`;
}
