// The vocabulary every part of Footprint Lens speaks: a run read from a config, where each of its numbers came from,
// and what the core found wrong or missing. Pure data: no vscode, no node:*, no DOM.
import type { FindingCode } from './present/findings';

/** Where a number came from. Shown to the user next to every value. */
export type SourceKind =
  | 'file' // written in the config itself (span points at it)
  | 'derived' // computed from other values (detail says the formula in words)
  | 'companion' // a known preset or companion file the config names (torchtitan flavor, litgpt model_name, ...)
  | 'annotation' // a `# footprint: gpu=H100 ...` comment in the file
  | 'override' // a command-line flag or a what-if edit: wins over everything (detail names which)
  | 'setting' // a user or workspace setting of the editor: fills only what the file leaves open
  | 'default'; // the product's default (detail names it and why)

/** A text range in the analysed document, as offsets; `line` is 0-based, for messages and diagnostics. */
export interface Span {
  start: number;
  end: number;
  line: number;
}

/** A value with its provenance. `detail` is one human sentence fragment: "num_layers: 44", "micro 4 × accumulation 32 × DP 12". */
export interface Sourced<T> {
  value: T;
  source: SourceKind;
  detail: string;
  span?: Span;
}

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** Something the core noticed, made by `finding()` from its code's row in `FINDINGS` (src/core/present/findings.ts). */
export interface Finding {
  code: FindingCode;
  severity: Severity;
  message: string;
  /** The key the finding is about, as written in the file, when there is one. */
  key?: string;
  span?: Span;
}

export type FormatId =
  | 'deepspeed-json'
  | 'megatron-shell'
  | 'megatron-yaml'
  | 'neox-yaml'
  | 'nemo-yaml'
  | 'llm-foundry-yaml'
  | 'olmo-yaml'
  | 'litgpt-yaml'
  | 'nanotron-yaml'
  | 'torchtitan-toml'
  | 'hf-model-json'
  | 'axolotl-yaml'
  | 'llama-factory-yaml'
  | 'trl-yaml'
  | 'torchtune-yaml'
  | 'hf-launch-shell'
  | 'accelerate-yaml'
  | 'rl-launch-shell'
  | 'levanter-yaml'
  | 'maxtext-shell'
  | 'maxtext-yaml';

export type Precision = 'fp32' | 'tf32' | 'fp16' | 'bf16' | 'fp8';
export type Recompute = 'none' | 'selective' | 'full';
export type FfnActivation = 'gelu' | 'swiglu';
/** The normalisation layers: RMSNorm (Llama, Mistral, Gemma) or LayerNorm (GPT-2, Phi-2, Falcon; OLMo's non-parametric one). */
export type NormKind = 'rms' | 'layer';
/** The optimizer, for its state bytes per parameter (src/core/data/memory.ts). */
export type OptimizerKind = 'adam' | 'adam-8bit' | 'adafactor' | 'sgd' | 'sgd-momentum' | 'lion';
export type OffloadDevice = 'cpu' | 'nvme';

/**
 * What the memory-per-GPU estimate needs beyond the run's shape, parallel layout, precision, ZeRO stage and recompute.
 * Every field optional: absent means the format's usual default (src/core/memory/inputs.ts says which).
 */
