// Budget caps (CLI --max-usd/--max-tco2e/--max-gpu-hours/--max-days, editor settings) checked against a projection. The
// point value is compared, and the message says by how much it is over, and whether even the low end is.
import { formatPercent } from '../present/units';
import type { Projection, Range } from '../estimate/types';
import type { Finding, Overrides } from '../types';

export const BUDGET_EXCEEDED = 'budget-exceeded';
const HOURS_PER_DAY = 24;

interface Cap {
  limit: number | undefined;
  meter: Range | null;
  /** Converts the meter's unit to the cap's unit. */
  scale: number;
  what: string;
  unit: string;
  flag: string;
}

export function checkBudgets(projection: Projection, overrides: Overrides): Finding[] {
  const caps: Cap[] = [
    { limit: overrides.maxUSD, meter: projection.costUSD, scale: 1, what: 'cost', unit: '$', flag: 'max-usd' },
    { limit: overrides.maxTCO2e, meter: projection.co2eKg, scale: 1 / 1000, what: 'emissions', unit: 'tCO2e', flag: 'max-tco2e' },
    { limit: overrides.maxGpuHours, meter: projection.gpuHours, scale: 1, what: 'GPU-hours', unit: 'GPU-h', flag: 'max-gpu-hours' },
    { limit: overrides.maxDays, meter: projection.wallClockHours, scale: 1 / HOURS_PER_DAY, what: 'wall-clock', unit: 'days', flag: 'max-days' },
  ];
  const findings: Finding[] = [];
  for (const cap of caps) {
    // A cap of 0 is a cap (nothing may be spent), not "no cap".
    if (cap.limit === undefined || !(cap.limit >= 0) || !cap.meter) continue;
    const point = cap.meter.point * cap.scale;
    if (point <= cap.limit) continue;
    const low = cap.meter.low * cap.scale;
    const over = point - cap.limit;
    findings.push({
      code: BUDGET_EXCEEDED,
      severity: 'warning',
      message:
        `Projected ${cap.what} ${formatAmount(point, cap.unit)} exceeds the budget of ${formatAmount(cap.limit, cap.unit)} ` +
        `(${cap.flag}) by ${formatAmount(over, cap.unit)}${cap.limit > 0 ? ` (+${formatPercent(over / cap.limit)})` : ''}` +
        (low > cap.limit ? '; even the optimistic end of the range is over.' : '; the optimistic end of the range fits.'),
    });
  }
  return findings;
}

function formatAmount(value: number, unit: string): string {
  const rounded = value === 0 ? '0' : value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toPrecision(3);
  return unit === '$' ? `$${rounded}` : `${rounded} ${unit}`;
}
