// NeMo (Megatron GPT) Hydra YAML and NeMo-Framework-Launcher training YAML: GPUs from trainer.num_nodes ×
// trainer.devices, steps from trainer.max_steps, precision from trainer.precision (fp8 from model.fp8), the model,
// batch and parallelism under `model:`. Launcher files keep trainer/model at the top or nest them under `training:`.
// OmegaConf interpolations are resolved first (parse/interpolate.ts); a value that cannot be is reported with why.
import { findTokenizer } from '../data/tokenizers';
import type { ConfigEntry, ParsedConfig } from '../parse/config';
import { resolveInterpolations } from '../parse/interpolate';
import type { FfnActivation, MoeSpec, Precision, Recompute, RunSpec, Sourced } from '../types';
import type { FormatExtractor } from './extractor';
import { RunBuilder, type NumberOptions } from './builder';
import { nemoMemory } from './memory-keys';

/** Defaults of NeMo's MegatronGPTModel when a key is absent (nemo/collections/nlp/models/language_modeling, 2024). */
export const NEMO_DEFAULTS = {
  /** model.activation */
  activation: 'gelu',
  /** model.share_embeddings_and_output_weights */
  tiedEmbeddings: true,
  /** model.make_vocab_size_divisible_by; the padded vocabulary is a multiple of this × TP. */
  vocabDivisibleBy: 128,
  /** Megatron-core moe_router_topk default. */
  moeTopK: 2,
} as const;

/** Keys under `model:` that only Megatron-style NeMo configs have; detection counts them. */
const MODEL_KEYS = [
  'micro_batch_size',
  'global_batch_size',
  'encoder_seq_length',
  'num_layers',
  'hidden_size',
  'ffn_hidden_size',
  'num_attention_heads',
  'tensor_model_parallel_size',
  'pipeline_model_parallel_size',
  'make_vocab_size_divisible_by',
];
const TRAINER_KEYS = ['num_nodes', 'devices', 'max_steps', 'precision'];

/** Where trainer/model live: the top, or under `training:` in a launcher file composed into a larger config. */
export function nemoRoot(cfg: ParsedConfig): string {
  return cfg.sections.has('training.model') || cfg.sections.has('training.trainer') ? 'training.' : '';
}

export const nemoYaml: FormatExtractor = {
  id: 'nemo-yaml',
  syntax: 'yaml',
  detect(cfg) {
    const r = nemoRoot(cfg);
    if (!cfg.sections.has(`${r}trainer`) || !cfg.sections.has(`${r}model`)) return 0;
    const model = MODEL_KEYS.filter((k) => cfg.entries.has(`${r}model.${k}`)).length;
    const trainer = TRAINER_KEYS.filter((k) => cfg.entries.has(`${r}trainer.${k}`)).length;
    // A `trainer:` and a `model:` section are common (Lightning); Megatron's model keys under `model:` are NeMo's.
    if (model < 3) return 0.05 * (model + trainer);
    return Math.min(1, 0.4 + model * 0.05 + trainer * 0.03);
  },
  extract(cfg, fileName) {
    const r = nemoRoot(cfg);
    const interp = resolveInterpolations(cfg, { mountRoots: ['training'] });
    const label = fileName.replace(/^.*[\\/]/, '') || 'NeMo config';
    const b = new RunBuilder(interp.cfg, 'nemo-yaml', label);
    const run = b.run;
    // Under `model:`, null means "not used" (num_query_groups: null is plain MHA, num_moe_experts: null is dense);
    // under `trainer:` it means "decided at launch", which the builder reports as deferred.
    const num = (role: Parameters<RunBuilder['number']>[0], path: string, options?: NumberOptions) =>
      path.startsWith('model.') && !present(b, r + path) ? undefined : interpolated(b, interp.resolved, role, r + path, options);
    const m = (key: string) => `model.${key}`;

    // ---- architecture
    const a = run.arch;
    a.layers = num('layers', m('num_layers'));
    a.hiddenSize = num('hiddenSize', m('hidden_size'));
    a.ffnHiddenSize = num('ffnHiddenSize', m('ffn_hidden_size'));
    a.heads = num('heads', m('num_attention_heads'));
    a.kvHeads = num('kvHeads', m('num_query_groups'));
    a.ffnActivation = megatronActivation(b, [r + m('activation')], `NeMo's default activation is ${NEMO_DEFAULTS.activation}`, NEMO_DEFAULTS.activation);
    a.tiedEmbeddings = b.boolean('tiedEmbeddings', [r + m('share_embeddings_and_output_weights')]) ?? {
      value: NEMO_DEFAULTS.tiedEmbeddings,
      source: 'default',
      detail: 'NeMo shares input and output embeddings unless share_embeddings_and_output_weights is false',
    };

    // ---- parallelism (before the vocabulary: it is padded to a multiple of make_vocab_size_divisible_by × TP)
    const p = run.parallel;
    p.tp = num('tp', m('tensor_model_parallel_size'));
    p.pp = num('pp', m('pipeline_model_parallel_size'));
    p.cp = num('cp', m('context_parallel_size'));
    p.ep = num('ep', m('expert_model_parallel_size'));
    a.vocabSize = paddedVocab(b, tokenizerVocab(b, r), num('vocabSize', m('make_vocab_size_divisible_by')), NEMO_DEFAULTS.vocabDivisibleBy);
    moe(
      b,
      num('experts', m('num_moe_experts')),
      () => num('topK', m('moe_router_topk')),
      () => num('ffnHiddenSize', m('moe_ffn_hidden_size')),
    );

    // ---- batch and schedule
    run.seqLength = num('seqLength', m('encoder_seq_length')) ?? num('seqLength', m('seq_length'));
    run.microBatch = num('microBatch', m('micro_batch_size'));
    run.globalBatch = num('globalBatch', m('global_batch_size'));
    if (!sentinel(b, r + 'trainer.max_steps', 'the run is bounded by trainer.max_epochs instead')) run.trainIters = num('trainIters', 'trainer.max_steps');
    rampup(b, r + m('rampup_batch_size'));

    // ---- GPUs: completion multiplies nodes × GPUs per node
    run.nodes = num('nodes', 'trainer.num_nodes');
    if (!sentinel(b, r + 'trainer.devices', 'Lightning uses every GPU the node has')) run.gpusPerNode = num('gpusPerNode', 'trainer.devices');

    // ---- precision and recomputation
    run.precision = nemoPrecision(b, r);
    run.recompute = megatronRecompute(b, r + m('activations_checkpoint_granularity'));
    run.memory = nemoMemory(b, (key) => [r + m(key)]);

    withReasons(run, interp.problems);
    return run;
  },
};

