// The projection: a run (with overrides already layered on by the caller) to FLOPs, GPU-hours, wall-clock, energy,
// CO2e and cost, each a point with a range, and every assumption with where it came from.
//
//   FLOPs      = 6·N_active·D (+ 12·L·d·s·D when L, d, s are known)                 flops.ts
//                or, for a fine-tune, the sum of its passes (LoRA 4·N, DPO's reference, RL generation)  finetune.ts
//   GPU-hours  = FLOPs / (dense peak at the run's precision × MFU × 3600) × (1 + restart overhead)
//   wall-clock = GPU-hours / GPUs
//   energy     = GPU-hours × power per GPU (rated or measured preset) × PUE          energy.ts
//   CO2e       = energy × grid intensity (+ embodied per GPU-hour when asked for)
//   cost       = GPU-hours × price per GPU-hour × (1 − spot discount)
// The range of every meter comes from the MFU range (mfu.ts); the other inputs are taken as exact.
// A meter that cannot be known is null and a finding says which input to set. Never NaN, Infinity or negative.
import { formatPercent } from '../present/units';
import { DEFAULT_GPU_ID, findGpu, peakFor, type GpuRow } from '../data/gpus';
import { DEFAULT_EMBODIED_GPU_ID, DEFAULT_LIFETIME_YEARS, DEFAULT_UTILISATION, embodiedFor } from '../data/power';
import { DEFAULT_PUE_ID, defaultPue } from '../data/pue';
import { defaultPrice, priceFor } from '../data/prices';
import { DEFAULT_REGION_CODE, findRegion } from '../data/regions';
import type { Adapter, Finding, Overrides, Precision, RunSpec, Sourced } from '../types';
import { co2eKgFor, embodiedKgPerGpuHour, facilityEnergyKWh, itEnergyKWh, powerPerGpu, type EnergyMethod } from './energy';
import { modelFlops, thresholdFindings } from './flops';
import { fineTuneCompute } from './finetune';
import { fineTuneWork, pretrainingWork, type Work } from './work';
import { MFU_RANGE } from '../data/mfu-benchmarks';
import { decodeMfuPrior, mfuPrior, type MfuFactor, type MfuInput } from './mfu';
import { FINETUNE_MFU, QLORA_TIME_FACTOR } from '../data/finetune';
import type { Assumption, ComputeOptimal, Projection, Range } from './types';
import { inputSpec, withinBounds, type InputId } from '../inputs/registry';
import { finding } from '../present/findings';

/**
 * Every input the projection reads is a Sourced field of the run, layered by the caller (run/inputs.ts), so each
 * assumption names the layer that set it. Only what is not a run input comes here.
 */
export interface ProjectOptions {
  /** A measured calibration (its MFU and power per GPU); a run that states its own MFU keeps it. */
  calibration?: Overrides['calibration'];
  /** Include embodied carbon of the GPUs, amortised per GPU-hour, with this life and use (run.includeEmbodied also turns it on). */
  embodied?: { lifetimeYears?: number; utilisation?: number };
  /** When the run names no GPU, project on the default GPU (true, the default) or leave GPU-hours unknown. */
  assumeDefaultGpu?: boolean;
}

export interface ProjectResult {
  projection: Projection;
  findings: Finding[];
}

const TFLOPS = 1e12;
const DEFAULT_PRECISION: Precision = 'bf16';
const DEFAULT_ENERGY_METHOD: EnergyMethod = 'rated';

export { gpuHoursFor } from './work';

/** A strictly positive finite number, or undefined. */
function usable(value: number | undefined | null): number | undefined {
  return value !== undefined && value !== null && Number.isFinite(value) && value > 0 ? value : undefined;
}

/** A calibration whose MFU is a usable fraction of peak. */
function usableCalibration(c: Overrides['calibration']): boolean {
  return c !== undefined && usable(c.mfu) !== undefined && c.mfu <= 1;
}

/** The run's value of an input when it is within the input's bounds (registry.ts), else undefined. */
function bounded(id: InputId, s: Sourced<number> | undefined): Sourced<number> | undefined {
  return s && withinBounds(inputSpec(id), s.value) ? s : undefined;
}

function scale(range: Range, factor: number): Range {
  return { point: range.point * factor, low: range.low * factor, high: range.high * factor };
}

function assumption<T>(name: string, value: number | string, unit: string, from: Pick<Sourced<T>, 'source' | 'detail'>): Assumption {
  return { name, value, unit, source: from.source, detail: from.detail };
}

