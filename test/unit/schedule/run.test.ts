// The scheduler on a real run (BLOOM's launch script): only carbon moves, and the same run on every traced grid.
import { strict as assert } from 'node:assert';
import { analyze, type AnalyzeOptions } from '../../../src/core/analyze';
import { GRID_TRACES } from '../../../src/core/data/grid-traces';
import { budgetPlan } from '../../../src/core/plan';
import { placeOnEachTrace, scheduleRun, timingOption } from '../../../src/core/schedule';
import { loadTraces } from '../../../src/cli/traces';
import { readFixture } from '../helpers/fixtures';

const BLOOM = 'bigscience/tr11-176B-ml.slurm';
const traces = loadTraces().lookup;

describe('carbon-aware timing of a real run', () => {
  const text = readFixture(BLOOM);
  // Shortened to a deferrable run of about a day (28 h on 384 A100s, 2B tokens) so that the hour matters.
  const options: AnalyzeOptions = { fileName: BLOOM, overrides: { region: 'aws:us-east-1', tokens: 2e9 } };
  const baseline = analyze(text, options);
  const now = new Date('2026-06-01T00:00:00Z');

  it('moves only carbon: GPU-hours, wall-clock, energy and dollars are the same at the best start', () => {
    const r = scheduleRun(baseline, text, options, traces, { regionCode: 'aws:us-east-1', windowHours: 168, now });
    assert.ok(r.ok, r.ok ? '' : r.reason);
    const { result } = r;
    assert.equal(result.trace.code, 'us-pjm');
    assert.equal(result.relation, 'stand-in');
    assert.equal(result.comparedWith, 'now');
    assert.equal(result.estimateGPerKWh, 379.1, 'the estimate keeps the region table factor, reported beside the trace');
    for (const meter of ['gpuHours', 'wallClockHours', 'energyKWh', 'costUSD'] as const) {
      assert.equal(result.meters![meter].delta!.point, 0, `${meter} does not move`);
    }
    const saved = -result.meters!.co2eKg.delta!.point;
    assert.ok(saved > 0);
    assert.ok(Math.abs(saved - result.schedule.saving!.co2eKg) < 1e-6 * saved, 'the analysis and the scheduler agree on the saving');
    assert.equal(result.schedule.energyKWh, baseline.projection!.energyKWh!.point);
    assert.equal(result.schedule.runHours, baseline.projection!.wallClockHours!.point);
  });

  it('the interruptible plan keeps the energy too, and never emits more than starting now', () => {
    const r = scheduleRun(baseline, text, options, traces, { regionCode: 'us-east-1', windowHours: 0, now, interruptible: { maxStretch: 1.5 } });
    assert.ok(r.ok);
    const plan = r.result.schedule.interruptible!;
    assert.ok(plan.co2eKg <= r.result.schedule.now.co2eKg!);
    assert.ok(plan.finishDelayHours <= 0.5 * r.result.schedule.runHours + 1);
    assert.equal(r.result.interruptibleMeters!.energyKWh.delta!.point, 0);
  });

  it('the budget planner offers the best start when a carbon cap binds, and only then', () => {
    const de: AnalyzeOptions = { fileName: BLOOM, overrides: { region: 'de', tokens: 2e9 } };
    const run = analyze(text, de);
    const r = scheduleRun(run, text, de, traces, { regionCode: 'de', windowHours: 168, now });
    assert.ok(r.ok);
    const timing = timingOption(r.result, now)!;
    const s = r.result.schedule;
    assert.equal(timing.meterFactor, s.best!.co2eKg! / s.now.co2eKg!);
    assert.match(timing.label, /instead of now, [\d.]+% less carbon \(de 2022 hourly trace, a typical-year estimate\)/);
    const tco2e = run.projection!.co2eKg!.point / 1000;
    const carbonBinds = budgetPlan(run, { maxTCO2e: tco2e * 0.8 }, timing);
    const lever = carbonBinds.relax.find((x) => x.lever === 'best-start');
    assert.ok(lever, 'waiting is a lever for a carbon cap');
    assert.deepEqual(lever.relaxes, ['tco2e']);
    assert.ok(Math.abs(lever.ratioAfter - 0.8 / timing.meterFactor) < 1e-9);
    assert.equal(lever.fitsAfter, 0.8 / timing.meterFactor >= 1);
    const costBinds = budgetPlan(run, { maxUSD: run.projection!.costUSD!.point / 2, maxTCO2e: tco2e * 10 }, timing);
    assert.equal(costBinds.binding, 'usd');
    assert.ok(!costBinds.relax.some((x) => x.lever === 'best-start'), 'waiting does not make a run cheaper');
  });

  it('says why when the region has no trace or the run cannot be projected', () => {
    const fr = scheduleRun(baseline, text, options, traces, { regionCode: 'fr', windowHours: 24, now });
    assert.ok(!fr.ok && /no hourly grid trace for "fr"/.test(fr.reason));
    const empty = analyze('{}', { fileName: 'ds_config.json' });
    const none = scheduleRun(empty, '{}', { fileName: 'ds_config.json' }, traces, { regionCode: 'gb', windowHours: 24, now });
    assert.ok(!none.ok && /no wall-clock and energy projection/.test(none.reason));
  });

  it('places the same run on every traced grid: where matters more than when', () => {
    const placed = placeOnEachTrace(baseline, traces, { windowHours: 168, now });
    assert.deepEqual(
      placed.map((p) => p.trace.code),
      GRID_TRACES.map((t) => t.code),
    );
    const byCode = new Map(placed.map((p) => [p.trace.code, p]));
    const no = byCode.get('no')!.schedule!;
    const de = byCode.get('de')!.schedule!;
    assert.ok(de.best!.co2eKg! > 5 * no.best!.co2eKg!, 'the German grid is many times the Norwegian one');
    for (const p of placed) {
      assert.ok(p.schedule, p.trace.code);
      assert.equal(p.schedule.energyKWh, baseline.projection!.energyKWh!.point);
    }
  });
});
