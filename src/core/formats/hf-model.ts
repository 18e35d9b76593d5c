// Model-architecture JSON: Hugging Face `config.json` (Llama, Mistral, Mixtral, Qwen, DeepSeek-V2/V3 ...; GPT-2's
// n_layer/n_embd spelling too) and DeepSeek's own inference model-args JSON (DeepSeek-V3/inference/configs). They
// state the architecture only: parameters (total and active, MoE and MLA included) follow from it; tokens, batch and
// GPUs must come from elsewhere (settings, flags, an annotation).
import type { ParsedConfig } from '../parse/config';
import type { FfnActivation, KeyRole, MlaSpec, MoeSpec, Precision, Sourced } from '../types';
import type { FormatExtractor } from './extractor';
import { RunBuilder, type NumberOptions } from './builder';

/** Keys of an HF config.json; detection counts them. */
const HF_KEYS = [
  'num_hidden_layers',
  'hidden_size',
  'num_attention_heads',
  'intermediate_size',
  'vocab_size',
  'model_type',
  'architectures',
  'torch_dtype',
  'max_position_embeddings',
  'n_layer',
  'n_embd',
  'n_head',
];

/** Keys of DeepSeek's model-args JSON (ModelArgs in DeepSeek-V3 inference/model.py). */
const DEEPSEEK_KEYS = ['n_layers', 'dim', 'inter_dim', 'n_heads', 'vocab_size', 'moe_inter_dim', 'n_dense_layers', 'n_routed_experts'];

/** HF `hidden_act` values whose FFN is gated (three matrices): SiLU/Swish is SwiGLU in every HF model that uses it. */
const GATED_ACTS = /^(silu|swish|swiglu)$/i;
/** Model types whose FFN is gated with a GELU (GeGLU: also three matrices). */
const GEGLU_MODEL_TYPES = /^gemma/i;

/** Dtype spellings in these files -> precision. */
const DTYPES: Record<string, Precision> = {
  float32: 'fp32',
  fp32: 'fp32',
  float16: 'fp16',
  fp16: 'fp16',
  bfloat16: 'bf16',
  bf16: 'bf16',
  fp8: 'fp8',
  float8: 'fp8',
};

function count(cfg: ParsedConfig, keys: readonly string[]): number {
  let n = 0;
  for (const k of keys) if (cfg.entries.has(k) || cfg.sections.has(k)) n++;
  return n;
}

function isDeepSeekArgs(cfg: ParsedConfig): boolean {
  return cfg.entries.has('dim') && cfg.entries.has('n_layers') && cfg.entries.has('n_heads');
}

export const hfModelJson: FormatExtractor = {
  id: 'hf-model-json',
  syntax: 'json',
  detect(cfg) {
    const n = Math.max(count(cfg, HF_KEYS), count(cfg, DEEPSEEK_KEYS));
    // Three architecture keys at the top level are a model config; fewer is any JSON that happens to say "hidden_size".
    return n >= 3 ? Math.min(0.9, 0.4 + n * 0.06) : 0;
  },
  extract(cfg, fileName) {
    const label = fileName.replace(/^.*[\\/]/, '') || 'model config';
    const b = new RunBuilder(cfg, 'hf-model-json', label);
    if (isDeepSeekArgs(cfg)) deepseekArgs(b);
    else hfConfig(b);
    return b.run;
  },
};

/**
 * b.number over the paths whose value is not null: in these files null means "not used" or "the model's default"
 * (GPT-2's n_inner: null is 4·d, num_key_value_heads: null is plain multi-head), not "set by the launcher".
 */
function num(b: RunBuilder, role: KeyRole, paths: string[], options?: NumberOptions): Sourced<number> | undefined {
  const set = paths.filter((p) => {
    const e = b.entry(p);
    return e !== undefined && e.value !== null;
  });
  return set.length > 0 ? b.number(role, set, options) : undefined;
}

