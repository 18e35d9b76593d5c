// Lightning LitGPT pretrain/finetune YAML: the model is named (`model_name`, dimensions from LitGPT's config table in
// data/model-presets.ts) and optionally overridden key by key under `model_config:`; the schedule and batch sit under
// `train:`; devices / num_nodes say the GPU count unless they are "auto" (decided by the launcher). Empty keys
// (`max_steps:`) mean "not set" in LitGPT and are skipped silently.
import type { ConfigEntry } from '../parse/config';
import { findPreset, presetArchitecture } from '../data/model-presets';
import type { Adapter, Architecture, FfnActivation, FineTuneSpec, KeyRole, MemoryAdapter, Objective, Precision, Sourced } from '../types';
import { byDefault, fromEntry, readBaseModel, startFineTune, truthy } from './finetune-common';
import type { FormatExtractor } from './extractor';
import { RunBuilder } from './builder';
import { fineTuneMemory } from './memory-keys';

/** Lightning Fabric precision strings (lightning/fabric/connector.py); "transformer-engine" runs FP8 matmuls. */
const PRECISIONS: Record<string, Precision> = {
  'bf16-mixed': 'bf16',
  'bf16-true': 'bf16',
  bf16: 'bf16',
  '16-mixed': 'fp16',
  '16-true': 'fp16',
  '16': 'fp16',
  '32-true': 'fp32',
  '32': 'fp32',
  'transformer-engine': 'fp8',
  'transformer-engine-float16': 'fp8',
};

/** LitGPT's MLP classes (litgpt/model.py): the LLaMA and Gemma MLPs are gated, GptNeoxMLP is not. */
const MLP_CLASSES: Record<string, FfnActivation> = { LLaMAMLP: 'swiglu', GemmaMLP: 'swiglu', LLaMAMoE: 'swiglu', GptNeoxMLP: 'gelu' };

