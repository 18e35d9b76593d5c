// The vocabulary every part of Footprint Lens speaks: a run read from a config, where each of its numbers came from,
// and what the core found wrong or missing. Pure data: no vscode, no node:*, no DOM.

/** Where a number came from. Shown to the user next to every value. */
export type SourceKind =
  | 'file' // written in the config itself (span points at it)
  | 'derived' // computed from other values (detail says the formula in words)
  | 'companion' // a known preset or companion file the config names (torchtitan flavor, litgpt model_name, ...)
  | 'annotation' // a `# footprint: gpu=H100 ...` comment in the file
  | 'setting' // a user or workspace setting (extension) or a CLI flag
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

/** Something the core noticed. `code` is stable (documented in the README under "Findings"). */
export interface Finding {
  code: string;
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
  | 'hf-model-json';

export type Precision = 'fp32' | 'tf32' | 'fp16' | 'bf16' | 'fp8';
export type Recompute = 'none' | 'selective' | 'full';
export type FfnActivation = 'gelu' | 'swiglu';

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
  /** Vocabulary as the embedding table holds it (padded). */
  vocabSize?: Sourced<number>;
  tiedEmbeddings?: Sourced<boolean>;
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
  | 'modelPreset'
  | 'region'
  | 'pue'
  | 'price';

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
  /** From a `# footprint:` annotation or settings. */
  region?: Sourced<string>;
  gridGPerKWh?: Sourced<number>;
  pue?: Sourced<number>;
  priceUSDPerGpuHour?: Sourced<number>;
  mfu?: Sourced<number>;
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
  /** Add the GPUs' embodied carbon, amortised per GPU-hour (off by default); lifetime in years, default 4. */
  includeEmbodied?: boolean;
  embodiedLifetimeYears?: number;
  /** Expected lifetime inference tokens, for inference-aware sizing. */
  lifetimeInferenceTokens?: number;
  /**
   * A measured calibration (`calibrate --save`, read by `estimate --calibration`): its MFU replaces the prior and
   * its power per GPU replaces the energy preset. A run that states its own MFU (flag, annotation) keeps it.
   */
  calibration?: { mfu: number; wattsPerGpu?: number; gpuType?: string; from: string };
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
