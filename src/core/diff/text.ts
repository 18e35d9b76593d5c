// The words of a comparison, shared by the editor's lenses and hovers, the CLI and the pull-request comment:
// "+412k GPU-h · +$1.6M · +88 tCO2e (+31%)". One sign convention: "+" and the typographic minus "−".
import type { Range } from '../estimate/types';
import { formatCo2eKg, formatCount, formatDurationHours, formatEnergyKWh, formatGpuHours, formatInteger, formatUSD } from '../present/units';
import type { Sourced } from '../types';
import type { Meter } from '../whatif/whatif';
import type { InputChange, RunComparison } from './compare';

export const METER_LABELS: Record<Meter, string> = {
  gpuHours: 'GPU-hours',
  costUSD: 'cost',
  co2eKg: 'emissions',
  energyKWh: 'energy',
  wallClockHours: 'wall-clock',
};

export const METER_FORMATS: Record<Meter, (n: number) => string> = {
  gpuHours: formatGpuHours,
  costUSD: formatUSD,
  co2eKg: formatCo2eKg,
  energyKWh: formatEnergyKWh,
  wallClockHours: formatDurationHours,
};

/** The order a reviewer reads the meters in: what it uses, what it costs, what it emits, then the rest. */
export const METER_ORDER: readonly Meter[] = ['gpuHours', 'costUSD', 'co2eKg', 'energyKWh', 'wallClockHours'];

/** The three meters a one-line summary and the budget gates speak of. */
export const HEADLINE_METERS: readonly Meter[] = ['gpuHours', 'costUSD', 'co2eKg'];

const MINUS = '−';

/** "+412k GPU-h", "−$1.6M", "±0 GPU-h" for no change. */
export function signedMeter(meter: Meter, n: number): string {
  const format = METER_FORMATS[meter];
  if (n === 0) return `±${format(0)}`;
  return `${n > 0 ? '+' : MINUS}${format(Math.abs(n))}`;
}

/** 0.31 → "+31%", −0.174 → "−17%"; below half a percent, "±0%". */
export function signedPercent(fraction: number): string {
  const pct = Math.round(fraction * 100);
  if (pct === 0) return '±0%';
  return `${pct > 0 ? '+' : MINUS}${Math.abs(pct)}%`;
}

/** The relative change a headline quotes: the cost's, or the GPU-hours' when the cost is unknown. */
export function headlineFraction(c: RunComparison): number | null {
  return c.meters.costUSD.fraction?.point ?? c.meters.gpuHours.fraction?.point ?? null;
}

/** "+412k GPU-h · +$1.6M · +88 tCO2e (+31%)"; undefined when no headline meter is known on both sides. */
export function headline(c: RunComparison): string | undefined {
  const parts: string[] = [];
  for (const m of HEADLINE_METERS) {
    const d = c.meters[m].delta;
    if (d) parts.push(signedMeter(m, d.point));
  }
  if (parts.length === 0) return undefined;
  const fraction = headlineFraction(c);
  return `${parts.join(' · ')}${fraction !== null && c.status === 'changed' ? ` (${signedPercent(fraction)})` : ''}`;
}

/** A meter's value on one side, or what is missing: never NaN or a negative cost. */
export function meterValue(meter: Meter, r: Range | null, missing: string): string {
  return r ? METER_FORMATS[meter](r.point) : missing;
}

const COUNT_FIELDS: ReadonlySet<InputChange['field']> = new Set(['params', 'activeParams', 'tokens', 'trainSamples']);
const FRACTION_FIELDS: ReadonlySet<InputChange['field']> = new Set(['mfu']);

/** An input's value as people read it: 70B parameters, 2,048 GPUs, 40% MFU; "not set" when absent. */
export function inputValue(field: InputChange['field'], s: Sourced<unknown> | undefined): string {
  if (s === undefined) return 'not set';
  const v = s.value;
  if (typeof v !== 'number') return String(v);
  if (COUNT_FIELDS.has(field)) return formatCount(v);
  if (FRACTION_FIELDS.has(field)) return `${Number((v * 100).toPrecision(3))}%`;
  return Number.isInteger(v) ? formatInteger(v) : String(Number(v.toPrecision(4)));
}

/** "file: num_layers (line 12)", "derived: 128 nodes × 8 GPUs per node": where a value came from. */
export function provenanceText(s: Sourced<unknown> | undefined): string {
  if (s === undefined) return '';
  return `${s.source}: ${s.detail}${s.span ? ` (line ${s.span.line + 1})` : ''}`;
}

/** A key's value as written ("2,000", "bf16"), for "was 2,000". */
export function keyValueText(value: string | number | boolean | null | undefined): string {
  if (value === undefined) return 'absent';
  if (value === null) return 'not set';
  if (typeof value === 'number') return Number.isInteger(value) ? value.toLocaleString('en-US') : String(value);
  return String(value);
}
