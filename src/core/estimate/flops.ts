// Training FLOPs (reference facts §6.5).
//
// Model FLOPs = 6·N·D + 12·L·d·s·D, with N the parameters a token goes through (active parameters for MoE), D
// tokens, L layers, d hidden size, s sequence length. The first term is the dense matmuls (2 forward + 4 backward per
// parameter per token); the second is attention scores and attention×V, in the PaLM / llm-foundry form (full QKᵀ, no
// causal halving), so that MFU here is comparable with the MFU those papers and benchmarks report. It is added only
// when L, d and s are all known. Relative to 6·N·D it adds about s/(6·d) (the 1 + s/(6h) of Megatron's eq. 3): 17% for
// a 1B model at 2k context, 33% for an 8B model at 8k, so it matters at long context.
//
// Hardware FLOPs add activation recomputation: full recomputation re-runs every forward pass (4 passes instead of 3,
// so 8·N·D: BigScience "hardware FLOPs"); selective recomputation re-runs only the attention core's forward pass
// (Korthikanti et al. 2022), one third of the attention term. MFU counts model FLOPs, HFU hardware FLOPs.
import { FLOPS_THRESHOLDS } from '../data/thresholds';
import type { Finding, Recompute } from '../types';
import { finding } from '../present/findings';

export interface FlopsInput {
  /** Parameters a token goes through (active parameters for MoE). */
  activeParams: number;
  tokens: number;
  layers?: number;
  hiddenSize?: number;
  seqLength?: number;
}

export interface FlopsBreakdown {
  /** 6·N·D. */
  denseFlops: number;
  /** 12·L·d·s·D, 0 when L, d or s is unknown. */
  attentionFlops: number;
  /** Model FLOPs: dense + attention. */
  modelFlops: number;
  /** Whether the attention term could be computed. */
  attentionCounted: boolean;
}

const FORWARD_BACKWARD_PER_PARAM = 6; // 2 forward + 4 backward FLOPs per parameter per token
const ATTENTION_PER_LAYER_DIM_CTX = 12; // QKᵀ and A·V, 2 FLOPs per MAC, forward+backward ×3 (PaLM App. B)

function positive(value: number | undefined): value is number {
  return value !== undefined && Number.isFinite(value) && value > 0;
}

export function modelFlops(input: FlopsInput): FlopsBreakdown {
  const denseFlops = FORWARD_BACKWARD_PER_PARAM * input.activeParams * input.tokens;
  const attentionCounted = positive(input.layers) && positive(input.hiddenSize) && positive(input.seqLength);
  const attentionFlops = attentionCounted ? ATTENTION_PER_LAYER_DIM_CTX * input.layers! * input.hiddenSize! * input.seqLength! * input.tokens : 0;
  return { denseFlops, attentionFlops, modelFlops: denseFlops + attentionFlops, attentionCounted };
}

/** FLOPs per token (forward + backward), for efficiency metrics. */
export function flopsPerToken(input: Omit<FlopsInput, 'tokens'>): number {
  return modelFlops({ ...input, tokens: 1 }).modelFlops;
}

/** Hardware FLOPs: model FLOPs plus what activation recomputation runs again. */
export function hardwareFlops(breakdown: FlopsBreakdown, recompute: Recompute): number {
  switch (recompute) {
    case 'full':
      // One extra forward pass over everything: 4 passes of 2 FLOPs/param/token instead of 3.
      return breakdown.modelFlops * (4 / 3);
    case 'selective':
      // Only the attention core's forward is recomputed: a third of the (forward+backward) attention term.
      return breakdown.modelFlops + breakdown.attentionFlops / 3;
    case 'none':
      return breakdown.modelFlops;
  }
}

/** Findings for the regulatory thresholds the run's model FLOPs reach (EU AI Act 1e25, US reporting 1e26). */
export function thresholdFindings(flops: number): Finding[] {
  return FLOPS_THRESHOLDS.filter((t) => flops >= t.flops).map((t) => finding(t.code, { flops, threshold: t.flops, what: t.what }));
}
