// The extension's settings, typed and cleaned at the boundary: every `footprint.*` value is read here, once per
// document scope (settingsStore.ts), and turned into the core's vocabulary (Overrides, thresholds). Anything malformed is dropped, so the
// core never sees a string where it expects a number. Rebuilt only when `footprint.*` changes.
import { SCHEDULE_WINDOW_DAYS } from '../core/data/schedule';
import { DEFAULT_ANALYSIS_BUDGET_MS } from '../core/limits';
import { cleanInput, INPUTS, inputSpec, OPTIONS, timingInputSpec, type OptionId, type SettingKey } from '../core/inputs/registry';
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
  /** How long one analysis may run (footprint.analysisTimeLimit, in seconds as a setting). */
  analysisBudgetMs: number;
  /** Glob → hardware, for files that cannot carry a `# footprint:` comment. */
  hardwareByFile: Record<string, HardwareEntry>;
  /** Workspace-relative path of a calibration JSON (`footprint-lens calibrate --save`); read by calibrationStore.ts. */
  calibrationFile: string | undefined;
  /** How far the panel's carbon-aware timing may defer the start, in days (footprint.schedule.windowDays). */
  scheduleWindowDays: number;
  /** 'hub': models nothing local knows may be looked up on the Hugging Face Hub (trusted workspaces only). */
  modelLookup: 'offline' | 'hub';
  /** One line per value that was set but unusable (the store logs them once per rebuild). */
  ignored: string[];
}

/** Every setting id, typed from the input registry (package.json's configuration is generated from the same table). */
export { SETTING_KEYS, type SettingKey } from '../core/inputs/registry';

/** The editor's own limit (the registry's default): far below the core's, so typing never waits on a huge file. */
export const DEFAULT_MAX_FILE_SIZE_KB = OPTIONS.find((o) => o.id === 'maxFileSizeKB')!.settingDefault as number;
const SEVERITIES: ReadonlyArray<Severity | 'off'> = ['error', 'warning', 'info', 'hint', 'off'];

type Reader = (key: SettingKey) => unknown;

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

function hardwareEntry(v: unknown): HardwareEntry | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const o = v as Record<string, unknown>;
  const entry: HardwareEntry = {};
  const gpuType = text(o.gpuType ?? o.gpu);
  const gpus = cleanInput(inputSpec('gpus'), o.gpus);
  const region = text(o.region);
  if (gpuType) entry.gpuType = gpuType;
  if (gpus.ok === true) entry.gpus = gpus.value as number;
  if (region) entry.region = region;
  return Object.keys(entry).length > 0 ? entry : undefined;
}

/** The editor writes null (or an empty string) for "not set": not an error. */
function isUnset(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

/**
 * Every run input that has a setting (src/core/inputs/registry.ts): cleaned by the registry's one rule (bounds, the
 * percent convention), so a setting, a flag and an annotation of the same input accept the same values. A value set
 * but unusable becomes one line in `ignored`, so the user sees why nothing changed.
 */
function readInputs(read: Reader, defaults: Overrides, ignored: string[]): void {
  for (const spec of INPUTS) {
    if (!spec.setting) continue;
    const key = spec.setting as SettingKey;
    const raw = read(key);
    if (spec.settingZeroIsUnset && (raw === 0 || raw === '0')) continue;
    const cleaned = cleanInput(spec, raw);
    if (cleaned.ok === true) (defaults as Record<string, unknown>)[spec.id] = cleaned.value;
    else if (cleaned.ok === false) ignored.push(`footprint.${key} = ${JSON.stringify(raw)} ignored: ${cleaned.why}`);
  }
}

/** Builds the typed settings from a reader of raw values; pure, so it is tested without VS Code. */
export function settingsFrom(read: Reader): FootprintSettings {
  const defaults: Overrides = {};
  const ignored: string[] = [];
  readInputs(read, defaults, ignored);
  // The options with bounds in the registry: cleaned by the same rule as the inputs.
  const option = (id: OptionId): number | string | boolean | undefined => {
    const spec = OPTIONS.find((o) => o.id === id)!;
    const raw = read(spec.setting as SettingKey);
    const cleaned = cleanInput(spec, raw);
    if (cleaned.ok === false) ignored.push(`footprint.${spec.setting} = ${JSON.stringify(raw)} ignored: ${cleaned.why}`);
    return cleaned.ok === true ? cleaned.value : undefined;
  };
  const codeLensDetail = (option('codeLensDetail') as LensDetail | undefined) ?? 'summary';

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

  const sizeKB = (option('maxFileSizeKB') as number | undefined) ?? DEFAULT_MAX_FILE_SIZE_KB;
  return {
    defaults,
    codeLensDetail,
    severity,
    overTrainingThreshold: option('overTrainingThreshold') as number | undefined,
    maxBytes: Math.round(sizeKB * 1024),
    analysisBudgetMs: Math.round(((option('analysisTimeLimit') as number | undefined) ?? DEFAULT_ANALYSIS_BUDGET_MS / 1000) * 1000),
    hardwareByFile,
    calibrationFile: calibrationPath(read('calibrationFile'), ignored),
    scheduleWindowDays: scheduleWindowDays(read, ignored),
    modelLookup: (option('modelLookup') as 'offline' | 'hub' | undefined) ?? 'offline',
    ignored,
  };
}

/** footprint.schedule.windowDays, cleaned by its declaration in the registry (TIMING_INPUTS); unset: a week. */
function scheduleWindowDays(read: Reader, ignored: string[]): number {
  const spec = timingInputSpec('scheduleWindowDays');
  const raw = read(spec.setting as SettingKey);
  const cleaned = cleanInput(spec, raw);
  if (cleaned.ok === true) return cleaned.value as number;
  if (cleaned.ok === false) ignored.push(`footprint.${spec.setting} = ${JSON.stringify(raw)} ignored: ${cleaned.why}`);
  return SCHEDULE_WINDOW_DAYS.value;
}

/** A workspace-relative path; absolute paths and `..` are refused so the setting cannot read outside the workspace. */
function calibrationPath(v: unknown, ignored: string[]): string | undefined {
  if (isUnset(v)) return undefined;
  const p = text(v)?.replace(/\\/g, '/');
  if (p && !p.startsWith('/') && !/^[a-z]:/i.test(p) && !p.split('/').includes('..')) return p.replace(/^\.\//, '');
  ignored.push(`footprint.calibrationFile = ${JSON.stringify(v)} ignored: expected a path relative to the workspace folder`);
  return undefined;
}