export interface MemorySpec {
  optimizer?: Sourced<OptimizerKind>;
  /** Megatron --use-distributed-optimizer / NeMo distributed_fused_adam: optimizer states sharded over DP. */
  distributedOptimizer?: Sourced<boolean>;
  sequenceParallel?: Sourced<boolean>;
  /** Attention that never stores the s×s scores (FlashAttention, cuDNN fused attention, SDPA). */
  flashAttention?: Sourced<boolean>;
  /** Interleaved pipeline: model chunks per pipeline rank (Megatron virtual pipeline size). */
  virtualPipeline?: Sourced<number>;
  offloadOptimizer?: Sourced<OffloadDevice>;
  offloadParams?: Sourced<OffloadDevice>;
  /** FSDP HYBRID_SHARD: states sharded within a node and replicated across nodes. */
  hybridShard?: Sourced<boolean>;
  /** Dropout on (hidden or attention probability > 0): its 1-byte masks are stored. */
  dropout?: Sourced<boolean>;
  /** Low-rank adapters on frozen weights (a fine-tuning recipe); qlora = NF4 base weights. */
  adapter?: MemoryAdapter;
  /** The optimizer steps each parameter in the backward (torchtune optimizer_in_bwd): gradients are never all held. */
  optimizerInBackward?: Sourced<boolean>;
  /** Saved activations streamed to host memory (torchtune enable_activation_offloading). */
  activationOffload?: Sourced<boolean>;
  /** Trained in the model's dtype: weights, gradients and optimizer states in bf16, no fp32 master (torchtune dtype). */
  pureDtype?: Sourced<boolean>;
  /** LoRA dropout above zero (lora_dropout): each adapted input is kept once more, dropped, with its mask. */
  adapterDropout?: Sourced<boolean>;
  /** torch.compile on (torchtune compile, TrainingArguments torch_compile): the modules are fused, not run op by op. */
  compiled?: Sourced<boolean>;
  /** Bytes per logit of the trainer's own loss kernel (verl's in-place cross-entropy), instead of the format's usual loss. */
  logitsBytesPerElement?: Sourced<number>;
  /** Megatron-FSDP (`--use-megatron-fsdp`): the model states sharded by its own strategy instead of Megatron's DDP buffers. */
  megatronFsdp?: MegatronFsdpSpec;
  /** Megatron's `--recompute-modules` under selective recomputation (absent: core_attn, its default). */
  recomputeModules?: Sourced<RecomputeModule[]>;
  /**
   * Transformer Engine fuses a norm into the linear layer after it (LayerNormLinear), so a layer's norm there is no
   * module of its own to recompute (`--transformer-impl local` keeps them apart).
   */
  normsFused?: Sourced<boolean>;
}

/**
 * Megatron-core's selective recompute modules (transformer_config.py recompute_modules): the attention core, the
 * norms, the dense MLP, the MoE layer, the routed experts' activation, the shared experts, MLA's up projections.
 */
export type RecomputeModule = 'core_attn' | 'layernorm' | 'mlp' | 'moe' | 'moe_act' | 'shared_experts' | 'mla_up_proj';

/** A 16- or 32-bit dtype Megatron-FSDP keeps a buffer in; `auto` = the model's compute dtype. */
export type FsdpDtype = 'fp32' | 'bf16' | 'fp16' | 'auto';

/**
 * Megatron-FSDP's keys (megatron/training/arguments.py): `--data-parallel-sharding-strategy` as the ZeRO stage it
 * matches (no_shard 0, optim 1, optim_grads 2, optim_grads_params 3), the main gradient and main parameter buffers'
 * dtypes, and `--fsdp-double-buffer` (two gathered units' parameter and gradient buffers).
 */
export interface MegatronFsdpSpec {
  enabled: Sourced<boolean>;
  sharding: Sourced<number>;
  mainGradsDtype: Sourced<FsdpDtype>;
  mainParamsDtype: Sourced<FsdpDtype>;
  doubleBuffer: Sourced<boolean>;
}

export interface MemoryAdapter {
  kind: Sourced<'lora' | 'qlora'>;
  rank?: Sourced<number>;
  /** Adapted projections: q k v o gate up down; absent = the default (data/memory.ts). */
  targets?: Sourced<Array<'q' | 'k' | 'v' | 'o' | 'gate' | 'up' | 'down'>>;
  /** QLoRA double quantisation of the constants (bnb_4bit_use_double_quant); absent = on. */
  doubleQuant?: Sourced<boolean>;
}

export interface MoeSpec {
  experts: Sourced<number>;
  topK: Sourced<number>;
  /** Experts every token always goes through (DeepSeek's shared experts). */
  sharedExperts?: Sourced<number>;
  /** Hidden size of one expert's FFN when it differs from the dense FFN (DeepSeek's moe_inter_dim). */
  expertFfnHiddenSize?: Sourced<number>;
  /** How many of the layers are MoE layers; the rest are dense. Absent = all layers. */
  moeLayers?: Sourced<number>;
}

/** Multi-head latent attention (DeepSeek-V2/V3). */
export interface MlaSpec {
  qLoraRank: number; // 0 = queries not compressed
  kvLoraRank: number;
  qkNopeHeadDim: number;
  qkRopeHeadDim: number;
  vHeadDim: number;
  source: Sourced<true>;
}