function hfConfig(b: RunBuilder): void {
  const a = b.run.arch;
  a.layers = num(b, 'layers', ['num_hidden_layers', 'n_layer', 'num_layers']);
  a.hiddenSize = num(b, 'hiddenSize', ['hidden_size', 'n_embd', 'd_model']);
  a.heads = num(b, 'heads', ['num_attention_heads', 'n_head']);
  a.kvHeads = num(b, 'kvHeads', ['num_key_value_heads', 'num_kv_heads']);
  a.headDim = num(b, 'headDim', ['head_dim']);
  a.ffnHiddenSize = num(b, 'ffnHiddenSize', ['intermediate_size', 'n_inner', 'ffn_dim']);
  a.vocabSize = num(b, 'vocabSize', ['vocab_size']);
  a.ffnActivation = activation(b);
  a.tiedEmbeddings = b.boolean('tiedEmbeddings', ['tie_word_embeddings']) ?? {
    value: true,
    source: 'default',
    detail: 'Hugging Face ties embeddings unless tie_word_embeddings is false (PretrainedConfig default)',
  };

  const experts = num(b, 'experts', ['n_routed_experts', 'num_local_experts', 'num_experts']);
  if (experts && experts.value > 1) {
    const topK = num(b, 'topK', ['num_experts_per_tok', 'moe_topk']);
    if (topK) {
      const moe: MoeSpec = { experts, topK };
      const shared = num(b, 'sharedExperts', ['n_shared_experts'], { allowZero: true });
      if (shared) moe.sharedExperts = shared;
      const width = num(b, 'ffnHiddenSize', ['moe_intermediate_size']);
      if (width) moe.expertFfnHiddenSize = width;
      const dense = num(b, 'layers', ['first_k_dense_replace'], { allowZero: true });
      const layers = moeLayers(a.layers, dense);
      if (layers) moe.moeLayers = layers;
      a.moe = moe;
    } else {
      b.finding('params-underdetermined', { experts: experts.value, perToken: 'num_experts_per_tok' }, b.entry('n_routed_experts', 'num_local_experts', 'num_experts'));
    }
  }
  mla(b, { q: 'q_lora_rank', kv: 'kv_lora_rank', nope: 'qk_nope_head_dim', rope: 'qk_rope_head_dim', v: 'v_head_dim' });
  b.run.precision = dtype(b, ['torch_dtype', 'dtype']);
}

function deepseekArgs(b: RunBuilder): void {
  const a = b.run.arch;
  a.layers = num(b, 'layers', ['n_layers']);
  a.hiddenSize = num(b, 'hiddenSize', ['dim']);
  a.heads = num(b, 'heads', ['n_heads']);
  a.ffnHiddenSize = num(b, 'ffnHiddenSize', ['inter_dim']);
  a.vocabSize = num(b, 'vocabSize', ['vocab_size']);
  // DeepSeek's model.py: MLP and Expert are w2(silu(w1(x)) * w3(x)), and ParallelHead is separate from the embedding.
  a.ffnActivation = { value: 'swiglu', source: 'default', detail: "DeepSeek's model code gates its FFNs with SiLU (SwiGLU)" };
  a.tiedEmbeddings = { value: false, source: 'default', detail: "DeepSeek's model code has an output head separate from the embedding" };

  const experts = num(b, 'experts', ['n_routed_experts']);
  if (experts && experts.value > 1) {
    const topK = num(b, 'topK', ['n_activated_experts']);
    if (topK) {
      const moe: MoeSpec = { experts, topK };
      const shared = num(b, 'sharedExperts', ['n_shared_experts'], { allowZero: true });
      if (shared) moe.sharedExperts = shared;
      const width = num(b, 'ffnHiddenSize', ['moe_inter_dim']);
      if (width) moe.expertFfnHiddenSize = width;
      const layers = moeLayers(a.layers, num(b, 'layers', ['n_dense_layers'], { allowZero: true }));
      if (layers) moe.moeLayers = layers;
      a.moe = moe;
    } else {
      b.finding('params-underdetermined', { experts: experts.value, perToken: 'n_activated_experts' }, b.entry('n_routed_experts'));
    }
  }
  mla(b, { q: 'q_lora_rank', kv: 'kv_lora_rank', nope: 'qk_nope_head_dim', rope: 'qk_rope_head_dim', v: 'v_head_dim' });
  b.run.precision = dtype(b, ['dtype']);
}

