// AllenAI OLMo trainer YAML: the model under `model:` (d_model, n_heads, n_layers, mlp_ratio, activation_type,
// vocab_size / embedding_size, weight_tying), the schedule as max_duration (steps, "…T" tokens or "…ep"), the global
// batch and per-device microbatch at the top level. `${x}` references are followed. GPUs come from the launcher.
import type { ConfigEntry } from '../parse/config';
import type { FfnActivation, KeyRole, Precision, Recompute, Sourced } from '../types';
import type { FormatExtractor } from './extractor';
import { fsdpMemory } from './memory-keys';
import { parseNumberText, RunBuilder } from './builder';
import { resolveReference } from './omegaconf';

/** OLMo ModelConfig defaults when a key is absent (allenai/OLMo olmo/config.py @ d617076). */
const OLMO_DEFAULTS = {
  mlpRatio: 4,
  weightTying: true,
  maxSequenceLength: 1024,
  activation: 'swiglu',
} as const;

/**
 * Gated activations halve the MLP's inner width: ff_proj outputs mlp_ratio · d (or mlp_hidden_size), SwiGLU splits it
 * into value and gate, so each gated matrix is half as wide (olmo/model.py Activation.output_multiplier = 0.5).
 */
const GATED_OUTPUT_MULTIPLIER = 0.5;

const ACTIVATIONS: Record<string, FfnActivation> = { swiglu: 'swiglu', gelu: 'gelu', relu: 'gelu' };
const PRECISIONS: Record<string, Precision> = { amp_bf16: 'bf16', amp_fp16: 'fp16', fp32: 'fp32' };

/** OLMo activation_checkpointing strategies: whole layers is full recompute, the rest recompute part of the model. */
const CHECKPOINTING: Record<string, Recompute> = {
  whole_layer: 'full',
  one_in_two: 'selective',
  one_in_three: 'selective',
  one_in_four: 'selective',
  one_in_eight: 'selective',
  two_in_three: 'selective',
  three_in_four: 'selective',
  fine_grained: 'selective',
};

const FSDP_ZERO: Record<string, number> = { FULL_SHARD: 3, HYBRID_SHARD: 3, SHARD_GRAD_OP: 2, NO_SHARD: 0 };

/** Model keys only OLMo uses. */
const OLMO_MODEL_KEYS = ['model.mlp_ratio', 'model.max_sequence_length', 'model.weight_tying', 'model.block_type', 'model.embedding_size', 'model.activation_type', 'model.init_fn'];

export const olmoYaml: FormatExtractor = {
  id: 'olmo-yaml',
  syntax: 'yaml',
  detect(cfg) {
    const olmo = OLMO_MODEL_KEYS.filter((k) => cfg.entries.has(k)).length;
    const model = ['model.d_model', 'model.n_layers', 'model.n_heads'].filter((k) => cfg.entries.has(k)).length;
    const training = ['max_duration', 'global_train_batch_size', 'device_train_microbatch_size'].filter((k) => cfg.entries.has(k)).length;
    if (model < 2 || olmo < 2 || training === 0) return Math.min(0.25, olmo * 0.04);
    return Math.min(1, 0.4 + olmo * 0.05 + training * 0.05);
  },
  extract(cfg, fileName) {
    const runName = cfg.entries.get('run_name')?.value;
    const label = typeof runName === 'string' && runName.trim() && !runName.includes('${') ? runName.trim() : fileName.replace(/^.*[\\/]/, '') || 'OLMo run';
    const b = new RunBuilder(cfg, 'olmo-yaml', label);
    const run = b.run;
    const resolved = (paths: string[]): ConfigEntry | undefined => {
      const e = b.entry(...paths);
      return e ? resolveReference(cfg, e) : undefined;
    };
    const read = (role: KeyRole, paths: string[]): Sourced<number> | undefined => {
      const e = resolved(paths);
      if (!e) return undefined;
      b.note(role, e);
      return b.numberFrom(role, e);
    };

    // ---- architecture
    const a = run.arch;
    a.hiddenSize = read('hiddenSize', ['model.d_model']);
    a.heads = read('heads', ['model.n_heads']);
    a.layers = read('layers', ['model.n_layers']);
    const kv = read('kvHeads', ['model.n_kv_heads']);
    const mqa = b.boolean('kvHeads', ['model.multi_query_attention']);
    if (kv) a.kvHeads = kv;
    else if (mqa?.value) a.kvHeads = { ...mqa, value: 1, detail: `${mqa.detail} (one KV head)` };

    const actEntry = resolved(['model.activation_type']);
    const actName = typeof actEntry?.value === 'string' ? actEntry.value.toLowerCase() : OLMO_DEFAULTS.activation;
    const activation = ACTIVATIONS[actName] ?? 'gelu';
    if (actEntry) {
      b.note('ffnActivation', actEntry);
      a.ffnActivation = { value: activation, source: 'file', detail: `model.activation_type: ${actName}`, span: actEntry.valueSpan ?? actEntry.keySpan };
    } else {
      a.ffnActivation = { value: activation, source: 'default', detail: `OLMo's default activation_type = ${OLMO_DEFAULTS.activation}` };
    }
    a.ffnHiddenSize = ffnWidth(b, read, a.hiddenSize, activation === 'swiglu');

    const embedding = read('vocabSize', ['model.embedding_size']);
    const vocab = read('vocabSize', ['model.vocab_size']);
    // The embedding table holds embedding_size rows (vocab_size padded for throughput) when it is set.
    a.vocabSize = embedding && (!vocab || embedding.value >= vocab.value) ? { ...embedding, detail: `${embedding.detail} (padded from vocab_size ${vocab?.value ?? '?'})` } : vocab;
    const tie = b.boolean('tiedEmbeddings', ['model.weight_tying']);
    a.tiedEmbeddings = tie ?? { value: OLMO_DEFAULTS.weightTying, source: 'default', detail: `OLMo's default weight_tying = ${OLMO_DEFAULTS.weightTying}` };

    // ---- batch, sequence, schedule
    run.seqLength = read('seqLength', ['model.max_sequence_length']) ?? {
      value: OLMO_DEFAULTS.maxSequenceLength,
      source: 'default',
      detail: `OLMo's default max_sequence_length = ${OLMO_DEFAULTS.maxSequenceLength}`,
    };
    run.globalBatch = read('globalBatch', ['global_train_batch_size']);
    run.microBatch = read('microBatch', ['device_train_microbatch_size']);
    duration(b, resolved(['max_duration']));

    // ---- precision, sharding, recompute
    const prec = resolved(['precision']);
    if (prec && typeof prec.value === 'string') {
      const p = PRECISIONS[prec.value.toLowerCase()];
      if (p) run.precision = b.precisionFrom(prec, p);
    }
    const sharding = resolved(['fsdp.sharding_strategy']);
    const stage = typeof sharding?.value === 'string' ? FSDP_ZERO[sharding.value.toUpperCase()] : undefined;
    if (sharding && stage !== undefined) {
      b.note('zeroStage', sharding);
      run.zeroStage = { value: stage, source: 'file', detail: `fsdp.sharding_strategy: ${String(sharding.value)} (shards like ZeRO stage ${stage})`, span: sharding.valueSpan ?? sharding.keySpan };
    } else if (!sharding) {
      // OLMo's trainer always wraps the model in FSDP (scripts/train.py), FULL_SHARD unless the file says otherwise.
      run.zeroStage = { value: 3, source: 'default', detail: 'no fsdp.sharding_strategy: OLMo wraps the model in FSDP with FULL_SHARD (olmo/config.py FSDPConfig, scripts/train.py)' };
    }
    const ckpt = resolved(['activation_checkpointing']);
    if (ckpt) {
      b.note('recompute', ckpt);
      const v = ckpt.value;
      const mode: Recompute | undefined = v === null || v === false ? 'none' : v === true ? 'full' : typeof v === 'string' ? CHECKPOINTING[v.toLowerCase()] : undefined;
      if (mode) run.recompute = { value: mode, source: 'file', detail: `activation_checkpointing: ${String(v)}`, span: ckpt.valueSpan ?? ckpt.keySpan };
    }
    run.memory = fsdpMemory(b, 'fsdp.sharding_strategy', ['optimizer.name']);
    return run;
  },
};