export interface Architecture {
  layers?: Sourced<number>;
  hiddenSize?: Sourced<number>;
  ffnHiddenSize?: Sourced<number>;
  ffnActivation?: Sourced<FfnActivation>;
  heads?: Sourced<number>;
  kvHeads?: Sourced<number>;
  /** Width of one attention head when it is not hidden ÷ heads (Gemma, Qwen 3, Mixtral's config states it). */
  headDim?: Sourced<number>;
  /** Vocabulary as the embedding table holds it (padded). */
  vocabSize?: Sourced<number>;
  tiedEmbeddings?: Sourced<boolean>;
  norm?: Sourced<NormKind>;
  /**
   * Normalisation layers per block: 2 for a pre-norm block, 1 for a parallel block whose attention and FFN share one
   * (Phi-2, Falcon 7B, GPT-J), 4 with post-norms as well (Gemma 2 and 3).
   */
  normsPerLayer?: Sourced<number>;
  /** Encoder-decoder models (T5): decoder layers, each with a cross-attention block besides its self-attention. */
  crossAttentionLayers?: Sourced<number>;
  moe?: MoeSpec;
  mla?: MlaSpec;
}

export interface Parallelism {
  tp?: Sourced<number>;
  pp?: Sourced<number>;
  cp?: Sourced<number>;
  ep?: Sourced<number>;
  dp?: Sourced<number>;
}

/**
 * The roles a key in a config can play. Extractors record every key they understood as a KeyRef with one of
 * these roles; hovers, lenses and write-back use them. Names match RunSpec / Architecture fields where one exists.
 */
export type KeyRole =
  | 'layers'
  | 'hiddenSize'
  | 'ffnHiddenSize'
  | 'ffnActivation'
  | 'heads'
  | 'kvHeads'
  | 'headDim'
  | 'vocabSize'
  | 'tiedEmbeddings'
  | 'experts'
  | 'topK'
  | 'sharedExperts'
  | 'seqLength'
  | 'microBatch'
  | 'gradAccum'
  | 'globalBatch'
  | 'trainIters'
  | 'trainSamples'
  | 'tokens'
  | 'nodes'
  | 'gpusPerNode'
  | 'gpus'
  | 'gpuType'
  | 'precision'
  | 'recompute'
  | 'tp'
  | 'pp'
  | 'cp'
  | 'ep'
  | 'dp'
  | 'zeroStage'
  | 'optimizer'
  | 'distributedOptimizer'
  | 'sequenceParallel'
  | 'flashAttention'
  | 'virtualPipeline'
  | 'offload'
  | 'shardGroup'
  | 'dropout'
  | 'modelPreset'
  | 'companionFile'
  | 'region'
  | 'pue'
  | 'price'
  // fine-tuning and post-training (RunSpec.fineTune)
  | 'baseModel'
  | 'objective'
  | 'adapter'
  | 'loraRank'
  | 'epochs'
  | 'packing'
  | 'referencePrecomputed'
  | 'generations'
  | 'promptLength'
  | 'responseLength'
  | 'updateEpochs'
  | 'klCoef'
  | 'rewardModel'
  | 'oldLogProbs'
  | 'prefixCaching'
  | 'heldOut'
  | 'datasetExamples';

export interface KeyRef {
  role: KeyRole;
  /** The key as written ("num_layers", "--num-layers", "trainer.num_nodes"). */
  key: string;
  /** The key's text in the document. */
  span: Span;
  /** The value's text in the document, when it is a literal that write-back may replace. */
  valueSpan?: Span;
  /** The value as read (after variable/interpolation resolution), for hovers. */
  value: string | number | boolean | null;
}

/**
 * What a post-training run optimises. 'pt' is continued pretraining on a fine-tuning stack, 'rm' reward-model
 * training on preference pairs; 'dpo' covers IPO/cDPO (reference passes), 'orpo' and 'simpo' (CPO) have none.
 */
export type Objective = 'sft' | 'pt' | 'rm' | 'dpo' | 'orpo' | 'simpo' | 'kto' | 'ppo' | 'grpo';
/** Which weights get gradients: all, low-rank adapters on frozen 16-bit or 4-bit weights, or the top layers. */
export type Adapter = 'full' | 'lora' | 'qlora' | 'freeze';

/**
 * A fine-tuning or post-training run: present only on runs read from a fine-tuning recipe. Its presence turns off
 * the pretraining findings (over-training, the Chinchilla analysis) and switches the FLOPs to the per-method terms of
 * estimate/finetune.ts. Absent fields take the documented defaults of data/finetune.ts.
 */
