// What every report format says about a run, gathered once: the hardware in words, where it ran, what is missing,
// and the assumptions with their provenance. The formats only choose how to print it.
import type { Analysis } from '../analyze';
import { findGpu, type GpuRow } from '../data/gpus';
import { findRegion, type RegionRow } from '../data/regions';
import type { Assumption, Projection } from '../estimate/types';
import { FORMAT_LABELS, MISSING_HINTS, RUN_FIELD_LABELS } from '../present/labels';

/** The sentence every report carries: these are projections from a config, not measurements. */
export const PROJECTION_NOTICE = 'This is a PROJECTION from the training configuration, made before or without running it; it is not a measurement.';

/** Where the ranges come from: the MFU model's out-of-sample error, or none when the MFU was given or calibrated. */
export function rangeNote(projection: Projection | null): string {
  const mfu = projection?.mfu;
  if (!mfu) return '';
  return mfu.low === mfu.high
    ? 'The MFU was given (or calibrated from a measurement), so each range is a single value.'
    : "Ranges are the 80% band of the MFU model's leave-one-out error on published runs (each run predicted by a fit without it).";
}

export const TOOL_NAME = 'Footprint Lens';

export interface ReportFacts {
  file: string;
  formatLabel: string;
  runLabel: string;
  gpu: GpuRow | null;
  gpuCount: number | null;
  /** "1024 x NVIDIA A100 SXM 80GB", or null when the count or type is unknown. */
  hardwareUsed: string | null;
  region: RegionRow | null;
  /** The region in words: "France", or "not given (world-average grid assumed)". */
  location: string;
  /** "Google Cloud", "AWS", "Azure" when the region code names one. */
  cloudProvider: string | null;
  /** Every input the projection lacks, as "what to set" sentences. */
  missing: string[];
  /** The same, short: "parameters, training tokens, GPUs" (empty when nothing is missing). */
  missingShort: string;
  /** True when the meters (GPU-hours, energy, CO2e, cost) could be projected. */
  projected: boolean;
  assumptions: Assumption[];
  /** Assumptions that were the product's defaults rather than the file's or the user's values. */
  defaulted: Assumption[];
}

export function reportFacts(analysis: Analysis): ReportFacts {
  const run = analysis.run;
  const p = analysis.projection;
  const gpuAssumption = p?.assumptions.find((a) => a.name === 'gpuType');
  const gpuName = typeof gpuAssumption?.value === 'string' ? gpuAssumption.value : run?.gpuType?.value;
  const gpu = gpuName ? (findGpu(gpuName) ?? null) : null;
  const gpuCount = run?.gpus && Number.isFinite(run.gpus.value) && run.gpus.value > 0 ? run.gpus.value : null;
  const region = run?.region ? (findRegion(run.region.value) ?? null) : null;
  const missing = (run?.missing ?? []).map((m) => `${m}: set ${MISSING_HINTS[m]}`);
  const projected = Boolean(p?.gpuHours && p.co2eKg && p.energyKWh);
  if (!run) missing.push(`not a training config that ${TOOL_NAME} recognises`);
  else if (!projected && missing.length === 0) missing.push('the projection could not be made; see the findings');
  const assumptions = p?.assumptions ?? [];
  const short = (run?.missing ?? []).map((m) => RUN_FIELD_LABELS[m]);
  if (!run) short.push('a recognised training config');
  else if (!projected && short.length === 0) short.push('a usable projection (see the findings)');
  return {
    file: analysis.fileName,
    formatLabel: analysis.format ? FORMAT_LABELS[analysis.format] : 'unrecognised',
    runLabel: run?.label ?? analysis.fileName,
    gpu,
    gpuCount,
    // A GPU type the product assumed is said to be assumed: a model card must not state it as fact.
    hardwareUsed: gpu && gpuCount !== null ? `${gpuCount} x ${gpu.name}${gpuAssumption?.source === 'default' ? ' (assumed; no GPU type given)' : ''}` : null,
    region,
    location: region ? region.name : run?.region ? `${run.region.value} (not in the region table)` : 'not given (world-average grid assumed)',
    cloudProvider: region ? providerOf(region) : null,
    missing,
    missingShort: short.length ? `missing ${short.join(', ')}` : '',
    projected,
    assumptions,
    defaulted: assumptions.filter((a) => a.source === 'default'),
  };
}

function providerOf(region: RegionRow): string | null {
  if (region.code.startsWith('aws:')) return 'AWS';
  if (region.code.startsWith('azure:')) return 'Azure';
  if (region.name.startsWith('Google Cloud')) return 'Google Cloud';
  return null;
}

/** Words for each assumption name the estimator uses; unknown names are printed as they are. */
export const ASSUMPTION_LABELS: Record<string, string> = {
  flopsFormula: 'FLOPs formula',
  gpuType: 'GPU type',
  precision: 'precision',
  peakFlopsPerGpu: 'peak FLOP/s per GPU',
  mfu: 'MFU (model FLOPs utilisation)',
  gpuPowerKW: 'power per GPU',
  pue: 'PUE',
  gridGPerKWh: 'grid carbon intensity',
  priceUSDPerGpuHour: 'price per GPU-hour',
  restartOverhead: 'restart/failure overhead',
  spotDiscount: 'spot discount',
  embodiedKgPerGpuHour: 'embodied carbon per GPU-hour',
  marketGPerKWh: 'market-based grid factor',
};

export function assumptionLabel(a: Assumption): string {
  return ASSUMPTION_LABELS[a.name] ?? a.name;
}

/** An assumption's value with its unit, in words: "0.4 kW", "bf16", "1.1". */
export function assumptionValue(a: Assumption): string {
  if (typeof a.value === 'string') return a.value;
  if (a.unit === 'fraction') return `${(a.value * 100).toFixed(1).replace(/\.0$/, '')}%`;
  if (a.unit === 'FLOP/s') return `${(a.value / 1e12).toLocaleString('en-US', { maximumFractionDigits: 1 })} TFLOP/s`;
  const n = Number.isInteger(a.value) ? a.value.toLocaleString('en-US') : String(Number(a.value.toPrecision(4)));
  return a.unit ? `${n} ${a.unit}` : n;
}

/** The energy methodology ("rated" or "measured"), as the power assumption names it. */
export function energyMethodOf(assumptions: readonly Assumption[]): string | null {
  const power = assumptions.find((a) => a.name === 'gpuPowerKW');
  const method = power?.detail.split(':')[0]?.trim();
  return method === 'rated' ? 'rated power × hours' : method === 'measured' ? 'measured-typical draw' : null;
}

/** "default", "from the file", "command-line flag --gpu": where the assumption came from. */
export function provenanceOf(a: Assumption): string {
  return a.source === 'default' ? `default: ${a.detail}` : `${a.source}: ${a.detail}`;
}
