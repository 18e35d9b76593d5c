// The run's carbon and energy in everyday units (car-years, flights, household-years), each with its table row's
// source. Null with a reason when the meter it divides is unknown.
import type { Projection, Range } from '../estimate/types';
import { EQUIVALENTS, type EquivalentRow } from '../data/equivalents';

export interface Equivalent {
  row: EquivalentRow;
  /** How many units of the equivalent the run's meter amounts to (point and range). */
  amount: Range | null;
  missing?: string;
}

export function equivalentsFor(projection: Projection | null): Equivalent[] {
  return EQUIVALENTS.map((row) => {
    const meter = projection ? projection[row.basis] : null;
    if (!meter) {
      return { row, amount: null, missing: row.basis === 'co2eKg' ? 'needs the emissions (a GPU type and count)' : 'needs the energy (a GPU type and count)' };
    }
    const amount = { point: meter.point / row.perUnit, low: meter.low / row.perUnit, high: meter.high / row.perUnit };
    const ok = [amount.point, amount.low, amount.high].every((n) => Number.isFinite(n) && n >= 0);
    return ok ? { row, amount } : { row, amount: null, missing: 'the projected meter is not a usable number' };
  });
}
