// `footprint-lens schedule` as a user runs it on a real launch script: when to start, what it saves, that energy and
// dollars stay put, the data's year and source, and one-line refusals for what it cannot do.
import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import { analyze } from '../../../src/core/analyze';
import { schedule, traceHourOf } from '../../../src/core/schedule';
import { loadTraces } from '../../../src/cli/traces';
import { FIXTURES_DIR } from '../helpers/fixtures';
import { runCli } from '../helpers/cli';
import { readFileSync } from 'node:fs';

const BLOOM = join(FIXTURES_DIR, 'bigscience/tr11-176B-ml.slurm');
// BLOOM's script on 2B tokens: a run of about a day on its 384 A100s, short enough for the hour to matter.
const RUN = [BLOOM, '--tokens', '2B'];

describe('footprint-lens schedule', () => {
  it('says when to start, how much carbon it saves, and that energy and cost do not move', () => {
    const r = runCli('schedule', ...RUN, '--region', 'aws:eu-west-2', '--window', '7d', '--start', '2026-06-01T00');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /grid trace\s+gb \(Great Britain.*\), 2022, a stand-in for aws:eu-west-2/);
    assert.match(r.out, /Start \w{3} \d+ Jun 2026 \d\d:00 UTC \(in \d+ d( \d+ h)?\): [\d.]+ kgCO2e instead of [\d.]+ kgCO2e, [\d.]+ kgCO2e \([\d.]+%\) less/);
    assert.match(r.out, /energy\s+[\d.]+ MWh \(unchanged\)/);
    assert.match(r.out, /cost\s+\$[\d.]+k \(unchanged\)/);
    assert.match(r.out, /emissions\s+[\d.]+ kgCO2e → [\d.]+ kgCO2e \(-[\d.]+%\)/);
    assert.match(r.out, /Hours of 2022 on Great Britain.*: a typical-year estimate, not a forecast\./);
    assert.match(r.out, /Supported by National Energy SO Open Data/);
    assert.match(r.out, /The same run, submitted at the same hour, on every traced grid/);
    assert.match(r.out, /^\s+▶ gb\s/m);
  });

  it('--json carries the same best start the scheduler finds, the year, the source and unchanged meters', () => {
    const r = runCli('schedule', ...RUN, '--region', 'gb', '--window', '14d', '--start', '2026-06-01T00', '--json');
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    assert.equal(j.schemaVersion, 1);
    assert.equal(j.trace.code, 'gb');
    assert.equal(j.trace.year, 2022);
    assert.equal(j.trace.relation, 'same-grid');
    assert.match(j.estimate, /typical-year estimate.*not a forecast/);
    assert.equal(j.windowHours, 14 * 24);
    assert.equal(j.starts.length, 14 * 24 + 1);
    // The scheduler run directly on the same run and trace.
    const text = readFileSync(BLOOM, 'utf8');
    const p = analyze(text, { fileName: BLOOM, overrides: { tokens: 2e9, region: 'gb' } }).projection!;
    const trace = loadTraces().lookup('gb')!;
    const direct = schedule({ trace, runHours: p.wallClockHours!.point, energyKWh: p.energyKWh!.point, nowHour: traceHourOf(trace, new Date('2026-06-01T00:00:00Z')), windowHours: 14 * 24 });
    assert.ok(direct.ok);
    assert.equal(j.best.delayHours, direct.schedule.best!.delayHours);
    assert.equal(j.best.startUtc, new Date(Date.UTC(2026, 5, 1) + j.best.delayHours * 3_600_000).toISOString());
    assert.ok(Math.abs(j.saving.fraction - direct.schedule.saving!.fraction) < 1e-12);
    for (const m of ['gpuHours', 'wallClockHours', 'energyKWh', 'costUSD']) assert.equal(j.meters[m].delta, 0, m);
    assert.ok(j.meters.co2eKg.delta < 0);
    assert.equal(j.perGrid.length, 8);
  });

  it('--interruptible --max-stretch 1.5 pauses through dirty hours and finishes within half as long again', () => {
    const r = runCli('schedule', ...RUN, '--region', 'de', '--window', '14d', '--interruptible', '--max-stretch', '1.5', '--start', '2026-06-01T00', '--json');
    assert.equal(r.code, 0, r.err);
    const j = JSON.parse(r.out);
    const plan = j.interruptible;
    assert.equal(plan.maxStretch, 1.5);
    assert.ok(plan.finishDelayHours <= 0.5 * j.run.wallClockHours + 1);
    assert.ok(plan.co2eKg < j.now.co2eKg, 'pausing through the dirtiest hours saves carbon in Germany');
    assert.equal(plan.segments.reduce((a: number, s: { hours: number }) => a + s.hours, 0).toFixed(6), j.run.wallClockHours.toFixed(6));
    assert.equal(plan.meters.energyKWh.delta, 0);
    assert.ok(j.pareto.some((p: { policy: string }) => p.policy === 'interruptible'));
    const table = runCli('schedule', ...RUN, '--region', 'de', '--interruptible', '--start', '2026-06-01T00');
    assert.match(table.out, /Interruptible, finishing within 1\.5× the run/);
    assert.match(table.out, /Carbon against delay \(Pareto front/);
  });

  it('with a binding carbon cap, the budget plan weighs waiting for the best start beside the other levers', () => {
    const r = runCli('schedule', ...RUN, '--region', 'de', '--start', '2026-06-01T00', '--max-tco2e', '0.8');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Budget plan\n\s+\* tCO2e cap/);
    assert.match(r.out, /relax with\s+Starting \w{3} \d+ Jun 2026 \d\d:00 UTC \(in [^)]+\) instead of now, [\d.]+% less carbon \(de 2022 hourly trace, a typical-year estimate\); relaxes carbon only/);
    const j = JSON.parse(runCli('schedule', ...RUN, '--region', 'de', '--start', '2026-06-01T00', '--max-tco2e', '0.8', '--json').out);
    assert.equal(j.budgetPlan.binding, 'tco2e');
    assert.ok(j.budgetPlan.relax.some((x: { lever: string }) => x.lever === 'best-start'));
  });

  it('names the missing hours of a trace and rates no start that would cross them', () => {
    // A week-long run submitted Saturday 12 March 2022's weekday twin runs into PJM's 22-hour gap.
    const r = runCli('schedule', ...RUN, '--tokens', '12B', '--region', 'us-east-1', '--window', '1d', '--start', '2033-03-12T00');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /start now .*not rated \(\d+ h missing\)/);
    assert.match(r.out, /Starting now cannot be rated|No start in the window can be rated/);
    assert.match(r.out, /trace gaps\s+28 missing hours \(22 h from 2022-03-13T07/);
  });

  it('refuses in one line what it cannot place', () => {
    const cases: Array<[string[], RegExp]> = [
      [[...RUN, '--region', 'fr'], /no hourly grid trace for "fr" \(France\); traced grids and the regions they stand for: us-caiso \(aws:us-west-1/],
      [RUN, /schedule needs --region CODE/],
      [[...RUN, '--region', 'gb', '--window', 'soon'], /--window expects a deferral window such as 7d, 72h or 2w/],
      [[...RUN, '--region', 'gb', '--window', '400d'], /a number from 0 to 365 days\), not "400d"/],
      [[...RUN, '--region', 'gb', '--max-stretch', '2'], /--max-stretch goes with --interruptible/],
      [[...RUN, '--region', 'gb', '--interruptible', '--max-stretch', '0.5'], /--max-stretch expects a number from 1 to 10 × the run/],
      [[...RUN, '--region', 'gb', '--start', '2026-13-01'], /--start expects a UTC date and hour/],
      [[...RUN, '--grid', '300'], /give --region, not --grid/],
      [[BLOOM, BLOOM, '--region', 'gb'], /schedule takes one config file/],
    ];
    for (const [args, message] of cases) {
      const r = runCli('schedule', ...args);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, message);
      assert.equal(r.err.trim().split('\n').length, 1);
    }
    const misplaced = runCli('estimate', BLOOM, '--window', '3d');
    assert.equal(misplaced.code, 2);
    assert.match(misplaced.err, /--window goes with the schedule command/);
  });
});
