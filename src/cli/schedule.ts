// `footprint-lens schedule <config> --region CODE [--window 14d] [--interruptible [--max-stretch 1.5]] [--start T]`:
// when to start the run on its grid's hourly trace, what that saves, and what the delay costs; table or --json.
import { analyze, DEFAULT_MAX_BYTES, type Analysis, type AnalyzeOptions } from '../core/analyze';
import { formatCo2eKg, formatEnergyKWh, formatGpuHours, formatPercent, formatUSD, formatDurationHours } from '../core/present/units';
import {
  describeGaps,
  formatDelay,
  hourLabel,
  placeOnEachTrace,
  resolveTrace,
  tracedRegionsText,
  scheduleRun,
  scheduleSummary,
  timingOption,
  startDateText,
  submitHour,
  typicalYearNote,
  type GridTrace,
  type RunSchedule,
  type StartOption,
  type TracePlacement,
} from '../core/schedule';
import { budgetPlan, hasCaps, type BudgetCaps } from '../core/plan';
import type { Meter, MeterDelta } from '../core/whatif';
import type { Invocation } from './args';
import { readConfigFile } from './files';
import { budgetOf } from './limits';
import { renderPlan } from './scaling-table';
import { loadTraces } from './traces';

export interface ScheduleIO {
  out(text: string): void;
  err(text: string): void;
}

const EXIT_OK = 0;
const EXIT_USAGE = 2;
const SCHEMA_VERSION = 1;

function fail(io: ScheduleIO, message: string): number {
  io.err(`footprint-lens: ${message}\n`);
  return EXIT_USAGE;
}

export function scheduleCommand(invocation: Invocation, io: ScheduleIO, clock: () => Date = () => new Date()): number {
  const flags = invocation.schedule!;
  const file = invocation.files[0]!;
  const read = readConfigFile(file, DEFAULT_MAX_BYTES);
  if (!read.ok) return fail(io, `${file} ${read.message}`);
  const { lookup, problems } = loadTraces();
  let overrides = invocation.overrides;
  let regionCode = flags.region;
  if (regionCode === undefined) {
    // The file's own region (a `# footprint: region=` annotation) when no flag gives one.
    const first = analyze(read.text, { fileName: file, overrides, budgetMs: budgetOf(invocation) });
    regionCode = first.run?.region?.value;
    if (regionCode === undefined) return fail(io, `schedule needs --region CODE; ${tracedRegionsText()}`);
  }
  const resolved = resolveTrace(regionCode);
  if (!resolved.ok) return fail(io, resolved.reason);
  const trace = lookup(resolved.trace.code);
  if (!trace) return fail(io, problems.join('; ') || `the ${resolved.trace.code} trace cannot be read`);
  // Every traced grid is in the region table (the US balancing areas at their trace's annual mean).
  overrides = { ...overrides, region: resolved.code };
  const options: AnalyzeOptions = { fileName: file, overrides, budgetMs: budgetOf(invocation) };
  const baseline = analyze(read.text, options);
  if (!baseline.format) return fail(io, `${file}: ${baseline.findings[0]?.message ?? 'not a training config that Footprint Lens recognises'}`);
  const now = flags.start ?? clock();
  const result = scheduleRun(baseline, read.text, options, lookup, { regionCode, windowHours: flags.windowHours, now, interruptible: flags.interruptible });
  if (!result.ok) return fail(io, `${file}: ${result.reason}`);
  const placements = placeOnEachTrace(baseline, lookup, { windowHours: flags.windowHours, now });
  if (invocation.json) io.out(`${JSON.stringify(scheduleJson(file, baseline, result.result, trace, placements, now, overrides), null, 2)}\n`);
  else io.out(renderSchedule(file, baseline, result.result, trace, placements, now, overrides));
  return EXIT_OK;
}

function annualMean(trace: GridTrace): number {
  const known = trace.values.filter((v): v is number => v !== null);
  return known.reduce((a, b) => a + b, 0) / known.length;
}

