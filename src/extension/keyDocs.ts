// What each understood key means and how it enters the estimate, in words for hovers. Keyed by the core's KeyRole,
// so a new role fails the build until it is described here.
import type { KeyRole, RunSpec, Sourced } from '../core/types';

export interface KeyDoc {
  meaning: string;
  /** How the key moves the projection. */
  effect: string;
}

export const KEY_DOCS: Record<KeyRole, KeyDoc> = {
  layers: { meaning: 'Number of transformer layers.', effect: 'Parameters grow linearly with layers, and compute with parameters (6 · N · D).' },
  hiddenSize: { meaning: 'Width of the model (hidden / embedding size).', effect: 'Parameters grow with its square: doubling it ≈ 4× the non-embedding parameters and compute.' },
  ffnHiddenSize: { meaning: 'Width of the feed-forward (MLP) block.', effect: 'The MLP holds about two thirds of each layer\'s parameters; compute follows.' },
  ffnActivation: { meaning: 'Feed-forward activation (GELU or SwiGLU).', effect: 'SwiGLU has three weight matrices instead of two, changing the parameter count.' },
  heads: { meaning: 'Attention heads.', effect: 'Changes the attention layout; the parameter count depends on it only through grouped-query attention.' },
  kvHeads: { meaning: 'Key/value heads (grouped-query attention).', effect: 'Fewer KV heads shrink the attention projections slightly.' },
  vocabSize: { meaning: 'Vocabulary size.', effect: 'Adds vocabulary × hidden embedding parameters (twice when untied).' },
  tiedEmbeddings: { meaning: 'Whether input and output embeddings share weights.', effect: 'Untied embeddings add vocabulary × hidden parameters.' },
  experts: { meaning: 'Number of experts in each mixture-of-experts layer.', effect: 'Total parameters grow with experts; compute follows the active experts only.' },
  topK: { meaning: 'Experts each token is routed to.', effect: 'Active parameters, and so compute per token, grow with top-k.' },
  sharedExperts: { meaning: 'Experts every token goes through.', effect: 'Add to the active parameters of every token.' },
  seqLength: { meaning: 'Tokens per training sequence.', effect: 'Tokens per step = global batch × sequence length; attention compute also grows with it.' },
  microBatch: { meaning: 'Sequences per GPU per forward/backward pass.', effect: 'Part of the global batch (micro × accumulation × data parallel), so of the tokens.' },
  gradAccum: { meaning: 'Micro-batches accumulated per optimiser step.', effect: 'Part of the global batch, so of the tokens.' },
  globalBatch: { meaning: 'Sequences per optimiser step, over all GPUs.', effect: 'Tokens = steps × global batch × sequence length; compute grows linearly.' },
  trainIters: { meaning: 'Optimiser steps to train for.', effect: 'Tokens, and so compute, grow linearly with steps.' },
  trainSamples: { meaning: 'Sequences to train on.', effect: 'Tokens = samples × sequence length; compute grows linearly.' },
  tokens: { meaning: 'Tokens to train on.', effect: 'Compute grows linearly with tokens (6 · N · D).' },
  nodes: { meaning: 'Machines in the job.', effect: 'More GPUs shorten the wall clock; GPU-hours stay about the same.' },
  gpusPerNode: { meaning: 'GPUs per machine.', effect: 'More GPUs shorten the wall clock; GPU-hours stay about the same.' },
  gpus: { meaning: 'GPUs in the job.', effect: 'More GPUs shorten the wall clock; GPU-hours stay about the same.' },
  gpuType: { meaning: 'The accelerator the run uses.', effect: 'Its peak FLOP/s sets the hours; its power the energy; its price the cost.' },
  precision: { meaning: 'Numeric precision of the matrix multiplications.', effect: 'Sets the peak FLOP/s used (BF16 vs FP8 differ about 2× on Hopper).' },
  recompute: { meaning: 'Activation recomputation.', effect: 'Recomputed forward passes cost hardware FLOPs: the same model FLOPs take longer.' },
  tp: { meaning: 'Tensor-parallel degree.', effect: 'Divides the GPUs that form one data-parallel replica; affects efficiency, not model FLOPs.' },
  pp: { meaning: 'Pipeline-parallel degree.', effect: 'Pipeline bubbles lower utilisation when micro-batches per stage are few.' },
  cp: { meaning: 'Context-parallel degree.', effect: 'Splits long sequences over GPUs; affects the data-parallel size.' },
  ep: { meaning: 'Expert-parallel degree.', effect: 'Spreads experts over GPUs; affects the data-parallel size.' },
  dp: { meaning: 'Data-parallel degree.', effect: 'Multiplies the micro batch into the global batch.' },
  zeroStage: { meaning: 'DeepSpeed ZeRO stage.', effect: 'Saves memory; adds communication, not model FLOPs.' },
  modelPreset: { meaning: 'A named model preset the trainer expands.', effect: 'Gives the architecture, so the parameters.' },
  region: { meaning: 'Where the run happens.', effect: 'Sets the grid carbon intensity that turns kWh into CO2e.' },
  pue: { meaning: 'Data-centre power usage effectiveness.', effect: 'Facility energy = IT energy × PUE.' },
  price: { meaning: 'Price per GPU-hour.', effect: 'Cost = GPU-hours × price.' },
};

/** The value with its provenance that a role fed into the run, wherever in the RunSpec it lives. */
export function sourcedFor(run: RunSpec, role: KeyRole): Sourced<unknown> | undefined {
  const field = ROLE_FIELD[role];
  if (field) return run[field] as Sourced<unknown> | undefined;
  switch (role) {
    case 'layers':
    case 'hiddenSize':
    case 'ffnHiddenSize':
    case 'ffnActivation':
    case 'heads':
    case 'kvHeads':
    case 'vocabSize':
    case 'tiedEmbeddings':
      return run.arch[role];
    case 'experts':
    case 'topK':
    case 'sharedExperts':
      return run.arch.moe?.[role];
    case 'tp':
    case 'pp':
    case 'cp':
    case 'ep':
    case 'dp':
      return run.parallel[role];
    default:
      return undefined;
  }
}

const ROLE_FIELD: Partial<Record<KeyRole, keyof RunSpec>> = {
  seqLength: 'seqLength',
  microBatch: 'microBatch',
  gradAccum: 'gradAccum',
  globalBatch: 'globalBatch',
  trainIters: 'trainIters',
  trainSamples: 'trainSamples',
  tokens: 'tokens',
  nodes: 'nodes',
  gpusPerNode: 'gpusPerNode',
  gpus: 'gpus',
  gpuType: 'gpuType',
  precision: 'precision',
  recompute: 'recompute',
  zeroStage: 'zeroStage',
  region: 'region',
  pue: 'pue',
  price: 'priceUSDPerGpuHour',
};