/** Resolves the GPU: the run's (forgiving lookup), else the documented default. */
function resolveGpu(run: RunSpec, assumeDefault: boolean, findings: Finding[]): { gpu: GpuRow; from: Pick<Sourced<string>, 'source' | 'detail'> } | undefined {
  if (run.gpuType) {
    const gpu = findGpu(run.gpuType.value);
    if (gpu) return { gpu, from: { source: run.gpuType.source, detail: `${run.gpuType.detail} → ${gpu.name}` } };
    findings.push(finding('unknown-gpu', { name: run.gpuType.value }, { span: run.gpuType.span }));
    return undefined;
  }
  if (!assumeDefault) {
    findings.push(finding('missing-gpu-type'));
    return undefined;
  }
  const gpu = findGpu(DEFAULT_GPU_ID);
  if (!gpu) return undefined;
  findings.push(finding('default-gpu', { gpu: gpu.name }));
  return { gpu, from: { source: 'default', detail: `no GPU type given; ${gpu.name}, the most common in published runs` } };
}

/**
 * What the config tells the MFU model: size, context, pipeline layout, mixture of experts; for a fine-tune the method
 * factors (fine-tuning utilisation, QLoRA's dequantisation) and the fine-tune range.
 */
function mfuInputFor(run: RunSpec, gpu: GpuRow, precision: Precision, activeParams: number | undefined, seqLength: number | undefined): MfuInput {
  const pp = usable(run.parallel.pp?.value);
  const moe = run.arch.moe;
  const bf16 = gpu.peakTFlops.bf16 ?? gpu.peakTFlops.fp16;
  return {
    generation: gpu.generation,
    precision,
    ridgeFlopsPerByte: gpu.memoryTBps && bf16 ? bf16 / gpu.memoryTBps : undefined,
    ...(run.fineTune ? { methodFactors: fineTuneMfuFactors(run.fineTune.adapter.value), range: FINETUNE_MFU.range } : {}),
    activeParams,
    seqLength,
    // Micro-batches per pipeline flush are the gradient-accumulation steps (Megatron: global / (micro × DP)).
    pipeline: pp !== undefined && pp > 1 ? { depth: pp, microbatches: usable(run.gradAccum?.value) } : undefined,
    moe: moe && usable(moe.experts.value) && usable(moe.topK.value) ? { experts: moe.experts.value, topK: moe.topK.value, shared: usable(moe.sharedExperts?.value) } : undefined,
  };
}

/** A fine-tune's utilisation against the pretraining prior, and QLoRA's dequantisation, as factors of the MFU model. */
function fineTuneMfuFactors(adapter: Adapter): MfuFactor[] {
  const factors: MfuFactor[] = [{ label: 'fine-tuning on one node', multiplier: FINETUNE_MFU.factor, source: `${FINETUNE_MFU.source} (${FINETUNE_MFU.year})` }];
  if (adapter === 'qlora') {
    factors.push({
      label: `QLoRA dequantisation (${QLORA_TIME_FACTOR.range.point}× the time of LoRA)`,
      multiplier: 1 / QLORA_TIME_FACTOR.range.point,
      source: `${QLORA_TIME_FACTOR.source} (${QLORA_TIME_FACTOR.year})`,
    });
  }
  return factors;
}

