// Every input a user can give Footprint Lens besides the config itself, declared once: its type, unit, bounds, how a
// percentage is written, and the names it goes by as a setting (`footprint.<setting>`), a CLI flag (`--<flag>`), a
// `# footprint:` annotation key and a what-if panel field. The settings reader, the CLI, the annotation parser, the
// panel's schemas, package.json's configuration and the README's settings table are all built from this table (see
// CONTRIBUTING.md, "Add an input"), so a bound or a name cannot drift between them. Pure data and pure functions.
import { parseNumberText } from '../formats/builder';
import { DEFAULT_ANALYSIS_BUDGET_MS } from '../limits';
import type { Overrides } from '../types';

/** An input that can reach the projection: an Overrides field (and, layered, a RunSpec field of the same name). */
// The calibration is a file the hosts read; the adapter is a what-if lever on a fine-tune's own adapter (layered onto
// run.fineTune by analyze.ts), not an input a user states.
export type InputId = Exclude<keyof Overrides, 'calibration' | 'adapter'>;

/** The keys a `# footprint:` annotation takes (each names one input below). */
export type AnnotationKey = 'gpu' | 'gpus' | 'region' | 'pue' | 'price' | 'grid' | 'mfu' | 'tokens' | 'params';

export type InputKind = 'number' | 'integer' | 'text' | 'choice' | 'boolean' | 'object';

/** Which part of `--help` and the README lists the input; 'editor' for settings the CLI has no use for. */
export type InputGroup = 'run' | 'hardware' | 'energy' | 'cost' | 'budget' | 'scaling' | 'timing' | 'editor';

/** Options that shape an analysis or the editor but are not run inputs (no Overrides field). */
export type OptionId = 'overTrainingThreshold' | 'calibrationFile' | 'codeLensDetail' | 'diagnosticsSeverity' | 'maxFileSizeKB' | 'analysisTimeLimit' | 'hardwareByFile' | 'modelLookup';

export interface InputSpec<Id extends string = InputId | OptionId> {
  id: Id;
  kind: InputKind;
  /** The allowed values of a `choice`. */
  choices?: readonly string[];
  /** Words for the unit ("GPUs", "USD per GPU-hour", "gCO2e/kWh"); '' for a pure number. */
  unit: string;
  /** Bounds of the cleaned value (a fraction for a percentage), inclusive unless marked exclusive. */
  min?: number;
  max?: number;
  minExclusive?: boolean;
  maxExclusive?: boolean;
  /**
   * A fraction that may be written as a percentage, one convention everywhere (setting, flag, annotation): `0.4`,
   * `40%`, or a bare number above 1 (`40`), read as percent. Only for inputs whose maximum is at most 1, so the
   * bare form is never ambiguous.
   */
  percent?: boolean;
  /** As a setting, 0 means "not known" (the setting's default), not a value; a flag or a panel 0 is a value. */
  settingZeroIsUnset?: boolean;
  /** `auto` is accepted and means "let the estimator decide" (the setting's default), as unset. */
  auto?: boolean;
  /** `footprint.<setting>` in the editor. */
  setting?: string;
  /** `--<flag>` on the command line. */
  flag?: string;
  /** `# footprint: <annotation>=...` in a config. */
  annotation?: AnnotationKey;
  /** The what-if panel's label for it (the panel has a field only when this is set). */
  panel?: string;
  /** The unit the panel shows after the label, when not a percentage ("gCO2e/kWh", "USD"). */
  panelUnit?: string;
  /** Words for messages: "GPU count", "PUE". */
  label: string;
  /** One line of documentation (Markdown), for the settings UI, `--help` and the README. */
  doc: string;
  /** The placeholder `--help` shows after the flag ("N", "X", "NAME"). */
  metavar?: string;
  group: InputGroup;
  /** The setting's default in package.json when it is not the kind's own (null for numbers, '' for text, false). */
  settingDefault?: unknown;
  /** Words for each choice in the settings UI. */
  choiceDocs?: readonly string[];
  /** JSON-schema keys of an `object` setting (additionalProperties, scope, ...), copied into package.json. */
  schema?: Record<string, unknown>;
  /** The command's own flag is parsed by the command (schedule's `--window 7d`): named here, not generated. */
  flagParsedBy?: string;
}

