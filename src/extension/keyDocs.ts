// What each understood key means and how it enters the estimate, in words for hovers. Keyed by the core's KeyRole,
// so a new role fails the build until it is described here.
import type { FineTuneSpec, KeyRole, RunSpec, Sourced } from '../core/types';

export interface KeyDoc {
  meaning: string;
  /** How the key moves the projection. */
  effect: string;
}

export const KEY_DOCS: Record<KeyRole, KeyDoc> = {
  layers: { meaning: 'Number of transformer layers.', effect: 'Parameters grow linearly with layers, and compute with parameters (6 · N · D).' },
  hiddenSize: { meaning: 'Width of the model (hidden / embedding size).', effect: 'Parameters grow with its square: doubling it ≈ 4× the non-embedding parameters and compute.' },
  ffnHiddenSize: { meaning: 'Width of the feed-forward (MLP) block.', effect: "The MLP holds about two thirds of each layer's parameters; compute follows." },
  ffnActivation: { meaning: 'Feed-forward activation (GELU or SwiGLU).', effect: 'SwiGLU has three weight matrices instead of two, changing the parameter count.' },
  heads: { meaning: 'Attention heads.', effect: 'Changes the attention layout; the parameter count depends on it only through grouped-query attention.' },
  kvHeads: { meaning: 'Key/value heads (grouped-query attention).', effect: 'Fewer KV heads shrink the attention projections slightly.' },
  headDim: { meaning: 'Width of one attention head, when it is not hidden size ÷ heads.', effect: 'Sets the width of the attention projections (heads × head width), so their parameters.' },
  vocabSize: { meaning: 'Vocabulary size.', effect: 'Adds vocabulary × hidden embedding parameters (twice when untied).' },
  tiedEmbeddings: { meaning: 'Whether input and output embeddings share weights.', effect: 'Untied embeddings add vocabulary × hidden parameters.' },
  experts: { meaning: 'Number of experts in each mixture-of-experts layer.', effect: 'Total parameters grow with experts; compute follows the active experts only.' },
  topK: { meaning: 'Experts each token is routed to.', effect: 'Active parameters, and so compute per token, grow with top-k.' },
  sharedExperts: { meaning: 'Experts every token goes through.', effect: 'Add to the active parameters of every token.' },
  seqLength: {
    meaning: 'Tokens per training sequence.',
    effect: 'Tokens per step = global batch × sequence length; attention compute also grows with it. Activation memory per GPU grows linearly with it.',
  },
  microBatch: {
    meaning: 'Sequences per GPU per forward/backward pass.',
    effect: 'Part of the global batch (micro × accumulation × data parallel), so of the tokens. Activation memory per GPU grows linearly with it.',
  },
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
  recompute: {
    meaning: 'Activation recomputation.',
    effect: 'Recomputed forward passes cost hardware FLOPs (full: +33%): the same model FLOPs take longer. Cuts activation memory (full: one layer input kept per layer).',
  },
  tp: {
    meaning: 'Tensor-parallel degree.',
    effect: 'Divides the GPUs that form one data-parallel replica; affects efficiency, not model FLOPs. Splits weights, optimizer states and most activations across its GPUs.',
  },
  pp: {
    meaning: 'Pipeline-parallel degree.',
    effect: 'Pipeline bubbles lower utilisation when micro-batches per stage are few. Splits the layers, so model states, across stages; the first stage holds up to p micro-batches of activations.',
  },
  cp: { meaning: 'Context-parallel degree.', effect: 'Splits long sequences over GPUs; affects the data-parallel size.' },
  ep: { meaning: 'Expert-parallel degree.', effect: 'Spreads experts over GPUs; affects the data-parallel size.' },
  dp: { meaning: 'Data-parallel degree.', effect: 'Multiplies the micro batch into the global batch.' },
  zeroStage: { meaning: 'DeepSpeed ZeRO stage.', effect: 'Shards optimizer states (1), gradients (2) and weights (3) over the data-parallel GPUs; adds communication, not model FLOPs.' },
  optimizer: { meaning: 'The optimizer.', effect: 'Sets the optimizer-state bytes per parameter (Adam 8, 8-bit Adam 2, SGD with momentum 4, Adafactor ≈ 0).' },
  distributedOptimizer: {
    meaning: 'Megatron distributed optimizer (ZeRO-1).',
    effect: 'Shards the fp32 master weights and Adam states over the data-parallel GPUs: 18 → 6 + 12/DP bytes per parameter.',
  },
  sequenceParallel: { meaning: 'Sequence parallelism (with tensor parallelism).', effect: 'Shards the layer-norm and dropout activations by sequence across the tensor-parallel GPUs.' },
  flashAttention: { meaning: 'Fused / flash attention kernel.', effect: 'The s × s attention scores are never stored: activation memory drops, most at long sequences.' },
  virtualPipeline: { meaning: 'Interleaved pipeline: model chunks per pipeline rank.', effect: 'Smaller bubble; the first stage holds 1 + (p − 1)/(p·v) times more activations.' },
  offload: { meaning: 'CPU/NVMe offload of optimizer states or parameters.', effect: 'Moves them from GPU memory to host memory; the optimizer step on the CPU is slower.' },
  shardGroup: { meaning: 'FSDP sharding strategy.', effect: 'Which states are sharded and over how many GPUs (hybrid shard: within a node).' },
  dropout: {
    meaning: 'Dropout probability.',
    effect: 'Above zero, a 1-byte mask per activation is stored for the backward pass (about 2 bytes per token and hidden unit per layer, plus the attention mask).',
  },
  modelPreset: { meaning: 'A named model preset the trainer expands.', effect: 'Gives the architecture, so the parameters.' },
  companionFile: {
    meaning: 'Another file of this run (a DeepSpeed JSON, an included config).',
    effect: 'Its values fill what this file does not state; each keeps its provenance (companion: file, line).',
  },
  region: { meaning: 'Where the run happens.', effect: 'Sets the grid carbon intensity that turns kWh into CO2e.' },
  pue: { meaning: 'Data-centre power usage effectiveness.', effect: 'Facility energy = IT energy × PUE.' },
  price: { meaning: 'Price per GPU-hour.', effect: 'Cost = GPU-hours × price.' },
  baseModel: { meaning: 'The pretrained model being fine-tuned.', effect: 'Its parameter count N sets the FLOPs of every pass (6·N full, 4·N LoRA per token).' },
  objective: {
    meaning: 'What the run optimises (SFT, DPO, ORPO, KTO, PPO, GRPO, reward model).',
    effect: 'Sets the passes per token: DPO adds a reference forward, PPO/GRPO add generation, KTO a KL estimate.',
  },
  adapter: {
    meaning: 'Which weights are trained: all, LoRA adapters, QLoRA adapters on 4-bit weights, or the top layers.',
    effect:
      'Full fine-tuning costs 6·N per token, LoRA/QLoRA about 4·N (no weight gradients for frozen weights); QLoRA runs slower per FLOP. Memory: only the adapters get gradients and optimizer states; QLoRA stores the frozen weights in 4 bits.',
  },
  loraRank: {
    meaning: 'Rank r of the LoRA adapters.',
    effect: 'Adapters add about 6·N_A FLOPs per token, under 1% of N at usual ranks: compute barely moves. Their weights, gradients and optimizer states grow linearly with r.',
  },
  epochs: { meaning: 'Passes over the dataset.', effect: 'Tokens = epochs × dataset tokens; compute grows linearly.' },
  packing: { meaning: 'Whether short examples are packed into full sequences.', effect: 'Without packing every sequence is padded, so compute is counted at the full sequence length.' },
  referencePrecomputed: { meaning: 'Reference-model log-probs computed once before training.', effect: 'Replaces a reference forward on every step by one pass over the dataset.' },
  generations: { meaning: 'Samples generated per prompt (G).', effect: 'Experience tokens, so generation and update compute, grow linearly with G.' },
  promptLength: { meaning: 'Maximum prompt length of a rollout.', effect: 'Prompt tokens are prefilled and trained on with every sample.' },
  responseLength: { meaning: 'Maximum generated length of a rollout.', effect: 'Generated tokens cost 2·N each at decode utilisation, the slowest phase of RL.' },
  updateEpochs: { meaning: 'Optimisation passes over one batch of experience (PPO epochs, GRPO μ).', effect: 'Multiplies the update passes; μ > 1 adds an old-policy forward.' },
  klCoef: { meaning: 'KL coefficient β against the reference policy.', effect: 'β = 0 drops the reference model forward.' },
  rewardModel: {
    meaning: 'Whether a learned reward model scores the rollouts (off: a reward function or a remote server).',
    effect: 'A reward model adds a 2·N_rm forward over every sample; a function costs no GPU FLOPs.',
  },
  oldLogProbs: {
    meaning: "Whether the old policy's log-probs are recomputed by an actor forward.",
    effect: "Recomputing adds a 2·N forward over every experience token; bypassing it uses the rollout engine's log-probs.",
  },
  prefixCaching: { meaning: "Whether the rollout engine caches a prompt's KV (prefix caching).", effect: 'On, the G samples of a prompt prefill it once instead of G times.' },
  heldOut: { meaning: 'Examples held out of training for evaluation: a share (0.1) or a count.', effect: 'The training examples, so the tokens of every epoch, shrink by what is held out.' },
  datasetExamples: { meaning: 'Examples in the dataset (or the cap on them).', effect: 'Tokens = epochs × examples × sequence length (padded) or their real length (packed).' },
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
    case 'headDim':
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
    case 'optimizer':
    case 'distributedOptimizer':
    case 'sequenceParallel':
    case 'flashAttention':
    case 'virtualPipeline':
      return run.memory?.[role];
    case 'shardGroup':
      return run.memory?.hybridShard;
    case 'dropout':
      return run.memory?.dropout;
    case 'offload':
      return run.memory?.offloadOptimizer ?? run.memory?.offloadParams;
    default: {
      const ft = FINE_TUNE_FIELD[role];
      return ft && run.fineTune ? (run.fineTune[ft] as Sourced<unknown> | undefined) : undefined;
    }
  }
}

const FINE_TUNE_FIELD: Partial<Record<KeyRole, keyof FineTuneSpec>> = {
  baseModel: 'baseModel',
  objective: 'objective',
  adapter: 'adapter',
  loraRank: 'loraRank',
  epochs: 'epochs',
  packing: 'packing',
  referencePrecomputed: 'referencePrecomputed',
  generations: 'generationsPerPrompt',
  promptLength: 'promptLength',
  responseLength: 'responseLength',
  updateEpochs: 'updateEpochs',
  klCoef: 'klCoef',
  rewardModel: 'rewardModel',
  oldLogProbs: 'oldLogProbs',
  prefixCaching: 'prefixCaching',
  heldOut: 'heldOut',
  datasetExamples: 'datasetExamples',
};

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
