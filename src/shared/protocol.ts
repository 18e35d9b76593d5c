// The only language the what-if panel and the extension speak. Both sides parse every incoming message with these
// schemas and drop (and log) anything that does not fit, so a compromised or stale webview cannot make the host
// write arbitrary text, and a stale host cannot feed the webview shapes it does not understand.
// zod/mini: the same validation as zod's classic API in a fraction of the bundle, which keeps the extension's
// activation and the webview's first paint fast.
import * as z from 'zod/mini';

const number = (min: number, max: number) => z.number().check(z.gte(min), z.lte(max));
const positive = (max: number) => z.number().check(z.gt(0), z.lte(max));
const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));
const fraction = number(0, 1);
const EXPORT_FORMATS = ['markdown', 'model-card', 'csv', 'latex'] as const;

/** The what-if values the panel can change; each is optional (absent = keep the file's value). */
export const WhatIfSchema = z.strictObject({
  gpuType: z.optional(text(64)),
  gpus: z.optional(z.int().check(z.gt(0), z.lte(10_000_000))),
  precision: z.optional(z.enum(['fp32', 'tf32', 'fp16', 'bf16', 'fp8'])),
  mfu: z.optional(positive(1)),
  tokens: z.optional(positive(1e18)),
  params: z.optional(positive(1e15)),
  region: z.optional(text(64)),
  gridGPerKWh: z.optional(number(0, 5000)),
  pue: z.optional(number(1, 5)),
  priceUSDPerGpuHour: z.optional(number(0, 10_000)),
  spotDiscount: z.optional(fraction),
  restartOverhead: z.optional(fraction),
  lifetimeInferenceTokens: z.optional(number(0, 1e20)),
});
export type WhatIf = z.infer<typeof WhatIfSchema>;

/** Settings-derived values the host used for the baseline (the webview re-runs the same analysis). */
export const BaselineOptionsSchema = z.strictObject({
  defaults: z.optional(
    z.extend(WhatIfSchema, {
      energyMethod: z.optional(z.enum(['rated', 'measured'])),
      // A measured calibration (footprint.calibrationFile): the lenses and exports use it, so the panel must too.
      calibration: z.optional(z.strictObject({ mfu: positive(1), wattsPerGpu: z.optional(positive(100_000)), gpuType: z.optional(text(64)), from: text(1000) })),
    }),
  ),
  overTrainingThreshold: z.optional(positive(1000)),
  budgets: z.optional(
    z.strictObject({ maxUSD: z.optional(positive(Number.MAX_VALUE)), maxTCO2e: z.optional(positive(Number.MAX_VALUE)), maxGpuHours: z.optional(positive(Number.MAX_VALUE)) }),
  ),
});
export type BaselineOptions = z.infer<typeof BaselineOptionsSchema>;

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
export const PanelStateSchema = z.strictObject({ uri: z.string().check(z.maxLength(4096)), whatIf: WhatIfSchema });
export type PanelState = z.infer<typeof PanelStateSchema>;

/** Parse an incoming message; undefined (and the reason, for the log) when it does not fit. */
export function parseMessage<T>(schema: z.ZodMiniType<T>, data: unknown): { ok: true; message: T } | { ok: false; reason: string } {
  const r = schema.safeParse(data);
  return r.success ? { ok: true, message: r.data } : { ok: false, reason: r.error.issues.map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`).join('; ') };
}
