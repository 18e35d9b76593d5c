// Levanter (JAX) training YAML: the model under `model:` by its `type` (gpt2, llama, mistral …) with Levanter's
// defaults for what it leaves out, `trainer.train_batch_size` (global, in sequences) and `trainer.num_train_steps`,
// the mixed-precision policy `trainer.mp` ("p=f32,c=bfloat16"), the vocabulary from `data.tokenizer` (a Hugging Face
// id, through the companions' tokenizer references). The device count comes from the TPU slice or GPU launch, which
// the file does not say.
import type { FfnActivation, Precision, Sourced } from '../types';
import type { FormatExtractor } from './extractor';
import { RunBuilder } from './builder';

interface LevanterDefaults {
  seqLength: number;
  hiddenSize: number;
  /** Absent: mlp_scale × hidden (GPT-2). */
  ffnHiddenSize?: number;
  mlpScale?: number;
  layers: number;
  heads: number;
  kvHeads?: number;
  activation: FfnActivation;
  tiedEmbeddings: boolean;
  source: string;
}

/** LlamaConfig's defaults, which its subclasses (Qwen, Qwen 3) keep. */
const LLAMA_DEFAULTS: LevanterDefaults = {
  seqLength: 2048,
  hiddenSize: 4096,
  ffnHiddenSize: 11008,
  layers: 32,
  heads: 32,
  kvHeads: 32,
  activation: 'swiglu',
  tiedEmbeddings: false,
  source: 'levanter models/llama.py LlamaConfig',
};

/** Each model type's config-class defaults (stanford-crfm/levanter src/levanter/models/*.py @ 9263f81e). */
const DEFAULTS: Record<string, LevanterDefaults> = {
  gpt2: { seqLength: 1024, hiddenSize: 768, mlpScale: 4, layers: 12, heads: 12, activation: 'gelu', tiedEmbeddings: true, source: 'levanter models/gpt2.py Gpt2Config' },
  llama: LLAMA_DEFAULTS,
  // Qwen and Qwen 3 subclass LlamaConfig and keep its defaults; Olmo2Config states the same shape at 4,096 tokens.
  qwen: { ...LLAMA_DEFAULTS, source: 'levanter models/qwen.py QwenConfig(LlamaConfig)' },
  qwen3: { ...LLAMA_DEFAULTS, source: 'levanter models/qwen.py Qwen3Config(LlamaConfig)' },
  olmo2: { seqLength: 4096, hiddenSize: 4096, ffnHiddenSize: 11008, layers: 32, heads: 32, kvHeads: 32, activation: 'swiglu', tiedEmbeddings: false, source: 'levanter models/olmo.py Olmo2Config' },
  mistral: {
    seqLength: 8192,
    hiddenSize: 4096,
    ffnHiddenSize: 14336,
    layers: 32,
    heads: 32,
    kvHeads: 8,
    activation: 'swiglu',
    tiedEmbeddings: false,
    source: 'levanter models/mistral.py MistralConfig',
  },
};

/** TrainerConfig.num_train_steps and train_batch_size when a file leaves them out (levanter src/levanter/trainer.py @ 9263f81e). */
const TRAINER_DEFAULT_STEPS = 400_000;
const TRAINER_DEFAULT_BATCH = 512;

/** Levanter's `trainer.mp` policy: the compute dtype is what the matmuls run in. */
const COMPUTE = /(?:^|,)\s*(?:c|compute)\s*=\s*(bfloat16|bf16|float16|f16|half|float32|f32|float)\b/i;
const DTYPES: Record<string, Precision> = { bfloat16: 'bf16', bf16: 'bf16', float16: 'fp16', f16: 'fp16', half: 'fp16', float32: 'fp32', f32: 'fp32', float: 'fp32' };

/** Keys only Levanter writes. */
const LEVANTER_KEYS = [
  'trainer.mp',
  'trainer.per_device_parallelism',
  'trainer.model_axis_size',
  'trainer.fsdp_axis',
  'trainer.batch_axis',
  'model.hidden_dim',
  'model.intermediate_dim',
  'model.seq_len',
  'data.cache_dir',
  'trainer.tensor_parallel_axes',
];