export function project(run: RunSpec, options: ProjectOptions = {}): ProjectResult {
  const findings: Finding[] = [];
  const assumptions: Assumption[] = [];
  const calibration = usableCalibration(options.calibration) ? options.calibration : undefined;
  const empty: Projection = {
    flops: null,
    hardwareFlops: null,
    gpuHours: null,
    wallClockHours: null,
    energyKWh: null,
    co2eKg: null,
    costUSD: null,
    assumptions,
  };

  // --- FLOPs -------------------------------------------------------------------------------------------------
  const activeParams = usable(run.activeParams?.value) ?? usable(run.params?.value);
  const tokens = usable(run.tokens?.value);
  if (activeParams === undefined) {
    findings.push(finding('missing-params'));
  }
  if (tokens === undefined) {
    findings.push(finding('missing-tokens'));
  }
  const layers = usable(run.arch.layers?.value);
  const hiddenSize = usable(run.arch.hiddenSize?.value);
  const seqLength = usable(run.seqLength?.value);
  const recompute = run.recompute?.value ?? 'none';
  const projection: Projection = { ...empty };
  let work: Work | undefined;
  if (activeParams !== undefined && tokens !== undefined) {
    work = run.fineTune
      ? fineTuneWork(fineTuneCompute({ spec: run.fineTune, activeParams, tokens, layers, hiddenSize, seqLength, recompute }), decodeMfuPrior())
      : pretrainingWork(modelFlops({ activeParams, tokens, layers, hiddenSize, seqLength }), recompute);
    if (!Number.isFinite(work.hardwareFlops)) {
      // Sizes like 1e300 overflow: say so rather than print Infinity.
      findings.push(finding('absurd-size'));
      work = undefined;
    }
  }
  if (work) {
    projection.flops = work.modelFlops;
    projection.hardwareFlops = work.hardwareFlops;
    assumptions.push(work.formula);
    if (work.compute) projection.fineTune = { terms: work.compute.terms, notes: work.compute.notes };
    findings.push(...thresholdFindings(work.modelFlops));
  }

  // --- hardware and MFU --------------------------------------------------------------------------------------
  const resolved = resolveGpu(run, options.assumeDefaultGpu ?? true, findings);
  if (!resolved) return { projection, findings };
  const { gpu } = resolved;
  assumptions.push(assumption('gpuType', gpu.id, '', resolved.from));

  const requested = run.precision?.value ?? DEFAULT_PRECISION;
  const precisionFrom = run.precision ?? { source: 'default' as const, detail: `no precision given; ${DEFAULT_PRECISION}, the usual for LLM training` };
  const peak = peakFor(gpu, requested);
  if (!peak) {
    findings.push(finding('no-peak', { gpu: gpu.name, precision: requested }));
    return { projection, findings };
  }
  if (peak.precision !== requested) {
    findings.push(finding('precision-fallback', { gpu: gpu.name, requested, used: peak.precision }));
  }
  assumptions.push(assumption('precision', peak.precision, '', precisionFrom));
  assumptions.push({
    name: 'peakFlopsPerGpu',
    value: peak.tflops * TFLOPS,
    unit: 'FLOP/s',
    source: 'default',
    detail: `${gpu.name} dense ${peak.precision} peak ${peak.tflops} TFLOP/s (${gpu.source}, ${gpu.year})`,
  });

  const gpus = usable(run.gpus?.value);
  const userMfu = usable(run.mfu?.value);
  let mfu: Range;
  if (userMfu !== undefined && run.mfu && userMfu <= 1) {
    // A stated MFU is taken as exact: the range it would otherwise carry is what the user has resolved.
    mfu = { point: userMfu, low: userMfu, high: userMfu };
    assumptions.push(assumption('mfu', userMfu, 'fraction', run.mfu));
  } else if (calibration) {
    // A measured MFU is exact for this run's setup, as a stated one is; a different GPU makes it a guess: say so.
    const cal = calibration;
    mfu = { point: cal.mfu, low: cal.mfu, high: cal.mfu };
    assumptions.push({ name: 'mfu', value: cal.mfu, unit: 'fraction', source: 'setting', detail: `calibrated from ${cal.from}` });
    if (cal.gpuType && findGpu(cal.gpuType)?.id !== gpu.id) {
      findings.push(finding('calibration-gpu-mismatch', { from: cal.from, measuredOn: cal.gpuType, gpu: gpu.name }));
    }
  } else {
    if (userMfu !== undefined) findings.push(finding('bad-mfu', { mfu: userMfu }));
    const prior = mfuPrior(mfuInputFor(run, gpu, peak.precision, activeParams, seqLength));
    mfu = prior;
    assumptions.push({
      name: 'mfu',
      value: prior.point,
      unit: 'fraction',
      source: 'default',
      detail: `${prior.explanation} (${formatPercent(MFU_RANGE.nominal)} range ${formatPercent(prior.low)}–${formatPercent(prior.high)}, leave-one-out on published ${run.fineTune ? 'fine-tuning ' : ''}runs)`,
    });
  }
  projection.mfu = mfu;

  if (!work) return { projection, findings };
  if (work.modelFlops > 0) projection.hfu = scale(mfu, work.hardwareFlops / work.modelFlops);

  // --- GPU-hours and wall-clock ------------------------------------------------------------------------------
  const restartFrom = bounded('restartOverhead', run.restartOverhead);
  const restart = restartFrom?.value ?? 0;
  if (restartFrom && restart > 0) {
    assumptions.push({
      name: 'restartOverhead',
      value: restart,
      unit: 'fraction',
      source: restartFrom.source,
      detail: `+${formatPercent(restart)} GPU-hours lost to restarts and failures (${restartFrom.detail})`,
    });
  }
  const gpuHours: Range = scale(work.gpuHours(peak.tflops * TFLOPS, mfu, assumptions), 1 + restart);
  projection.gpuHours = gpuHours;
  if (gpus !== undefined) {
    projection.wallClockHours = scale(gpuHours, 1 / gpus);
  } else {
    findings.push(finding('missing-gpus'));
  }

  // --- energy ------------------------------------------------------------------------------------------------
  const methodFrom = run.energyMethod;
  const method: EnergyMethod = methodFrom?.value ?? DEFAULT_ENERGY_METHOD;
  const calibratedW = calibration ? usable(calibration.wattsPerGpu) : undefined;
  const power = calibratedW !== undefined ? { watts: calibratedW, detail: `measured ${calibratedW.toFixed(0)} W per GPU` } : powerPerGpu(gpu, method);
  assumptions.push(
    calibratedW !== undefined
      ? { name: 'gpuPowerKW', value: calibratedW / 1000, unit: 'kW', source: 'setting', detail: `calibrated from ${calibration!.from}: ${power.detail}` }
      : {
          name: 'gpuPowerKW',
          value: power.watts / 1000,
          unit: 'kW',
          source: methodFrom?.source ?? 'default',
          detail: `${method}: ${power.detail}${methodFrom ? ` (${methodFrom.detail})` : ''}`,
        },
  );
  const pue = usable(run.pue?.value) ?? defaultPue().pue;
  const pueRow = defaultPue();
  assumptions.push(
    run.pue && usable(run.pue.value)
      ? assumption('pue', pue, '', run.pue)
      : { name: 'pue', value: pue, unit: '', source: 'default', detail: `${pueRow.name} (${DEFAULT_PUE_ID}: ${pueRow.source}, ${pueRow.year})` },
  );
  const itKWh = scale(gpuHours, itEnergyKWh(1, power.watts));
  projection.itEnergyKWh = itKWh;
  projection.energyKWh = scale(itKWh, facilityEnergyKWh(1, pue));

  // --- carbon ------------------------------------------------------------------------------------------------
  const grid = resolveGrid(run, findings);
  assumptions.push({ name: 'gridGPerKWh', value: grid.gCO2ePerKWh, unit: 'gCO2e/kWh', source: grid.source, detail: grid.detail });
  let co2e = scale(projection.energyKWh, co2eKgFor(1, grid.gCO2ePerKWh));
  const embodiedFrom = run.includeEmbodied?.value === true ? run.includeEmbodied : undefined;
  const embodiedOption = options.embodied ?? (embodiedFrom ? {} : undefined);
  if (embodiedOption) {
    const row = embodiedFor(gpu.id) ?? embodiedFor(DEFAULT_EMBODIED_GPU_ID);
    const years = usable(embodiedOption.lifetimeYears) ?? DEFAULT_LIFETIME_YEARS.years;
    const givenUse = usable(embodiedOption.utilisation);
    const utilisation = givenUse !== undefined && givenUse <= 1 ? givenUse : DEFAULT_UTILISATION.fraction;
    if (row) {
      const perHour = embodiedKgPerGpuHour(row.kgCO2ePerGpu, years, utilisation);
      const embodied = scale(gpuHours, perHour);
      projection.embodiedCo2eKg = embodied;
      co2e = { point: co2e.point + embodied.point, low: co2e.low + embodied.low, high: co2e.high + embodied.high };
      assumptions.push({
        name: 'embodiedKgPerGpuHour',
        value: perHour,
        unit: 'kgCO2e/GPU-h',
        source: embodiedFrom?.source ?? 'setting',
        detail: `embodied (included, labelled${embodiedFrom ? `: ${embodiedFrom.detail}` : ''}): ${row.kgCO2ePerGpu} kg per GPU (${row.boundary}; ${row.source}) over ${years} years at ${formatPercent(utilisation)} use`,
      });
    }
  }
  projection.co2eKg = co2e;
  const marketFrom = bounded('marketGPerKWh', run.marketGPerKWh);
  if (marketFrom) {
    const market = marketFrom.value;
    projection.marketCo2eKg = scale(projection.energyKWh, co2eKgFor(1, market));
    assumptions.push({ name: 'marketGPerKWh', value: market, unit: 'gCO2e/kWh', source: marketFrom.source, detail: `market-based factor (contracts, certificates): ${marketFrom.detail}` });
  }

  // --- cost --------------------------------------------------------------------------------------------------
  const price = resolvePrice(run, gpu);
  const spotFrom = bounded('spotDiscount', run.spotDiscount);
  const spot = spotFrom?.value ?? 0;
  const effectivePrice = price.usdPerGpuHour * (1 - spot);
  assumptions.push({ name: 'priceUSDPerGpuHour', value: price.usdPerGpuHour, unit: 'USD/GPU-h', source: price.source, detail: price.detail });
  if (spotFrom && spot > 0) {
    assumptions.push({ name: 'spotDiscount', value: spot, unit: 'fraction', source: spotFrom.source, detail: `${formatPercent(spot)} off on-demand (spot/preemptible): ${spotFrom.detail}` });
  }
  projection.costUSD = scale(gpuHours, effectivePrice);

  return { projection, findings };
}

