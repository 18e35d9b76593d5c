// The only language the what-if panel and the extension speak. Both sides parse every incoming message with these
// schemas and drop (and log) anything that does not fit, so a compromised or stale webview cannot make the host
// write arbitrary text, and a stale host cannot feed the webview shapes it does not understand.
// zod/mini: the same validation as zod's classic API in a fraction of the bundle, which keeps the extension's
// activation and the webview's first paint fast.
import * as z from 'zod/mini';
import { MAX_G_PER_KWH, MAX_TRACE_HOURS } from '../core/schedule/trace';
import { OPTIONS, inputSpec, timingInputSpec, type InputId, type TimingInputId } from '../core/inputs/registry';

const positive = (max: number) => z.number().check(z.gt(0), z.lte(max));
const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));
const EXPORT_FORMATS = ['markdown', 'model-card', 'csv', 'latex'] as const;

/** A numeric input's schema, with the bounds of its one declaration (src/core/inputs/registry.ts). */
function numberInput(id: InputId) {
  const spec = inputSpec(id);
  const checks = [];
  if (spec.min !== undefined) checks.push(spec.minExclusive ? z.gt(spec.min) : z.gte(spec.min));
  if (spec.max !== undefined) checks.push(spec.maxExclusive ? z.lt(spec.max) : z.lte(spec.max));
  return spec.kind === 'integer' ? z.int().check(...checks) : z.number().check(...checks);
}

/** The analysis time limit's schema, in seconds, with the bounds of its declaration. */
function timeLimitSeconds() {
  const spec = OPTIONS.find((o) => o.id === 'analysisTimeLimit');
  return z.number().check(z.gte(spec?.min ?? 0), z.lte(spec?.max ?? Number.MAX_VALUE));
}

/** A timing input's schema (window, stretch cap), with its declared bounds. */
function timingNumber(id: TimingInputId) {
  const spec = timingInputSpec(id);
  return z.number().check(z.gte(spec.min ?? 0), z.lte(spec.max ?? Number.MAX_VALUE));
}

/** A choice input's schema: one of its declared values. */
function choiceInput<T extends string>(id: InputId, choices: readonly [T, ...T[]]) {
  const declared = inputSpec(id).choices ?? [];
  if (choices.length !== declared.length || choices.some((c) => !declared.includes(c))) throw new Error(`${id}: choices differ from the registry`);
  return z.enum(choices);
}

/** The what-if values the panel can change (the inputs with a panel field); each is optional (absent = keep the file's value). */
export const WhatIfSchema = z.strictObject({
  gpuType: z.optional(text(64)),
  gpus: z.optional(numberInput('gpus')),
  precision: z.optional(choiceInput('precision', ['fp32', 'tf32', 'fp16', 'bf16', 'fp8'])),
  mfu: z.optional(numberInput('mfu')),
  tokens: z.optional(numberInput('tokens')),
  params: z.optional(numberInput('params')),
  region: z.optional(text(64)),
  gridGPerKWh: z.optional(numberInput('gridGPerKWh')),
  pue: z.optional(numberInput('pue')),
  priceUSDPerGpuHour: z.optional(numberInput('priceUSDPerGpuHour')),
  spotDiscount: z.optional(numberInput('spotDiscount')),
  restartOverhead: z.optional(numberInput('restartOverhead')),
  lifetimeInferenceTokens: z.optional(numberInput('lifetimeInferenceTokens')),
  microBatch: z.optional(numberInput('microBatch')),
  recompute: z.optional(choiceInput('recompute', ['none', 'selective', 'full'])),
});
export type WhatIf = z.infer<typeof WhatIfSchema>;