const PRECISIONS = ['fp32', 'tf32', 'fp16', 'bf16', 'fp8'] as const;
const ENERGY_METHODS = ['rated', 'measured'] as const;
const RECOMPUTE = ['none', 'selective', 'full'] as const;

/** The run inputs, in the order `--help`, the panel and the README list them. */
const INPUT_TABLE = [
  {
    id: 'gpuType',
    kind: 'text',
    unit: '',
    setting: 'gpuType',
    flag: 'gpu',
    annotation: 'gpu',
    panel: 'GPU type',
    label: 'GPU type',
    metavar: 'NAME',
    group: 'hardware',
    doc: 'GPU type: `H100`, `A100-80GB`, `MI300X`, ... (`footprint-lens gpus` lists them). Unset: the most common GPU of published runs is assumed, and a finding says so.',
  },
  {
    id: 'gpus',
    kind: 'integer',
    unit: 'GPUs',
    min: 1,
    max: 10_000_000,
    setting: 'gpus',
    flag: 'gpus',
    annotation: 'gpus',
    panel: 'GPU count',
    label: 'GPU count',
    metavar: 'N',
    group: 'hardware',
    doc: 'Number of GPUs (a config gives it as nodes × GPUs per node, or as the data-parallel size).',
  },
  {
    id: 'precision',
    kind: 'choice',
    choices: PRECISIONS,
    unit: '',
    flag: 'precision',
    panel: 'Precision',
    label: 'precision',
    metavar: 'P',
    group: 'hardware',
    doc: 'Training precision: fp32, tf32, fp16, bf16 or fp8 (bf16 when the config says none).',
  },
  {
    id: 'mfu',
    kind: 'number',
    unit: 'fraction of peak',
    min: 0.01,
    max: 1,
    percent: true,
    auto: true,
    setting: 'mfu',
    flag: 'mfu',
    annotation: 'mfu',
    panel: 'MFU',
    label: 'MFU',
    metavar: 'X',
    group: 'hardware',
    doc: 'Model FLOPs utilisation: `auto` (the calibrated prior, with its range), or `0.4` / `40%`.',
  },
  {
    id: 'tokens',
    kind: 'number',
    unit: 'tokens',
    min: 1,
    max: 1e18,
    flag: 'tokens',
    // A fine-tune run by epochs over a dataset it does not size is completed by `# footprint: tokens=50M`.
    annotation: 'tokens',
    panel: 'Training tokens',
    label: 'training tokens',
    metavar: 'N',
    group: 'run',
    doc: 'Training tokens (`1.4T`, `2e12`, `300,000,000,000`).',
  },
  {
    id: 'params',
    kind: 'number',
    unit: 'parameters',
    min: 1,
    max: 1e15,
    flag: 'params',
    annotation: 'params',
    panel: 'Model size (parameters)',
    label: 'model size',
    metavar: 'N',
    group: 'run',
    doc: 'Parameters (`7e9`, `7B`, `70B`).',
  },
  {
    id: 'region',
    kind: 'text',
    unit: '',
    setting: 'region',
    flag: 'region',
    annotation: 'region',
    panel: 'Region',
    label: 'region',
    metavar: 'CODE',
    group: 'energy',
    doc: 'Region code for the grid carbon intensity (`us-east-1`, `aws:us-east-1`, `fr`, `world`); `footprint-lens regions` lists them.',
  },
  {
    id: 'gridGPerKWh',
    kind: 'number',
    unit: 'gCO2e/kWh',
    min: 0,
    max: 2000,
    setting: 'gridGPerKWh',
    flag: 'grid',
    annotation: 'grid',
    panel: 'Grid intensity',
    panelUnit: 'gCO2e/kWh',
    label: 'grid intensity',
    metavar: 'G',
    group: 'energy',
    doc: 'Grid carbon intensity in gCO2e/kWh (0 to 2000); wins over the region table.',
  },
  {
    id: 'pue',
    kind: 'number',
    unit: '',
    min: 1,
    max: 3,
    setting: 'pue',
    flag: 'pue',
    annotation: 'pue',
    panel: 'PUE',
    label: 'PUE',
    metavar: 'X',
    group: 'energy',
    doc: 'Data-centre power usage effectiveness, 1 to 3; unset: 1.1, the hyperscale figure published runs use.',
  },
  {
    id: 'energyMethod',
    kind: 'choice',
    choices: ENERGY_METHODS,
    unit: '',
    setting: 'energyMethod',
    flag: 'energy-method',
    label: 'energy method',
    metavar: 'M',
    group: 'energy',
    doc: '`rated`: rated GPU power × hours (BLOOM method, as model cards report); `measured`: typical draw under training load.',
  },
  {
    id: 'marketGPerKWh',
    kind: 'number',
    unit: 'gCO2e/kWh',
    min: 0,
    max: 2000,
    setting: 'marketGridGPerKWh',
    flag: 'market-grid',
    label: 'market-based grid factor',
    metavar: 'G',
    group: 'energy',
    doc: 'Market-based grid factor in gCO2e/kWh (from contracts or certificates), reported beside the location-based emissions.',
  },
  {
    id: 'includeEmbodied',
    kind: 'boolean',
    unit: '',
    setting: 'embodiedCarbon',
    label: 'embodied carbon',
    group: 'energy',
    doc: "Add the GPUs' embodied (manufacturing) carbon, amortised per GPU-hour over a 4-year life. Off by default; labelled when on.",
  },
  {
    id: 'priceUSDPerGpuHour',
    kind: 'number',
    unit: 'USD per GPU-hour',
    min: 0,
    max: 1000,
    minExclusive: true,
    setting: 'priceUSDPerGpuHour',
    flag: 'price',
    annotation: 'price',
    panel: 'Price per GPU-hour',
    panelUnit: 'USD',
    label: 'price per GPU-hour',
    metavar: 'USD',
    group: 'cost',
    doc: 'Price per GPU-hour in USD (above 0, up to 1000); unset: the on-demand price table.',
  },
  {
    id: 'spotDiscount',
    kind: 'number',
    unit: 'fraction off',
    min: 0,
    max: 1,
    maxExclusive: true,
    percent: true,
    setting: 'spotDiscount',
    flag: 'spot-discount',
    panel: 'Spot discount',
    label: 'spot discount',
    metavar: 'X',
    group: 'cost',
    doc: 'Fraction off the on-demand price for spot/preemptible capacity (`0.6` or `60%` = 60% cheaper). Pair it with the restart overhead.',
  },
  {
    id: 'restartOverhead',
    kind: 'number',
    unit: 'fraction extra',
    min: 0,
    max: 1,
    percent: true,
    setting: 'restartOverhead',
    flag: 'restart-overhead',
    panel: 'Restart overhead',
    label: 'restart overhead',
    metavar: 'X',
    group: 'cost',
    doc: 'Extra GPU-hours lost to restarts and failures (`0.08` or `8%`, up to 100%).',
  },
  {
    id: 'microBatch',
    kind: 'integer',
    unit: 'sequences per GPU',
    min: 1,
    max: 65536,
    flag: 'micro-batch',
    panel: 'Micro-batch',
    label: 'micro-batch',
    metavar: 'N',
    group: 'hardware',
    doc: 'Sequences per GPU per forward pass. The global batch stays the same: the gradient accumulation steps follow, and the memory per GPU moves with it.',
  },
  {
    id: 'recompute',
    kind: 'choice',
    choices: RECOMPUTE,
    unit: '',
    flag: 'recompute',
    panel: 'Activation recomputation',
    label: 'activation recomputation',
    metavar: 'MODE',
    group: 'hardware',
    doc: "Activation recomputation (checkpointing): `none`, `selective` (attention only) or `full` (every layer). It moves the memory per GPU; a fine-tune's cost counts the forward it re-runs.",
  },
  {
    id: 'memoryOverheadGB',
    kind: 'number',
    unit: 'GB per GPU',
    min: 0,
    max: 64,
    setting: 'memoryOverheadGB',
    flag: 'memory-overhead',
    label: 'framework memory overhead',
    metavar: 'GB',
    group: 'hardware',
    doc: 'GPU memory the framework takes besides the tensors (CUDA context, allocator, NCCL buffers), in GB per GPU, added to the memory estimate with 5% for fragmentation; unset: 2 GB.',
  },
  {
    id: 'maxUSD',
    kind: 'number',
    unit: 'USD',
    min: 0,
    max: 1e15,
    setting: 'budget.maxUSD',
    flag: 'max-usd',
    label: 'cost budget',
    metavar: 'X',
    group: 'budget',
    doc: 'Budget cap in USD: a finding when the projection exceeds it (0 is a cap: nothing may be spent).',
  },
  {
    id: 'maxTCO2e',
    kind: 'number',
    unit: 'tCO2e',
    min: 0,
    max: 1e12,
    setting: 'budget.maxTCO2e',
    flag: 'max-tco2e',
    label: 'emissions budget',
    metavar: 'X',
    group: 'budget',
    doc: 'Budget cap in tCO2e.',
  },
  {
    id: 'maxGpuHours',
    kind: 'number',
    unit: 'GPU-hours',
    min: 0,
    max: 1e15,
    setting: 'budget.maxGpuHours',
    flag: 'max-gpu-hours',
    label: 'GPU-hour budget',
    metavar: 'X',
    group: 'budget',
    doc: 'Budget cap in GPU-hours.',
  },
  {
    id: 'maxDays',
    kind: 'number',
    unit: 'days',
    min: 0,
    max: 1e6,
    setting: 'budget.maxDays',
    flag: 'max-days',
    label: 'wall-clock budget',
    metavar: 'X',
    group: 'budget',
    doc: "Wall-clock cap in days on the run's GPUs, read by the budget planner.",
  },
  {
    id: 'lifetimeInferenceTokens',
    kind: 'number',
    unit: 'tokens',
    min: 0,
    max: 1e20,
    settingZeroIsUnset: true,
    settingDefault: 0,
    setting: 'lifetimeInferenceTokens',
    flag: 'inference-tokens',
    panel: 'Lifetime inference tokens',
    label: 'lifetime inference tokens',
    metavar: 'N',
    group: 'scaling',
    doc: 'Tokens the model is expected to serve over its life (`2T`, `1e13`): says whether over-training pays off at inference (Sardana et al. 2024). As a setting, `0` means unknown.',
  },
] as const satisfies ReadonlyArray<InputSpec<InputId>>;

