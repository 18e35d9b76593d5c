// One inference request's footprint and the point where serving overtakes training (reference worked example 5):
//   facility Wh per request = output tokens × Wh per output token × PUE;  gCO2e = facility kWh × grid g/kWh
//   N_break = training energy / (output tokens per request × Wh per output token), both at the GPUs (IT energy), so
//   the same PUE on both sides cancels.
// Pure arithmetic; every result is a finite non-negative number or a reason.
import { type InferenceEnergyRow } from '../data/inference-energy';

const WH_PER_KWH = 1000;

export interface RequestFootprint {
  outputTokens: number;
  whPerOutputToken: number;
  /** At the GPUs. */
  itEnergyWh: number;
  /** With the data centre's overhead (PUE). */
  facilityEnergyWh: number;
  co2eG: number;
}

export type RequestResult = { ok: true; value: RequestFootprint } | { ok: false; reason: string };

function positive(x: number): boolean {
  return Number.isFinite(x) && x > 0;
}

export function requestFootprint(input: { outputTokens: number; whPerOutputToken: number; pue: number; gridGPerKWh: number }): RequestResult {
  const { outputTokens, whPerOutputToken, pue, gridGPerKWh } = input;
  if (!positive(outputTokens)) return { ok: false, reason: 'needs a positive number of output tokens per request' };
  if (!positive(whPerOutputToken)) return { ok: false, reason: 'needs the energy per output token' };
  if (!(Number.isFinite(pue) && pue >= 1)) return { ok: false, reason: 'needs a PUE of at least 1' };
  if (!(Number.isFinite(gridGPerKWh) && gridGPerKWh >= 0)) return { ok: false, reason: 'needs the grid carbon intensity' };
  const itEnergyWh = outputTokens * whPerOutputToken;
  const facilityEnergyWh = itEnergyWh * pue;
  return { ok: true, value: { outputTokens, whPerOutputToken, itEnergyWh, facilityEnergyWh, co2eG: (facilityEnergyWh / WH_PER_KWH) * gridGPerKWh } };
}

/** Requests after which serving has used as much energy as training did; null when an input is unusable. */
export function breakEvenRequests(trainingItEnergyKWh: number, outputTokensPerRequest: number, whPerOutputToken: number): number | null {
  if (!positive(trainingItEnergyKWh) || !positive(outputTokensPerRequest) || !positive(whPerOutputToken)) return null;
  const n = (trainingItEnergyKWh * WH_PER_KWH) / (outputTokensPerRequest * whPerOutputToken);
  return Number.isFinite(n) ? n : null;
}

/**
 * A measured row's energy per token scaled to a model of `activeParams`: inference costs about 2·N FLOPs per token, so
 * at the same hardware and serving efficiency the energy scales with N. A first-order estimate, labelled as such.
 */
export function scaledWhPerOutputToken(row: InferenceEnergyRow, activeParams: number): number | null {
  if (!positive(activeParams) || !positive(row.params)) return null;
  return row.whPerOutputToken * (activeParams / row.params);
}
