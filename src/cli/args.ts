// Command-line parsing: node's own parseArgs for the grammar, then every value cleaned here, so the commands only
// ever see checked numbers. Bad usage becomes a UsageError with a one-line message (exit code 2).
import { parseArgs } from 'node:util';
import { parseNumberText } from '../core/formats/builder';
import { cleanInput, expectedWords, INPUTS, OPTIONS, timingInputSpec, type InputId, type InputSpec } from '../core/inputs/registry';
import type { Overrides } from '../core/types';
import { isReportFormat, REPORT_FORMATS, type ReportFormat } from '../core/report/index';
import { MAX_STRETCH, SCHEDULE_WINDOW_DAYS } from '../core/data/schedule';
import type { IncreaseCaps } from '../core/diff/index';

export class UsageError extends Error {}

export const COMMANDS = ['estimate', 'diff', 'report', 'calibrate', 'schedule', 'gpus', 'regions'] as const;
export type Command = (typeof COMMANDS)[number];

export interface Invocation {
  command: Command | 'help' | 'version';
  files: string[];
  json: boolean;
  overrides: Overrides;
  /** report's own flags: the format and where to write it. */
  report?: { format: ReportFormat; out?: string };
  /** estimate --calibration FILE: a saved calibration to use. */
  calibration?: string;
  /** calibrate's own flags, checked. */
  calibrate?: CalibrateFlags;
  /** --model-lookup: 'hub' fetches the config.json of models nothing local knows (default 'offline'). */
  modelLookup?: ModelLookup;
  /** --force: report --out and calibrate --save may replace an existing file (never an input file). */
  force?: boolean;
  /** schedule's own flags, checked. */
  schedule?: ScheduleFlags;
  /** diff's own flags: the revision to compare with, and the gates on the increase. */
  diff?: DiffFlags;
  /** estimate --require-fit: exit 1 when a run does not fit in its GPU's memory (a CI gate). */
  requireFit?: boolean;
  /** --time-limit, in ms: how long one analysis may run (default CLI_ANALYSIS_BUDGET_MS). */
  timeLimitMs?: number;
}

export interface ScheduleFlags {
  /** --region as given: a region-table code or a trace code (kept out of overrides until it is resolved). */
  region?: string;
  windowHours: number;
  interruptible?: { maxStretch: number };
  /** --start: the submit time; absent = now. */
  start?: Date;
}

export type ModelLookup = 'offline' | 'hub';

export interface DiffFlags {
  base?: string;
  /** What the comment's heading calls the base ("main (1a2b3c4)"); default the --base text. */
  baseLabel?: string;
  caps: IncreaseCaps;
}

const INCREASE_FLAGS: Record<'max-increase-usd' | 'max-increase-tco2e' | 'max-increase-gpu-hours', NumericFlag & { key: keyof IncreaseCaps }> = {
  'max-increase-usd': { key: 'maxIncreaseUSD', what: 'an increase in USD (e.g. 250k)', min: 0, max: 1e15 },
  'max-increase-tco2e': { key: 'maxIncreaseTCO2e', what: 'an increase in tCO2e', min: 0, max: 1e12 },
  'max-increase-gpu-hours': { key: 'maxIncreaseGpuHours', what: 'an increase in GPU-hours', min: 0, max: 1e15 },
};

export interface CalibrateFlags {
  tokensDone?: number;
  stepsDone?: number;
  tokensPerSecond?: number;
  save?: string;
}

const CALIBRATE_FLAGS: Record<'tokens-done' | 'steps-done' | 'tokens-per-second', NumericFlag & { key: keyof CalibrateFlags }> = {
  'tokens-done': { key: 'tokensDone', what: 'a token count done in the measured span', min: 1, max: 1e18 },
  'steps-done': { key: 'stepsDone', what: 'a whole number of steps done in the measured span', min: 1, max: 1e12, integer: true },
  'tokens-per-second': { key: 'tokensPerSecond', what: 'a throughput in tokens per second for the whole job', min: 1e-6, max: 1e12 },
};

/** A calibrate flag that carries a number, with how it is checked. */
interface NumericFlag {
  what: string;
  min: number;
  max: number;
  integer?: boolean;
}

