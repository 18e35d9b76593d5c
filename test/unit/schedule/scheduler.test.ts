// The scheduler against the real traces (brute force over every start, and the source README's own deferral
// table) and against a synthetic trace whose savings are worked out by hand.
import { strict as assert } from 'node:assert';
import { GRID_TRACES } from '../../../src/core/data/grid-traces';
import { gapRuns, hourLabel, schedule, traceHourOf, type GridTrace, type Schedule } from '../../../src/core/schedule';
import { interruptibleCurve } from '../../../src/core/schedule/front';
import { loadTraces } from '../../../src/cli/traces';

const traces = loadTraces().lookup;
const real = (code: string): GridTrace => {
  const t = traces(code);
  assert.ok(t, code);
  return t;
};

function ok(r: ReturnType<typeof schedule>): Schedule {
  assert.ok(r.ok, r.ok ? '' : r.reason);
  return r.schedule;
}

/** A synthetic trace: the values as given, starting 2022-01-01T00. */
function synthetic(values: Array<number | null>): GridTrace {
  const gaps = gapRuns(values);
  return { code: 'test', year: 2022, startUtcMs: Date.UTC(2022, 0, 1), values, gaps, missingHours: gaps.reduce((n, g) => n + g.hours, 0) };
}

/** The run's mean intensity by walking its hours one by one: what the prefix sums must agree with. */
function bruteMean(trace: GridTrace, start: number, hours: number): number | null {
  let sum = 0;
  for (let h = 0; h < hours; h++) {
    const v = trace.values[(start + h) % trace.values.length];
    if (v === null || v === undefined) return null;
    sum += v;
  }
  return sum / hours;
}

describe('carbon-aware scheduler on the shipped traces', () => {
  it('finds the same best start for a 72-hour run as brute force over the window, on every trace and many submit hours', () => {
    const runHours = 72;
    const windowHours = 7 * 24;
    for (const row of GRID_TRACES) {
      const trace = real(row.code);
      // Every tenth day of the year at a moving hour, including the year's end (the window wraps to January).
      for (let day = 0; day < 365; day += 10) {
        const now = day * 24 + (day % 24);
        let bestStart: number | null = null;
        let bestMean = Infinity;
        for (let d = 0; d <= windowHours; d++) {
          const m = bruteMean(trace, now + d, runHours);
          if (m !== null && m < bestMean - 1e-9) [bestMean, bestStart] = [m, (now + d) % trace.values.length];
        }
        const s = ok(schedule({ trace, runHours, energyKWh: 1000, nowHour: now, windowHours }));
        assert.equal(s.starts.length, windowHours + 1);
        assert.equal(s.best?.startHour ?? null, bestStart, `${row.code} from ${hourLabel(trace, now)}`);
        if (s.best) assert.ok(Math.abs(s.best.meanGPerKWh! - bestMean) < 1e-9);
        const nowMean = bruteMean(trace, now, runHours);
        assert.equal(s.now.meanGPerKWh === null, nowMean === null, 'now is unrated exactly when its run crosses a gap');
      }
    }
  });

  it("reproduces the source README's one-week deferral of a 72-hour run submitted 2022-06-01T00", () => {
    // README §8 (two independent implementations agreeing to 0.1%): best start and saving, on windows with no gap.
    const expected: Array<[string, string, number]> = [
      ['us-ercot', '2022-06-04T17', 0.144],
      ['us-bpa', '2022-06-05T15', 0.064],
      ['us-pjm', '2022-06-04T05', 0.101],
      ['gb', '2022-06-03T07', 0.284],
      ['de', '2022-06-04T12', 0.159],
      ['kr', '2022-06-03T21', 0.067],
    ];
    for (const [code, start, saving] of expected) {
      const trace = real(code);
      const s = ok(schedule({ trace, runHours: 72, energyKWh: 1, nowHour: 151 * 24, windowHours: 168 }));
      assert.equal(hourLabel(trace, 151 * 24), '2022-06-01T00');
      assert.equal(hourLabel(trace, s.best!.startHour), start, code);
      assert.ok(Math.abs(s.saving!.fraction - saving) < 0.001, `${code}: ${s.saving!.fraction}`);
    }
  });

  it('places the submit time in the trace year by month, day and UTC hour, on the same weekday', () => {
    const trace = real('gb');
    const at = (iso: string) => hourLabel(trace, traceHourOf(trace, new Date(iso)));
    // 1 June 2022 was a Wednesday, as is 1 June 2033: no shift.
    assert.equal(at('2033-06-01T20:30:00Z'), '2022-06-01T20');
    // Tuesday 1 December 2026 reads as Tuesday 29 November 2022 (a Thursday 1 December there).
    assert.equal(at('2026-12-01T20:30:00Z'), '2022-11-29T20');
    // Tuesday 29 February 2028 reads as 28 February 2022 (a Monday), moved to Tuesday 1 March.
    assert.equal(at('2028-02-29T05:00:00Z'), '2022-03-01T05');
    // Thursday 1 January 2026: the nearer Thursday is in 2021, so the one after, 6 January 2022.
    assert.equal(at('2026-01-01T00:00:00Z'), '2022-01-06T00');
    for (const iso of ['2026-03-14T12:00:00Z', '2027-07-04T00:00:00Z', '2030-10-31T23:00:00Z', '2027-12-31T23:00:00Z', '2029-01-02T03:00:00Z']) {
      const d = new Date(iso);
      assert.equal(new Date(`${at(iso)}:00:00Z`).getUTCDay(), d.getUTCDay(), `${iso} keeps its weekday`);
    }
  });

  it('rates no start whose run crosses a gap: PJM around its 22-hour DST-day outage', () => {
    const trace = real('us-pjm');
    const now = 70 * 24 + 12;
    assert.equal(hourLabel(trace, now), '2022-03-12T12');
    const s = ok(schedule({ trace, runHours: 24, energyKWh: 100, nowHour: now, windowHours: 72 }));
    assert.equal(s.now.co2eKg, null, 'starting now would run through the missing hours');
    assert.ok(s.now.missingHours > 0);
    assert.equal(s.saving, null, 'no saving against an unrated start');
    assert.ok(s.unratedStarts > 0 && s.unratedStarts < s.starts.length);
    assert.ok(s.best && s.best.missingHours === 0);
  });
});

