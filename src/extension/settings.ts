// The extension's settings, typed and cleaned at the boundary: every `footprint.*` value is read here, once per
// document scope (settingsStore.ts), and turned into the core's vocabulary (Overrides, thresholds). Anything malformed is dropped, so the
// core never sees a string where it expects a number. Rebuilt only when `footprint.*` changes.
import { SCHEDULE_WINDOW_DAYS } from '../core/data/schedule';
import type { Overrides, Severity } from '../core/types';

export type LensDetail = 'summary' | 'keys' | 'off';

/** Per file: the hardware the user said a JSON file (which takes no comment) runs on. */
export interface HardwareEntry {
  gpuType?: string;
  gpus?: number;
  region?: string;
}

export interface FootprintSettings {
  /** Used only where the file and its annotations are silent. */
  defaults: Overrides;
  codeLensDetail: LensDetail;
  /** Severity per finding code, 'off' to hide it. */
  severity: Record<string, Severity | 'off'>;
  overTrainingThreshold: number | undefined;
  maxBytes: number;
  /** Glob → hardware, for files that cannot carry a `# footprint:` comment. */
  hardwareByFile: Record<string, HardwareEntry>;
  /** Workspace-relative path of a calibration JSON (`footprint-lens calibrate --save`); read by calibrationStore.ts. */
  calibrationFile: string | undefined;
  /** How far the panel's carbon-aware timing may defer the start, in days (footprint.schedule.windowDays). */
  scheduleWindowDays: number;
  /** One line per value that was set but unusable (the store logs them once per rebuild). */
  ignored: string[];
}

/** Every setting id, checked by the compiler against what this module reads (package.json declares the same keys). */
export const SETTING_KEYS = [
  'gpuType',
  'gpus',
  'priceUSDPerGpuHour',
  'region',
  'gridGPerKWh',
  'pue',
  'mfu',
  'energyMethod',
  'budget.maxUSD',
  'budget.maxTCO2e',
  'budget.maxGpuHours',
  'codeLens.detail',
  'diagnostics.severity',
  'overTrainingThreshold',
  'maxFileSizeKB',
  'hardwareByFile',
  'lifetimeInferenceTokens',
  'budget.maxDays',
  'marketGridGPerKWh',
  'embodiedCarbon',
  'spotDiscount',
  'restartOverhead',
  'calibrationFile',
  'schedule.windowDays',
] as const;
export type SettingKey = (typeof SETTING_KEYS)[number];

/** The editor's own limit: far below the core's, so typing never waits on a huge file. */
export const DEFAULT_MAX_FILE_SIZE_KB = 2048;
const SEVERITIES: ReadonlyArray<Severity | 'off'> = ['error', 'warning', 'info', 'hint', 'off'];

type Reader = (key: SettingKey) => unknown;

/** Positive finite number, or undefined. */
function positive(v: unknown): number | undefined {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : undefined;
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** MFU as 'auto', a fraction (0.4) or a percentage (40). */
function mfu(v: unknown): number | undefined {
  if (v === 'auto') return undefined;
  const n = positive(v);
  if (n === undefined) return undefined;
  const fraction = n > 1 ? n / 100 : n;
  return fraction > 0 && fraction <= 1 ? fraction : undefined;
}

function hardwareEntry(v: unknown): HardwareEntry | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  const entry: HardwareEntry = {};
  const gpuType = text(o.gpuType ?? o.gpu);
  const gpus = positive(o.gpus);
  const region = text(o.region);
  if (gpuType) entry.gpuType = gpuType;
  if (gpus !== undefined && Number.isInteger(gpus)) entry.gpus = gpus;
  if (region) entry.region = region;
  return Object.keys(entry).length > 0 ? entry : undefined;
}

/** A fraction in [0, max]; 0 means "off" and yields undefined like an unset value. */
function fractionUpTo(v: unknown, max: number, inclusive: boolean): number | 'bad' | undefined {
  if (isUnset(v) || v === 0) return undefined;
  const n = positive(v);
  if (n === undefined) return 'bad';
  return n < max || (inclusive && n === max) ? n : 'bad';
}