/** Options of the analysis and the editor, each a setting (and a flag where the CLI has one). */
const OPTION_TABLE = [
  {
    id: 'overTrainingThreshold',
    kind: 'number',
    unit: '',
    min: 1,
    max: 1000,
    minExclusive: true,
    setting: 'overTrainingThreshold',
    label: 'over-training threshold',
    group: 'scaling',
    doc: 'Factor past (or short of) compute-optimal tokens per parameter that earns a finding; unset: 2.',
  },
  {
    id: 'calibrationFile',
    kind: 'text',
    unit: '',
    setting: 'calibrationFile',
    flag: 'calibration',
    flagParsedBy: 'estimate and report',
    label: 'calibration file',
    metavar: 'FILE',
    group: 'hardware',
    doc: 'A calibration saved by `footprint-lens calibrate --save` (measured MFU and power per GPU): a workspace-relative path as a setting, re-read when the file changes; an unreadable file gives one warning.',
  },
  {
    id: 'codeLensDetail',
    kind: 'choice',
    choices: ['summary', 'keys', 'off'],
    choiceDocs: ['Summary and compute-optimal lines at the top of the run', 'Also the marginal cost of each key that drives cost', 'No lenses'],
    unit: '',
    setting: 'codeLens.detail',
    settingDefault: 'summary',
    label: 'lens detail',
    group: 'editor',
    doc: 'How much CodeLens to show.',
  },
  {
    id: 'diagnosticsSeverity',
    kind: 'object',
    unit: '',
    setting: 'diagnostics.severity',
    settingDefault: {},
    schema: { additionalProperties: { type: 'string', enum: ['error', 'warning', 'info', 'hint', 'off'] } },
    label: 'severity per finding',
    group: 'editor',
    doc: 'Severity per finding code, e.g. `{ "over-training": "error", "default-gpu": "off" }`. Codes are listed in the README under Findings.',
  },
  {
    id: 'maxFileSizeKB',
    kind: 'number',
    unit: 'KB',
    min: 1,
    max: 1_048_576,
    setting: 'maxFileSizeKB',
    settingDefault: 2048,
    label: 'size limit',
    group: 'editor',
    doc: 'Files larger than this (in KB) are not analysed in the editor (one informational lens says so).',
  },
  {
    id: 'analysisTimeLimit',
    kind: 'number',
    unit: 'seconds',
    min: 0.1,
    max: 600,
    setting: 'analysisTimeLimit',
    settingDefault: DEFAULT_ANALYSIS_BUDGET_MS / 1000,
    flag: 'time-limit',
    flagParsedBy: 'every command that reads a config; default 30 s',
    label: 'analysis time limit',
    metavar: 'SECONDS',
    group: 'run',
    doc: 'Seconds one analysis may take before it stops with one "too complex to analyse" finding (0.1 to 600). Analyses run off the editor\'s thread, so even a file that takes all of it never delays typing or hovers.',
  },
  {
    id: 'hardwareByFile',
    kind: 'object',
    unit: '',
    setting: 'hardwareByFile',
    settingDefault: {},
    schema: {
      scope: 'resource',
      additionalProperties: {
        type: 'object',
        properties: { gpuType: { type: 'string' }, gpus: { type: 'integer', minimum: 1 }, region: { type: 'string' } },
      },
    },
    label: 'hardware per file',
    group: 'editor',
    doc: 'Hardware per file glob, for JSON configs that cannot carry a `# footprint:` comment, e.g. `{ "**/ds_config.json": { "gpuType": "H100", "gpus": 64, "region": "us-east-1" } }`. Written by **Footprint: Set Hardware and Region for This File**.',
  },
  {
    id: 'modelLookup',
    kind: 'choice',
    choices: ['offline', 'hub'],
    choiceDocs: [
      'Models named by id are read from a local model folder, the Hugging Face cache (desktop) and the shipped table of open models; nothing is fetched.',
      'Also fetch the config.json of a model nothing local knows from the Hugging Face Hub (HF_ENDPOINT and HF_TOKEN are honoured on desktop), cached. Never in an untrusted workspace.',
    ],
    unit: '',
    setting: 'modelLookup',
    flag: 'model-lookup',
    flagParsedBy: 'estimate and report',
    settingDefault: 'offline',
    schema: { scope: 'machine-overridable' },
    label: 'model lookup',
    metavar: 'WHERE',
    group: 'run',
    doc: 'Where the size of a model named by id (`--model_name_or_path`, `base_model:`, a tokenizer id) comes from: `offline` (a local model folder, the Hugging Face cache, the shipped table of open models) or `hub` (also the Hugging Face Hub, cached; never in an untrusted workspace).',
  },
] as const satisfies ReadonlyArray<InputSpec<OptionId>>;