/** MoE layers = all layers less the leading dense ones. */
function moeLayers(layers: Sourced<number> | undefined, dense: Sourced<number> | undefined): Sourced<number> | undefined {
  if (!layers || !dense || dense.value >= layers.value) return undefined;
  return {
    value: layers.value - dense.value,
    source: 'derived',
    detail: `${layers.detail} less ${dense.detail} dense layers`,
    span: dense.span,
  };
}

function activation(b: RunBuilder): Sourced<FfnActivation> | undefined {
  const act = b.entry('hidden_act', 'activation_function', 'hidden_activation');
  if (!act || typeof act.value !== 'string') return undefined;
  b.note('ffnActivation', act);
  const modelType = b.entry('model_type');
  const gated = GATED_ACTS.test(act.value.trim()) || (modelType !== undefined && GEGLU_MODEL_TYPES.test(String(modelType.value)));
  return {
    value: gated ? 'swiglu' : 'gelu',
    source: 'file',
    detail: `${act.path}: ${act.value}${gated ? ' (gated FFN, three matrices)' : ''}`,
    span: act.valueSpan ?? act.keySpan,
  };
}

interface MlaKeys {
  q: string;
  kv: string;
  nope: string;
  rope: string;
  v: string;
}

/** Multi-head latent attention when kv_lora_rank is set (DeepSeek-V2/V3); q_lora_rank 0/null = uncompressed queries. */
function mla(b: RunBuilder, k: MlaKeys): void {
  const kvEntry = b.entry(k.kv);
  if (!kvEntry || kvEntry.value === null) return;
  const kv = num(b, 'hiddenSize', [k.kv]);
  const nope = num(b, 'hiddenSize', [k.nope]);
  const rope = num(b, 'hiddenSize', [k.rope]);
  const v = num(b, 'hiddenSize', [k.v]);
  const qEntry = b.entry(k.q);
  const q = qEntry && qEntry.value !== null && qEntry.value !== 0 ? num(b, 'hiddenSize', [k.q]) : undefined;
  if (!kv || !nope || !rope || !v) {
    b.finding('params-underdetermined', { mla: k.kv, parts: [k.nope, k.rope, k.v] }, kvEntry);
    return;
  }
  const spec: MlaSpec = {
    qLoraRank: q?.value ?? 0,
    kvLoraRank: kv.value,
    qkNopeHeadDim: nope.value,
    qkRopeHeadDim: rope.value,
    vHeadDim: v.value,
    source: {
      value: true,
      source: 'file',
      detail: `multi-head latent attention: ${k.q} ${q?.value ?? 0}, ${k.kv} ${kv.value}, head dims ${nope.value}+${rope.value} (q/k), ${v.value} (v)`,
      span: kvEntry.keySpan,
    },
  };
  b.run.arch.mla = spec;
}

/** A dtype as these files and PyTorch spell it ("bfloat16", "fp8", "torch.float16") as a precision. */
export function dtypePrecision(text: string): Precision | undefined {
  return DTYPES[
    text
      .trim()
      .toLowerCase()
      .replace(/^torch\./, '')
  ];
}

function dtype(b: RunBuilder, paths: string[]): Sourced<Precision> | undefined {
  const e = b.entry(...paths);
  if (!e || typeof e.value !== 'string') return undefined;
  const p = dtypePrecision(e.value);
  // An unknown spelling leaves precision missing; run completion lists it with what to set.
  if (!p) return undefined;
  const s = b.precisionFrom(e, p);
  s.detail += " (the weights' dtype)";
  return s;
}
