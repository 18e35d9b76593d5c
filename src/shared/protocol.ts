// The only language the what-if panel and the extension speak. Both sides parse every incoming message with these
// schemas and drop (and log) anything that does not fit, so a compromised or stale webview cannot make the host
// write arbitrary text, and a stale host cannot feed the webview shapes it does not understand.
import { z } from 'zod';

const positive = z.number().finite().positive();
const fraction = z.number().finite().min(0).max(1);
const EXPORT_FORMATS = ['markdown', 'model-card', 'csv', 'latex'] as const;

/** The what-if values the panel can change; each is optional (absent = keep the file's value). */
export const WhatIfSchema = z
  .object({
    gpuType: z.string().min(1).max(64).optional(),
    gpus: z.number().int().positive().max(10_000_000).optional(),
    precision: z.enum(['fp32', 'tf32', 'fp16', 'bf16', 'fp8']).optional(),
    mfu: z.number().finite().gt(0).max(1).optional(),
    tokens: positive.max(1e18).optional(),
    params: positive.max(1e15).optional(),
    region: z.string().min(1).max(64).optional(),
    gridGPerKWh: z.number().finite().min(0).max(5000).optional(),
    pue: z.number().finite().min(1).max(5).optional(),
    priceUSDPerGpuHour: z.number().finite().min(0).max(10_000).optional(),
    spotDiscount: fraction.optional(),
    restartOverhead: fraction.optional(),
    lifetimeInferenceTokens: z.number().finite().min(0).max(1e20).optional(),
  })
  .strict();
export type WhatIf = z.infer<typeof WhatIfSchema>;

/** Settings-derived values the host used for the baseline (the webview re-runs the same analysis). */
export const BaselineOptionsSchema = z
  .object({
    defaults: WhatIfSchema.extend({ energyMethod: z.enum(['rated', 'measured']).optional() }).optional(),
    overTrainingThreshold: positive.max(1000).optional(),
    budgets: z
      .object({ maxUSD: positive.optional(), maxTCO2e: positive.optional(), maxGpuHours: positive.optional() })
      .strict()
      .optional(),
  })
  .strict();
export type BaselineOptions = z.infer<typeof BaselineOptionsSchema>;

/** Host → webview. */
export const HostMessageSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('load'),
      /** Document URI as a string: identifies the panel's file. */
      uri: z.string().max(4096),
      fileName: z.string().max(4096),
      /** Document version the text belongs to; `apply` must quote it back. */
      version: z.number().int().nonnegative(),
      text: z.string(),
      options: BaselineOptionsSchema,
    })
    .strict(),
  z.object({ type: z.literal('applied'), ok: z.boolean(), message: z.string().max(2000) }).strict(),
  z.object({ type: z.literal('exported'), ok: z.boolean(), message: z.string().max(2000) }).strict(),
]);
export type HostMessage = z.infer<typeof HostMessageSchema>;

/** Webview → host. */
export const WebviewMessageSchema = z.discriminatedUnion('type', [
  /** Sent once the webview's script runs; the host posts nothing before it. */
  z.object({ type: z.literal('ready') }).strict(),
  /** Write the changed values into the file (as of `version`), as one undoable edit. */
  z.object({ type: z.literal('apply'), version: z.number().int().nonnegative(), whatIf: WhatIfSchema }).strict(),
  /** Export the what-if run: copy or save the report in this format. */
  z.object({ type: z.literal('export'), format: z.enum(EXPORT_FORMATS), whatIf: WhatIfSchema }).strict(),
]);
export type WebviewMessage = z.infer<typeof WebviewMessageSchema>;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Saved with the webview's state so a reloaded window reopens the panel on the same file with the same what-if. */
export const PanelStateSchema = z.object({ uri: z.string().max(4096), whatIf: WhatIfSchema }).strict();
export type PanelState = z.infer<typeof PanelStateSchema>;

/** Parse an incoming message; undefined (and the reason, for the log) when it does not fit. */
export function parseMessage<T>(schema: z.ZodType<T>, data: unknown): { ok: true; message: T } | { ok: false; reason: string } {
  const r = schema.safeParse(data);
  return r.success ? { ok: true, message: r.data } : { ok: false, reason: r.error.issues.map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`).join('; ') };
}
