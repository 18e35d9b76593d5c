// Efficiency metrics and equivalents on real configs: consistent with the projection they come from, each
// equivalent with its source, and null with a reason (never NaN) when the config lacks an input.
import assert from 'node:assert/strict';
import { analyze, type Analysis } from '../../../src/core/analyze';
import { EQUIVALENTS } from '../../../src/core/data/equivalents';
import { equivalentsFor } from '../../../src/core/report/equivalents';
import { efficiencyMetrics } from '../../../src/core/report/metrics';
import { readFixture } from '../helpers/fixtures';

function analyzeFixture(name: string, overrides = {}): Analysis {
  return analyze(readFixture(name), { fileName: name, overrides });
}

const LLAMA2 = 'NeMo-Framework-Launcher/llama2_70b.yaml';
const NO_MODEL = 'DeepSpeedExamples/ds_config.json';

describe('efficiency metrics', () => {
  const a = analyzeFixture(LLAMA2, { gpuType: 'A100-80GB' });
  const byId = new Map(efficiencyMetrics(a).map((m) => [m.id, m]));
  const p = a.projection!;
  const tokens = a.run!.tokens!.value;
  const params = a.run!.params!.value;

  it('FLOPs per token is at least 6 × parameters (6·N plus attention)', () => {
    const perToken = byId.get('flopsPerToken')!.value!;
    assert.ok(perToken >= 6 * params && perToken < 8 * params, `${perToken} vs 6N = ${6 * params}`);
  });

  it('tokens per kWh times the energy gives back the tokens, and its range runs the other way from energy', () => {
    const m = byId.get('tokensPerKWh')!;
    assert.ok(Math.abs((m.value! * p.energyKWh!.point) / tokens - 1) < 1e-9);
    assert.ok(m.range!.low <= m.value! && m.value! <= m.range!.high);
    assert.ok(Math.abs(m.range!.low * p.energyKWh!.high - tokens) / tokens < 1e-9, 'most energy = fewest tokens per kWh');
  });

  it('energy per billion parameters and GPU-hours per billion tokens follow from the meters', () => {
    assert.ok(Math.abs(byId.get('energyKWhPerBillionParams')!.value! - p.energyKWh!.point / (params / 1e9)) < 1e-6);
    assert.ok(Math.abs(byId.get('gpuHoursPerBillionTokens')!.value! - p.gpuHours!.point / (tokens / 1e9)) < 1e-6);
  });

  it('reports the MFU the projection used, with its range', () => {
    const m = byId.get('mfu')!;
    assert.equal(m.value, p.mfu!.point);
    assert.deepEqual([m.range!.low, m.range!.high], [p.mfu!.low, p.mfu!.high]);
  });

  it('a user-given MFU is the MFU reported', () => {
    const given = efficiencyMetrics(analyzeFixture(LLAMA2, { gpuType: 'A100-80GB', mfu: 0.42 })).find((m) => m.id === 'mfu')!;
    assert.equal(given.value, 0.42);
  });

  it('a config without a model or tokens gives null with what is missing, never NaN', () => {
    const metrics = efficiencyMetrics(analyzeFixture(NO_MODEL));
    // The MFU prior needs only the GPU, so it may still be known; every per-token or per-parameter figure is not.
    for (const m of metrics.filter((x) => x.id !== 'mfu' && x.id !== 'hfu')) {
      assert.equal(m.value, null, m.id);
      assert.match(m.missing ?? '', /needs /, m.id);
    }
    assert.match(metrics.find((m) => m.id === 'energyKWhPerBillionParams')!.missing!, /parameter count/);
    assert.doesNotMatch(JSON.stringify(metrics), /NaN|Infinity/);
  });
});

describe('equivalents', () => {
  it('every table row has a source and a plausible year', () => {
    for (const row of EQUIVALENTS) {
      assert.ok(row.source.length > 5, row.id);
      assert.ok(row.year >= 2015 && row.year <= 2026, row.id);
      assert.ok(row.perUnit > 0, row.id);
    }
  });

  it('car-years are the CO2e over 4.6 t and household-years the energy over 10,715 kWh, with ranges', () => {
    const p = analyzeFixture(LLAMA2, { gpuType: 'A100-80GB' }).projection!;
    const eq = new Map(equivalentsFor(p).map((e) => [e.row.id, e]));
    const cars = eq.get('car-year')!.amount!;
    assert.ok(Math.abs(cars.point - p.co2eKg!.point / 4600) < 1e-9);
    assert.ok(cars.low <= cars.point && cars.point <= cars.high);
    assert.ok(Math.abs(eq.get('us-home-electricity-year')!.amount!.point - p.energyKWh!.point / 10715) < 1e-9);
  });

  it('a cleaner grid lowers the carbon equivalents but not the electricity one', () => {
    const world = equivalentsFor(analyzeFixture(LLAMA2, { gpuType: 'A100-80GB' }).projection);
    const france = equivalentsFor(analyzeFixture(LLAMA2, { gpuType: 'A100-80GB', region: 'fr' }).projection);
    const get = (list: typeof world, id: string) => list.find((e) => e.row.id === id)!.amount!.point;
    assert.ok(get(france, 'car-year') < get(world, 'car-year') / 3);
    assert.equal(get(france, 'us-home-electricity-year'), get(world, 'us-home-electricity-year'));
  });

  it('without a projection every equivalent is null with a reason', () => {
    for (const e of equivalentsFor(analyzeFixture(NO_MODEL).projection)) {
      assert.equal(e.amount, null);
      assert.match(e.missing ?? '', /needs/);
    }
  });
});
