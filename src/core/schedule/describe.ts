// The words every surface uses for a schedule: when to start (as a real date, and where that falls in the trace),
// how much carbon it saves, that energy and dollars do not move, and where the hours come from.
import type { TimingOption } from '../plan/budget';
import { formatCo2eKg, formatEnergyKWh, formatPercent, formatUSD } from '../present/units';
import type { RunSchedule } from './run';
import type { StartOption } from './scheduler';
import { hourLabel, MS_PER_HOUR, type GridTrace } from './trace';

const HOURS_PER_DAY = 24;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "now", "5 h", "2 d 14 h", "3 d". Fractions of an hour are rounded to the hour. */
export function formatDelay(hours: number): string {
  const h = Math.round(hours);
  if (h <= 0) return 'now';
  const days = Math.floor(h / HOURS_PER_DAY);
  const rest = h - days * HOURS_PER_DAY;
  if (days === 0) return `${rest} h`;
  return rest === 0 ? `${days} d` : `${days} d ${rest} h`;
}

/** The submit time rounded down to its hour: the scheduler works in whole trace hours. */
export function submitHour(now: Date): Date {
  return new Date(Math.floor(now.getTime() / MS_PER_HOUR) * MS_PER_HOUR);
}

/** The real calendar time of a start `delayHours` after the submit hour: "Thu 4 Jun 2026 14:00 UTC". */
export function startDateText(now: Date, delayHours: number): string {
  const d = new Date(submitHour(now).getTime() + Math.round(delayHours) * MS_PER_HOUR);
  const hh = String(d.getUTCHours()).padStart(2, '0');
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${hh}:00 UTC`;
}

/** "2022-06-03T14 in the trace". */
export function traceHourText(trace: Pick<GridTrace, 'startUtcMs'>, start: StartOption): string {
  return hourLabel(trace, start.startHour);
}

/** The line that says what the hours are: a historical year, named, read as a typical year. */
export function typicalYearNote(result: Pick<RunSchedule, 'trace' | 'relation' | 'regionCode'>): string {
  const t = result.trace;
  const as = result.relation === 'stand-in' ? ` (a stand-in for ${result.regionCode})` : result.relation === 'same-grid' ? ` (the grid of ${result.regionCode})` : '';
  return `Hours of ${t.year} on ${t.name}${as}: a typical-year estimate, not a forecast.`;
}

/** "Start Thu 4 Jun 2026 14:00 UTC (in 2 d 14 h): 5.5 tCO2e instead of 6.1 tCO2e, 10% less; energy and cost unchanged." */
export function scheduleSummary(result: RunSchedule, now: Date): string {
  const s = result.schedule;
  const best = s.best;
  if (!best || best.co2eKg === null) return `No start in the window can be rated: every one crosses a missing hour of the ${s.year} trace.`;
  const same = `energy (${formatEnergyKWh(s.energyKWh)})${costText(result)} are the same at any start`;
  if (!s.saving) {
    return `Best start ${startDateText(now, best.delayHours)} (in ${formatDelay(best.delayHours)}): ${formatCo2eKg(best.co2eKg)}. Starting now cannot be rated (its run crosses ${s.now.missingHours} missing hour${s.now.missingHours === 1 ? '' : 's'} of the trace); ${same}.`;
  }
  if (best.delayHours === 0 || s.saving.co2eKg <= 0) return `Starting now is already the cleanest start in the window (${formatCo2eKg(s.now.co2eKg!)}); ${same}.`;
  return (
    `Start ${startDateText(now, best.delayHours)} (in ${formatDelay(best.delayHours)}): ${formatCo2eKg(best.co2eKg)} instead of ${formatCo2eKg(s.now.co2eKg!)}, ` +
    `${formatCo2eKg(s.saving.co2eKg)} (${formatPercent(s.saving.fraction, 1)}) less; ${same}.`
  );
}

function costText(result: RunSchedule): string {
  const cost = result.meters?.costUSD.after?.point;
  return typeof cost === 'number' && Number.isFinite(cost) ? ` and cost (${formatUSD(cost)})` : ' and cost';
}

/** The best start as a budget-planner lever: carbon × (best / now), when waiting saves anything. */
export function timingOption(result: RunSchedule, now: Date): TimingOption | undefined {
  const s = result.schedule;
  if (!s.best || s.best.co2eKg === null || !s.saving || !(s.saving.co2eKg > 0) || !(s.now.co2eKg! > 0)) return undefined;
  return {
    meterFactor: s.best.co2eKg / s.now.co2eKg!,
    label:
      `Starting ${startDateText(now, s.best.delayHours)} (in ${formatDelay(s.best.delayHours)}) instead of now, ${formatPercent(s.saving.fraction, 1)} less carbon ` +
      `(${result.trace.code} ${result.trace.year} hourly trace, a typical-year estimate)`,
  };
}
