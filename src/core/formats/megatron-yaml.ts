// Megatron-LM `--yaml-cfg` configs (megatron/training/yaml_arguments.py; examples/gpt3/gpt_config.yaml): the
// transformer under `language_model:`, parallelism and precision under `model_parallel:`, batch, schedule, data and
// tokenizer as flat keys. Any key may also be written flat. GPUs come from the launcher (torchrun), not this file.
import type { ParsedConfig } from '../parse/config';
import type { KeyRole, Precision, Sourced } from '../types';
import type { FormatExtractor } from './extractor';
import { RunBuilder, type NumberOptions } from './builder';
import { nemoMemory } from './memory-keys';
import { megatronRecompute, moe, paddedVocab, present, rampup } from './nemo';

/** Megatron's argument defaults that change the model when a key is null or absent (arguments.py, 2024-2025). */
const MEGATRON_DEFAULTS = {
  /** ffn_hidden_size = 4 · hidden_size without SwiGLU. */
  ffnMultiplier: 4,
  /** With SwiGLU: int(4 · h · 2/3 / 64) · 64. */
  swigluFfnFactor: (4 * 2) / 3,
  swigluFfnRound: 64,
  /** make_vocab_size_divisible_by, multiplied by the tensor-parallel size. */
  vocabDivisibleBy: 128,
} as const;

/** Keys of a --yaml-cfg file; detection counts them (a few flat ones are shared with other Megatron-style YAML). */
const SIGNS = [
  'language_model.num_layers',
  'language_model.hidden_size',
  'language_model.num_attention_heads',
  'model_parallel.tensor_model_parallel_size',
  'model_parallel.pipeline_model_parallel_size',
  'micro_batch_size',
  'global_batch_size',
  'seq_length',
  'train_iters',
  'train_samples',
];

/** Where a key may be: its section first, then flat. */
function at(section: 'language_model' | 'model_parallel', key: string): string[] {
  return [`${section}.${key}`, key];
}

export const megatronYaml: FormatExtractor = {
  id: 'megatron-yaml',
  syntax: 'yaml',
  detect(cfg: ParsedConfig) {
    // The two sections are what makes a --yaml-cfg file; without them, flat Megatron keys are NeoX's or a NeMo model's.
    if (!cfg.sections.has('language_model') || !cfg.sections.has('model_parallel')) return 0;
    const n = SIGNS.filter((k) => cfg.entries.has(k)).length;
    return n >= 3 ? Math.min(1, 0.5 + n * 0.05) : 0.1 * n;
  },
  extract(cfg, fileName) {
    const label = fileName.replace(/^.*[\\/]/, '') || 'Megatron-LM YAML';
    const b = new RunBuilder(cfg, 'megatron-yaml', label);
    const run = b.run;
    const lm = (role: KeyRole, key: string, options?: NumberOptions) => (present(b, key) || present(b, `language_model.${key}`) ? b.number(role, at('language_model', key), options) : undefined);
    const mp = (role: KeyRole, key: string) => (present(b, key) || present(b, `model_parallel.${key}`) ? b.number(role, at('model_parallel', key)) : undefined);
    const flat = (role: KeyRole, key: string) => (present(b, key) ? b.number(role, [key]) : undefined);

    // ---- architecture
    const a = run.arch;
    a.layers = lm('layers', 'num_layers');
    a.hiddenSize = lm('hiddenSize', 'hidden_size');
    a.heads = lm('heads', 'num_attention_heads');
    const gated = activation(b);
    a.ffnActivation = gated;
    a.ffnHiddenSize = lm('ffnHiddenSize', 'ffn_hidden_size') ?? defaultFfn(a.hiddenSize, gated.value === 'swiglu');
    kvHeads(b, lm('kvHeads', 'num_query_groups'));
    const untie = b.boolean('tiedEmbeddings', ['untie_embeddings_and_output_weights']);
    a.tiedEmbeddings = untie ? { ...untie, value: !untie.value } : { value: true, source: 'default', detail: 'Megatron ties input and output embeddings unless untie_embeddings_and_output_weights' };

    // ---- parallelism (before the vocabulary: it is padded to a multiple of 128 × TP)
    const p = run.parallel;
    p.tp = mp('tp', 'tensor_model_parallel_size');
    p.pp = mp('pp', 'pipeline_model_parallel_size');
    p.cp = mp('cp', 'context_parallel_size');
    p.ep = mp('ep', 'expert_model_parallel_size');
    a.vocabSize = paddedVocab(
      b,
      flat('vocabSize', 'vocab_size') ?? b.tokenizerVocab(['tokenizer_type', 'tokenizer_model', 'vocab_file']),
      flat('vocabSize', 'make_vocab_size_divisible_by'),
      MEGATRON_DEFAULTS.vocabDivisibleBy,
    );
    moe(
      b,
      lm('experts', 'num_moe_experts'),
      () => lm('topK', 'moe_router_topk'),
      () => lm('ffnHiddenSize', 'moe_ffn_hidden_size'),
    );

    // ---- batch and schedule
    run.seqLength = flat('seqLength', 'seq_length') ?? flat('seqLength', 'encoder_seq_length');
    run.microBatch = flat('microBatch', 'micro_batch_size');
    run.globalBatch = flat('globalBatch', 'global_batch_size');
    run.trainIters = flat('trainIters', 'train_iters');
    run.trainSamples = flat('trainSamples', 'train_samples');
    rampup(b, 'rampup_batch_size');

    // ---- precision and recomputation
    run.precision = precision(b);
    const gran = b.entry(...at('language_model', 'recompute_granularity'));
    if (gran) run.recompute = megatronRecompute(b, gran.path);
    run.memory = nemoMemory(b, (key) => [key, `model_parallel.${key}`, `language_model.${key}`]);
    return run;
  },
};