const row = (label: string, value: string) => `  ${label.padEnd(24)}${value}`;

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    `  ${cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd()}`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

function g(v: number | null): string {
  return v === null ? 'not rated' : v < 100 ? v.toFixed(1) : v.toFixed(0);
}

function startRow(label: string, s: StartOption, now: Date, trace: GridTrace, vsNow: number | null): string[] {
  const saving = vsNow === null || s.co2eKg === null ? '-' : s.delayHours === 0 ? '-' : `${formatCo2eKg(vsNow - s.co2eKg)} (${formatPercent((vsNow - s.co2eKg) / vsNow, 1)})`;
  return [
    label,
    startDateText(now, s.delayHours),
    formatDelay(s.delayHours),
    hourLabel(trace, s.startHour),
    g(s.meanGPerKWh),
    s.co2eKg === null ? `not rated (${s.missingHours} h missing)` : formatCo2eKg(s.co2eKg),
    saving,
  ];
}

const METER_LABELS: Array<[Meter, string, (n: number) => string]> = [
  ['gpuHours', 'GPU-hours', formatGpuHours],
  ['wallClockHours', 'GPU time', formatDurationHours],
  ['energyKWh', 'energy', formatEnergyKWh],
  ['costUSD', 'cost', formatUSD],
  ['co2eKg', 'emissions', formatCo2eKg],
];

function meterLine(d: MeterDelta, format: (n: number) => string): string {
  if (!d.baseline || !d.after) return 'unknown';
  const f = d.fraction?.point ?? 0;
  return f === 0 ? `${format(d.after.point)} (unchanged)` : `${format(d.baseline.point)} → ${format(d.after.point)} (${f > 0 ? '+' : ''}${formatPercent(f, 1)})`;
}