export interface FineTuneSpec {
  objective: Sourced<Objective>;
  adapter: Sourced<Adapter>;
  /** The model being fine-tuned, as the recipe names it (HF id or path). */
  baseModel?: Sourced<string>;
  loraRank?: Sourced<number>;
  epochs?: Sourced<number>;
  /** Examples in the dataset (LLaMA-Factory max_samples, a dataset table), for epochs × dataset tokens. */
  datasetExamples?: Sourced<number>;
  /** The datasets' text, measured from their files or looked up by name (datasets/apply.ts): tokens per epoch. */
  dataset?: DatasetSize;
  /**
   * Examples held out of training for evaluation: a share in (0, 1) or a count (LLaMA-Factory val_size, axolotl
   * val_set_size), split off as datasets' train_test_split does (the held-out count rounded up).
   */
  heldOut?: Sourced<number>;
  /** Sequences concatenated to the sequence length (or padding-free): no padding computed. */
  packing?: Sourced<boolean>;
  /** DPO/KTO reference log-probs computed once before training instead of on every step. */
  referencePrecomputed?: Sourced<boolean>;
  /** KTO: false when the loss needs no KL estimate (apo_zero_unpaired). */
  klEstimate?: Sourced<boolean>;
  /** PPO/GRPO: samples generated per prompt (G). */
  generationsPerPrompt?: Sourced<number>;
  /** PPO/GRPO: prompts per optimiser step (the rollout batch). */
  promptsPerStep?: Sourced<number>;
  /** RL: the global batch counts generated samples, not prompts (TRL GRPO: the batch must divide by G). */
  batchCountsSamples?: boolean;
  promptLength?: Sourced<number>;
  responseLength?: Sourced<number>;
  /** PPO ppo_epochs / GRPO μ (num_iterations): optimisation passes over one batch of experience. */
  updateEpochs?: Sourced<number>;
  /** KL coefficient β; 0 means no reference model pass (TRL GRPO's default). */
  klCoef?: Sourced<number>;
  /** Critic (value model) and learned reward model sizes; absent = the policy's size. */
  criticParams?: Sourced<number>;
  rewardParams?: Sourced<number>;
  /**
   * RL: whether a learned reward model scores the samples on the GPUs (false: a rule-based function or a remote
   * server, no FLOPs here). Absent: PPO has one (of rewardParams, else the policy's size), GRPO only with rewardParams.
   */
  rewardModel?: Sourced<boolean>;
  /**
   * RL: whether the trainer recomputes the old policy's log-probs with an actor forward over every sample (verl and
   * OpenRLHF do each step). Absent: PPO does, GRPO only when it optimises a batch more than once (TRL).
   */
  oldLogProbs?: Sourced<boolean>;
  /** RL: the inference engine caches the prompt's KV, so the G samples of a prompt prefill it once (vLLM prefix caching). */
  prefixCaching?: Sourced<boolean>;
  /** Freeze-tuning: how many of the top layers are trained. */
  trainableLayers?: Sourced<number>;
}

/** One dataset of a fine-tune, as measured or looked up. */
export interface DatasetPart {
  /** As the recipe names it. */
  name: string;
  /** Examples trained on per epoch (after a max_samples cap). */
  examples: number;
  /** Text tokens of those examples, uncut (characters ÷ characters per token). */
  tokens: number;
  /** Tokens per example at the 0th … 100th percentile, when rows were measured (for cuts at the sequence length and padding). */
  percentiles?: number[];
  /** Rows are preference pairs: each row's tokens are its two sequences. */
  pairwise: boolean;
  /** How the size was found, for the provenance. */
  detail: string;
}

/** The datasets a fine-tune trains on per epoch, with the sum's provenance. */
export interface DatasetSize {
  parts: DatasetPart[];
  /** Σ text tokens (uncut) per epoch, with how each part was found. */
  tokens: Sourced<number>;
  /** Low and high ends of the tokens from the characters-per-token range. */
  tokensRange: { low: number; high: number };
}

/** An input the projection needs and the file does not give. */
export type MissingInput = 'params' | 'tokens' | 'gpus' | 'gpuType' | 'precision' | 'seqLength';