function resolveGrid(run: RunSpec, findings: Finding[]): { gCO2ePerKWh: number; source: Assumption['source']; detail: string } {
  const given = usable(run.gridGPerKWh?.value) ?? (run.gridGPerKWh?.value === 0 ? 0 : undefined);
  if (given !== undefined && run.gridGPerKWh) return { gCO2ePerKWh: given, source: run.gridGPerKWh.source, detail: run.gridGPerKWh.detail };
  if (run.region) {
    const row = findRegion(run.region.value);
    if (row) return { gCO2ePerKWh: row.gCO2ePerKWh, source: run.region.source, detail: `${row.name}: ${row.gCO2ePerKWh} gCO2e/kWh (${row.method}; ${row.source}, ${row.year})` };
    findings.push(finding('unknown-region', { region: run.region.value }, { span: run.region.span }));
  }
  const world = findRegion(DEFAULT_REGION_CODE);
  const gCO2ePerKWh = world?.gCO2ePerKWh ?? 0;
  return { gCO2ePerKWh, source: 'default', detail: `no region given; ${world?.name ?? 'world'} ${gCO2ePerKWh} gCO2e/kWh (${world?.source ?? ''}, ${world?.year ?? ''})` };
}

function resolvePrice(run: RunSpec, gpu: GpuRow): { usdPerGpuHour: number; source: Assumption['source']; detail: string } {
  const given = usable(run.priceUSDPerGpuHour?.value);
  if (given !== undefined && run.priceUSDPerGpuHour) return { usdPerGpuHour: given, source: run.priceUSDPerGpuHour.source, detail: run.priceUSDPerGpuHour.detail };
  const row = priceFor(gpu.id);
  if (row) return { usdPerGpuHour: row.usdPerGpuHour, source: 'default', detail: `${row.provider} ${row.kind} (${row.source}, ${row.year})` };
  const fallback = defaultPrice();
  return {
    usdPerGpuHour: fallback.usdPerGpuHour,
    source: 'default',
    detail: `no price for ${gpu.name}; ${fallback.provider} ${fallback.kind} used (${fallback.source}, ${fallback.year})`,
  };
}

/** Tokens per parameter at the compute-optimal point (Hoffmann et al. 2022, Approaches 1-2 and the Epoch refit). */
export const CHINCHILLA_TOKENS_PER_PARAM = 20;

/**
 * Compute-optimal sizing by the 20 tokens/parameter rule, at the run's own compute C = 6·N·D:
 * N_opt = sqrt(C / (6·20)), D_opt = 20·N_opt. The parametric-fit version lives in src/core/scaling.
 */
export function computeOptimalBasic(run: RunSpec): ComputeOptimal {
  const params = usable(run.activeParams?.value) ?? usable(run.params?.value);
  const tokens = usable(run.tokens?.value);
  if (params === undefined || tokens === undefined) {
    return { tokensPerParam: null, optimalTokens: null, optimalParams: null, overTrainingFactor: null };
  }
  const ratio = CHINCHILLA_TOKENS_PER_PARAM;
  const compute = 6 * params * tokens;
  const optimalParams = Math.sqrt(compute / (6 * ratio));
  const tokensPerParam = tokens / params;
  return { tokensPerParam, optimalTokens: ratio * optimalParams, optimalParams, overTrainingFactor: tokensPerParam / ratio };
}