/** The editor writes null (or an empty string) for "not set": not an error. */
function isUnset(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/**
 * The settings added for the estimator's newer inputs: each either becomes an Overrides field or, when set to
 * something unusable, one line in `ignored` (the user sees why nothing changed instead of a crash).
 */
function readNewerInputs(read: Reader, defaults: Overrides, ignored: string[]): void {
  const bad = (key: SettingKey, why: string) => ignored.push(`footprint.${key} = ${JSON.stringify(read(key))} ignored: ${why}`);

  // 0 is the declared "unknown": no inference-aware verdict.
  const inference = read('lifetimeInferenceTokens');
  if (!isUnset(inference) && inference !== 0) {
    const n = positive(inference);
    if (n !== undefined) defaults.lifetimeInferenceTokens = n;
    else bad('lifetimeInferenceTokens', 'expected a positive token count (0 = unknown)');
  }

  const maxDays = read('budget.maxDays');
  if (!isUnset(maxDays)) {
    const n = positive(maxDays);
    if (n !== undefined) defaults.maxDays = n;
    else bad('budget.maxDays', 'expected a positive number of days');
  }

  // A market-based factor of 0 is legitimate (fully matched by certificates).
  const market = read('marketGridGPerKWh');
  if (!isUnset(market)) {
    const n = typeof market === 'string' ? Number(market) : market;
    if (typeof n === 'number' && Number.isFinite(n) && n >= 0) defaults.marketGPerKWh = n;
    else bad('marketGridGPerKWh', 'expected gCO2e/kWh, 0 or more');
  }

  const embodied = read('embodiedCarbon');
  if (embodied === true) defaults.includeEmbodied = true;
  else if (!isUnset(embodied) && embodied !== false) bad('embodiedCarbon', 'expected true or false');

  // A discount of 100% would make the run free: below 1 only.
  const spot = fractionUpTo(read('spotDiscount'), 1, false);
  if (spot === 'bad') bad('spotDiscount', 'expected a fraction from 0 to below 1 (0.6 = 60% off)');
  else if (spot !== undefined) defaults.spotDiscount = spot;

  // The core accepts up to 10× extra GPU-hours; more is a typo.
  const restart = fractionUpTo(read('restartOverhead'), 10, true);
  if (restart === 'bad') bad('restartOverhead', 'expected a fraction, 0 or more (0.08 = 8% more GPU-hours)');
  else if (restart !== undefined) defaults.restartOverhead = restart;
}

/** Builds the typed settings from a reader of raw values; pure, so it is tested without VS Code. */
export function settingsFrom(read: Reader): FootprintSettings {
  const defaults: Overrides = {};
  const ignored: string[] = [];
  readNewerInputs(read, defaults, ignored);
  // Set but unusable: dropped, with one line saying why (as readNewerInputs does), so the user sees why nothing changed.
  const take = <T>(key: SettingKey, clean: (v: unknown) => T | undefined, why: string): T | undefined => {
    const v = read(key);
    if (isUnset(v)) return undefined;
    const out = clean(v);
    if (out === undefined) ignored.push(`footprint.${key} = ${JSON.stringify(v)} ignored: ${why}`);
    return out;
  };
  const wholePositive = (v: unknown) => {
    const n = positive(v);
    return n !== undefined && Number.isInteger(n) ? n : undefined;
  };
  const gpuType = text(read('gpuType'));
  if (gpuType) defaults.gpuType = gpuType;
  const gpus = take('gpus', wholePositive, 'expected a whole number of GPUs above 0');
  if (gpus !== undefined) defaults.gpus = gpus;
  const price = take('priceUSDPerGpuHour', positive, 'expected a price per GPU-hour above 0');
  if (price !== undefined) defaults.priceUSDPerGpuHour = price;
  const region = text(read('region'));
  if (region) defaults.region = region;
  const grid = take('gridGPerKWh', positive, 'expected gCO2e/kWh above 0');
  if (grid !== undefined) defaults.gridGPerKWh = grid;
  const pue = take('pue', (v) => ((positive(v) ?? 0) >= 1 ? positive(v) : undefined), 'expected a PUE of 1 or more');
  if (pue !== undefined) defaults.pue = pue;
  // 'auto' (the default) leaves MFU to the estimator.
  const m = take('mfu', (v) => (v === 'auto' ? 'auto' : mfu(v)), "expected 'auto', a fraction (0.4) or a percentage (40) up to 100%");
  if (m !== undefined && m !== 'auto') defaults.mfu = m;
  const method = take('energyMethod', (v) => (v === 'rated' || v === 'measured' ? v : undefined), "expected 'rated' or 'measured'");
  if (method !== undefined) defaults.energyMethod = method;
  const maxUSD = take('budget.maxUSD', positive, 'expected US dollars above 0');
  if (maxUSD !== undefined) defaults.maxUSD = maxUSD;
  const maxTCO2e = take('budget.maxTCO2e', positive, 'expected tonnes CO2e above 0');
  if (maxTCO2e !== undefined) defaults.maxTCO2e = maxTCO2e;
  const maxGpuHours = take('budget.maxGpuHours', positive, 'expected GPU-hours above 0');
  if (maxGpuHours !== undefined) defaults.maxGpuHours = maxGpuHours;

  const detail = read('codeLens.detail');
  const codeLensDetail: LensDetail = detail === 'keys' || detail === 'off' ? detail : 'summary';

  const severity: Record<string, Severity | 'off'> = {};
  const rawSeverity = read('diagnostics.severity');
  if (rawSeverity && typeof rawSeverity === 'object') {
    for (const [code, s] of Object.entries(rawSeverity as Record<string, unknown>)) {
      if (SEVERITIES.includes(s as Severity)) severity[code] = s as Severity | 'off';
    }
  }

  const hardwareByFile: Record<string, HardwareEntry> = {};
  const rawHardware = read('hardwareByFile');
  if (rawHardware && typeof rawHardware === 'object') {
    for (const [glob, entry] of Object.entries(rawHardware as Record<string, unknown>)) {
      const clean = hardwareEntry(entry);
      if (clean && glob.trim()) hardwareByFile[glob] = clean;
    }
  }

  const sizeKB = take('maxFileSizeKB', positive, 'expected a size in KB above 0') ?? DEFAULT_MAX_FILE_SIZE_KB;
  return {
    defaults,
    codeLensDetail,
    severity,
    overTrainingThreshold: take('overTrainingThreshold', positive, 'expected a factor above 0'),
    maxBytes: Math.round(sizeKB * 1024),
    hardwareByFile,
    calibrationFile: calibrationPath(read('calibrationFile'), ignored),
    scheduleWindowDays: take('schedule.windowDays', windowDays, `expected days from ${SCHEDULE_WINDOW_DAYS.min} to ${SCHEDULE_WINDOW_DAYS.max}`) ?? SCHEDULE_WINDOW_DAYS.value,
    ignored,
  };
}

/** A deferral window in days within the schedule's bounds (0: start now, no deferral). */
function windowDays(v: unknown): number | undefined {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) && n >= SCHEDULE_WINDOW_DAYS.min && n <= SCHEDULE_WINDOW_DAYS.max ? n : undefined;
}

/** A workspace-relative path; absolute paths and `..` are refused so the setting cannot read outside the workspace. */
function calibrationPath(v: unknown, ignored: string[]): string | undefined {
  if (isUnset(v)) return undefined;
  const p = text(v)?.replace(/\\/g, '/');
  if (p && !p.startsWith('/') && !/^[a-z]:/i.test(p) && !p.split('/').includes('..')) return p.replace(/^\.\//, '');
  ignored.push(`footprint.calibrationFile = ${JSON.stringify(v)} ignored: expected a path relative to the workspace folder`);
  return undefined;
}