/** b.number on one path; a value that came from an interpolation is 'derived', with the expression and its result. */
export function interpolated(b: RunBuilder, resolved: ReadonlySet<string>, role: Parameters<RunBuilder['number']>[0], path: string, options?: NumberOptions): Sourced<number> | undefined {
  const s = b.number(role, [path], options);
  if (!s || !resolved.has(path)) return s;
  return { ...s, source: 'derived', detail: `${s.detail} = ${s.value.toLocaleString('en-US')}` };
}

/** The generic "could not be resolved" of a read key, replaced by the resolver's reason (cycle, unknown key...). */
export function withReasons(run: RunSpec, problems: ReadonlyMap<string, RunSpec['findings'][number]>): void {
  run.findings = run.findings.map((f) => (f.code === 'unresolved-reference' && f.key && problems.get(f.key)) || f);
}

/** True when the key is present and not null: `num_query_groups: null` means "no GQA", not "set elsewhere". */
export function present(b: RunBuilder, path: string): boolean {
  const e = b.entry(path);
  return e !== undefined && e.value !== null;
}

/** -1 means "all" / "unbounded" for Lightning's devices and max_steps: an info finding, not an implausible value. */
function sentinel(b: RunBuilder, path: string, meaning: string): boolean {
  const e = b.entry(path);
  if (!e || (e.value !== -1 && e.value !== '-1')) return false;
  b.note(path.endsWith('devices') ? 'gpusPerNode' : 'trainIters', e);
  b.finding('value-deferred', { key: e.path, value: '-1', line: e.keySpan.line + 1, because: meaning }, e);
  return true;
}

/** NeMo / Megatron activation names: the *glu ones gate the FFN (three matrices), the rest do not. */
export function megatronActivation(b: RunBuilder, paths: string[], defaultWords: string, defaultValue: FfnActivation): Sourced<FfnActivation> {
  const e = b.entry(...paths);
  if (e && typeof e.value === 'string') {
    b.note('ffnActivation', e);
    const gated = /glu$/i.test(e.value.trim());
    return { value: gated ? 'swiglu' : 'gelu', source: 'file', detail: `${e.path}: ${e.value}${gated ? ' (gated FFN, three matrices)' : ''}`, span: e.valueSpan ?? e.keySpan };
  }
  return { value: defaultValue, source: 'default', detail: defaultWords };
}

/** The tokenizer NeMo names (type, model file or vocab file), when the tokenizers table knows it. */
function tokenizerVocab(b: RunBuilder, r: string): Sourced<number> | undefined {
  for (const key of ['type', 'model', 'vocab_file']) {
    const e = b.entry(`${r}model.tokenizer.${key}`);
    // An unresolved `${data_dir}/llama/tokenizer.model` still names its file: match on the text as written.
    const text = e && typeof e.value === 'string' ? e.value : undefined;
    const row = text ? findTokenizer(text) : undefined;
    if (!e || !row) continue;
    b.note('vocabSize', e);
    return {
      value: row.vocabSize,
      source: 'companion',
      detail: `${e.path}: ${text}: the ${row.name} tokenizer has ${row.vocabSize.toLocaleString('en-US')} tokens (${row.source}, ${row.year})`,
      span: e.valueSpan ?? e.keySpan,
    };
  }
  return undefined;
}