/** The run inputs that have a flag (src/core/inputs/registry.ts): names, bounds and the percent rule come from there. */
const INPUT_FLAGS: ReadonlyArray<InputSpec<InputId> & { flag: string }> = INPUTS.filter((s): s is InputSpec<InputId> & { flag: string } => s.flag !== undefined);

export function parseInvocation(argv: string[]): Invocation {
  let parsed: ReturnType<typeof parseArgv>;
  try {
    parsed = parseArgv(joinNegativeValues(argv));
  } catch (e) {
    // parseArgs' messages are clear but run over several lines; keep the first.
    throw new UsageError(String((e as Error).message).split('\n')[0] ?? 'bad usage');
  }
  const { values, positionals } = parsed;
  const invocation = commandInvocation(values, positionals);
  const timeLimitMs = timeLimit(values);
  return timeLimitMs === undefined ? invocation : { ...invocation, timeLimitMs };
}

function commandInvocation(values: ReturnType<typeof parseArgv>['values'], positionals: string[]): Invocation {
  if (values.version) return { command: 'version', files: [], json: false, overrides: {} };
  const [first, ...rest] = positionals;
  if (values.help || first === undefined || first === 'help') return { command: 'help', files: [], json: false, overrides: {} };
  if (!(COMMANDS as readonly string[]).includes(first)) {
    throw new UsageError(`unknown command "${first}"; use one of: ${COMMANDS.join(', ')} (see --help)`);
  }
  const command = first as Command;
  if (command === 'estimate' && rest.length === 0) throw new UsageError('estimate needs at least one config file');
  for (const flag of SCHEDULE_ONLY_FLAGS) {
    if (command !== 'schedule' && (values as Record<string, unknown>)[flag] !== undefined) throw new UsageError(`--${flag} goes with the schedule command`);
  }
  if (command === 'diff') return diffInvocation(rest, values);
  const given = values as Record<string, string | boolean | undefined>;
  for (const flag of ['base', 'base-label', ...Object.keys(INCREASE_FLAGS)]) {
    if (given[flag] !== undefined) throw new UsageError(`--${flag} goes with the diff command`);
  }
  if (command === 'report') return reportInvocation(rest, values);
  if (values.format !== undefined || values.out !== undefined) throw new UsageError(`--${values.format !== undefined ? 'format' : 'out'} goes with the report command`);
  if (command === 'calibrate') return calibrateInvocation(rest, values);
  if (values.force !== undefined) throw new UsageError('--force goes with report --out or calibrate --save');
  if (command === 'schedule') return scheduleInvocation(rest, values);
  if (command !== 'estimate' && rest.length > 0) throw new UsageError(`${command} takes no files`);
  for (const flag of ['save', ...Object.keys(CALIBRATE_FLAGS)]) {
    if (given[flag] !== undefined) throw new UsageError(`--${flag} goes with the calibrate command`);
  }
  if (values.calibration !== undefined && command !== 'estimate') throw new UsageError('--calibration goes with the estimate command');
  const calibration = typeof values.calibration === 'string' ? { calibration: nonEmpty('calibration', values.calibration) } : {};
  if (values['require-fit'] && command !== 'estimate') throw new UsageError('--require-fit goes with the estimate command');
  return { command, files: rest, json: Boolean(values.json), overrides: overridesFrom(values), ...calibration, ...modelLookup(values), ...(values['require-fit'] ? { requireFit: true } : {}) };
}

/**
 * --time-limit SECONDS: how long one analysis may run, checked by the same declaration as the editor's
 * footprint.analysisTimeLimit (src/core/inputs/registry.ts), so both take and refuse the same values.
 */
function timeLimit(values: Record<string, string | boolean | undefined>): number | undefined {
  const v = values['time-limit'];
  if (typeof v !== 'string') return undefined;
  const spec = OPTIONS.find((o) => o.id === 'analysisTimeLimit')!;
  const cleaned = cleanInput(spec, v);
  if (cleaned.ok !== true) throw new UsageError(`--time-limit expects ${expectedWords(spec)}, not "${v}"`);
  return Math.round((cleaned.value as number) * 1000);
}