export const litgptYaml: FormatExtractor = {
  id: 'litgpt-yaml',
  syntax: 'yaml',
  detect(cfg) {
    const named = cfg.entries.has('model_name') || cfg.sections.has('model_config') || cfg.entries.has('model_config') || cfg.entries.has('checkpoint_dir');
    const train = ['train.global_batch_size', 'train.micro_batch_size', 'train.max_tokens', 'train.max_seq_length', 'train.max_steps', 'train.lr_warmup_steps'].filter((k) =>
      cfg.entries.has(k),
    ).length;
    const lightning = ['out_dir', 'precision', 'devices', 'num_nodes', 'tokenizer_dir', 'initial_checkpoint_dir', 'logger_name'].filter((k) => cfg.entries.has(k)).length;
    if (!named || train < 2) return Math.min(0.25, (train + lightning) * 0.03);
    return Math.min(1, 0.4 + train * 0.05 + lightning * 0.04);
  },
  extract(cfg, fileName) {
    const label = fileName.replace(/^.*[\\/]/, '') || 'LitGPT run';
    const b = new RunBuilder(cfg, 'litgpt-yaml', label);
    const run = b.run;
    /** A key that is present and not empty. */
    const set = (path: string): ConfigEntry | undefined => {
      const e = b.entry(path);
      return e && e.value !== null ? e : undefined;
    };
    const read = (role: KeyRole, path: string): Sourced<number> | undefined => (set(path) ? b.number(role, [path]) : undefined);

    // ---- architecture: the named preset, then model_config overrides
    const nameEntry = set('model_name');
    if (nameEntry) {
      b.note('modelPreset', nameEntry);
      const preset = findPreset('litgpt', String(nameEntry.value));
      if (preset) run.arch = presetArchitecture(preset, `model_name "${String(nameEntry.value)}"`, nameEntry.valueSpan ?? nameEntry.keySpan);
      else {
        b.finding('unknown-preset', { model: `LitGPT model \`${String(nameEntry.value)}\``, line: nameEntry.keySpan.line + 1, table: 'model', unless: 'model_config gives it' }, nameEntry);
      }
    }
    // A fine-tune names the weights it starts from (`checkpoint_dir: checkpoints/meta-llama/Meta-Llama-3-8B`).
    const ft = set('checkpoint_dir') ? fineTune(b, set, fileName) : undefined;
    overrides(b, read, set, run.arch);

    // ---- batch, sequence, schedule
    run.globalBatch = read('globalBatch', 'train.global_batch_size');
    run.microBatch = read('microBatch', 'train.micro_batch_size');
    run.seqLength = read('seqLength', 'train.max_seq_length');
    run.tokens = read('tokens', 'train.max_tokens');
    run.trainIters = read('trainIters', 'train.max_steps');
    const epochs = set('train.epochs');
    if (ft && epochs) ft.epochs = b.number('epochs', ['train.epochs']);
    else if (epochs && !run.tokens && !run.trainIters) {
      b.note('trainIters', epochs);
      b.finding('duration-in-epochs', { key: 'train.epochs', value: String(epochs.value), line: epochs.keySpan.line + 1, saysEpochs: false }, epochs);
    }
    const tie = set('train.tie_embeddings');
    if (tie) {
      const t = b.boolean('tiedEmbeddings', [tie.path]);
      if (t) run.arch.tiedEmbeddings = t;
    }

    // ---- cluster (devices is per node; "auto" is left to the launcher by the builder, with an info finding)
    run.gpusPerNode = read('gpusPerNode', 'devices');
    run.nodes = read('nodes', 'num_nodes');

    // ---- precision
    const prec = set('precision');
    if (prec) {
      const p = PRECISIONS[String(prec.value).toLowerCase()];
      if (p) run.precision = b.precisionFrom(prec, p);
      else b.finding('unknown-precision', { value: String(prec.value), line: prec.keySpan.line + 1, tool: 'Lightning', known: 'bf16-mixed, 16-mixed, 32-true, ...' }, prec);
    }

    // ---- memory: the optimizer class, LoRA dropout; "-true" precisions train in the 16-bit dtype (no fp32 master)
    const memory = fineTuneMemory(b, { optimizer: ['optimizer.class_path', 'optimizer'], loraDropout: ['lora_dropout'], compile: ['compile'] }) ?? {};
    if (prec && run.precision && /^(bf16|16)-true$/i.test(String(prec.value))) {
      memory.pureDtype = {
        ...run.precision,
        value: true,
        detail: `${run.precision.detail}: Lightning's "-true" precision keeps weights, gradients and optimizer states in 16 bits, no fp32 master copy`,
      };
    }
    if (ft) {
      const adapter = litgptAdapter(set, ft);
      if (adapter) memory.adapter = adapter;
    }
    if (Object.keys(memory).length > 0) run.memory = memory;
    return run;
  },
};

/** litgpt/finetune/lora.py's flags and their defaults (lora_query and lora_value on), each with the projections it adapts. */
const LORA_FLAGS: ReadonlyArray<[string, boolean, LoraTargetName[]]> = [
  ['lora_query', true, ['q']],
  ['lora_key', false, ['k']],
  ['lora_value', true, ['v']],
  ['lora_projection', false, ['o']],
  ['lora_mlp', false, ['gate', 'up', 'down']],
];

/** A LoRA/QLoRA fine-tune's adapted projections (from the lora_* flags) and NF4 double quantisation (`bnb.nf4-dq`). */
function litgptAdapter(set: SetFn, ft: FineTuneSpec): MemoryAdapter | undefined {
  const kind = ft.adapter.value;
  if (kind !== 'lora' && kind !== 'qlora') return undefined;
  const adapter: MemoryAdapter = { kind: { ...ft.adapter, value: kind } };
  if (ft.loraRank) adapter.rank = ft.loraRank;
  const flags = LORA_FLAGS.map(([key, byDefault, targets]) => ({ key, entry: set(key), byDefault, targets }));
  const written = flags.filter((f) => f.entry);
  if (written.length > 0) {
    const on = flags.filter((f) => (f.entry ? truthy(f.entry) === true : f.byDefault));
    const first = written[0]!.entry!;
    adapter.targets = {
      value: on.flatMap((f) => f.targets),
      source: 'file',
      detail: on.length ? on.map((f) => `${f.key}${f.entry ? '' : ' (default)'}`).join(', ') : 'every lora_* flag off',
      span: first.valueSpan ?? first.keySpan,
    };
  }
  const quantize = set('quantize');
  if (kind === 'qlora' && quantize && typeof quantize.value === 'string') {
    adapter.doubleQuant = { value: /-dq$/i.test(quantize.value), source: 'file', detail: `quantize: ${quantize.value}`, span: quantize.valueSpan ?? quantize.keySpan };
  }
  return adapter;
}