type ReadFn = (role: KeyRole, paths: string[]) => Sourced<number> | undefined;

function ffnWidth(b: RunBuilder, read: ReadFn, hidden: Sourced<number> | undefined, gated: boolean): Sourced<number> | undefined {
  const explicit = read('ffnHiddenSize', ['model.mlp_hidden_size']);
  const ratio = explicit ? undefined : read('ffnHiddenSize', ['model.mlp_ratio']);
  let inner: number;
  let words: string;
  let span;
  if (explicit) {
    inner = explicit.value;
    words = `mlp_hidden_size ${explicit.value}`;
    span = explicit.span;
  } else if (hidden) {
    const r = ratio?.value ?? OLMO_DEFAULTS.mlpRatio;
    inner = r * hidden.value;
    words = `mlp_ratio ${r}${ratio ? '' : ' (OLMo default)'} × d_model ${hidden.value}`;
    span = ratio?.span;
  } else return undefined;
  if (!gated) return { value: inner, source: explicit ? 'file' : 'derived', detail: words, span };
  return {
    value: Math.floor(inner * GATED_OUTPUT_MULTIPLIER),
    source: 'derived',
    detail: `${words} = ${inner}, halved by SwiGLU (value and gate)`,
    span,
  };
}

/** OLMo's max_duration: an integer is optimiser steps, "<n>T" tokens, "<n>ep" epochs. */
function duration(b: RunBuilder, e: ConfigEntry | undefined): void {
  if (!e) return;
  const run = b.run;
  const text = String(e.value ?? '').trim();
  const line = e.keySpan.line + 1;
  const m = /^([0-9][0-9_,.]*(?:e[+-]?\d+)?)\s*(t|ep)?$/i.exec(text);
  const n = m?.[1] !== undefined ? parseNumberText(m[1]) : NaN;
  const unit = (m?.[2] ?? '').toLowerCase();
  const sourced = (value: number, words: string): Sourced<number> => ({ value, source: 'file', detail: `max_duration: ${e.raw ?? text}${words}`, span: e.valueSpan ?? e.keySpan });
  if (!m || !Number.isFinite(n) || n <= 0) {
    b.note('trainIters', e);
    b.finding('not-a-number', { key: 'max_duration', raw: text, line, expected: 'an OLMo duration (steps, "2e12T" tokens or "1ep")' }, e);
  } else if (unit === 't') {
    b.note('tokens', e);
    run.tokens = sourced(n, ' (tokens)');
  } else if (unit === 'ep') {
    b.note('trainIters', e);
    b.finding('duration-in-epochs', { key: 'max_duration', value: text, line, saysEpochs: true }, e);
  } else if (Number.isInteger(n)) {
    b.note('trainIters', e);
    run.trainIters = sourced(n, ' (optimiser steps)');
  } else {
    b.note('trainIters', e);
    b.finding('implausible-value', { key: 'max_duration', raw: text, line, isNot: 'a whole number of steps' }, e);
  }
}