/** SwiGLU when `swiglu: True` (flat, as arguments.py reads it), gated_linear_unit, or a *glu activation_func. */
function activation(b: RunBuilder): Sourced<'gelu' | 'swiglu'> {
  for (const path of ['swiglu', 'language_model.gated_linear_unit']) {
    const e = b.entry(path);
    if (e && (e.value === true || String(e.value).toLowerCase() === 'true')) {
      b.note('ffnActivation', e);
      return { value: 'swiglu', source: 'file', detail: `${e.path}: ${e.raw ?? String(e.value)} (gated FFN, three matrices)`, span: e.valueSpan ?? e.keySpan };
    }
  }
  const fn = b.entry(...at('language_model', 'activation_func'));
  if (fn && typeof fn.value === 'string') {
    b.note('ffnActivation', fn);
    const isGated = /glu$/i.test(fn.value.trim());
    return { value: isGated ? 'swiglu' : 'gelu', source: 'file', detail: `${fn.path}: ${fn.value}`, span: fn.valueSpan ?? fn.keySpan };
  }
  return { value: 'gelu', source: 'default', detail: 'Megatron uses GELU unless swiglu is set' };
}

function defaultFfn(hidden: Sourced<number> | undefined, swiglu: boolean): Sourced<number> | undefined {
  if (!hidden) return undefined;
  const d = MEGATRON_DEFAULTS;
  if (!swiglu) return { value: d.ffnMultiplier * hidden.value, source: 'default', detail: `Megatron's default FFN: ${d.ffnMultiplier} × hidden ${hidden.value}` };
  const value = Math.floor((d.swigluFfnFactor * hidden.value) / d.swigluFfnRound) * d.swigluFfnRound;
  return { value, source: 'default', detail: `Megatron's default SwiGLU FFN: int(4 × ${hidden.value} × 2/3 / 64) × 64` };
}

/** Query groups count only with group_query_attention, as in Megatron. */
function kvHeads(b: RunBuilder, groups: Sourced<number> | undefined): void {
  if (!groups) return;
  const flag = b.entry('group_query_attention', 'language_model.group_query_attention');
  if (flag && (flag.value === true || String(flag.value).toLowerCase() === 'true')) {
    b.note('kvHeads', flag);
    b.run.arch.kvHeads = groups;
    return;
  }
  const e = b.entry(...at('language_model', 'num_query_groups'));
  b.finding('gqa-flag-missing', { key: e?.path ?? 'num_query_groups', line: (e?.keySpan.line ?? 0) + 1, switch: 'group_query_attention: True' }, e);
}

/** fp8 (a format name in language_model.fp8) over bf16 over fp16; Megatron trains in fp32 otherwise. */
function precision(b: RunBuilder): Sourced<Precision> {
  const fp8 = b.entry(...at('language_model', 'fp8'));
  if (fp8 && fp8.value !== null && fp8.value !== false && String(fp8.value).toLowerCase() !== 'false') return b.precisionFrom(fp8, 'fp8');
  for (const [key, value] of [
    ['bf16', 'bf16'],
    ['fp16', 'fp16'],
  ] as const) {
    const e = b.entry(...at('model_parallel', key));
    if (e && (e.value === true || String(e.value).toLowerCase() === 'true')) return b.precisionFrom(e, value);
  }
  return { value: 'fp32', source: 'default', detail: 'Megatron trains in fp32 unless bf16, fp16 or fp8 is set' };
}