/**
 * LitGPT fine-tunes: `litgpt finetune_lora|finetune_full|finetune_adapter --config x.yaml`. The subcommand is not in
 * the file, so the adapter comes from `lora_r` (LoRA) with `quantize: bnb.nf4` (QLoRA), else a full fine-tune.
 */
function fineTune(b: RunBuilder, set: SetFn, fileName: string): FineTuneSpec {
  const rank = set('lora_r');
  const quantize = set('quantize');
  const fourBit = quantize && typeof quantize.value === 'string' && /nf4|fp4|int4/i.test(quantize.value);
  const adapter: Sourced<Adapter> = rank
    ? fromEntry(b, 'adapter', fourBit ? quantize! : rank, fourBit ? 'qlora' : 'lora')
    : /(^|[\\/_-])(q?lora|adapter)[^\\/]*$/i.test(fileName)
      ? { value: /qlora/i.test(fileName) ? 'qlora' : 'lora', source: 'file', detail: `the config's name (${fileName.replace(/^.*[\\/]/, '')})` }
      : byDefault<Adapter>('full', 'no lora_r: a full fine-tune (litgpt finetune_full)');
  const ft = startFineTune(b, byDefault<Objective>('sft', 'LitGPT finetune: supervised fine-tuning'), adapter);
  readBaseModel(b, ft, ['checkpoint_dir']);
  if (rank) ft.loraRank = b.number('loraRank', ['lora_r']);
  ft.packing = byDefault(false, 'LitGPT fine-tuning pads each batch');
  return ft;
}

type LoraTargetName = 'q' | 'k' | 'v' | 'o' | 'gate' | 'up' | 'down';
type ReadFn = (role: KeyRole, path: string) => Sourced<number> | undefined;
type SetFn = (path: string) => ConfigEntry | undefined;

/** `model_config:` keys (LitGPT Config field names) replace the preset's values, each with file provenance. */
function overrides(b: RunBuilder, read: ReadFn, set: SetFn, a: Architecture): void {
  const layers = read('layers', 'model_config.n_layer');
  const hidden = read('hiddenSize', 'model_config.n_embd');
  const heads = read('heads', 'model_config.n_head');
  const groups = read('kvHeads', 'model_config.n_query_groups');
  const ffn = read('ffnHiddenSize', 'model_config.intermediate_size');
  const vocab = read('vocabSize', 'model_config.padded_vocab_size') ?? read('vocabSize', 'model_config.vocab_size');
  if (layers) a.layers = layers;
  if (hidden) a.hiddenSize = hidden;
  if (heads) a.heads = heads;
  if (groups) a.kvHeads = groups;
  if (ffn) a.ffnHiddenSize = ffn;
  if (vocab) a.vocabSize = vocab;
  const mlp = set('model_config.mlp_class_name');
  if (mlp && typeof mlp.value === 'string' && MLP_CLASSES[mlp.value]) {
    b.note('ffnActivation', mlp);
    a.ffnActivation = { value: MLP_CLASSES[mlp.value] ?? 'gelu', source: 'file', detail: `model_config.mlp_class_name: ${mlp.value}`, span: mlp.valueSpan ?? mlp.keySpan };
  }
  if (set('model_config.tie_embeddings')) {
    const t = b.boolean('tiedEmbeddings', ['model_config.tie_embeddings']);
    if (t) a.tiedEmbeddings = t;
  }
}