// Every Overrides field but the calibration (a file the hosts read) is declared above: the build fails otherwise.
type Undeclared = Exclude<InputId, (typeof INPUT_TABLE)[number]['id']>;
const everyInputDeclared: [Undeclared] extends [never] ? true : Undeclared = true;
void everyInputDeclared;

/** The run inputs (each an Overrides field and, layered, a RunSpec field). */
export const INPUTS: ReadonlyArray<InputSpec<InputId>> = INPUT_TABLE;
/** The other options (analysis thresholds, editor behaviour, files the hosts read). */
export const OPTIONS: ReadonlyArray<InputSpec<OptionId>> = OPTION_TABLE;
/** The inputs of carbon-aware timing (`footprint-lens schedule`, the panel's "When to run"): they place the run in time,
 * they are not run inputs, so they never reach Overrides or the projection. Same declaration shape, same cleaning. */
export type TimingInputId = 'scheduleWindowDays' | 'interruptible' | 'maxStretch';

export interface TimingInputSpec extends Omit<InputSpec, 'id' | 'group' | 'annotation'> {
  id: TimingInputId;
  group: 'timing';
}

const TIMING_TABLE = [
  {
    id: 'scheduleWindowDays',
    kind: 'number',
    unit: 'days',
    min: 0,
    max: 365,
    setting: 'schedule.windowDays',
    settingDefault: 7,
    flag: 'window',
    panel: 'Window (days)',
    label: 'deferral window',
    metavar: 'W',
    group: 'timing',
    doc: "How long the start may wait for a cleaner grid, on the region's hourly trace (a typical year, not a forecast): `72h`, `7d`, `2w` as a flag, days as a setting; 0 compares grids only.",
  },
  {
    id: 'interruptible',
    kind: 'boolean',
    unit: '',
    flag: 'interruptible',
    panel: 'May pause through the dirtiest hours (interruptible)',
    label: 'interruptible',
    group: 'timing',
    doc: 'Also plan a run that runs only in the cleanest hours, pausing in between, within the stretch cap.',
  },
  {
    id: 'maxStretch',
    kind: 'number',
    unit: '× the run',
    min: 1,
    max: 10,
    flag: 'max-stretch',
    panel: 'Longest stretch (× the run)',
    label: 'stretch cap',
    metavar: 'X',
    group: 'timing',
    doc: "When pausing, finish within this multiple of the run's length (1.5: half as long again).",
  },
] as const satisfies readonly TimingInputSpec[];

