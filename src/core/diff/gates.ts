// Budget gates on a change (CLI --max-increase-*, the GitHub Action): the increase of every compared run is summed,
// since what a reviewer gates is what the whole pull request adds, and each gate exceeded gives one reason naming the
// total, the limit and the runs that contributed. A run whose change cannot be known is named, never guessed.
import type { Meter } from '../whatif/whatif';
import type { RunComparison } from './compare';
import { METER_FORMATS, signedMeter } from './text';

export interface IncreaseCaps {
  maxIncreaseUSD?: number;
  maxIncreaseTCO2e?: number;
  maxIncreaseGpuHours?: number;
}

interface Gate {
  cap: keyof IncreaseCaps;
  flag: string;
  meter: Meter;
  /** Converts the meter's unit to the cap's (tCO2e caps, kg meters). */
  scale: number;
}

export const GATES: readonly Gate[] = [
  { cap: 'maxIncreaseUSD', flag: '--max-increase-usd', meter: 'costUSD', scale: 1 },
  { cap: 'maxIncreaseTCO2e', flag: '--max-increase-tco2e', meter: 'co2eKg', scale: 1 / 1000 },
  { cap: 'maxIncreaseGpuHours', flag: '--max-increase-gpu-hours', meter: 'gpuHours', scale: 1 },
];

export interface GateResult {
  flag: string;
  meter: Meter;
  /** The limit in the meter's own unit. */
  limit: number;
  /** The summed change in the meter's unit, over the runs whose change is known. */
  total: number;
  exceeded: boolean;
  /** One sentence: "cost +$1.6M exceeds --max-increase-usd $1M (llama.yaml +$1.6M)". */
  reason: string;
  /** Runs on which this meter is unknown on a side that exists: not counted, and said so. */
  unknown: string[];
}

/** The summed change of one meter over the comparisons whose change is known. */
export function totalChange(comparisons: readonly RunComparison[], meter: Meter): { total: number; unknown: string[] } {
  let total = 0;
  const unknown: string[] = [];
  for (const c of comparisons) {
    if (c.status === 'unchanged' || c.status === 'not-a-config') continue;
    const d = c.meters[meter].delta;
    if (d) total += d.point;
    else unknown.push(c.fileName);
  }
  return { total, unknown };
}

export function checkIncreaseGates(comparisons: readonly RunComparison[], caps: IncreaseCaps): GateResult[] {
  const results: GateResult[] = [];
  for (const gate of GATES) {
    const capValue = caps[gate.cap];
    if (capValue === undefined) continue;
    const limit = capValue / gate.scale;
    const { total, unknown } = totalChange(comparisons, gate.meter);
    const exceeded = total > limit;
    const format = METER_FORMATS[gate.meter];
    const contributors = comparisons.filter((c) => (c.meters[gate.meter].delta?.point ?? 0) > 0).map((c) => `${c.fileName} ${signedMeter(gate.meter, c.meters[gate.meter].delta!.point)}`);
    const what = `${gateNoun(gate.meter)} ${signedMeter(gate.meter, total)}`;
    const reason = exceeded ? `${what} exceeds ${gate.flag} ${format(limit)}${contributors.length ? ` (${contributors.join(', ')})` : ''}` : `${what} is within ${gate.flag} ${format(limit)}`;
    results.push({ flag: gate.flag, meter: gate.meter, limit, total, exceeded, reason, unknown });
  }
  return results;
}

function gateNoun(meter: Meter): string {
  return meter === 'costUSD' ? 'cost' : meter === 'co2eKg' ? 'emissions' : 'GPU-hours';
}
