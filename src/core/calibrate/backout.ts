// Backs out what a run really achieved from a measurement of it, against the config's own analysis:
//   achieved MFU  = model FLOPs done / (GPUs × dense peak × seconds)
//   GPU power     = gpu_energy / duration / GPUs the tracker saw        (average draw at the GPUs)
//   system power  = (CPU + GPU + RAM energy) / duration                  (the whole tracked machine)
// The measured span may be the whole run or a stated part of it (tokens or steps done); the measured figures are
// then scaled to the whole run to compare with the projection. Every number is checked: a value that would be
// NaN, infinite, zero or past 100% MFU becomes a one-line reason instead.
import type { Analysis } from '../analyze';
import type { Range } from '../estimate/types';
import type { Measurement } from './emissions';

const SECONDS_PER_HOUR = 3600;
const J_PER_KWH = 3.6e6;
const G_PER_KG = 1000;

/** What part of the run the measurement covers: given by the user, or the whole run. */
export interface Done {
  tokensDone?: number;
  stepsDone?: number;
}

/** The measured span: a CodeCarbon file, or a logged whole-job throughput. */
export type Evidence = { kind: 'emissions'; measurement: Measurement; fileName: string } | { kind: 'throughput'; tokensPerSecond: number };

export interface ComparisonRow {
  label: string;
  unit: string;
  projected: Range | null;
  /** The measurement scaled to the whole run; null when the measurement cannot say. */
  measured: number | null;
  /** Why `measured` is null, in words ("0 in the file"); absent: the file does not carry it. */
  unmeasured?: string;
}

export interface BackedOut {
  mfu: number;
  /** Average power at the GPUs, W per GPU; null when the file has no GPU energy. */
  wattsPerGpu: number | null;
  /** Why `wattsPerGpu` is null, in words. */
  powerUnknown?: string;
  /** Whole tracked machine (CPU + GPU + RAM) per GPU, W; null when unknown. */
  systemWattsPerGpu: number | null;
  /** Whole tracked machine, W. */
  systemWatts: number | null;
  /** Share of the run the measurement covers (1 = all of it) and how that was decided. */
  fraction: number;
  fractionDetail: string;
  gpus: number;
  gpuType: string;
  comparison: ComparisonRow[];
  notes: string[];
}

export type BackOutResult = { ok: true; result: BackedOut } | { ok: false; message: string };

function positive(n: number | null | undefined): n is number {
  return typeof n === 'number' && Number.isFinite(n) && n > 0;
}

function peakOf(analysis: Analysis): number | undefined {
  const a = analysis.projection?.assumptions.find((x) => x.name === 'peakFlopsPerGpu');
  return a && typeof a.value === 'number' && positive(a.value) ? a.value : undefined;
}

function gpuTypeOf(analysis: Analysis): string {
  const a = analysis.projection?.assumptions.find((x) => x.name === 'gpuType');
  return typeof a?.value === 'string' ? a.value : 'unknown';
}

function spanFraction(analysis: Analysis, done: Done): { fraction: number; detail: string } | string {
  const run = analysis.run;
  if (done.tokensDone !== undefined && done.stepsDone !== undefined) return 'give --tokens-done or --steps-done, not both';
  if (done.tokensDone !== undefined) {
    const total = run?.tokens?.value;
    if (!positive(total)) return 'the config gives no training tokens to compare --tokens-done with (set --tokens)';
    if (done.tokensDone > total) return `--tokens-done ${done.tokensDone} is more than the run's ${total} tokens`;
    return { fraction: done.tokensDone / total, detail: `${done.tokensDone.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} tokens (--tokens-done)` };
  }
  if (done.stepsDone !== undefined) {
    const total = run?.trainIters?.value;
    if (!positive(total)) return 'the config gives no number of training steps to compare --steps-done with (use --tokens-done)';
    if (done.stepsDone > total) return `--steps-done ${done.stepsDone} is more than the run's ${total} steps`;
    return { fraction: done.stepsDone / total, detail: `${done.stepsDone.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} steps (--steps-done)` };
  }
  return { fraction: 1, detail: 'the whole run (no --tokens-done or --steps-done given)' };
}