export const TIMING_INPUTS: readonly TimingInputSpec[] = TIMING_TABLE;

/** Everything a user can set, in the order package.json, `--help` and the README list it. */
export const ALL_INPUTS: ReadonlyArray<InputSpec<string>> = [...INPUTS, ...OPTIONS, ...TIMING_INPUTS];

type Table = typeof INPUT_TABLE | typeof OPTION_TABLE | typeof TIMING_TABLE;
type SettingOf<T> = T extends { setting: infer S extends string } ? S : never;
/** Every `footprint.*` setting key (without the prefix), typed from the tables, so a setting id is compiler-checked. */
export type SettingKey = SettingOf<Table[number]>;
export const SETTING_KEYS: readonly SettingKey[] = ALL_INPUTS.flatMap((s) => (s.setting ? [s.setting as SettingKey] : []));

const TIMING_BY_ID = new Map(TIMING_INPUTS.map((s) => [s.id, s]));

export function timingInputSpec(id: TimingInputId): TimingInputSpec {
  const spec = TIMING_BY_ID.get(id);
  if (!spec) throw new Error(`no timing input ${id}`);
  return spec;
}

/** What the cleaning rules read of a declaration: a run input's or a timing input's. */
export type ValueRules = Pick<InputSpec, 'kind' | 'choices' | 'unit' | 'min' | 'max' | 'minExclusive' | 'maxExclusive' | 'percent' | 'auto' | 'label'>;