/** Megatron pads the embedding table to a multiple of make_vocab_size_divisible_by × TP. */
export function paddedVocab(b: RunBuilder, raw: Sourced<number> | undefined, divisibleBy: Sourced<number> | undefined, defaultDivisible: number): Sourced<number> | undefined {
  if (!raw) return undefined;
  const divisible = divisibleBy?.value ?? defaultDivisible;
  const tp = b.run.parallel.tp?.value ?? 1;
  const multiple = divisible * tp;
  const value = Math.ceil(raw.value / multiple) * multiple;
  if (value === raw.value) return raw;
  return { value, source: 'derived', detail: `${raw.detail}, padded to a multiple of ${divisible} × TP ${tp} = ${multiple}`, span: raw.span };
}

/** MoE from an expert count (more than one), a top-k (Megatron's default 2) and an optional expert width. */
export function moe(b: RunBuilder, experts: Sourced<number> | undefined, topK: () => Sourced<number> | undefined, width: () => Sourced<number> | undefined): void {
  if (!experts || experts.value <= 1) return;
  const spec: MoeSpec = {
    experts,
    topK: topK() ?? { value: NEMO_DEFAULTS.moeTopK, source: 'default', detail: `Megatron's default router top-k is ${NEMO_DEFAULTS.moeTopK}` },
  };
  const w = width();
  if (w) spec.expertFfnHiddenSize = w;
  b.run.arch.moe = spec;
}

/** rampup_batch_size: [start, increment, samples] as a YAML list (Megatron and NeMo); null or absent = no ramp. */
export function rampup(b: RunBuilder, path: string): void {
  const start = b.entry(`${path}.0`);
  const global = b.run.globalBatch;
  if (!start || !global) return;
  const parts = [0, 1, 2].map((i) => b.entry(`${path}.${i}`)?.value ?? '?');
  b.note('globalBatch', start);
  global.detail += `; ramps up from ${String(parts[0])} by ${String(parts[1])} over ${String(parts[2])} samples (${path.replace(/^.*\./, '')})`;
  // A run stopped by samples sees the same data either way; one stopped by steps sees fewer samples than steps × batch.
  if (b.run.trainIters && !b.run.trainSamples) {
    b.finding('batch-rampup', { key: path, line: start.keySpan.line + 1, steps: 'steps' }, start);
  }
}

/** trainer.precision as Lightning spells it, or fp8 when model.fp8 is true (Transformer Engine). */
function nemoPrecision(b: RunBuilder, r: string): Sourced<Precision> | undefined {
  const fp8 = b.entry(`${r}model.fp8`);
  if (fp8 && truthy(fp8)) return b.precisionFrom(fp8, 'fp8');
  const e = b.entry(`${r}trainer.precision`);
  if (!e || e.value === null) return undefined;
  const p = lightningPrecision(e.value);
  if (p) return b.precisionFrom(e, p);
  b.note('precision', e);
  return undefined;
}

/** Lightning's precision spellings: 16, "16-mixed", bf16, "bf16-mixed", "bf16-true", 32, "32-true", "transformer-engine". */
export function lightningPrecision(value: ConfigEntry['value']): Precision | undefined {
  const v = String(value).trim().toLowerCase();
  if (/^(16|16-mixed|16-true|fp16|fp16-mixed|half)$/.test(v)) return 'fp16';
  if (/^(bf16|bf16-mixed|bf16-true|bfloat16)$/.test(v)) return 'bf16';
  if (/^(32|32-true|fp32|float32)$/.test(v)) return 'fp32';
  if (/^(transformer-engine|fp8|fp8-mixed)$/.test(v)) return 'fp8';
  return undefined;
}

/** activations_checkpoint_granularity: 'selective' | 'full' | null (none). */
export function megatronRecompute(b: RunBuilder, path: string): Sourced<Recompute> | undefined {
  const e = b.entry(path);
  if (!e) return undefined;
  b.note('recompute', e);
  const v = e.value === null ? 'none' : String(e.value).trim().toLowerCase();
  const value: Recompute | undefined = v === 'selective' ? 'selective' : v === 'full' ? 'full' : v === 'none' || v === 'null' ? 'none' : undefined;
  if (!value) return undefined;
  return { value, source: 'file', detail: `${e.path}: ${e.raw ?? String(e.value)}`, span: e.valueSpan ?? e.keySpan };
}

function truthy(e: ConfigEntry): boolean {
  const v = e.value;
  return v === true || v === 1 || (typeof v === 'string' && /^(true|yes|on|1)$/i.test(v.trim()));
}
