// Energy and carbon methodology (issue 3, item 3).
//
// Two presets, named as their sources name them:
//   'rated'    GPU-hours × rated power (TDP): what Meta's model cards, BLOOM and LLaMA report. GPUs only.
//   'measured' GPU-hours × (typical draw fraction × TDP + server power per GPU): measured studies find nodes draw
//              less than rated at the GPUs but the server adds its share (data/power.ts).
// PUE multiplies the IT energy to give facility energy, and stays a separate visible number. Carbon is
// location-based (facility energy × grid intensity); a market-based figure is given only when the user states the
// factor (contracts, certificates). Embodied carbon is amortised per GPU-hour over a stated lifetime and
// utilisation, off by default and always reported separately.
import { formatPercent } from '../present/units';
import { MEASURED_DRAW } from '../data/power';
import type { GpuRow } from '../data/gpus';

export type EnergyMethod = 'rated' | 'measured';

export interface GpuPower {
  /** Average electrical power attributed to one GPU, W. */
  watts: number;
  detail: string;
}

const HOURS_PER_YEAR = 24 * 365;
const W_PER_KW = 1000;
const G_PER_KG = 1000;

export function powerPerGpu(gpu: GpuRow, method: EnergyMethod): GpuPower {
  if (method === 'rated') {
    return { watts: gpu.ratedPowerW, detail: `${gpu.name} rated ${gpu.ratedPowerW} W (rated power × hours, as model cards report)` };
  }
  const gpuW = gpu.ratedPowerW * MEASURED_DRAW.gpuDrawFraction;
  const watts = gpuW + MEASURED_DRAW.serverWPerGpu;
  return {
    watts,
    detail:
      `${formatPercent(MEASURED_DRAW.gpuDrawFraction)} of ${gpu.ratedPowerW} W (${MEASURED_DRAW.gpuDrawSource}) + ` + `${MEASURED_DRAW.serverWPerGpu} W server share (${MEASURED_DRAW.serverSource})`,
  };
}

/** Energy at the GPUs (or servers, for 'measured'), before PUE. */
export function itEnergyKWh(gpuHours: number, wattsPerGpu: number): number {
  return (gpuHours * wattsPerGpu) / W_PER_KW;
}

/** Energy at the facility meter: IT energy × PUE. */
export function facilityEnergyKWh(itKWh: number, pue: number): number {
  return itKWh * pue;
}

/** Location-based emissions: energy × grid intensity. */
export function co2eKgFor(energyKWh: number, gCO2ePerKWh: number): number {
  return (energyKWh * gCO2ePerKWh) / G_PER_KG;
}

/**
 * Embodied carbon attributed to one GPU-hour: the GPU's manufacturing emissions spread over the hours it is busy
 * in its lifetime (CCF / SCI allocation: total × time reserved / lifespan).
 */
export function embodiedKgPerGpuHour(kgPerGpu: number, lifetimeYears: number, utilisation: number): number {
  const busyHours = lifetimeYears * HOURS_PER_YEAR * utilisation;
  return busyHours > 0 ? kgPerGpu / busyHours : 0;
}
