// One CSV row per analysed file under a header of stable, named columns with their units (RFC 4180: CRLF line ends,
// fields with a comma, quote or line break quoted, quotes doubled). An unknown value is an empty cell, never NaN.
// Columns are only ever added at the end, so spreadsheets built on an older report keep working.
import type { Analysis } from '../analyze';
import type { Range } from '../estimate/types';
import { energyMethodOf, reportFacts } from './facts';
import { efficiencyMetrics, type Metric } from './metrics';

type Cell = string | number | null | undefined;

/** Memory columns are in GiB (2³⁰ bytes), the unit the lens and the CLI print as "GB". */
const BYTES_PER_GIB = 2 ** 30;

/** Every column, in order, with how it is read from an analysis. */
const COLUMNS: ReadonlyArray<[string, (a: Analysis) => Cell]> = [
  ['file', (a) => a.fileName],
  ['format', (a) => a.format],
  ['params', (a) => a.run?.params?.value],
  ['active_params', (a) => a.run?.activeParams?.value],
  ['tokens', (a) => a.run?.tokens?.value],
  ['gpus', (a) => a.run?.gpus?.value],
  ['gpu_type', (a) => reportFacts(a).gpu?.id],
  ['precision', (a) => assumed(a, 'precision') ?? a.run?.precision?.value],
  ['mfu', (a) => a.projection?.mfu?.point],
  ['mfu_low', (a) => a.projection?.mfu?.low],
  ['mfu_high', (a) => a.projection?.mfu?.high],
  ['flops', (a) => a.projection?.flops],
  ...rangeColumns('gpu_hours', (a) => a.projection?.gpuHours),
  ...rangeColumns('wall_clock_hours', (a) => a.projection?.wallClockHours),
  ...rangeColumns('energy_kwh', (a) => a.projection?.energyKWh),
  ...rangeColumns('co2e_kg', (a) => a.projection?.co2eKg),
  ...rangeColumns('cost_usd', (a) => a.projection?.costUSD),
  ['pue', (a) => assumed(a, 'pue')],
  ['grid_g_per_kwh', (a) => assumed(a, 'gridGPerKWh')],
  ['price_usd_per_gpu_hour', (a) => assumed(a, 'priceUSDPerGpuHour')],
  ['gpu_power_kw', (a) => assumed(a, 'gpuPowerKW')],
  ['energy_method', (a) => energyMethodOf(a.projection?.assumptions ?? [])],
  ['region', (a) => a.run?.region?.value],
  ['tokens_per_param', (a) => a.computeOptimal?.tokensPerParam],
  ['over_training_factor', (a) => a.computeOptimal?.overTrainingFactor],
  ['missing', (a) => a.run?.missing.join(' ')],
  ['projection', () => 'projected, not measured'],
  ['hfu', (a) => a.projection?.hfu?.point],
  ['flops_per_token', (a) => metric(a, 'flopsPerToken')],
  ['tokens_per_kwh', (a) => metric(a, 'tokensPerKWh')],
  ['energy_kwh_per_b_params', (a) => metric(a, 'energyKWhPerBillionParams')],
  ['gpu_hours_per_b_tokens', (a) => metric(a, 'gpuHoursPerBillionTokens')],
  ['memory_gib_per_gpu', (a) => (a.memory ? a.memory.busiest.totalBytes / BYTES_PER_GIB : null)],
  ['memory_capacity_gib', (a) => (a.memory ? a.memory.capacityBytes / BYTES_PER_GIB : null)],
  ['memory_verdict', (a) => a.memory?.verdict],
];

export const CSV_COLUMNS: readonly string[] = COLUMNS.map(([name]) => name);

function rangeColumns(name: string, get: (a: Analysis) => Range | null | undefined): Array<[string, (a: Analysis) => Cell]> {
  return [
    [name, (a) => get(a)?.point],
    [`${name}_low`, (a) => get(a)?.low],
    [`${name}_high`, (a) => get(a)?.high],
  ];
}

function metric(a: Analysis, id: Metric['id']): number | null {
  return efficiencyMetrics(a).find((m) => m.id === id)?.value ?? null;
}

function assumed(a: Analysis, name: string): string | number | undefined {
  return a.projection?.assumptions.find((x) => x.name === name)?.value;
}

/**
 * Text a spreadsheet would run as a formula (or as DDE) when a cell starts with it: =, +, -, @, tab, carriage return
 * (OWASP "CSV Injection"). Such a text cell gets a leading apostrophe and is quoted, so it is shown, never run.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One field, quoted when RFC 4180 needs it. Numbers keep full precision so they read back equal (a negative number
 * is a number cell, not text, and stays as it is); text from a config is neutralised when it could start a formula.
 */
export function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (FORMULA_START.test(value)) return `"'${value.replace(/"/g, '""')}"`;
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvReport(analyses: readonly Analysis[]): string {
  const rows = [CSV_COLUMNS.join(','), ...analyses.map((a) => COLUMNS.map(([, get]) => csvField(get(a))).join(','))];
  return `${rows.join('\r\n')}\r\n`;
}
