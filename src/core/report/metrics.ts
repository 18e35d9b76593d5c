// Efficiency metrics of a projected run: how much work and energy each token and each parameter costs. Each metric is
// a number or null with the reason it cannot be known, never NaN or Infinity.
import type { Analysis } from '../analyze';
import type { Range } from '../estimate/types';
import { servingFootprint } from '../scaling/request';

export interface Metric {
  id: 'flopsPerToken' | 'tokensPerKWh' | 'energyKWhPerBillionParams' | 'energyWhPerParam' | 'mfu' | 'hfu' | 'gpuHoursPerBillionTokens' | 'inferenceCO2eGPerRequest' | 'inferenceBreakEvenRequests';
  label: string;
  unit: string;
  /** Computed from the projection's point values. */
  value: number | null;
  /** The low-high range where the inputs have one (MFU, energy, GPU-hours). */
  range: Range | null;
  /** Why value is null. */
  missing?: string;
}

const BILLION = 1e9;
const WH_PER_KWH = 1000;

/** A positive finite number, or null. */
function usable(n: number | null | undefined): number | null {
  return typeof n === 'number' && Number.isFinite(n) && n > 0 ? n : null;
}

/** a / b for finite positive inputs; null otherwise. */
function ratio(a: number | null, b: number | null): number | null {
  if (a === null || b === null) return null;
  const r = a / b;
  return Number.isFinite(r) && r >= 0 ? r : null;
}

/** A range divided by a fixed positive number (low/high keep their order). */
function divideRange(r: Range | null | undefined, by: number | null): Range | null {
  if (!r || by === null) return null;
  const out = { point: r.point / by, low: r.low / by, high: r.high / by };
  return [out.point, out.low, out.high].every((n) => Number.isFinite(n) && n >= 0) ? out : null;
}

/** A fixed positive number divided by a range: low and high swap (more energy → fewer tokens per kWh). */
function invertRange(numerator: number | null, r: Range | null | undefined): Range | null {
  if (!r || numerator === null || !(r.low > 0)) return null;
  const out = { point: numerator / r.point, low: numerator / r.high, high: numerator / r.low };
  return [out.point, out.low, out.high].every((n) => Number.isFinite(n) && n >= 0) ? out : null;
}

export function efficiencyMetrics(analysis: Analysis): Metric[] {
  const run = analysis.run;
  const p = analysis.projection;
  const tokens = usable(run?.tokens?.value);
  const params = usable(run?.params?.value);
  const flops = usable(p?.flops);
  const energy = p?.energyKWh ?? null;
  const gpuHours = p?.gpuHours ?? null;
  const why = (...needs: Array<[unknown, string]>) =>
    needs
      .filter(([v]) => v === null || v === undefined)
      .map(([, name]) => name)
      .join(' and ');
  const metric = (m: Omit<Metric, 'missing'>, reasons: Array<[unknown, string]>): Metric =>
    m.value === null ? { ...m, range: null, missing: `needs ${why(...reasons) || 'a usable projection'}` } : m;

  const energyWh = energy ? { point: energy.point * WH_PER_KWH, low: energy.low * WH_PER_KWH, high: energy.high * WH_PER_KWH } : null;
  const serving = servingMetrics(analysis);
  const tokensB = tokens === null ? null : tokens / BILLION;
  const paramsB = params === null ? null : params / BILLION;
  return [
    metric({ id: 'flopsPerToken', label: 'training FLOPs per token', unit: 'FLOP/token', value: ratio(flops, tokens), range: null }, [
      [flops, 'the training FLOPs (parameters and tokens)'],
      [tokens, 'the training tokens'],
    ]),
    metric({ id: 'tokensPerKWh', label: 'tokens per kWh', unit: 'tokens/kWh', value: ratio(tokens, usable(energy?.point)), range: invertRange(tokens, energy) }, [
      [tokens, 'the training tokens'],
      [energy, 'the energy (a GPU type and count)'],
    ]),
    metric(
      {
        id: 'energyKWhPerBillionParams',
        label: 'energy per billion parameters',
        unit: 'kWh per B params',
        value: ratio(usable(energy?.point), paramsB),
        range: divideRange(energy, paramsB),
      },
      [
        [paramsB, 'the parameter count'],
        [energy, 'the energy (a GPU type and count)'],
      ],
    ),
    // The same quantity in the unit the literature tables use (Wh per parameter, e.g. 0.0077 Wh for a 7B model).
    metric(
      {
        id: 'energyWhPerParam',
        label: 'energy per parameter',
        unit: 'Wh per param',
        value: ratio(energyWh?.point ?? null, params),
        range: divideRange(energyWh, params),
      },
      [
        [params, 'the parameter count'],
        [energy, 'the energy (a GPU type and count)'],
      ],
    ),
    metric({ id: 'mfu', label: 'MFU used (model FLOPs utilisation)', unit: 'fraction', value: usable(p?.mfu?.point), range: p?.mfu ?? null }, [[p?.mfu, 'a projection (the GPU type)']]),
    metric({ id: 'hfu', label: 'HFU (hardware FLOPs utilisation, with recomputation)', unit: 'fraction', value: usable(p?.hfu?.point), range: p?.hfu ?? null }, [
      [p?.hfu, 'a projection (the GPU type)'],
    ]),
    metric(
      {
        id: 'gpuHoursPerBillionTokens',
        label: 'GPU-hours per billion tokens',
        unit: 'GPU-h per B tokens',
        value: ratio(usable(gpuHours?.point), tokensB),
        range: divideRange(gpuHours, tokensB),
      },
      [
        [tokensB, 'the training tokens'],
        [gpuHours, 'the GPU-hours (a GPU type and count)'],
      ],
    ),
    ...serving,
  ];
}

/**
 * What serving the trained model costs per answer, and after how many answers serving has used as much energy as
 * training: the reference per-token figure (a data-table row) scaled to the run's active parameters, at the run's own
 * PUE and grid, for an answer of the default length.
 */
function servingMetrics(analysis: Analysis): Metric[] {
  const active = usable(analysis.run?.activeParams?.value) ?? usable(analysis.run?.params?.value);
  const serving = servingFootprint(active, analysis.projection);
  const b = serving?.basis;
  const basis = b ? `${serving.outputTokensPerRequest}-token answer, ${b.model} ${b.gpu} ${b.precision} ${b.whPerOutputTokenMeasured} Wh/token scaled by parameters` : '';
  const serve = (id: Metric['id'], label: string, unit: string, value: number | null, needs: string): Metric =>
    value === null ? { id, label, unit, value: null, range: null, missing: `needs ${needs}` } : { id, label, unit, value, range: null };
  return [
    serve('inferenceCO2eGPerRequest', `inference carbon per request (${basis})`, 'gCO2e', serving?.request?.co2eG ?? null, 'the parameter count, the PUE and the grid'),
    serve(
      'inferenceBreakEvenRequests',
      `requests until serving uses the training energy (${basis})`,
      'requests',
      serving?.breakEvenRequests ?? null,
      'the parameter count and the energy (a GPU type and count)',
    ),
  ];
}