const BY_ID = new Map(INPUTS.map((s) => [s.id, s]));
const BY_ANNOTATION = new Map<string, InputSpec<InputId>>(INPUTS.filter((s) => s.annotation).map((s) => [s.annotation!, s]));

export function inputSpec(id: InputId): InputSpec<InputId> {
  const spec = BY_ID.get(id);
  if (!spec) throw new Error(`no input ${id}`);
  return spec;
}

/** The input an annotation key sets (`gpu` → gpuType), case-insensitively. */
export function inputForAnnotation(key: string): InputSpec<InputId> | undefined {
  return BY_ANNOTATION.get(key.toLowerCase());
}

/** Annotation keys in their canonical order on a written line. */
export const ANNOTATION_KEYS: readonly AnnotationKey[] = INPUTS.flatMap((s) => (s.annotation ? [s.annotation] : []));

export type Cleaned = { ok: true; value: number | string | boolean } | { ok: false; why: string } | { ok: 'unset' };

function trimmedNumber(v: number): string {
  return String(Number(v.toPrecision(12)));
}

/** The bounds in words: "from 1 to 3", "above 0, up to 1000", "from 0% to below 100%". */
export function boundsWords(spec: ValueRules): string {
  const show = (n: number) => (spec.percent ? `${trimmedNumber(n * 100)}%` : n >= 1e6 ? n.toExponential(0).replace('e+', 'e') : trimmedNumber(n));
  const lo = spec.min === undefined ? '' : spec.minExclusive ? `above ${show(spec.min)}` : show(spec.min);
  const hi = spec.max === undefined ? '' : spec.maxExclusive ? `below ${show(spec.max)}` : show(spec.max);
  if (lo && hi) return spec.minExclusive ? `${lo}, up to ${hi}` : `from ${lo} to ${hi}`;
  if (lo) return spec.minExclusive ? lo : `${lo} or more`;
  return hi ? `up to ${hi}` : '';
}

