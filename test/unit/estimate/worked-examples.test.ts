// The textbook cases of the three-meter arithmetic (reference worked examples 1, 3 and 4), reproduced to the
// rounding the examples print, through the estimator's own functions and through project().
import { strict as assert } from 'node:assert';
import { findGpu } from '../../../src/core/data/gpus';
import { co2eKgFor, facilityEnergyKWh, itEnergyKWh, powerPerGpu } from '../../../src/core/estimate/energy';
import { flopsPerToken } from '../../../src/core/estimate/flops';
import { gpuHoursFor, project } from '../../../src/core/estimate/project';
import type { RunSpec, Sourced } from '../../../src/core/types';

const set = <T>(value: T): Sourced<T> => ({ value, source: 'setting', detail: 'test input' });

function run(fields: Partial<RunSpec>): RunSpec {
  return { format: 'deepspeed-json', label: 'test', arch: {}, parallel: {}, keys: [], findings: [], missing: [], ...fields };
}

describe('worked example 1: one run, three ways', () => {
  const PFLOP_DAY = 1e15 * 86400;
  const flops = 4.5e5 * PFLOP_DAY;
  const peak = 0.99e15;
  const fp8Speedup = 1.6;
  const rows = [
    { name: 'baseline BF16, MFU 35%', mfu: 0.35, gpuHours: 31_168_831, costUSD: 77_922_078, energyKWh: 24_436_364, tCO2e: 9017.0 },
    { name: 'tuned BF16, MFU 50%', mfu: 0.5, gpuHours: 21_818_182, costUSD: 54_545_455, energyKWh: 17_105_455, tCO2e: 6311.9 },
    { name: 'FP8, MFU 50%', mfu: 0.5 * fp8Speedup, gpuHours: 13_636_364, costUSD: 34_090_909, energyKWh: 10_690_909, tCO2e: 3944.9 },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const gpuHours = gpuHoursFor(flops, peak, row.mfu);
      const energyKWh = facilityEnergyKWh(itEnergyKWh(gpuHours, 700), 1.12);
      assert.equal(Math.round(gpuHours), row.gpuHours);
      assert.equal(Math.round(gpuHours * 2.5), row.costUSD);
      assert.equal(Math.round(energyKWh), row.energyKWh);
      assert.equal(Number((co2eKgFor(energyKWh, 369) / 1000).toFixed(1)), row.tCO2e);
    });
  }

  it('a cleaner grid (30 g/kWh) moves only carbon: FP8 run 320.7 t', () => {
    const gpuHours = gpuHoursFor(flops, peak, 0.5 * fp8Speedup);
    const energyKWh = facilityEnergyKWh(itEnergyKWh(gpuHours, 700), 1.12);
    assert.equal(Number((co2eKgFor(energyKWh, 30) / 1000).toFixed(1)), 320.7);
  });
});

describe('worked example 3: a 70B run from first principles, through project()', () => {
  const { projection, findings } = project(
    run({
      params: set(70e9),
      activeParams: set(70e9),
      tokens: set(1.4e12),
      gpuType: set('H100'),
      gpus: set(2048),
      precision: set('bf16'),
      mfu: set(0.4),
      pue: set(1.1),
      gridGPerKWh: set(400),
    }),
  );

  it('5.88e23 FLOPs, 412,875 GPU-hours, 201.6 h wall-clock', () => {
    assert.equal(projection.flops, 5.88e23);
    assert.equal(Math.round(projection.gpuHours!.point), 412_875);
    assert.equal(Number(projection.wallClockHours!.point.toFixed(1)), 201.6);
  });

  it('289,012 kWh at the GPUs, 317,914 kWh at the facility, 127.2 tCO2e', () => {
    assert.equal(Math.round(projection.itEnergyKWh!.point), 289_012);
    assert.equal(Math.round(projection.energyKWh!.point), 317_914);
    assert.equal(Number((projection.co2eKg!.point / 1000).toFixed(1)), 127.2);
  });

  it('a stated MFU is exact, and no input is reported missing', () => {
    assert.deepEqual(projection.gpuHours!.low, projection.gpuHours!.point);
    assert.deepEqual(
      findings.filter((f) => f.code.startsWith('missing') || f.code === 'default-gpu'),
      [],
    );
  });
});

describe('worked example 4: efficiency metrics at 400 W, PUE 1.1, 400 g/kWh', () => {
  const a100 = findGpu('A100-80GB')!;
  const cases = [
    { name: '7B on 2T tokens', params: 7e9, tokens: 2e12, gpus: 256, hours: 480, kWh: 54_067, t: 21.6, flopsPerToken: 4.2e10, whPerParam: 0.0077, tokensPerKWh: 36_991_004 },
    { name: '70B on 2T tokens', params: 70e9, tokens: 2e12, gpus: 2048, hours: 1720, kWh: 1_549_926, t: 620.0, flopsPerToken: 4.2e11, whPerParam: 0.0221, tokensPerKWh: 1_290_384 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const watts = powerPerGpu(a100, 'rated').watts;
      assert.equal(watts, 400);
      const kWh = facilityEnergyKWh(itEnergyKWh(c.gpus * c.hours, watts), 1.1);
      assert.equal(Math.round(kWh), c.kWh);
      assert.equal(Number((co2eKgFor(kWh, 400) / 1000).toFixed(1)), c.t);
      assert.equal(flopsPerToken({ activeParams: c.params }), c.flopsPerToken);
      assert.equal(Number(((kWh * 1000) / c.params).toFixed(4)), c.whPerParam);
      assert.equal(Math.round(c.tokens / kWh), c.tokensPerKWh);
    });
  }
});
