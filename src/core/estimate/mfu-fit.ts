// Fitting and cross-validating the MFU model (mfu.ts) on the published runs: least squares of log MFU on the model's
// four free parameters, and leave-one-out — each run predicted by a fit made without it, its range the 80% band of
// the other runs' leave-one-out residuals (a jackknife interval with the (n+1) finite-sample correction). This is what
// the README's calibration table shows and what the validation test recomputes, so neither can drift from the data.
import { findGpu, peakFor } from '../data/gpus';
import { MFU_RANGE } from '../data/mfu-benchmarks';
import type { PublishedRun } from '../data/published-runs';
import { modelFlops } from './flops';
import { MFU_PARAM_NAMES, mfuDesign, mfuPoint, mfuPrior, type MfuInput, type MfuParams, type MfuPrior } from './mfu';

const SECONDS_PER_HOUR = 3600;
const TFLOPS = 1e12;
/** Keeps the normal equations solvable when a left-out run was the only one to inform a parameter. */
const RIDGE = 1e-9;

/** What the run's config would tell the model. */
export function mfuInputOf(run: PublishedRun): MfuInput | undefined {
  const gpu = findGpu(run.gpuId);
  const peak = gpu ? peakFor(gpu, run.precision) : undefined;
  if (!gpu || !peak) return undefined;
  return {
    generation: gpu.generation,
    precision: peak.precision,
    activeParams: run.activeParams,
    seqLength: run.seqLength,
    pipeline: run.layout?.pp ? { depth: run.layout.pp, microbatches: run.layout.microbatches } : undefined,
    moe: run.moe,
  };
}

/** The MFU the run's published GPU-hours imply: its model FLOPs (as the projection counts them) over GPU-h × peak. */
export function publishedMfu(run: PublishedRun): number | undefined {
  const gpu = findGpu(run.gpuId);
  const peak = gpu ? peakFor(gpu, run.precision) : undefined;
  if (!peak) return undefined;
  const flops = modelFlops({ activeParams: run.activeParams, tokens: run.tokens, layers: run.layers, hiddenSize: run.hiddenSize, seqLength: run.seqLength }).modelFlops;
  return flops / (run.publishedGpuHours * SECONDS_PER_HOUR * peak.tflops * TFLOPS);
}

interface Observation {
  run: PublishedRun;
  input: MfuInput;
  design: number[];
  offset: number;
  logMfu: number;
}

function observations(runs: readonly PublishedRun[]): Observation[] {
  const out: Observation[] = [];
  for (const run of runs) {
    const input = mfuInputOf(run);
    const mfu = publishedMfu(run);
    if (!input || mfu === undefined || !(mfu > 0)) continue;
    out.push({ run, input, ...mfuDesign(input), logMfu: Math.log(mfu) });
  }
  return out;
}

/** Solves A x = b (small, symmetric positive definite) by Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / m[col]![col]!;
      for (let c = col; c <= n; c++) m[r]![c]! -= f * m[col]![c]!;
    }
  }
  return m.map((row, i) => row[n]! / row[i]!);
}

function fitObservations(obs: readonly Observation[]): MfuParams {
  const k = MFU_PARAM_NAMES.length;
  const ata = Array.from({ length: k }, (_, i) => Array.from({ length: k }, (_, j) => (i === j ? RIDGE : 0)));
  const atb = Array.from({ length: k }, () => 0);
  for (const o of obs) {
    // Runs on generations with no free parameter (TPU, Volta) inform nothing; skip them.
    if (o.design.every((d) => d === 0)) continue;
    const y = o.logMfu - o.offset;
    for (let i = 0; i < k; i++) {
      atb[i]! += o.design[i]! * y;
      for (let j = 0; j < k; j++) ata[i]![j]! += o.design[i]! * o.design[j]!;
    }
  }
  const x = solve(ata, atb);
  return { lnAmpere: x[0]!, lnHopper: x[1]!, lnFp16: x[2]!, sizeSlopePerDecade: x[3]! };
}

/** The least-squares fit of the model's free parameters on the runs. */
export function fitMfu(runs: readonly PublishedRun[]): MfuParams {
  return fitObservations(observations(runs));
}

/** The k-th order statistic band of `residuals` that covers a share `nominal` with the (n+1) correction. */
export function residualBand(residuals: readonly number[], nominal: number): { low: number; high: number } {
  const sorted = [...residuals].sort((a, b) => a - b);
  const n = sorted.length;
  const k = Math.min(n, Math.ceil((n + 1) * (1 - (1 - nominal) / 2)));
  return { low: sorted[n - k]!, high: sorted[k - 1]! };
}

export interface LooRow {
  run: PublishedRun;
  publishedMfu: number;
  /** The model's prediction for this run, fitted without it (with its factor-by-factor explanation). */
  prior: MfuPrior;
  /** GPU-hours: point and range from the fit without this run, against the published figure. */
  gpuHours: { point: number; low: number; high: number };
  /** ln(published MFU / predicted MFU) = ln(predicted GPU-h / published GPU-h). */
  residual: number;
  inside: boolean;
}

export interface LooSummary {
  runs: number;
  nominal: number;
  inside: number;
  coverage: number;
  /** Median of max(projected/published, published/projected). */
  medianErrorFactor: number;
  worstErrorFactor: number;
  worstRun: string;
  /** Median of high/low of the GPU-hours range. */
  medianWidthFactor: number;
  /** The band of all the leave-one-out residuals, as multipliers of the point MFU (what MFU_RANGE stores). */
  band: { low: number; high: number };
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Leave-one-out over the runs: every row predicted without itself, every range from the other rows' residuals. */
export function leaveOneOut(runs: readonly PublishedRun[], nominal: number = MFU_RANGE.nominal): { rows: LooRow[]; summary: LooSummary } {
  const obs = observations(runs);
  const fits = obs.map((_, i) => fitObservations(obs.filter((__, j) => j !== i)));
  const residuals = obs.map((o, i) => o.logMfu - Math.log(mfuPoint(o.input, fits[i])));
  const rows = obs.map((o, i): LooRow => {
    const band = residualBand(
      residuals.filter((_, j) => j !== i),
      nominal,
    );
    const point = mfuPoint(o.input, fits[i]);
    const published = Math.exp(o.logMfu);
    // GPU-hours scale as 1/MFU: the published figure over the MFU ratio.
    const hours = (mfu: number) => (o.run.publishedGpuHours * published) / mfu;
    return {
      run: o.run,
      publishedMfu: published,
      prior: mfuPrior(o.input, fits[i]),
      gpuHours: { point: hours(point), low: hours(point * Math.exp(band.high)), high: hours(point * Math.exp(band.low)) },
      residual: residuals[i]!,
      inside: band.low <= residuals[i]! && residuals[i]! <= band.high,
    };
  });
  const errors = rows.map((r) => Math.exp(Math.abs(r.residual)));
  const worst = rows.reduce((a, b) => (Math.abs(b.residual) > Math.abs(a.residual) ? b : a));
  const inside = rows.filter((r) => r.inside).length;
  const all = residualBand(residuals, nominal);
  return {
    rows,
    summary: {
      runs: rows.length,
      nominal,
      inside,
      coverage: inside / rows.length,
      medianErrorFactor: median(errors),
      worstErrorFactor: Math.exp(Math.abs(worst.residual)),
      worstRun: worst.run.label,
      medianWidthFactor: median(rows.map((r) => r.gpuHours.high / r.gpuHours.low)),
      band: { low: Math.exp(all.low), high: Math.exp(all.high) },
    },
  };
}