/** What a valid value looks like, in words, for "expected ..." messages. */
export function expectedWords(spec: ValueRules): string {
  switch (spec.kind) {
    case 'boolean':
      return 'true or false';
    case 'choice':
      return `one of ${spec.choices!.join(', ')}`;
    case 'text':
      return `a ${spec.label} name`;
    case 'object':
      return 'an object';
    default: {
      const what = spec.percent ? 'a percentage' : spec.kind === 'integer' ? 'a whole number' : 'a number';
      const unit = spec.unit && !spec.percent ? ` ${spec.unit}` : '';
      const written = spec.percent ? ' (0.4 or 40%)' : '';
      return `${spec.auto ? "'auto' or " : ''}${what} ${boundsWords(spec)}${unit}${written}`;
    }
  }
}

/** Whether a number is a usable value of the input (its bounds; whole for counts). */
export function withinBounds(spec: ValueRules, n: number): boolean {
  if (!Number.isFinite(n)) return false;
  if (spec.min !== undefined && (spec.minExclusive ? n <= spec.min : n < spec.min)) return false;
  if (spec.max !== undefined && (spec.maxExclusive ? n >= spec.max : n > spec.max)) return false;
  return spec.kind !== 'integer' || Number.isInteger(n);
}

/**
 * Cleans one written value of an input, wherever it was written: a setting's JSON value, a flag's or an annotation's
 * text, a panel number. The one place the bounds and the percent convention are applied.
 */
export function cleanInput(spec: ValueRules, raw: unknown): Cleaned {
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) return { ok: 'unset' };
  if (spec.auto && typeof raw === 'string' && raw.trim().toLowerCase() === 'auto') return { ok: 'unset' };
  const bad: Cleaned = { ok: false, why: `expected ${expectedWords(spec)}` };
  switch (spec.kind) {
    case 'boolean':
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      if (raw === 'true' || raw === 'false') return { ok: true, value: raw === 'true' };
      return bad;
    case 'text':
      return typeof raw === 'string' ? { ok: true, value: raw.trim() } : bad;
    case 'object':
      return bad;
    case 'choice': {
      const v = typeof raw === 'string' ? raw.trim().toLowerCase() : undefined;
      return v !== undefined && spec.choices!.includes(v) ? { ok: true, value: v } : bad;
    }
    default: {
      let n: number;
      let writtenAsPercent = false;
      if (typeof raw === 'number') n = raw;
      else if (typeof raw === 'string') {
        const t = raw.trim();
        writtenAsPercent = spec.percent === true && t.endsWith('%');
        n = writtenAsPercent ? parseNumberText(t.slice(0, -1)) / 100 : parseNumberText(t);
      } else return bad;
      // The one percent convention: a bare number above 1 of a fraction input is a percentage (40 → 0.4).
      if (spec.percent && !writtenAsPercent && n > 1 && n <= 100) n /= 100;
      return withinBounds(spec, n) ? { ok: true, value: n } : bad;
    }
  }
}
