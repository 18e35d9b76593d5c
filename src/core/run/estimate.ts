// From a completed run to what the hosts show: the projection, the compute-optimal point, and the findings about
// them (over- or under-training, budgets). The one place that joins projection, scaling and budgets.
import { computeOptimalBasic, project } from '../estimate/project';
import type { ComputeOptimal, Projection } from '../estimate/types';
import type { Finding, Overrides, RunSpec } from '../types';
import { checkBudgets } from './budget';
import { pretrainingShareFindings } from './pretraining-share';
import { finding } from '../present/findings';

/** How far from the compute-optimal tokens-per-parameter a run may sit before a finding says so (either way). */
export const DEFAULT_OVERTRAINING_THRESHOLD = 2;

export interface RunEstimate {
  projection: Projection | null;
  computeOptimal: ComputeOptimal | null;
  findings: Finding[];
}

export interface EstimateOptions {
  /** Factor past (or short of) compute-optimal that earns a finding; default DEFAULT_OVERTRAINING_THRESHOLD. */
  overTrainingThreshold?: number;
  /** A measured calibration (settings or `--calibration`). */
  calibration?: Overrides['calibration'];
}

/** The run carries every input, layered (run/inputs.ts); the budget caps among them. */
export function estimateRun(run: RunSpec, options: EstimateOptions = {}): RunEstimate {
  const projected = project(run, { calibration: options.calibration });
  const { projection } = projected;
  // A fine-tune run by epochs already says what its tokens need (needs-dataset-size): one finding, not two.
  const needsDataset = run.findings.some((f) => f.code === 'needs-dataset-size');
  const findings = needsDataset ? projected.findings.filter((f) => f.code !== 'missing-tokens') : projected.findings;
  // A fine-tune starts from a pretrained model: compute-optimal sizing and over-training say nothing about it. Its
  // compute is put beside the base model's pretraining instead.
  const computeOptimal = run.fineTune ? null : computeOptimalBasic(run);
  if (computeOptimal) findings.push(...computeOptimalFindings(run, computeOptimal, options.overTrainingThreshold ?? DEFAULT_OVERTRAINING_THRESHOLD));
  if (run.fineTune) findings.push(...pretrainingShareFindings(run, projection));
  findings.push(...checkBudgets(projection, run));
  return { projection, computeOptimal, findings };
}

function computeOptimalFindings(run: RunSpec, co: ComputeOptimal, threshold: number): Finding[] {
  const factor = co.overTrainingFactor;
  if (factor === null || co.tokensPerParam === null || !(threshold > 1)) return [];
  // Point at the key that sets the training length, where the user would change it.
  const span = run.tokens?.span ?? run.trainIters?.span ?? run.trainSamples?.span;
  const perParam = co.tokensPerParam.toFixed(co.tokensPerParam < 10 ? 1 : 0);
  if (factor >= threshold) {
    return [finding('over-training', { tokensPerParam: perParam, factor }, { span })];
  }
  if (factor <= 1 / threshold) {
    return [finding('under-training', { tokensPerParam: perParam, factor }, { span })];
  }
  return [];
}