describe('carbon-aware scheduler on a synthetic trace (hand-computed)', () => {
  // One 24-hour day repeated: 400 g for 18 hours, then 100 g from 18:00 to 24:00.
  const day = Array.from({ length: 24 }, (_, h) => (h >= 18 ? 100 : 400));
  const trace = synthetic(Array.from({ length: 365 }, () => day).flat());

  it('a 6-hour run of 600 kWh submitted at 08:00: best start 18:00, 240 kg → 60 kg, a 75% saving', () => {
    const s = ok(schedule({ trace, runHours: 6, energyKWh: 600, nowHour: 8, windowHours: 24 }));
    // 100 kWh per hour: now = 6 h × 100 kWh × 400 g = 240 kg; best = 6 × 100 × 100 g = 60 kg.
    assert.equal(s.now.co2eKg, 240);
    assert.equal(s.best!.startHour, 18);
    assert.equal(s.best!.delayHours, 10);
    assert.equal(s.best!.co2eKg, 60);
    assert.deepEqual(s.saving, { co2eKg: 180, fraction: 0.75 });
    assert.equal(s.energyKWh, 600, 'energy is the same whenever the run runs');
  });

  it('a fractional run (7.5 h) weighs its last hour by half', () => {
    const s = ok(schedule({ trace, runHours: 7.5, energyKWh: 750, nowHour: 17, windowHours: 0 }));
    // 17:00 at 400 g, 18:00-23:59 at 100 g (6 h), then half of 00:00 at 400 g: (400 + 600 + 200) / 7.5 = 160 g.
    assert.equal(s.now.meanGPerKWh, 160);
    assert.equal(s.now.co2eKg, 120);
  });

  it('the interruptible policy runs only in the clean hours, pausing between them, within the stretch cap', () => {
    // 12 hours of work, submitted at 00:00, may finish within 3× = 36 h: the 12 clean hours are 18-24 on both days.
    const s = ok(schedule({ trace, runHours: 12, energyKWh: 1200, nowHour: 0, windowHours: 0, interruptible: { maxStretch: 3 } }));
    const plan = s.interruptible!;
    assert.equal(plan.horizonHours, 36);
    // Within 36 h only six clean hours exist (18-23); the other six are the cheapest 400 g hours, the earliest first.
    assert.deepEqual(
      plan.segments.map((g) => [g.delayHours, g.hours]),
      [
        [0, 6],
        [18, 6],
      ],
    );
    assert.equal(plan.finishDelayHours, 24 - 12);
    assert.equal(plan.meanGPerKWh, (6 * 100 + 6 * 400) / 12);
    assert.equal(plan.co2eKg, 300);
    assert.equal(s.now.co2eKg, 480, 'running straight through from 00:00 is 12 h at 400 g');
    // A cap that reaches the second evening takes all twelve clean hours: 120 kg, one pause.
    const wide = ok(schedule({ trace, runHours: 12, energyKWh: 1200, nowHour: 0, windowHours: 0, interruptible: { maxStretch: 4 } })).interruptible!;
    assert.deepEqual(
      wide.segments.map((g) => [g.delayHours, g.hours]),
      [
        [18, 6],
        [42, 6],
      ],
    );
    assert.equal(wide.pauses, 1);
    assert.equal(wide.co2eKg, 120);
    assert.equal(wide.finishDelayHours, 48 - 12);
  });

  it('a stretch cap of 1 is starting now and running straight through', () => {
    const s = ok(schedule({ trace, runHours: 10, energyKWh: 100, nowHour: 5, windowHours: 0, interruptible: { maxStretch: 1 } }));
    assert.equal(s.interruptible!.co2eKg, s.now.co2eKg);
    assert.equal(s.interruptible!.pauses, 0);
    assert.equal(s.interruptible!.finishDelayHours, 0);
  });

  it('never schedules a missing hour, and says how many it skipped', () => {
    const values: Array<number | null> = Array.from({ length: 48 }, (_, h) => (h < 4 ? null : h < 8 ? 50 : 300));
    const s = ok(schedule({ trace: synthetic(values), runHours: 4, energyKWh: 4, nowHour: 0, windowHours: 0, interruptible: { maxStretch: 3 } }));
    assert.deepEqual(
      s.interruptible!.segments.map((g) => [g.delayHours, g.hours]),
      [[4, 4]],
    );
    assert.equal(s.interruptible!.missingHoursSkipped, 4);
    assert.equal(s.now.co2eKg, null);
  });

  it('the Pareto front trades delay for carbon: each point finishes later and emits less than the one before', () => {
    const s = ok(schedule({ trace, runHours: 12, energyKWh: 1200, nowHour: 0, windowHours: 48, interruptible: { maxStretch: 4 } }));
    const front = s.pareto;
    assert.ok(front.length >= 3);
    assert.equal(front[0]!.delayHours, 0);
    assert.equal(front[0]!.co2eKg, s.now.co2eKg);
    for (let i = 1; i < front.length; i++) {
      assert.ok(front[i]!.delayHours > front[i - 1]!.delayHours);
      assert.ok(front[i]!.co2eKg < front[i - 1]!.co2eKg);
    }
    const last = front[front.length - 1]!;
    assert.equal(last.co2eKg, 120, 'the cleanest: twelve clean hours');
    // Starting at 12:00 gets 6 dirty + 6 clean hours done 12 h late (300 kg); starting at 18:00 gets the same 300 kg
    // but 18 h late, so it is dominated and off the front.
    assert.ok(front.some((p) => p.delayHours === 12 && p.co2eKg === 300));
    assert.ok(!front.some((p) => p.delayHours === 18));
    // Without pausing, the front is the delayed starts alone: now, then 18:00 and later evenings.
    const straight = ok(schedule({ trace, runHours: 12, energyKWh: 1200, nowHour: 0, windowHours: 48 })).pareto;
    assert.ok(straight.every((p) => p.policy === 'delayed-start'));
    assert.deepEqual(straight.map((p) => [p.delayHours, p.co2eKg]).slice(0, 2), [
      [0, 480],
      [7, 450],
    ]);
  });

  it('the incremental front picks, at every stretch cap, exactly the hours a full sort of that horizon picks', () => {
    // Pseudo-random traces (a fixed LCG, so the test is the same on every run) with ties and gaps, whole and
    // fractional runs.
    let seed = 17;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 30; round++) {
      const values = Array.from({ length: 96 }, () => (rand() < 0.08 ? null : 10 * Math.floor(rand() * 8)));
      const t = synthetic(values);
      const runHours = round % 2 === 0 ? 5 + Math.floor(rand() * 10) : 4.25 + rand() * 10;
      const now = Math.floor(rand() * 40);
      const curve = interruptibleCurve((d) => t.values[(now + d) % t.values.length] ?? null, runHours, Math.ceil(runHours), Math.floor(3 * runHours));
      assert.ok(curve.length > 0, `round ${round} has points`);
      for (const c of curve) {
        const plan = ok(schedule({ trace: t, runHours, energyKWh: runHours, nowHour: now, windowHours: 0, interruptible: { maxStretch: c.horizonHours / runHours } })).interruptible!;
        assert.equal(plan.horizonHours, c.horizonHours);
        assert.ok(Math.abs(plan.meanGPerKWh * runHours - c.gramHours) < 1e-9, `round ${round}, horizon ${c.horizonHours}: ${plan.meanGPerKWh * runHours} vs ${c.gramHours}`);
        assert.ok(Math.abs(plan.finishDelayHours - Math.max(0, c.finishHours - runHours)) < 1e-9, `round ${round}, horizon ${c.horizonHours}: finish`);
      }
    }
  });

  it('refuses what it cannot place, with the reason', () => {
    const bad = (over: object) => schedule({ trace, runHours: 6, energyKWh: 1, nowHour: 0, windowHours: 24, ...over });
    assert.deepEqual(bad({ runHours: 0 }), { ok: false, reason: 'the run has no wall-clock time to place' });
    assert.ok(!bad({ runHours: 9000 }).ok);
    assert.ok(!bad({ windowHours: -1 }).ok);
    assert.ok(!bad({ interruptible: { maxStretch: 0.5 } }).ok);
    const allGaps = synthetic([...Array.from({ length: 24 }, () => 100), ...Array.from({ length: 24 }, () => null)]);
    const r = ok(schedule({ trace: allGaps, runHours: 30, energyKWh: 1, nowHour: 0, windowHours: 5, interruptible: { maxStretch: 1.5 } }));
    assert.equal(r.best, null);
    assert.match(r.interruptibleReason!, /only 24 of the 45 hours/);
  });
});
