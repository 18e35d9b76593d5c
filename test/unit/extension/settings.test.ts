// Settings are cleaned at the boundary: what a user types in settings.json either becomes a usable input or is
// dropped, never a string or a negative number reaching the core.
import assert from 'node:assert/strict';
import { DEFAULT_MAX_FILE_SIZE_KB, settingsFrom, type SettingKey } from '../../../src/extension/settings';

const reader = (values: Partial<Record<SettingKey, unknown>>) => (key: SettingKey) => values[key];

describe('extension settings', () => {
  it('turns well-formed settings into analysis defaults', () => {
    const s = settingsFrom(reader({ gpuType: ' H100 ', gpus: 256, priceUSDPerGpuHour: 2.5, region: 'us-east-1', pue: 1.1, mfu: 40, energyMethod: 'measured', 'budget.maxUSD': 1e6 }));
    assert.deepEqual(s.defaults, {
      gpuType: 'H100',
      gpus: 256,
      priceUSDPerGpuHour: 2.5,
      region: 'us-east-1',
      pue: 1.1,
      mfu: 0.4,
      energyMethod: 'measured',
      maxUSD: 1e6,
    });
  });

  it('reads the carbon-aware timing window in days, a week by default, and says why an unusable one is ignored', () => {
    assert.equal(settingsFrom(reader({})).scheduleWindowDays, 7);
    assert.equal(settingsFrom(reader({ 'schedule.windowDays': 14 })).scheduleWindowDays, 14);
    assert.equal(settingsFrom(reader({ 'schedule.windowDays': 0 })).scheduleWindowDays, 0, '0 days: start now, compare grids only');
    const bad = settingsFrom(reader({ 'schedule.windowDays': 400 }));
    assert.equal(bad.scheduleWindowDays, 7);
    assert.deepEqual(bad.ignored, ['footprint.schedule.windowDays = 400 ignored: expected a number from 0 to 365 days']);
  });

  it('drops values the core could not use, with one line naming each one set', () => {
    const s = settingsFrom(reader({ gpuType: '', gpus: 12.5, priceUSDPerGpuHour: -3, pue: 0.8, mfu: 'auto', gridGPerKWh: 'lots', energyMethod: 'guess' }));
    assert.deepEqual(s.defaults, {});
    assert.deepEqual(
      s.ignored.map((l) => l.slice(0, l.indexOf(' ignored:'))),
      // In the registry's order (src/core/inputs/registry.ts).
      ['footprint.gpus = 12.5', 'footprint.gridGPerKWh = "lots"', 'footprint.pue = 0.8', 'footprint.energyMethod = "guess"', 'footprint.priceUSDPerGpuHour = -3'],
    );
  });

  it('says nothing about settings left at their defaults', () => {
    const s = settingsFrom(reader({ gpuType: '', gpus: null, pue: null, mfu: 'auto', energyMethod: 'rated', maxFileSizeKB: 2048, overTrainingThreshold: null }));
    assert.deepEqual(s.ignored, []);
  });

  it('reads MFU as a fraction or a percentage and rejects more than 100%', () => {
    assert.equal(settingsFrom(reader({ mfu: 0.35 })).defaults.mfu, 0.35);
    assert.equal(settingsFrom(reader({ mfu: '45' })).defaults.mfu, 0.45);
    const over = settingsFrom(reader({ mfu: 150 }));
    assert.equal(over.defaults.mfu, undefined);
    assert.match(over.ignored.join('\n'), /^footprint\.mfu = 150 ignored: expected 'auto' or a percentage from 1% to 100%/);
  });

  it('keeps only known severities and well-formed hardware entries', () => {
    const s = settingsFrom(
      reader({
        'diagnostics.severity': { 'over-training': 'error', 'default-gpu': 'off', 'batch-arithmetic': 'loud' },
        hardwareByFile: { '**/ds_config.json': { gpuType: 'A100', gpus: 64 }, '**/x.json': { gpus: -1 }, '**/y.json': 'H100' },
      }),
    );
    assert.deepEqual(s.severity, { 'over-training': 'error', 'default-gpu': 'off' });
    assert.deepEqual(s.hardwareByFile, { '**/ds_config.json': { gpuType: 'A100', gpus: 64 } });
  });

  it('defaults the lens detail and the size limit', () => {
    const s = settingsFrom(reader({ 'codeLens.detail': 'everything' }));
    assert.equal(s.codeLensDetail, 'summary');
    assert.equal(s.maxBytes, DEFAULT_MAX_FILE_SIZE_KB * 1024);
    assert.equal(settingsFrom(reader({ maxFileSizeKB: 10 })).maxBytes, 10240);
    assert.equal(settingsFrom(reader({ 'codeLens.detail': 'keys' })).codeLensDetail, 'keys');
  });
});