export function backOut(analysis: Analysis, evidence: Evidence, done: Done = {}): BackOutResult {
  const fail = (message: string): BackOutResult => ({ ok: false, message });
  const projection = analysis.projection;
  const flops = projection?.flops;
  if (!projection || !positive(flops)) return fail(`${analysis.fileName}: the run's FLOPs are unknown (model size or training tokens missing), so no MFU can be backed out`);
  const peak = peakOf(analysis);
  if (peak === undefined) return fail(`${analysis.fileName}: the GPU's peak is unknown (set --gpu)`);
  const gpus = analysis.run?.gpus?.value;
  if (!positive(gpus)) return fail(`${analysis.fileName}: the GPU count is unknown (set --gpus): MFU is per GPU`);

  const notes: string[] = [];
  let seconds: number;
  let fraction: number;
  let fractionDetail: string;
  if (evidence.kind === 'throughput') {
    const tokens = analysis.run?.tokens?.value;
    if (!positive(tokens)) return fail(`${analysis.fileName}: the run's training tokens are unknown (set --tokens) to turn tokens per second into time`);
    if (!positive(evidence.tokensPerSecond)) return fail('--tokens-per-second must be a positive number');
    if (done.tokensDone !== undefined || done.stepsDone !== undefined) return fail('--tokens-done and --steps-done go with an emissions.csv, not with --tokens-per-second');
    // A whole-job throughput holds for the whole run: the run's time is its tokens at that rate.
    seconds = tokens / evidence.tokensPerSecond;
    fraction = 1;
    fractionDetail = `the whole run at ${evidence.tokensPerSecond.toLocaleString('en-US')} tokens/s for the whole job`;
  } else {
    const span = spanFraction(analysis, done);
    if (typeof span === 'string') return fail(span);
    seconds = evidence.measurement.durationS;
    fraction = span.fraction;
    fractionDetail = span.detail;
    notes.push(`${evidence.fileName}: ${evidence.measurement.combined}, ${seconds.toFixed(0)} s`);
  }
  if (!positive(seconds) || !positive(fraction)) return fail('the measured span has no duration');

  const mfu = (flops * fraction) / (gpus * peak * seconds);
  if (!positive(mfu)) return fail('the measurement gives no usable MFU');
  if (mfu > 1) {
    return fail(
      `the measured time is too short for this work: it implies ${(mfu * 100).toFixed(0)}% MFU on ${gpus} GPUs; ` +
        'check the GPU count, the part of the run measured (--tokens-done, --steps-done) or the config',
    );
  }

  const wholeSeconds = seconds / fraction;
  const comparison: ComparisonRow[] = [
    { label: 'GPU-hours', unit: 'GPU-h', projected: projection.gpuHours, measured: (gpus * wholeSeconds) / SECONDS_PER_HOUR },
    { label: 'wall-clock', unit: 'h', projected: projection.wallClockHours, measured: wholeSeconds / SECONDS_PER_HOUR },
  ];

  let wattsPerGpu: number | null = null;
  let powerUnknown: string | undefined;
  let systemWattsPerGpu: number | null = null;
  let systemWatts: number | null = null;
  if (evidence.kind === 'emissions') {
    const m = evidence.measurement;
    // The tracker sees its own machine; a job on more GPUs than that is scaled up by GPU count.
    let trackedGpus = m.gpuCount;
    if (!positive(trackedGpus)) {
      trackedGpus = gpus;
      notes.push(`no gpu_count in the file: assumed the tracker saw all ${gpus} GPUs of the job`);
    } else if (trackedGpus !== gpus) {
      notes.push(`the tracker saw ${trackedGpus} GPUs of the job's ${gpus}: energy and emissions scaled by ${(gpus / trackedGpus).toFixed(2)}`);
    }
    const toWholeJob = gpus / trackedGpus / fraction;
    if (positive(m.gpuEnergyKWh)) wattsPerGpu = (m.gpuEnergyKWh * J_PER_KWH) / seconds / trackedGpus;
    else powerUnknown = m.gpuEnergyKWh === undefined ? 'unknown (no gpu_energy column)' : 'not measured (gpu_energy is 0 in the file)';
    const parts = [m.gpuEnergyKWh, m.cpuEnergyKWh, m.ramEnergyKWh];
    // CPU + GPU + RAM is the IT energy; energy_consumed is the same sum in CodeCarbon but may carry its PUE.
    const itKWh = parts.every((p) => p !== undefined) ? parts.reduce<number>((s, p) => s + (p ?? 0), 0) : m.energyKWh;
    if (positive(itKWh)) {
      systemWatts = (itKWh * J_PER_KWH) / seconds;
      systemWattsPerGpu = systemWatts / trackedGpus;
    }
    const total = m.energyKWh ?? itKWh;
    // A file whose energy is all 0 measured no energy (the tracker saw no device): its zero emissions are not a
    // measurement either.
    const noEnergy = !positive(total) && !positive(itKWh) && (total !== undefined || itKWh !== undefined);
    if (noEnergy) notes.push('the file records 0 energy: CodeCarbon measured no energy for this span, so power, energy and emissions are not compared');
    const zero = '0 in the file (not measured)';
    comparison.push({
      label: 'IT energy (before PUE)',
      unit: 'kWh',
      projected: projection.itEnergyKWh ?? null,
      measured: positive(itKWh) ? itKWh * toWholeJob : null,
      ...(itKWh !== undefined && !positive(itKWh) ? { unmeasured: zero } : {}),
    });
    comparison.push({
      label: 'emissions',
      unit: 'kgCO2e',
      projected: projection.co2eKg,
      measured: !noEnergy && m.emissionsKg !== undefined && Number.isFinite(m.emissionsKg) ? m.emissionsKg * toWholeJob : null,
      ...(noEnergy ? { unmeasured: zero } : {}),
    });
    // CodeCarbon's emissions carry its own grid intensity; a projection on another grid differs by that ratio.
    const projectedGrid = projection.assumptions.find((a) => a.name === 'gridGPerKWh')?.value;
    if (positive(total) && m.emissionsKg !== undefined && Number.isFinite(m.emissionsKg)) {
      const measuredGrid = (m.emissionsKg * G_PER_KG) / total;
      notes.push(
        `grid intensity in the file ${measuredGrid.toFixed(0)} gCO2e/kWh` +
          (typeof projectedGrid === 'number' ? `, projection ${projectedGrid.toFixed(0)} gCO2e/kWh (set --region or --grid to match)` : ''),
      );
    }
    if (fraction < 1) notes.push(`measured figures scaled to the whole run from ${fractionDetail}`);
  }
  return {
    ok: true,
    result: { mfu, wattsPerGpu, ...(powerUnknown ? { powerUnknown } : {}), systemWattsPerGpu, systemWatts, fraction, fractionDetail, gpus, gpuType: gpuTypeOf(analysis), comparison, notes },
  };
}
