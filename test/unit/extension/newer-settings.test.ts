// The estimator's newer inputs as editor settings: each well-formed value reaches the core's Overrides, each
// malformed one is dropped with one line saying why (never a crash, never a string or negative number in the core).
import assert from 'node:assert/strict';
import { analyze } from '../../../src/core/analyze';
import { settingsFrom, type SettingKey } from '../../../src/extension/settings';
import { readFixture } from '../helpers/fixtures';

const reader = (values: Partial<Record<SettingKey, unknown>>) => (key: SettingKey) => values[key];
const NEMO = 'NeMo-Framework-Launcher/llama2_70b.yaml';

describe('extension settings: inference demand, days budget, market grid, embodied carbon, spot, calibration file', () => {
  it('turns well-formed values into analysis defaults', () => {
    const s = settingsFrom(
      reader({
        lifetimeInferenceTokens: 1e13,
        'budget.maxDays': 30,
        marketGridGPerKWh: 0,
        embodiedCarbon: true,
        spotDiscount: 0.6,
        restartOverhead: 0.08,
        calibrationFile: './runs/calibration.json',
      }),
    );
    assert.deepEqual(s.defaults, { lifetimeInferenceTokens: 1e13, maxDays: 30, marketGPerKWh: 0, includeEmbodied: true, spotDiscount: 0.6, restartOverhead: 0.08 });
    assert.equal(s.calibrationFile, 'runs/calibration.json');
    assert.deepEqual(s.ignored, []);
  });

  it('reads 0 inference tokens as unknown and an unset value as silence, not as an error', () => {
    for (const v of [0, null, undefined, '']) {
      const s = settingsFrom(reader({ lifetimeInferenceTokens: v, spotDiscount: v, restartOverhead: v, calibrationFile: v === 0 ? '' : v }));
      assert.equal(s.defaults.lifetimeInferenceTokens, undefined);
      // A discount of 0 is the on-demand price: a value, the same as none.
      assert.equal(s.defaults.spotDiscount, v === 0 ? 0 : undefined);
      assert.equal(s.calibrationFile, undefined);
      assert.deepEqual(s.ignored, [], `nothing to report for ${String(v)}`);
    }
    assert.notEqual(settingsFrom(reader({ embodiedCarbon: false })).defaults.includeEmbodied, true);
  });

  it('drops nonsense with one line per value naming the setting', () => {
    const s = settingsFrom(
      reader({
        lifetimeInferenceTokens: -5,
        'budget.maxDays': 'soon',
        marketGridGPerKWh: -1,
        embodiedCarbon: 'yes',
        spotDiscount: 1,
        restartOverhead: 150,
        calibrationFile: '../elsewhere/cal.json',
      }),
    );
    assert.deepEqual(s.defaults, {});
    assert.equal(s.calibrationFile, undefined);
    assert.equal(s.ignored.length, 7);
    for (const key of ['lifetimeInferenceTokens', 'budget.maxDays', 'marketGridGPerKWh', 'embodiedCarbon', 'spotDiscount', 'restartOverhead', 'calibrationFile']) {
      assert.ok(
        s.ignored.some((l) => l.startsWith(`footprint.${key} = `)),
        `a line for ${key}: ${s.ignored.join(' / ')}`,
      );
    }
    assert.equal(settingsFrom(reader({ calibrationFile: '/etc/cal.json' })).calibrationFile, undefined);
    assert.equal(settingsFrom(reader({ calibrationFile: 'C:\\cal.json' })).calibrationFile, undefined);
  });

  it('accepts numbers typed as strings, as the other numeric settings do', () => {
    const s = settingsFrom(reader({ lifetimeInferenceTokens: '1e13', 'budget.maxDays': '14', spotDiscount: '0.5' }));
    assert.deepEqual(s.defaults, { lifetimeInferenceTokens: 1e13, maxDays: 14, spotDiscount: 0.5 });
  });

  it('the cleaned values change what a user sees on a real config: spot lowers cost, embodied carbon raises CO2e', () => {
    const text = readFixture(NEMO);
    const plain = analyze(text, { fileName: NEMO }).projection!;
    const s = settingsFrom(reader({ spotDiscount: 0.6, restartOverhead: 0.08, embodiedCarbon: true }));
    const tuned = analyze(text, { fileName: NEMO, defaults: s.defaults }).projection!;
    assert.ok(tuned.costUSD!.point < plain.costUSD!.point, 'spot capacity is cheaper even with restarts');
    assert.ok(tuned.gpuHours!.point > plain.gpuHours!.point, 'restarts cost GPU-hours');
    assert.ok(tuned.co2eKg!.point > plain.co2eKg!.point, 'embodied carbon adds to emissions');
    assert.ok(
      tuned.assumptions.some((a) => a.name === 'spotDiscount'),
      'the projection says it assumed spot',
    );
  });
});
