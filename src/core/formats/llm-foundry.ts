// MosaicML llm-foundry (Composer) YAML: the model under `model:` (MPT names: d_model, n_heads, n_layers,
// expansion_ratio), the schedule as a Composer duration ("63900ba" batches, "134B" / "1e9tok" tokens, "1ep"), the
// global batch and per-device microbatch at the top level. Newer files keep numbers under `variables:` and refer to
// them as `${variables.x}`; those references are followed to the literal. GPU count and type come from the launcher.
import type { ConfigEntry } from '../parse/config';
import type { KeyRole, MoeSpec, Precision, Sourced } from '../types';
import type { FormatExtractor } from './extractor';
import { fsdpMemory } from './memory-keys';
import { parseNumberText, RunBuilder, type NumberOptions } from './builder';
import { resolveReference } from './omegaconf';

/** MPT model defaults when a key is absent (llm-foundry llmfoundry/models/mpt/configuration_mpt.py). */
const MPT_DEFAULTS = {
  expansionRatio: 4,
  tieWordEmbeddings: true,
  moeTopK: 1,
} as const;

const PRECISIONS: Record<string, Precision> = { amp_bf16: 'bf16', amp_fp16: 'fp16', amp_fp8: 'fp8', fp32: 'fp32', bf16: 'bf16', fp16: 'fp16' };

/** FSDP sharding strategies and the DeepSpeed ZeRO stage they correspond to (PyTorch FSDP docs). */
const FSDP_ZERO: Record<string, number> = { FULL_SHARD: 3, HYBRID_SHARD: 3, SHARD_GRAD_OP: 2, _HYBRID_SHARD_ZERO2: 2, NO_SHARD: 0 };

/** Keys llm-foundry / Composer files have and other YAML formats do not. */
const FOUNDRY_KEYS = [
  'model.d_model',
  'model.n_layers',
  'model.n_heads',
  'model.expansion_ratio',
  'model.max_seq_len',
  'global_train_batch_size',
  'device_train_microbatch_size',
  'max_duration',
  'train_loader.name',
  'fsdp_config.sharding_strategy',
];

export const llmFoundryYaml: FormatExtractor = {
  id: 'llm-foundry-yaml',
  syntax: 'yaml',
  detect(cfg) {
    const found = FOUNDRY_KEYS.filter((k) => cfg.entries.has(k)).length;
    const mptModel = cfg.entries.has('model.d_model') && cfg.entries.has('model.n_layers');
    // OLMo shares d_model / n_layers / max_duration but says mlp_ratio and max_sequence_length, never train_loader.
    const olmo = cfg.entries.has('model.mlp_ratio') || cfg.entries.has('model.max_sequence_length') || cfg.sections.has('fsdp');
    const foundryOnly = cfg.sections.has('train_loader') || cfg.sections.has('fsdp_config') || cfg.entries.has('model.expansion_ratio');
    const hfModel = typeof cfg.entries.get('model.name')?.value === 'string' && /causal_lm/.test(String(cfg.entries.get('model.name')?.value));
    if (!(mptModel || hfModel) || !foundryOnly || (olmo && !cfg.sections.has('train_loader'))) return Math.min(0.25, found * 0.04);
    return Math.min(1, 0.4 + found * 0.06);
  },
  extract(cfg, fileName) {
    const label = fileName.replace(/^.*[\\/]/, '') || 'llm-foundry run';
    const b = new RunBuilder(cfg, 'llm-foundry-yaml', label);
    const run = b.run;
    const read = (role: KeyRole, paths: string[], options: NumberOptions = {}): Sourced<number> | undefined => {
      const e = b.entry(...paths);
      if (!e) return undefined;
      const r = resolveReference(cfg, e);
      b.note(role, r);
      return b.numberFrom(role, r, options);
    };

    // ---- architecture (MPT: GELU MLP of expansion_ratio · d, tied embeddings)
    const a = run.arch;
    a.hiddenSize = read('hiddenSize', ['model.d_model']);
    a.heads = read('heads', ['model.n_heads']);
    a.layers = read('layers', ['model.n_layers']);
    a.kvHeads = read('kvHeads', ['model.attn_config.kv_n_heads']);
    a.vocabSize = read('vocabSize', ['model.vocab_size']);
    a.ffnActivation = { value: 'gelu', source: 'default', detail: 'MPT uses a GELU MLP' };
    const ffnExplicit = read('ffnHiddenSize', ['model.ffn_config.ffn_hidden_size']);
    if (ffnExplicit) a.ffnHiddenSize = ffnExplicit;
    else if (a.hiddenSize) {
      // MPT allows a fractional ratio (e.g. 2.5).
      const ratio = read('ffnHiddenSize', ['model.expansion_ratio'], { fractional: true });
      const r = ratio?.value ?? MPT_DEFAULTS.expansionRatio;
      a.ffnHiddenSize = {
        value: Math.round(r * a.hiddenSize.value),
        source: 'derived',
        detail: `expansion_ratio ${r}${ratio ? '' : ' (MPT default)'} × d_model ${a.hiddenSize.value}`,
        span: ratio?.span,
      };
    }
    const tie = b.boolean('tiedEmbeddings', ['model.tie_word_embeddings']);
    a.tiedEmbeddings = tie ?? { value: MPT_DEFAULTS.tieWordEmbeddings, source: 'default', detail: 'MPT ties input and output embeddings (tie_word_embeddings defaults to true)' };
    const moe = moeSpec(b, read);
    if (moe) a.moe = moe;

    // ---- batch, sequence, schedule
    run.seqLength = read('seqLength', ['model.max_seq_len', 'max_seq_len', 'variables.max_seq_len']);
    run.globalBatch = read('globalBatch', ['global_train_batch_size']);
    run.microBatch = read('microBatch', ['device_train_microbatch_size']);
    duration(b);

    // ---- precision, sharding, recompute
    const prec = b.entry('precision');
    if (prec) {
      const r = resolveReference(cfg, prec);
      const p = typeof r.value === 'string' ? PRECISIONS[r.value.toLowerCase()] : undefined;
      if (p) run.precision = b.precisionFrom(r, p);
      else b.finding('unknown-precision', { value: String(r.value), line: prec.keySpan.line + 1, tool: 'Composer', known: 'amp_bf16, amp_fp16, amp_fp8, fp32' }, prec);
    }
    const sharding = b.entry('fsdp_config.sharding_strategy');
    if (sharding && typeof sharding.value === 'string' && FSDP_ZERO[sharding.value.toUpperCase()] !== undefined) {
      b.note('zeroStage', sharding);
      run.zeroStage = {
        value: FSDP_ZERO[sharding.value.toUpperCase()] ?? 0,
        source: 'file',
        detail: `fsdp_config.sharding_strategy: ${sharding.value} (shards like ZeRO stage ${FSDP_ZERO[sharding.value.toUpperCase()] ?? 0})`,
        span: sharding.valueSpan ?? sharding.keySpan,
      };
    }
    const ckpt = b.boolean('recompute', ['fsdp_config.activation_checkpointing']);
    if (ckpt) run.recompute = { ...ckpt, value: ckpt.value ? 'full' : 'none' };
    run.memory = fsdpMemory(b, 'fsdp_config.sharding_strategy', ['optimizer.name']);
    return run;
  },
};