export interface RunSpec {
  format: FormatId;
  /** A short human name of the run ("GPT-NeoX 20B", "Megatron-LM launch script"); may be the file name. */
  label: string;
  arch: Architecture;
  /** Total parameters. */
  params?: Sourced<number>;
  /** Parameters a token goes through (= params for dense models). */
  activeParams?: Sourced<number>;
  seqLength?: Sourced<number>;
  microBatch?: Sourced<number>;
  gradAccum?: Sourced<number>;
  /** Global batch in sequences per optimiser step. */
  globalBatch?: Sourced<number>;
  trainIters?: Sourced<number>;
  trainSamples?: Sourced<number>;
  tokens?: Sourced<number>;
  nodes?: Sourced<number>;
  gpusPerNode?: Sourced<number>;
  gpus?: Sourced<number>;
  /** An id of the GPU table (src/core/data/gpus.ts). */
  gpuType?: Sourced<string>;
  precision?: Sourced<Precision>;
  recompute?: Sourced<Recompute>;
  parallel: Parallelism;
  zeroStage?: Sourced<number>;
  /** Inputs of the memory-per-GPU estimate beyond the above (optimizer, sequence parallel, offload, adapters). */
  memory?: MemorySpec;
  /** From a `# footprint:` annotation or settings. */
  region?: Sourced<string>;
  gridGPerKWh?: Sourced<number>;
  pue?: Sourced<number>;
  priceUSDPerGpuHour?: Sourced<number>;
  mfu?: Sourced<number>;
  /** Present when the run is a fine-tune or post-training run (see FineTuneSpec). */
  fineTune?: FineTuneSpec;
  /** Inputs no config states: they come from flags, what-if edits or settings (src/core/inputs/registry.ts). */
  energyMethod?: Sourced<'rated' | 'measured'>;
  spotDiscount?: Sourced<number>;
  restartOverhead?: Sourced<number>;
  /** Framework overhead per GPU (GiB) for the memory estimate; unset: data/memory.ts FRAMEWORK_OVERHEAD_GIB. */
  memoryOverheadGB?: Sourced<number>;
  marketGPerKWh?: Sourced<number>;
  includeEmbodied?: Sourced<boolean>;
  lifetimeInferenceTokens?: Sourced<number>;
  maxUSD?: Sourced<number>;
  maxTCO2e?: Sourced<number>;
  maxGpuHours?: Sourced<number>;
  maxDays?: Sourced<number>;
  keys: KeyRef[];
  findings: Finding[];
  missing: MissingInput[];
}

/** What the user (settings) or the CLI (flags) supplies on top of the file. Every field optional. */
export interface Overrides {
  gpuType?: string;
  gpus?: number;
  params?: number;
  tokens?: number;
  mfu?: number;
  pue?: number;
  region?: string;
  gridGPerKWh?: number;
  priceUSDPerGpuHour?: number;
  precision?: Precision;
  /** Energy methodology preset (see src/core/estimate): 'rated' = rated power × hours; 'measured' = typical draw. */
  energyMethod?: 'rated' | 'measured';
  /** Fraction off the on-demand price for spot/preemptible capacity (0.6 = 60% cheaper). */
  spotDiscount?: number;
  /** Extra GPU-hours lost to restarts and failures, as a fraction (0.08 = 8%). */
  restartOverhead?: number;
  /** Market-based grid factor (gCO2e/kWh, from contracts or certificates), reported beside location-based CO2e. */
  marketGPerKWh?: number;
  /** Add the GPUs' embodied carbon, amortised per GPU-hour over a 4-year life (off by default). */
  includeEmbodied?: boolean;
  /** Expected lifetime inference tokens, for inference-aware sizing. */
  lifetimeInferenceTokens?: number;
  /**
   * A measured calibration (`calibrate --save`, read by `estimate --calibration`): its MFU replaces the prior and
   * its power per GPU replaces the energy preset. A run that states its own MFU (flag, annotation) keeps it.
   */
  calibration?: { mfu: number; wattsPerGpu?: number; gpuType?: string; from: string };
  /** Framework overhead per GPU in GiB (CUDA context, allocator, NCCL) added to the memory estimate; default data/memory.ts. */
  memoryOverheadGB?: number;
  /** What-if: sequences per GPU per forward pass, the global batch kept (the accumulation steps follow). */
  microBatch?: number;
  /** What-if: activation recomputation. */
  recompute?: Recompute;
  /** What-if: train the fine-tune's weights this way instead (the LoRA lever). */
  adapter?: Adapter;
  /** Budget caps (CLI --max-*, extension settings). */
  maxUSD?: number;
  maxTCO2e?: number;
  maxGpuHours?: number;
  /** Wall-clock cap in days (CLI --max-days), read by the budget planner. */
  maxDays?: number;
}

/** A text replacement in offsets of the analysed text; hosts convert it (vscode.TextEdit, a string splice). */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}