function modelLookup(values: Record<string, string | boolean | undefined>): { modelLookup?: ModelLookup } {
  const v = values['model-lookup'];
  if (typeof v !== 'string') return {};
  const spec = OPTIONS.find((o) => o.id === 'modelLookup')!;
  const cleaned = cleanInput(spec, v);
  if (cleaned.ok !== true) throw new UsageError(`--model-lookup expects ${expectedWords(spec)}, not "${v}"`);
  return { modelLookup: cleaned.value as ModelLookup };
}

/** Every flag that takes a value (the rest are booleans). */
const VALUE_FLAGS: ReadonlySet<string> = new Set([
  'format',
  'out',
  'calibration',
  'save',
  'base',
  'time-limit',
  ...Object.keys(CALIBRATE_FLAGS),
  ...Object.keys(INCREASE_FLAGS),
  ...INPUT_FLAGS.map((s) => s.flag),
]);

/** "-1", "-0.5", "-.5", "-2e3", "-7B": what a user means as a (negative) number, not as a flag. */
const NEGATIVE_NUMBER = /^-(\d|\.\d)/;

/**
 * `--price -1` means `--price=-1`: parseArgs would take "-1" for an option and refuse it as "ambiguous". Joined, the
 * value reaches the flag's own check and gets the same message as `--price=-1`.
 */
export function joinNegativeValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    const next = argv[i + 1];
    if (arg.startsWith('--') && !arg.includes('=') && VALUE_FLAGS.has(arg.slice(2)) && next !== undefined && NEGATIVE_NUMBER.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

const stringFlag = { type: 'string' } as const;
/** Every flag the CLI takes (node's parseArgs grammar): the input flags come from the registry. */
const ARGV_OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
  format: stringFlag,
  out: stringFlag,
  calibration: stringFlag,
  save: stringFlag,
  force: { type: 'boolean' },
  'require-fit': { type: 'boolean' },
  window: stringFlag,
  interruptible: { type: 'boolean' },
  'max-stretch': stringFlag,
  start: stringFlag,
  'model-lookup': stringFlag,
  'time-limit': stringFlag,
  base: stringFlag,
  'base-label': stringFlag,
  ...Object.fromEntries(Object.keys(INCREASE_FLAGS).map((k) => [k, stringFlag])),
  ...Object.fromEntries(Object.keys(CALIBRATE_FLAGS).map((k) => [k, stringFlag])),
  ...Object.fromEntries(INPUT_FLAGS.map((s) => [s.flag, stringFlag])),
} as const;

/** The names of every flag, for the check that each flag a message names exists. */
export const FLAG_NAMES: readonly string[] = Object.keys(ARGV_OPTIONS);

function parseArgv(argv: string[]) {
  return parseArgs({ args: argv, allowPositionals: true, strict: true, options: ARGV_OPTIONS });
}

function overridesFrom(values: Record<string, string | boolean | undefined>): Overrides {
  const overrides: Overrides = {};
  for (const spec of INPUT_FLAGS) {
    const text = values[spec.flag];
    if (typeof text !== 'string') continue;
    const cleaned = cleanInput(spec, text);
    if (cleaned.ok === 'unset') {
      if (!spec.auto) throw new UsageError(`--${spec.flag} needs a value`);
      continue;
    }
    if (cleaned.ok === false) throw new UsageError(`--${spec.flag} expects ${expectedWords(spec)}, not "${text}"`);
    (overrides as Record<string, unknown>)[spec.id] = cleaned.value;
  }
  if (overrides.region !== undefined && overrides.gridGPerKWh !== undefined) {
    throw new UsageError('give either --region or --grid, not both');
  }
  return overrides;
}