/** Settings-derived values the host used for the baseline (the webview re-runs the same analysis). */
export const BaselineOptionsSchema = z.strictObject({
  defaults: z.optional(
    z.extend(WhatIfSchema, {
      energyMethod: z.optional(choiceInput('energyMethod', ['rated', 'measured'])),
      marketGPerKWh: z.optional(numberInput('marketGPerKWh')),
      includeEmbodied: z.optional(z.boolean()),
      // A measured calibration (footprint.calibrationFile): the lenses and exports use it, so the panel must too.
      calibration: z.optional(z.strictObject({ mfu: positive(1), wattsPerGpu: z.optional(positive(100_000)), gpuType: z.optional(text(64)), from: text(1000) })),
    }),
  ),
  overTrainingThreshold: z.optional(positive(1000)),
  /**
   * Where a default came from when it is not its input's own setting: a footprint.hardwareByFile entry
   * ("setting footprint.hardwareByFile \"**\/ds.json\""), so the panel names the layer the lenses name.
   */
  defaultsFrom: z.optional(z.strictObject({ gpuType: z.optional(text(1000)), gpus: z.optional(text(1000)), region: z.optional(text(1000)) })),
  /** footprint.analysisTimeLimit: the panel's re-analyses stop where the lenses' would. */
  analysisTimeLimitSeconds: z.optional(timeLimitSeconds()),
  /** footprint.schedule.windowDays: how long the timing section lets the start wait. */
  scheduleWindowDays: z.optional(timingNumber('scheduleWindowDays')),
  budgets: z.optional(
    z.strictObject({
      maxUSD: z.optional(numberInput('maxUSD')),
      maxTCO2e: z.optional(numberInput('maxTCO2e')),
      maxGpuHours: z.optional(numberInput('maxGpuHours')),
      maxDays: z.optional(numberInput('maxDays')),
    }),
  ),
});
export type BaselineOptions = z.infer<typeof BaselineOptionsSchema>;

/**
 * One shipped hourly grid trace (data/grid-traces), as the host read it: gCO2e/kWh per hour from startUtcMs, null for
 * a missing hour (never filled). The webview places the run on it itself, so it agrees with the CLI's `schedule`.
 */
export const GridTraceSchema = z.strictObject({
  code: text(32),
  year: z.int().check(z.gte(1990), z.lte(2100)),
  startUtcMs: z.number().check(z.gte(0), z.lte(4_102_444_800_000)),
  values: z.array(z.nullable(z.number().check(z.gte(0), z.lte(MAX_G_PER_KWH)))).check(z.minLength(24), z.maxLength(MAX_TRACE_HOURS)),
});

export type PostedGridTrace = z.infer<typeof GridTraceSchema>;

/** Host → webview. */
export const HostMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('load'),
    /** Document URI as a string: identifies the panel's file. */
    uri: z.string().check(z.maxLength(4096)),
    fileName: z.string().check(z.maxLength(4096)),
    /** Document version the text belongs to; `apply` must quote it back. */
    version: z.int().check(z.gte(0)),
    text: z.string(),
    options: BaselineOptionsSchema,
  }),
  z.strictObject({ type: z.literal('applied'), ok: z.boolean(), message: z.string().check(z.maxLength(2000)) }),
  /** The hourly grid traces, once after `ready` (they never change); `problem` says what could not be read. */
  z.strictObject({ type: z.literal('traces'), traces: z.array(GridTraceSchema).check(z.maxLength(32)), problem: z.optional(z.string().check(z.maxLength(2000))) }),
  z.strictObject({ type: z.literal('exported'), ok: z.boolean(), message: z.string().check(z.maxLength(2000)) }),
]);
export type HostMessage = z.infer<typeof HostMessageSchema>;

/** Webview → host. */
export const WebviewMessageSchema = z.discriminatedUnion('type', [
  /** Sent once the webview's script runs; the host posts nothing before it. */
  z.strictObject({ type: z.literal('ready') }),
  /** Write the changed values into the file (as of `version`), as one undoable edit. */
  z.strictObject({ type: z.literal('apply'), version: z.int().check(z.gte(0)), whatIf: WhatIfSchema }),
  /** Export the what-if run: copy or save the report in this format. */
  z.strictObject({ type: z.literal('export'), format: z.enum(EXPORT_FORMATS), whatIf: WhatIfSchema }),
]);
export type WebviewMessage = z.infer<typeof WebviewMessageSchema>;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Saved with the webview's state so a reloaded window reopens the panel on the same file with the same what-if. */
export const PanelStateSchema = z.strictObject({
  uri: z.string().check(z.maxLength(4096)),
  whatIf: WhatIfSchema,
  /** The timing section's own inputs, once the user changed them. */
  timing: z.optional(z.strictObject({ windowDays: timingNumber('scheduleWindowDays'), interruptible: z.boolean(), maxStretch: timingNumber('maxStretch') })),
});
export type PanelState = z.infer<typeof PanelStateSchema>;

/** Parse an incoming message; undefined (and the reason, for the log) when it does not fit. */
export function parseMessage<T>(schema: z.ZodMiniType<T>, data: unknown): { ok: true; message: T } | { ok: false; reason: string } {
  const r = schema.safeParse(data);
  return r.success ? { ok: true, message: r.data } : { ok: false, reason: r.error.issues.map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`).join('; ') };
}