function renderSchedule(file: string, baseline: Analysis, r: RunSchedule, trace: GridTrace, placements: TracePlacement[], now: Date, caps: BudgetCaps): string {
  const s = r.schedule;
  const out: string[] = [`${file}: when to run on ${r.regionCode}`, ''];
  out.push(row('grid trace', `${r.trace.code} (${r.trace.name}), ${r.trace.year}${r.relation === 'stand-in' ? `, a stand-in for ${r.regionCode}` : ''}`));
  out.push(row('run', `${formatDurationHours(s.runHours)} on its GPUs, ${formatEnergyKWh(s.energyKWh)} at the meter`));
  out.push(row('submitted', `${startDateText(now, 0)}, read as ${hourLabel(trace, s.now.startHour)} in the trace (same weekday)`));
  out.push(row('window', `${formatDelay(s.windowHours)}: ${s.starts.length} start hours${s.unratedStarts > 0 ? `, ${s.unratedStarts} not rated (their run crosses a missing hour)` : ''}`));
  out.push('', `  ${scheduleSummary(r, now)}`, '');
  const rows = [startRow('start now', s.now, now, trace, s.now.co2eKg)];
  if (s.best && s.best.delayHours !== 0) rows.push(startRow('best start', s.best, now, trace, s.now.co2eKg));
  out.push(...table(['', 'start (UTC)', 'in', 'trace hour', 'mean g/kWh', 'emissions', 'saving vs now'], rows));
  if (s.interruptible) {
    const p = s.interruptible;
    const vsNow = s.now.co2eKg;
    out.push('', `  Interruptible, finishing within ${p.maxStretch}× the run (${formatDurationHours(p.horizonHours)} from now):`);
    out.push(
      row('emissions', `${formatCo2eKg(p.co2eKg)} at a mean ${g(p.meanGPerKWh)} g/kWh${vsNow !== null && vsNow > 0 ? `, ${formatPercent((vsNow - p.co2eKg) / vsNow, 1)} less than starting now` : ''}`),
    );
    out.push(
      row(
        'finishes',
        `${formatDelay(p.finishDelayHours)} later than running straight through, after ${p.pauses} pause${p.pauses === 1 ? '' : 's'} (each costs a checkpoint save and restore, not counted)`,
      ),
    );
    const shown = p.segments.slice(0, 8).map((seg) => `${startDateText(now, seg.delayHours)} for ${formatDurationHours(seg.hours)}`);
    out.push(row('runs', `${shown.join('; ')}${p.segments.length > 8 ? `; and ${p.segments.length - 8} more` : ''}`));
    if (p.missingHoursSkipped > 0) out.push(row('skipped', `${p.missingHoursSkipped} missing hours in the horizon (their intensity is unknown)`));
  } else if (s.interruptibleReason) {
    out.push('', row('interruptible', `no plan: ${s.interruptibleReason}`));
  }
  if (r.meters) {
    out.push('', `  The same run at the best start, against ${r.comparedWith === 'now' ? 'starting now' : "the estimate's yearly factor"} (re-analysed at the grid of its hours):`);
    for (const [meter, label, format] of METER_LABELS) out.push(row(label, meterLine(r.meters[meter], format)));
  }
  if (s.pareto.length > 1) {
    out.push('', '  Carbon against delay (Pareto front: each row finishes later and emits less than the one above)');
    const front = thin(s.pareto, 12).map((p) => [
      formatDelay(p.delayHours),
      formatCo2eKg(p.co2eKg),
      p.policy === 'delayed-start' ? `start ${startDateText(now, p.delayHours)}` : `interruptible, ≤${p.stretch!.toFixed(2)}× the run`,
    ]);
    out.push(...table(['finishes later by', 'emissions', 'how'], front));
  }
  out.push('', '  The same run, submitted at the same hour, on every traced grid:');
  out.push(
    ...table(
      ['trace', 'grid', 'start now', 'best start', 'in', 'saving'],
      placements.map((p) => {
        const ps = p.schedule;
        if (!ps) return [p.trace.code, p.trace.name, p.reason ?? '-', '-', '-', '-'];
        return [
          `${p.trace.code === r.trace.code ? '▶ ' : ''}${p.trace.code}`,
          p.trace.name,
          ps.now.co2eKg === null ? 'not rated' : formatCo2eKg(ps.now.co2eKg),
          ps.best?.co2eKg == null ? 'not rated' : formatCo2eKg(ps.best.co2eKg),
          ps.best ? formatDelay(ps.best.delayHours) : '-',
          ps.saving ? formatPercent(ps.saving.fraction, 1) : '-',
        ];
      }),
    ),
  );
  // A carbon cap that binds can be relaxed by waiting for the best start: the planner weighs it with the other levers.
  if (hasCaps(caps)) out.push(...renderPlan(baseline, caps, timingOption(r, now)));
  out.push('');
  if (r.estimateGPerKWh !== null) {
    const factor = baseline.projection?.assumptions.find((a) => a.name === 'gridGPerKWh');
    out.push(row('estimate uses', `${g(r.estimateGPerKWh)} g/kWh for the whole year (${factor?.detail ?? 'region table'}); the trace averages ${g(annualMean(trace))} g/kWh over ${trace.year}`));
  }
  out.push(row('trace gaps', describeGaps(trace)));
  out.push(row('basis', r.trace.basis));
  if (r.relation === 'stand-in') out.push(row('stand-in', r.trace.caveat));
  out.push(row('source', r.trace.attribution));
  out.push('', `  ${typicalYearNote(r)}`, '  Energy and dollars are the same at every start: only the grid intensity of the hours run, and so the carbon, moves.', '');
  return `${out.join('\n')}\n`;
}

/** At most `n` points of a front, always keeping the first and the last. */
function thin<T>(points: readonly T[], n: number): T[] {
  if (points.length <= n) return [...points];
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(points[Math.round((i * (points.length - 1)) / (n - 1))]!);
  return out;
}