/** calibrate <config> <emissions.csv>, or calibrate <config> --tokens-per-second X. */
function calibrateInvocation(rest: string[], values: Record<string, string | boolean | undefined>): Invocation {
  const flags: CalibrateFlags = {};
  for (const [flag, spec] of Object.entries(CALIBRATE_FLAGS)) {
    const text = values[flag];
    if (typeof text === 'string') flags[spec.key as 'tokensDone'] = numberFlag(flag, text, spec);
  }
  if (typeof values.save === 'string') flags.save = nonEmpty('save', values.save);
  if (values.force !== undefined && flags.save === undefined) throw new UsageError('--force goes with report --out or calibrate --save');
  if (values.calibration !== undefined) throw new UsageError('--calibration goes with the estimate command');
  const wanted = flags.tokensPerSecond !== undefined ? 1 : 2;
  if (rest.length !== wanted) {
    throw new UsageError(
      flags.tokensPerSecond !== undefined ? 'calibrate with --tokens-per-second takes one config file' : 'calibrate needs a config file and a CodeCarbon emissions.csv (or --tokens-per-second X)',
    );
  }
  if (flags.tokensDone !== undefined && flags.stepsDone !== undefined) throw new UsageError('give --tokens-done or --steps-done, not both');
  return { command: 'calibrate', files: rest, json: Boolean(values.json), overrides: overridesFrom(values), calibrate: flags, ...(values.force ? { force: true } : {}) };
}

const SCHEDULE_ONLY_FLAGS = ['window', 'interruptible', 'max-stretch', 'start'] as const;
const HOURS_PER_DAY = 24;
const WINDOW_UNITS: Record<string, number> = { h: 1, d: HOURS_PER_DAY, w: 7 * HOURS_PER_DAY };

/** "14d", "72h", "2w", or a bare number of days → hours, within the window's bounds. */
export function windowHours(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([hdw]?)\s*$/i.exec(text);
  const hours = m ? Number(m[1]) * WINDOW_UNITS[(m[2] || 'd').toLowerCase()]! : NaN;
  const spec = timingInputSpec('scheduleWindowDays');
  if (cleanInput(spec, hours / HOURS_PER_DAY).ok !== true) {
    throw new UsageError(`--window expects a deferral window such as 7d, 72h or 2w (${expectedWords(spec)}), not "${text}"`);
  }
  return Math.floor(hours);
}

/** "2026-06-01T14", "2026-06-01T14:30", "2026-06-01" (UTC) → a Date. */
export function startFlag(text: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2})(?::(\d{2}))?)?Z?$/.exec(text.trim());
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0))) : new Date(NaN);
  if (!m || Number.isNaN(d.getTime()) || d.getUTCMonth() !== Number(m[2]) - 1 || d.getUTCDate() !== Number(m[3]) || Number(m[4] ?? 0) > 23 || Number(m[5] ?? 0) > 59) {
    throw new UsageError(`--start expects a UTC date and hour such as 2026-06-01T14, not "${text}"`);
  }
  return d;
}

/** schedule <config> [--region CODE] [--window 7d] [--interruptible [--max-stretch 1.5]] [--start T], with estimate's input flags. */
function scheduleInvocation(rest: string[], values: Record<string, string | boolean | undefined>): Invocation {
  if (rest.length !== 1) throw new UsageError('schedule takes one config file');
  for (const flag of ['save', 'calibration', ...Object.keys(CALIBRATE_FLAGS)]) {
    if (values[flag] !== undefined) throw new UsageError(`--${flag} does not go with the schedule command`);
  }
  if (values.grid !== undefined) throw new UsageError("schedule places the run on a grid's hourly trace: give --region, not --grid");
  const region = typeof values.region === 'string' ? nonEmpty('region', values.region) : undefined;
  // The region may be a trace code the region table does not hold ("us-caiso"): the schedule command resolves it.
  const overrides = overridesFrom({ ...values, region: undefined });
  const maxStretchText = values['max-stretch'];
  if (maxStretchText !== undefined && !values.interruptible) throw new UsageError('--max-stretch goes with --interruptible');
  const stretchSpec = timingInputSpec('maxStretch');
  const cleanedStretch = typeof maxStretchText === 'string' ? cleanInput(stretchSpec, maxStretchText) : undefined;
  if (cleanedStretch && cleanedStretch.ok !== true) throw new UsageError(`--max-stretch expects ${expectedWords(stretchSpec)} (1.5: the run may take 50% longer), not "${maxStretchText}"`);
  const stretch = cleanedStretch?.ok === true ? (cleanedStretch.value as number) : MAX_STRETCH.value;
  const flags: ScheduleFlags = {
    windowHours: typeof values.window === 'string' ? windowHours(values.window) : SCHEDULE_WINDOW_DAYS.value * HOURS_PER_DAY,
    ...(region !== undefined ? { region } : {}),
    ...(values.interruptible ? { interruptible: { maxStretch: stretch } } : {}),
    ...(typeof values.start === 'string' ? { start: startFlag(values.start) } : {}),
  };
  return { command: 'schedule', files: rest, json: Boolean(values.json), overrides, schedule: flags };
}

