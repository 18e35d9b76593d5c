// Reads a compact grid-trace file (data/grid-traces/*.txt) into hourly values. A missing hour stays null: nothing here
// or downstream fills a gap, so every result that would need one says so instead.
//   # comment lines
//   code us-caiso / year 2022 / start 2022-01-01T00 / hours 8760 / divisor 1
//   then one UTC day per line: 24 comma-separated integers (value × divisor), an empty field for a missing hour.

export interface GapRun {
  /** Hour index in the trace where the run of missing hours starts. */
  startHour: number;
  hours: number;
}

export interface GridTrace {
  code: string;
  year: number;
  /** The first hour's start, ms since the epoch (UTC). */
  startUtcMs: number;
  /** gCO2e/kWh per hour from the start; null = missing in the source. */
  values: readonly (number | null)[];
  missingHours: number;
  gaps: readonly GapRun[];
}

export type TraceParse = { ok: true; trace: GridTrace } | { ok: false; message: string };

export const MS_PER_HOUR = 3_600_000;
/** A trace is at most a leap year of hours; a longer file is refused before it is split into lines. */
export const MAX_TRACE_HOURS = 366 * 24;
const MAX_TRACE_CHARS = MAX_TRACE_HOURS * 12 + 4096;
const HEADER_KEYS = ['code', 'year', 'start', 'hours', 'divisor'] as const;
/** Plausible grid intensity, gCO2e/kWh: the dirtiest grids stay under ~1,300 (lignite); anything above is an error. */
export const MAX_G_PER_KWH = 2000;

function fail(file: string, line: number | null, what: string): TraceParse {
  return { ok: false, message: `${file}${line === null ? '' : `:${line}`}: ${what}` };
}

function parseStart(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})$/.exec(text);
  if (!m) return null;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]));
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 13) === text ? ms : null;
}

export function gapRuns(values: readonly (number | null)[]): GapRun[] {
  const gaps: GapRun[] = [];
  for (let i = 0; i < values.length; i++) {
    if (values[i] !== null) continue;
    const last = gaps[gaps.length - 1];
    if (last && last.startHour + last.hours === i) last.hours++;
    else gaps.push({ startHour: i, hours: 1 });
  }
  return gaps;
}

export function parseGridTrace(text: string, file: string): TraceParse {
  if (text.length > MAX_TRACE_CHARS) return fail(file, null, `${text.length} characters is too long for one year of hourly values`);
  const header: Partial<Record<(typeof HEADER_KEYS)[number], string>> = {};
  const values: (number | null)[] = [];
  const lines = text.split('\n');
  let divisor = 0;
  let expected = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/\r$/, '');
    const lineNo = i + 1;
    if (line.startsWith('#') || (line.trim() === '' && i === lines.length - 1)) continue;
    const key = /^([a-z]+) (.+)$/.exec(line);
    if (key && (HEADER_KEYS as readonly string[]).includes(key[1]!)) {
      if (values.length > 0) return fail(file, lineNo, `header "${key[1]}" after the values`);
      header[key[1] as (typeof HEADER_KEYS)[number]] = key[2]!.trim();
      continue;
    }
    if (divisor === 0) {
      const missing = HEADER_KEYS.filter((k) => header[k] === undefined);
      if (missing.length > 0) return fail(file, lineNo, `values before the header names ${missing.join(', ')}`);
      divisor = Number(header.divisor);
      expected = Number(header.hours);
      if (!(divisor === 1 || divisor === 10 || divisor === 100)) return fail(file, lineNo, `divisor "${header.divisor}" is not 1, 10 or 100`);
      if (!Number.isInteger(expected) || expected < 24 || expected > MAX_TRACE_HOURS) return fail(file, lineNo, `hours "${header.hours}" is not a whole number of hours up to a leap year`);
    }
    const fields = line.split(',');
    if (fields.length !== 24) return fail(file, lineNo, `${fields.length} values on the line; each line is one UTC day of 24 hours`);
    for (const field of fields) {
      const f = field.trim();
      if (f === '') {
        values.push(null);
        continue;
      }
      if (!/^\d{1,7}$/.test(f)) return fail(file, lineNo, `"${f}" is not a whole number`);
      const g = Number(f) / divisor;
      if (g > MAX_G_PER_KWH) return fail(file, lineNo, `${g} gCO2e/kWh is not a plausible grid intensity`);
      values.push(g);
    }
  }
  if (divisor === 0) return fail(file, null, 'no values');
  if (values.length !== expected) return fail(file, null, `${values.length} hourly values, the header says ${expected}`);
  const year = Number(header.year);
  const startUtcMs = parseStart(header.start ?? '');
  if (startUtcMs === null) return fail(file, null, `start "${header.start}" is not a UTC hour (YYYY-MM-DDTHH)`);
  if (!Number.isInteger(year) || new Date(startUtcMs).getUTCFullYear() !== year) return fail(file, null, `year "${header.year}" does not match the start ${header.start}`);
  const gaps = gapRuns(values);
  const missingHours = gaps.reduce((n, g) => n + g.hours, 0);
  if (missingHours === values.length) return fail(file, null, 'every hour is missing');
  return { ok: true, trace: { code: header.code!, year, startUtcMs, values, missingHours, gaps } };
}

/** "2022-03-13T07" for an hour index of a trace. */
export function hourLabel(trace: Pick<GridTrace, 'startUtcMs'>, hour: number): string {
  return new Date(trace.startUtcMs + hour * MS_PER_HOUR).toISOString().slice(0, 13);
}

/** "22 h from 2022-03-13T07" per gap run, for the reader. */
export function describeGaps(trace: GridTrace, limit = 6): string {
  if (trace.gaps.length === 0) return 'no missing hours';
  const listed = trace.gaps.slice(0, limit).map((g) => (g.hours === 1 ? hourLabel(trace, g.startHour) : `${g.hours} h from ${hourLabel(trace, g.startHour)}`));
  const more = trace.gaps.length > limit ? `, and ${trace.gaps.length - limit} more` : '';
  return `${trace.missingHours} missing hour${trace.missingHours === 1 ? '' : 's'} (${listed.join(', ')}${more}), never filled`;
}
