// What the panel host sends the webview as its baseline options: the document's settings cut to the protocol, with a
// value the protocol refuses left out instead of the whole `load` being dropped by the webview.
import assert from 'node:assert/strict';
import { baselineOptions } from '../../../src/extension/panel/options';
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
});
