// Carbon-aware timing: how long the scheduler takes on the shipped traces, alone and as the panel's timing section
// runs it (the run on its region's trace with the analysis re-run at the best start, plus every traced grid).
// Goal: the panel's section within 4 analyses of the same config (it re-runs the analysis at the grid of now and of
// the best start), for a 14-day window with pausing, so it redraws about as fast as the numbers above it.
import { analyze } from '../src/core/analyze';
import { placeOnEachTrace, schedule, scheduleRun } from '../src/core/schedule';
import { loadTraces } from '../src/cli/traces';
import { readFixture } from '../test/unit/helpers/fixtures';
import { median, percentile, timeMs } from './timing';

const PANEL_GOAL_ANALYSES = 4;

export function scheduleBench(): void {
  const traces = loadTraces().lookup;
  const de = traces('de')!;
  console.log('\nCarbon-aware timing on the de 2022 trace (50 runs each)\n');
  console.log('| case | p50 | p95 | goal |');
  console.log('|---|---|---|---|');
  const cases: Array<[string, () => unknown, boolean]> = [
    ['72 h run, 7-day window', () => schedule({ trace: de, runHours: 72, energyKWh: 1e4, nowHour: 3624, windowHours: 168 }), false],
    ['14-day run, 14-day window, pausing ≤ 1.5×', () => schedule({ trace: de, runHours: 336, energyKWh: 1e5, nowHour: 3624, windowHours: 336, interruptible: { maxStretch: 1.5 } }), false],
    ['300-day run, 14-day window, pausing ≤ 1.2×', () => schedule({ trace: de, runHours: 7200, energyKWh: 1e6, nowHour: 3624, windowHours: 336, interruptible: { maxStretch: 1.2 } }), false],
  ];
  const name = 'NeMo-Framework-Launcher/175b.yaml';
  const text = readFixture(name);
  const options = { fileName: name, overrides: { region: 'de' } };
  const baseline = analyze(text, options);
  const now = new Date('2026-06-01T00:00:00Z');
  cases.push([
    `panel section: ${name} on de, 14 days, pausing`,
    () => {
      scheduleRun(baseline, text, options, traces, { regionCode: 'de', windowHours: 336, now, interruptible: { maxStretch: 1.5 }, interruptibleMeters: false });
      placeOnEachTrace(baseline, traces, { windowHours: 336, now });
    },
    true,
  ]);
  const oneAnalysis = median(timeMs(() => analyze(text, options), 50));
  for (const [label, fn, panel] of cases) {
    const times = timeMs(fn, 50);
    const goal = panel ? ` ${median(times) <= PANEL_GOAL_ANALYSES * oneAnalysis ? 'met' : 'missed'} (p50 ≤ ${PANEL_GOAL_ANALYSES} × one analysis, ${oneAnalysis.toFixed(1)} ms)` : ' -';
    console.log(`| ${label} | ${median(times).toFixed(2)} ms | ${percentile(times, 95).toFixed(2)} ms |${goal} |`);
  }
}