/** diff <old> <new>, or diff --base REF <config...>, with estimate's input flags and the --max-increase-* gates. */
function diffInvocation(rest: string[], values: Record<string, string | boolean | undefined>): Invocation {
  for (const flag of ['save', 'calibration', 'format', 'out', 'force', ...Object.keys(CALIBRATE_FLAGS)]) {
    if (values[flag] !== undefined) throw new UsageError(`--${flag} does not go with the diff command`);
  }
  const base = typeof values.base === 'string' ? nonEmpty('base', values.base) : undefined;
  const baseLabel = typeof values['base-label'] === 'string' ? nonEmpty('base-label', values['base-label']) : undefined;
  if (baseLabel !== undefined && base === undefined) throw new UsageError('--base-label goes with --base');
  if (base === undefined && rest.length !== 2) throw new UsageError('diff needs two files (old, then new), or --base REF and one or more files');
  if (base !== undefined && rest.length === 0) throw new UsageError('diff --base REF needs at least one config file');
  if (base !== undefined && base.startsWith('-')) throw new UsageError(`--base expects a git revision, not "${base}"`);
  const caps: IncreaseCaps = {};
  for (const [flag, spec] of Object.entries(INCREASE_FLAGS)) {
    const text = values[flag];
    if (typeof text === 'string') caps[spec.key] = numberFlag(flag, text, spec);
  }
  return {
    command: 'diff',
    files: rest,
    json: Boolean(values.json),
    overrides: overridesFrom(values),
    diff: { ...(base !== undefined ? { base } : {}), ...(baseLabel !== undefined ? { baseLabel } : {}), caps },
  };
}

/** report <config...> --format markdown|model-card|csv|latex [--out FILE], with estimate's input flags and --calibration. */
function reportInvocation(rest: string[], values: Record<string, string | boolean | undefined>): Invocation {
  if (rest.length === 0) throw new UsageError('report needs at least one config file');
  if (values.json !== undefined) throw new UsageError('report takes --format, not --json (use estimate --json for JSON)');
  const format = typeof values.format === 'string' ? values.format.trim().toLowerCase() : 'markdown';
  if (!isReportFormat(format)) throw new UsageError(`--format must be one of ${REPORT_FORMATS.join(', ')}, not "${String(values.format)}"`);
  const out = typeof values.out === 'string' ? nonEmpty('out', values.out) : undefined;
  if (values.force !== undefined && out === undefined) throw new UsageError('--force goes with report --out or calibrate --save');
  for (const flag of ['save', ...Object.keys(CALIBRATE_FLAGS)]) {
    if (values[flag] !== undefined) throw new UsageError(`--${flag} goes with the calibrate command`);
  }
  // A saved calibration (from `calibrate --save`) makes the report use the measured MFU and power, as estimate does.
  const calibration = typeof values.calibration === 'string' ? { calibration: nonEmpty('calibration', values.calibration) } : {};
  return {
    command: 'report',
    files: rest,
    json: false,
    overrides: overridesFrom(values),
    report: { format, ...(out ? { out } : {}) },
    ...calibration,
    ...(values.force ? { force: true } : {}),
    ...modelLookup(values),
  };
}

function nonEmpty(flag: string, text: string): string {
  const t = text.trim();
  if (!t) throw new UsageError(`--${flag} needs a value`);
  return t;
}

/** "7B", "1.4T", "2,000", "7e9" → a checked number, or a UsageError naming the flag. */
export function numberFlag(flag: string, text: string, spec: NumericFlag): number {
  const value = parseNumberText(text);
  if (!Number.isFinite(value) || value < spec.min || value > spec.max) {
    throw new UsageError(`--${flag} expects ${spec.what}, not "${text}"`);
  }
  if (spec.integer && !Number.isInteger(value)) throw new UsageError(`--${flag} expects a whole number, not "${text}"`);
  return value;
}
