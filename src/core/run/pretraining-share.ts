// A fine-tune's compute beside the base model's pretraining compute ("0.04% of Llama 3 8B's pretraining"): the
// finding that takes the place of the over-training verdict, which says nothing about a run that starts from a
// pretrained model. Shown only when the base model's pretraining tokens are published (data/base-pretraining.ts).
import { findBasePretraining } from '../data/base-pretraining';
import type { Projection } from '../estimate/types';
import type { Finding, RunSpec } from '../types';
import { finding } from '../present/findings';

const PRETRAINING_FLOPS_PER_PARAM_TOKEN = 6; // 2 forward + 4 backward per parameter per token

/** A share as a percentage with two significant digits: 0.00042 → "0.042%", 0.31 → "31%". */
export function formatShare(fraction: number): string {
  const pct = fraction * 100;
  if (pct >= 10) return `${Math.round(pct)}%`;
  return `${Number(pct.toPrecision(2))}%`;
}

export function pretrainingShareFindings(run: RunSpec, projection: Projection | null): Finding[] {
  const base = run.fineTune?.baseModel;
  const n = run.activeParams?.value;
  if (!base || !projection?.fineTune || projection.flops === null || !n || !(n > 0)) return [];
  const row = findBasePretraining(base.value);
  if (!row) return [];
  const pretrainingFlops = PRETRAINING_FLOPS_PER_PARAM_TOKEN * n * row.pretrainingTokens;
  const fraction = projection.flops / pretrainingFlops;
  if (!Number.isFinite(fraction) || fraction < 0) return [];
  projection.fineTune.pretrainingShare = { fraction, baseModel: row.model, pretrainingFlops, pretrainingTokens: row.pretrainingTokens, source: `${row.source}, ${row.year}` };
  return [
    finding(
      'pretraining-share',
      { flops: projection.flops, share: formatShare(fraction), model: row.model, params: n, tokens: row.pretrainingTokens, pretrainingFlops, source: row.source, year: row.year },
      { span: base.span },
    ),
  ];
}