function startJson(s: StartOption, now: Date, trace: GridTrace) {
  return {
    startUtc: new Date(submitHour(now).getTime() + s.delayHours * 3_600_000).toISOString(),
    delayHours: s.delayHours,
    traceHour: hourLabel(trace, s.startHour),
    meanGPerKWh: s.meanGPerKWh,
    co2eKg: s.co2eKg,
    missingHours: s.missingHours,
  };
}

function meterJson(meters: Record<Meter, MeterDelta> | null) {
  if (!meters) return null;
  return Object.fromEntries(
    Object.entries(meters).map(([k, d]) => [k, { before: d.baseline?.point ?? null, after: d.after?.point ?? null, delta: d.delta?.point ?? null, fraction: d.fraction?.point ?? null }]),
  );
}

function scheduleJson(file: string, baseline: Analysis, r: RunSchedule, trace: GridTrace, placements: TracePlacement[], now: Date, caps: BudgetCaps) {
  const s = r.schedule;
  return {
    schemaVersion: SCHEMA_VERSION,
    file,
    region: r.regionCode,
    trace: {
      code: r.trace.code,
      name: r.trace.name,
      year: r.trace.year,
      relation: r.relation,
      basis: r.trace.basis,
      source: r.trace.source,
      licence: r.trace.licence,
      attribution: r.trace.attribution,
      caveat: r.relation === 'stand-in' ? r.trace.caveat : null,
      missingHours: trace.missingHours,
      gaps: trace.gaps.map((gap) => ({ start: hourLabel(trace, gap.startHour), hours: gap.hours })),
    },
    estimate: 'typical-year estimate from a historical year of hourly grid intensity, not a forecast',
    submittedUtc: submitHour(now).toISOString(),
    windowHours: s.windowHours,
    run: { wallClockHours: s.runHours, energyKWh: s.energyKWh, costUSD: baseline.projection?.costUSD?.point ?? null, estimateGPerKWh: r.estimateGPerKWh },
    summary: scheduleSummary(r, now),
    now: startJson(s.now, now, trace),
    best: s.best ? startJson(s.best, now, trace) : null,
    saving: s.saving,
    comparedWith: r.comparedWith,
    unratedStarts: s.unratedStarts,
    meters: meterJson(r.meters),
    interruptible: s.interruptible
      ? {
          maxStretch: s.interruptible.maxStretch,
          horizonHours: s.interruptible.horizonHours,
          co2eKg: s.interruptible.co2eKg,
          meanGPerKWh: s.interruptible.meanGPerKWh,
          finishDelayHours: s.interruptible.finishDelayHours,
          pauses: s.interruptible.pauses,
          missingHoursSkipped: s.interruptible.missingHoursSkipped,
          segments: s.interruptible.segments.map((seg) => ({ delayHours: seg.delayHours, hours: seg.hours, traceHour: hourLabel(trace, seg.startHour) })),
          meters: meterJson(r.interruptibleMeters),
        }
      : null,
    interruptibleReason: s.interruptibleReason,
    pareto: s.pareto,
    starts: s.starts.map((x) => ({ delayHours: x.delayHours, meanGPerKWh: x.meanGPerKWh, co2eKg: x.co2eKg })),
    budgetPlan: hasCaps(caps) ? budgetPlan(baseline, caps, timingOption(r, now)) : null,
    perGrid: placements.map((p) => ({
      trace: p.trace.code,
      year: p.trace.year,
      annualMeanGPerKWh: p.annualMeanGPerKWh,
      nowCo2eKg: p.schedule?.now.co2eKg ?? null,
      bestCo2eKg: p.schedule?.best?.co2eKg ?? null,
      bestDelayHours: p.schedule?.best?.delayHours ?? null,
      savingFraction: p.schedule?.saving?.fraction ?? null,
      reason: p.reason,
    })),
  };
}
