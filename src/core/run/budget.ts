// Budget caps (CLI --max-usd/--max-tco2e/--max-gpu-hours/--max-days, editor settings) checked against a projection. The
// point value is compared, and the message says by how much it is over, and whether even the low end is.
import { formatPercent } from '../present/units';
import type { Projection, Range } from '../estimate/types';
import type { Finding, RunSpec, Sourced } from '../types';
import { finding, type FindingCode } from '../present/findings';

export const BUDGET_EXCEEDED = 'budget-exceeded' satisfies FindingCode;
const HOURS_PER_DAY = 24;

interface Cap {
  limit: Sourced<number> | undefined;
  meter: Range | null;
  /** Converts the meter's unit to the cap's unit. */
  scale: number;
  what: string;
  unit: string;
}

/** The run's caps (layered like every input, so each names where it was set) against the projection. */
export function checkBudgets(projection: Projection, run: Pick<RunSpec, 'maxUSD' | 'maxTCO2e' | 'maxGpuHours' | 'maxDays'>): Finding[] {
  const caps: Cap[] = [
    { limit: run.maxUSD, meter: projection.costUSD, scale: 1, what: 'cost', unit: '$' },
    { limit: run.maxTCO2e, meter: projection.co2eKg, scale: 1 / 1000, what: 'emissions', unit: 'tCO2e' },
    { limit: run.maxGpuHours, meter: projection.gpuHours, scale: 1, what: 'GPU-hours', unit: 'GPU-h' },
    { limit: run.maxDays, meter: projection.wallClockHours, scale: 1 / HOURS_PER_DAY, what: 'wall-clock', unit: 'days' },
  ];
  const findings: Finding[] = [];
  for (const cap of caps) {
    const limit = cap.limit?.value;
    // A cap of 0 is a cap (nothing may be spent), not "no cap".
    if (limit === undefined || !(limit >= 0) || !cap.meter) continue;
    const point = cap.meter.point * cap.scale;
    if (point <= limit) continue;
    const low = cap.meter.low * cap.scale;
    const over = point - limit;
    const args = {
      what: cap.what,
      projected: formatAmount(point, cap.unit),
      cap: formatAmount(limit, cap.unit),
      capFrom: cap.limit!.detail,
      over: formatAmount(over, cap.unit),
      overShare: limit > 0 ? formatPercent(over / limit) : undefined,
      lowEndOver: low > limit,
    };
    findings.push(finding(BUDGET_EXCEEDED, args));
  }
  return findings;
}

function formatAmount(value: number, unit: string): string {
  const rounded = value === 0 ? '0' : value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toPrecision(3);
  return unit === '$' ? `$${rounded}` : `${rounded} ${unit}`;
}
