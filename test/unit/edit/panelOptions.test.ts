// What the panel host sends the webview as its baseline options: the document's settings cut to the protocol, with a
// value the protocol refuses left out instead of the whole `load` being dropped by the webview.
import assert from 'node:assert/strict';
import { analyze } from '../../../src/core/analyze';
import { baselineOptions } from '../../../src/extension/panel/options';
import { analyzeWith, optionsFor } from '../../../webview/model';
import { readFixture } from '../helpers/fixtures';
import { BaselineOptionsSchema } from '../../../src/shared/protocol';

describe('panel baseline options', () => {
  it('carries defaults, budgets and the over-training threshold', () => {
    const o = baselineOptions({ gpuType: 'H100', gpus: 64, pue: 1.2, energyMethod: 'measured', maxUSD: 1e6, maxGpuHours: 5e4 }, 3);
    assert.deepEqual(o, { defaults: { gpuType: 'H100', gpus: 64, pue: 1.2, energyMethod: 'measured' }, budgets: { maxUSD: 1e6, maxGpuHours: 5e4 }, overTrainingThreshold: 3 });
    assert.ok(BaselineOptionsSchema.safeParse(o).success);
  });

  it('leaves out a value outside the protocol’s bounds and keeps the rest', () => {
    const o = baselineOptions({ pue: 7, gpus: 8, calibration: { mfu: 1.4, from: 'x.csv' } }, undefined);
    assert.deepEqual(o, { defaults: { gpus: 8 }, budgets: {} });
  });

  it('carries a measured calibration, so the panel’s baseline is the lenses’ and the export’s', () => {
    const calibration = { mfu: 0.41, wattsPerGpu: 610, gpuType: 'H100', from: 'calibration.json' };
    const o = baselineOptions({ gpus: 8, calibration }, undefined);
    assert.deepEqual(o, { defaults: { gpus: 8, calibration }, budgets: {} });
  });

  it('names a per-file hardware entry as the lenses do, not as the footprint.gpus setting', () => {
    // A DeepSpeed JSON cannot carry an annotation, so footprint.hardwareByFile gives it its GPUs.
    const fileName = 'DeepSpeedExamples/ds_config.json';
    const text = readFixture(fileName);
    const defaults = { gpus: 64, gpuType: 'A100', region: 'fr' };
    const defaultsFrom = { gpus: 'setting footprint.hardwareByFile "**/ds_config.json"', region: 'setting footprint.hardwareByFile "**/ds_config.json"' };
    const lenses = analyze(text, { fileName, defaults, defaultsFrom });
    const options = baselineOptions(defaults, undefined, undefined, defaultsFrom);
    const panel = analyzeWith({ uri: `file:///${fileName}`, fileName, version: 1, text, options }, undefined);
    assert.equal(panel.run?.gpus?.value, 64);
    assert.equal(panel.run?.gpus?.detail, 'setting footprint.hardwareByFile "**/ds_config.json"');
    assert.equal(panel.run?.gpus?.detail, lenses.run?.gpus?.detail);
    assert.equal(panel.run?.region?.detail, lenses.run?.region?.detail);
    // The GPU type came from its own setting, and says so.
    assert.match(panel.run?.gpuType?.detail ?? '', /footprint\.gpuType/);
  });

  it('drops the words of a value the protocol refuses', () => {
    const o = baselineOptions({ gpus: 1e9, region: 'fr' }, undefined, undefined, { gpus: 'setting footprint.hardwareByFile "*"', region: 'setting footprint.hardwareByFile "*"' });
    assert.deepEqual(o, { defaults: { region: 'fr' }, budgets: {}, defaultsFrom: { region: 'setting footprint.hardwareByFile "*"' } });
  });

  it("gives the panel's re-analyses the time limit of footprint.analysisTimeLimit, and refuses one out of its bounds", () => {
    const o = baselineOptions({}, undefined, undefined, undefined, 250);
    assert.equal(o.analysisTimeLimitSeconds, 0.25);
    const name = 'NeMo-Framework-Launcher/175b.yaml';
    const doc = { uri: 'file:///175b.yaml', fileName: name, version: 1, text: readFixture(name), options: o };
    assert.equal(optionsFor(doc, undefined).budgetMs, 250, 'the baseline');
    assert.equal(optionsFor(doc, { gpus: 16 }).budgetMs, 250, 'a what-if');
    assert.equal(baselineOptions({}, undefined, undefined, undefined, 1_000_000).analysisTimeLimitSeconds, undefined, 'past 600 s');
  });
});
