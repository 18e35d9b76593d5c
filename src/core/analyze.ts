// The one entry point every host calls: text in, a run with its projection and findings out.
// (Contract; the implementation is filled in by the run-completion work.)
import type { Finding, FormatId, Overrides, RunSpec } from './types';
import type { ComputeOptimal, Projection } from './estimate/types';

export interface AnalyzeOptions {
  fileName: string;
  /** Values from settings (extension) or flags (CLI); they win over the file and are marked as such. */
  overrides?: Overrides;
  /** Text longer than this is not analysed: one finding says so. */
  maxBytes?: number;
}

export interface Analysis {
  fileName: string;
  /** null: not a training config (the host shows nothing at all). */
  format: FormatId | null;
  run: RunSpec | null;
  projection: Projection | null;
  computeOptimal: ComputeOptimal | null;
  /** The run's findings plus the projection's (missing inputs, over-training, thresholds, budgets). */
  findings: Finding[];
}

export declare function analyze(text: string, options: AnalyzeOptions): Analysis;
