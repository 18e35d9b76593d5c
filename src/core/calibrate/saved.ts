// The saved calibration: what `calibrate --save FILE` writes and `estimate --calibration FILE` reads. Small,
// versioned and checked with zod on the way in, so a hand-edited or foreign file becomes one clear message.
// zod/mini, as in the panel protocol: the editor reads calibrations too, and the classic API would double its bundle.
import * as z from 'zod/mini';
import type { Overrides } from '../types';

export const CALIBRATION_SCHEMA_VERSION = 1;

const positiveWatts = z.number().check(z.gt(0));

export const SavedCalibrationSchema = z.object({
  schemaVersion: z.literal(CALIBRATION_SCHEMA_VERSION),
  /** Achieved model FLOPs utilisation, a fraction of the dense peak. */
  mfu: z.number().check(z.gt(0), z.lte(1)),
  /** Average power at the GPUs, W per GPU; null when the measurement had no GPU energy. */
  wattsPerGpu: z.nullable(positiveWatts),
  /** The whole tracked machine (CPU + GPU + RAM) per GPU, W: what the energy projection uses when present. */
  systemWattsPerGpu: z.optional(z.nullable(positiveWatts)),
  /** GPU table id the MFU was measured on (MFU does not carry across GPU generations). */
  gpuType: z.optional(z.string()),
  /** The measurement: a file name, or the throughput given. */
  source: z.string().check(z.minLength(1)),
  /** When it was measured (the tracker's last timestamp) or calibrated, as written. */
  measuredAt: z.string(),
  /** The config it was calibrated against. */
  config: z.string(),
});

export type SavedCalibration = z.infer<typeof SavedCalibrationSchema>;

export type LoadResult = { ok: true; calibration: SavedCalibration } | { ok: false; message: string };

export function parseCalibration(text: string, fileName: string): LoadResult {
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch {
    return { ok: false, message: `${fileName} is not JSON (write one with \`calibrate --save\`)` };
  }
  const parsed = SavedCalibrationSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'the file';
    return { ok: false, message: `${fileName} is not a Footprint Lens calibration: ${where}: ${issue?.message ?? 'invalid'}` };
  }
  return { ok: true, calibration: parsed.data };
}

export type CalibrationOverride = NonNullable<Overrides['calibration']>;

/**
 * A saved calibration as the estimate uses it (the CLI's `--calibration`, the editor's footprint.calibrationFile): the
 * whole-system draw per GPU, which is what a facility meters before PUE, wins over the GPU-only figure.
 */
export function calibrationOverride(text: string, fileName: string): { ok: true; calibration: CalibrationOverride } | { ok: false; message: string } {
  const parsed = parseCalibration(text, fileName);
  if (!parsed.ok) return parsed;
  const c = parsed.calibration;
  const watts = c.systemWattsPerGpu ?? c.wattsPerGpu ?? undefined;
  return { ok: true, calibration: { mfu: c.mfu, from: fileName, ...(watts !== undefined ? { wattsPerGpu: watts } : {}), ...(c.gpuType ? { gpuType: c.gpuType } : {}) } };
}

export function serializeCalibration(calibration: SavedCalibration): string {
  return `${JSON.stringify(calibration, null, 2)}\n`;
}
