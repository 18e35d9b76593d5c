// One inference request's footprint and the point where serving overtakes training (reference worked example 5):
//   facility Wh per request = output tokens × Wh per output token × PUE;  gCO2e = facility kWh × grid g/kWh
//   N_break = training energy / (output tokens per request × Wh per output token), both at the GPUs (IT energy), so
//   the same PUE on both sides cancels.
// Pure arithmetic; every result is a finite non-negative number or a reason.
import { DEFAULT_INFERENCE_ENERGY_ID, DEFAULT_OUTPUT_TOKENS_PER_REQUEST, findInferenceEnergy, type InferenceEnergyRow } from '../data/inference-energy';

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

/** The serving view of a trained run, for reports and the JSON: one default answer and the break-even count. */
export interface ServingFootprint {
  /** The data row the per-token energy comes from, and the model size it was scaled to. */
  basis: { rowId: string; model: string; gpu: string; precision: string; whPerOutputTokenMeasured: number; source: string; year: number; scaledToParams: number };
  outputTokensPerRequest: number;
  whPerOutputToken: number;
  /** Per answer, at the run's PUE and grid; null when the projection has neither. */
  request: RequestFootprint | null;
  /** Answers after which serving has used the training run's GPU energy; null without a projected energy. */
  breakEvenRequests: number | null;
  /** What kept request or breakEvenRequests from being known. */
  missing: string[];
}

/**
 * The serving footprint of a run of `activeParams`, at the PUE and grid its projection assumed and against the GPU
 * energy it projected: the reference per-token row scaled by parameters, for the default answer length.
 */
export function servingFootprint(
  activeParams: number | null,
  projection: { itEnergyKWh?: { point: number } | null; assumptions: ReadonlyArray<{ name: string; value: unknown }> } | null,
): ServingFootprint | null {
  const row = findInferenceEnergy(DEFAULT_INFERENCE_ENERGY_ID);
  const whPerToken = row && activeParams !== null ? scaledWhPerOutputToken(row, activeParams) : null;
  if (!row || whPerToken === null || activeParams === null) return null;
  const num = (name: string) => {
    const v = projection?.assumptions.find((a) => a.name === name)?.value;
    return typeof v === 'number' ? v : null;
  };
  const pue = num('pue');
  const grid = num('gridGPerKWh');
  const answer = DEFAULT_OUTPUT_TOKENS_PER_REQUEST.value;
  const r = pue !== null && grid !== null ? requestFootprint({ outputTokens: answer, whPerOutputToken: whPerToken, pue, gridGPerKWh: grid }) : null;
  const itEnergy = projection?.itEnergyKWh?.point;
  const breakEven = typeof itEnergy === 'number' ? breakEvenRequests(itEnergy, answer, whPerToken) : null;
  const missing: string[] = [];
  if (!r?.ok) missing.push(r ? r.reason : 'needs the PUE and the grid (a projection)');
  if (breakEven === null) missing.push('needs the training energy (a GPU type and count)');
  return {
    basis: {
      rowId: row.id,
      model: row.model,
      gpu: row.gpu,
      precision: row.precision,
      whPerOutputTokenMeasured: row.whPerOutputToken,
      source: row.source,
      year: row.year,
      scaledToParams: activeParams,
    },
    outputTokensPerRequest: answer,
    whPerOutputToken: whPerToken,
    request: r?.ok ? r.value : null,
    breakEvenRequests: breakEven,
    missing,
  };
}
