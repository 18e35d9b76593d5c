// PLACEHOLDER until the projection lands: projects nothing.
import type { ComputeOptimal, Projection } from '../estimate/types';
import type { Finding, Overrides, RunSpec } from '../types';

export interface RunEstimate {
  projection: Projection | null;
  computeOptimal: ComputeOptimal | null;
  findings: Finding[];
}

export function estimateRun(_run: RunSpec, _overrides: Overrides): RunEstimate {
  return { projection: null, computeOptimal: null, findings: [] };
}