export const levanterYaml: FormatExtractor = {
  id: 'levanter-yaml',
  syntax: 'yaml',
  detect(cfg) {
    const own = LEVANTER_KEYS.filter((k) => cfg.entries.has(k) || cfg.sections.has(k)).length;
    const type = cfg.entries.get('model.type')?.value;
    const trainer = ['trainer.train_batch_size', 'trainer.num_train_steps'].filter((k) => cfg.entries.has(k)).length;
    // A file that leaves the batch and steps to Levanter's defaults still builds its model: three of Levanter's own
    // keys and a model type it knows are enough.
    const known = typeof type === 'string' && DEFAULTS[type.toLowerCase()] !== undefined;
    if (typeof type !== 'string' || own < 2 || (trainer === 0 && !(known && own >= 3))) return Math.min(0.25, own * 0.04);
    return Math.min(1, 0.45 + own * 0.05 + trainer * 0.05);
  },
  extract(cfg, fileName) {
    const b = new RunBuilder(cfg, 'levanter-yaml', fileName.replace(/^.*[\\/]/, '') || 'Levanter run');
    const run = b.run;
    const a = run.arch;
    const typeEntry = b.entry('model.type');
    const type = typeof typeEntry?.value === 'string' ? typeEntry.value.toLowerCase() : '';
    if (typeEntry) b.note('modelPreset', typeEntry);
    const d = DEFAULTS[type];
    const orDefault = (v: Sourced<number> | undefined, value: number | undefined, key: string): Sourced<number> | undefined =>
      v ?? (d && value !== undefined ? { value, source: 'default', detail: `model.${key} not set: ${value} (${d.source} default)` } : undefined);
    a.hiddenSize = orDefault(b.number('hiddenSize', ['model.hidden_dim']), d?.hiddenSize, 'hidden_dim');
    a.layers = orDefault(b.number('layers', ['model.num_layers']), d?.layers, 'num_layers');
    a.heads = orDefault(b.number('heads', ['model.num_heads']), d?.heads, 'num_heads');
    a.kvHeads = orDefault(b.number('kvHeads', ['model.num_kv_heads']), d?.kvHeads, 'num_kv_heads');
    const ffn = b.number('ffnHiddenSize', ['model.intermediate_dim']);
    if (ffn) a.ffnHiddenSize = ffn;
    else if (d?.ffnHiddenSize !== undefined) a.ffnHiddenSize = orDefault(undefined, d.ffnHiddenSize, 'intermediate_dim');
    else if (d?.mlpScale && a.hiddenSize) {
      const scale = b.number('ffnHiddenSize', ['model.mlp_scale'])?.value ?? d.mlpScale;
      a.ffnHiddenSize = { value: scale * a.hiddenSize.value, source: 'derived', detail: `mlp_scale ${scale} × hidden_dim ${a.hiddenSize.value} (${d.source})` };
    }
    if (d)
      a.ffnActivation = {
        value: d.activation,
        source: 'default',
        detail: `model.type ${type}: ${d.activation === 'swiglu' ? 'gated SiLU MLP' : 'GELU MLP'} (${d.source})`,
        span: typeEntry?.valueSpan,
      };
    const tie = b.boolean('tiedEmbeddings', ['model.tie_word_embeddings']);
    a.tiedEmbeddings = tie ?? (d ? { value: d.tiedEmbeddings, source: 'default', detail: `model.type ${type}: embeddings ${d.tiedEmbeddings ? 'tied' : 'untied'} (${d.source})` } : undefined);
    a.vocabSize = b.tokenizerVocab(['data.tokenizer']);
    run.seqLength = orDefault(b.number('seqLength', ['model.seq_len', 'model.max_seq_len']), d?.seqLength, 'seq_len');
    run.globalBatch = b.number('globalBatch', ['trainer.train_batch_size']) ?? {
      value: TRAINER_DEFAULT_BATCH,
      source: 'default',
      detail: `trainer.train_batch_size not set: ${TRAINER_DEFAULT_BATCH} (levanter trainer.py TrainerConfig default)`,
    };
    run.trainIters = b.number('trainIters', ['trainer.num_train_steps']) ?? {
      value: TRAINER_DEFAULT_STEPS,
      source: 'default',
      detail: `trainer.num_train_steps not set: ${TRAINER_DEFAULT_STEPS.toLocaleString('en-US')} (levanter trainer.py TrainerConfig default)`,
    };
    const micro = b.entry('trainer.per_device_parallelism');
    if (micro && typeof micro.value === 'number' && micro.value > 0) run.microBatch = b.number('microBatch', ['trainer.per_device_parallelism']);
    const mp = b.entry('trainer.mp');
    const m = typeof mp?.value === 'string' ? COMPUTE.exec(mp.value) : null;
    if (mp && m) run.precision = b.precisionFrom(mp, DTYPES[m[1]!.toLowerCase()]!);
    const ckpt = b.boolean('recompute', ['model.gradient_checkpointing']);
    if (ckpt) run.recompute = { ...ckpt, value: ckpt.value ? 'full' : 'none' };
    run.zeroStage = fsdpSharding(b);
    return run;
  },
};

/**
 * Levanter shards parameters and optimizer states over the data axis (FSDP, like ZeRO stage 3): TrainerConfig's
 * `fsdp_axis` is "embed", mapped to the data axis (levanter/trainer.py); a file that sets it to null shards nothing.
 */
function fsdpSharding(b: RunBuilder): Sourced<number> {
  const e = b.entry('trainer.fsdp_axis');
  if (!e)
    return {
      value: 3,
      source: 'default',
      detail: 'no trainer.fsdp_axis: Levanter shards parameters and optimizer states over the data axis (TrainerConfig.fsdp_axis "embed", levanter/trainer.py), like ZeRO stage 3',
    };
  b.note('zeroStage', e);
  const none = e.value === null || (Array.isArray(e.value) && e.value.length === 0);
  const detail = none ? 'trainer.fsdp_axis: null (nothing sharded)' : `trainer.fsdp_axis: ${JSON.stringify(e.value)} (parameters and optimizer states sharded over the data axis, like ZeRO stage 3)`;
  return { value: none ? 0 : 3, source: 'file', detail, ...((e.valueSpan ?? e.keySpan) ? { span: e.valueSpan ?? e.keySpan } : {}) };
}