type ReadFn = (role: KeyRole, paths: string[], options?: NumberOptions) => Sourced<number> | undefined;

/** llm-foundry MoE (DBRX-style `ffn_config.ffn_type: mb_moe`). */
function moeSpec(b: RunBuilder, read: ReadFn): MoeSpec | undefined {
  const type = b.entry('model.ffn_config.ffn_type');
  if (!type || typeof type.value !== 'string' || !/moe/i.test(type.value)) return undefined;
  const experts = read('experts', ['model.ffn_config.moe_num_experts']);
  if (!experts) return undefined;
  const topK = read('topK', ['model.ffn_config.moe_top_k']) ?? { value: MPT_DEFAULTS.moeTopK, source: 'default' as const, detail: `llm-foundry's default moe_top_k = ${MPT_DEFAULTS.moeTopK}` };
  return { experts, topK };
}

/**
 * Composer's max_duration: "<n>ba" batches (= optimiser steps), "<n>tok" tokens, "<n>sp" samples, "<n>ep" epochs;
 * a magnitude suffix without a unit ("134B") is read as tokens; a bare integer is epochs in Composer.
 */
function duration(b: RunBuilder): void {
  const raw = b.entry('max_duration');
  if (!raw) return;
  const e: ConfigEntry = resolveReference(b.cfg, raw);
  const text = String(e.value ?? '').trim();
  const m = /^([0-9][0-9_,.]*(?:e[+-]?\d+)?)\s*(ba|tok|sp|ep|dur|[kmbt])?$/i.exec(text);
  const n = m?.[1] !== undefined ? parseNumberText(m[1]) : NaN;
  const unit = (m?.[2] ?? (typeof e.value === 'number' ? 'ep' : '')).toLowerCase();
  const line = raw.keySpan.line + 1;
  if (!m || !Number.isFinite(n) || n <= 0) {
    b.note('trainIters', e);
    b.finding('not-a-number', { key: 'max_duration', raw: text, line, expected: 'a Composer duration ("63900ba", "134B", "1e9tok", "1ep")' }, raw);
    return;
  }
  const sourced = (value: number, words: string): Sourced<number> => ({ value, source: 'file', detail: `max_duration: ${e.raw ?? text}${words}`, span: e.valueSpan ?? e.keySpan });
  const run = b.run;
  if (unit === 'ba') {
    b.note('trainIters', e);
    run.trainIters = sourced(n, ' (batches = optimiser steps)');
  } else if (unit === 'tok') {
    b.note('tokens', e);
    run.tokens = sourced(n, ' (tokens)');
  } else if (unit === 'sp') {
    b.note('trainSamples', e);
    run.trainSamples = sourced(n, ' (samples)');
  } else if (/^[kmbt]$/.test(unit)) {
    b.note('tokens', e);
    run.tokens = sourced(n * ({ k: 1e3, m: 1e6, b: 1e9, t: 1e12 }[unit] ?? 1), ' (tokens)');
  } else {
    b.note('trainIters', e);
    b.finding('duration-in-epochs', { key: 'max_duration', value: text, line, saysEpochs: true }, raw);
  }
}
