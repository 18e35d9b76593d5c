// footprint.calibrationFile: the editor reads what `calibrate --save` writes, maps it as `--calibration` does, and
// turns a broken file into one message instead of an exception.
import assert from 'node:assert/strict';
import { analyze } from '../../../src/core/analyze';
import { CALIBRATION_SCHEMA_VERSION, serializeCalibration } from '../../../src/core/calibrate/saved';
import { calibrationOverride } from '../../../src/core/calibrate/saved';
import { readFixture } from '../helpers/fixtures';

const NEMO = 'NeMo-Framework-Launcher/llama2_70b.yaml';

const saved = (over: Record<string, unknown> = {}) =>
  serializeCalibration({
    schemaVersion: CALIBRATION_SCHEMA_VERSION,
    mfu: 0.25,
    wattsPerGpu: 520,
    systemWattsPerGpu: 610,
    gpuType: 'h100-sxm',
    source: 'emissions.csv',
    measuredAt: '2026-01-01T00:00:00',
    config: NEMO,
    ...over,
  });

describe('extension calibration file', () => {
  it('maps a saved calibration to the core override, preferring the whole-system draw', () => {
    const r = calibrationOverride(saved(), 'runs/cal.json');
    assert.ok(r.ok);
    assert.deepEqual(r.calibration, { mfu: 0.25, wattsPerGpu: 610, gpuType: 'h100-sxm', from: 'runs/cal.json' });
    const gpuOnly = calibrationOverride(saved({ systemWattsPerGpu: null }), 'cal.json');
    assert.ok(gpuOnly.ok && gpuOnly.calibration.wattsPerGpu === 520);
    const noPower = calibrationOverride(saved({ systemWattsPerGpu: undefined, wattsPerGpu: null }), 'cal.json');
    assert.ok(noPower.ok && !('wattsPerGpu' in noPower.calibration));
  });

  it('a broken or foreign file is one message naming the file', () => {
    const notJson = calibrationOverride('{ nope', 'cal.json');
    assert.ok(!notJson.ok && /cal\.json is not JSON/.test(notJson.message));
    const foreign = calibrationOverride(JSON.stringify({ mfu: 3 }), 'cal.json');
    assert.ok(!foreign.ok && /cal\.json is not a Footprint Lens calibration/.test(foreign.message));
  });

  it('a lower measured MFU makes the projection of a real config take longer', () => {
    const text = readFixture(NEMO);
    const prior = analyze(text, { fileName: NEMO }).projection!;
    const r = calibrationOverride(saved({ mfu: 0.2 }), 'cal.json');
    assert.ok(r.ok);
    const calibrated = analyze(text, { fileName: NEMO, defaults: { calibration: r.calibration } }).projection!;
    assert.ok(calibrated.gpuHours!.point > prior.gpuHours!.point, `${calibrated.gpuHours!.point} > ${prior.gpuHours!.point}`);
  });
});
