// A saved calibration (`footprint-lens calibrate --save`) turned into the core's Overrides.calibration. Pure (no
// vscode), so the unit tests read the same files the editor does; calibrationStore.ts does the reading.
import { parseCalibration } from '../core/calibrate/saved';
import type { Overrides } from '../core/types';

export type CalibrationOverride = NonNullable<Overrides['calibration']>;

export type CalibrationLoad = { ok: true; calibration: CalibrationOverride } | { ok: false; message: string };

/** The same mapping the CLI's `--calibration` applies: the whole-system draw per GPU wins over the GPU-only one. */
export function calibrationFromText(text: string, fileName: string): CalibrationLoad {
  const parsed = parseCalibration(text, fileName);
  if (!parsed.ok) return parsed;
  const c = parsed.calibration;
  const watts = c.systemWattsPerGpu ?? c.wattsPerGpu ?? undefined;
  return {
    ok: true,
    calibration: { mfu: c.mfu, from: fileName, ...(watts !== undefined ? { wattsPerGpu: watts } : {}), ...(c.gpuType ? { gpuType: c.gpuType } : {}) },
  };
}
