// GPT-NeoX (and Pythia) YAML: one flat JSON-ish mapping of NeoX arguments, DeepSpeed settings inline. NeoX accepts
// every key in hyphen or underscore spelling (it normalises `-` to `_`), so lookups go through that normalisation.
// The vocabulary is not in the file: it comes from the tokenizer the file names (padded the way NeoX pads it), or
// from a known model with the same shape. The GPU count comes from the launcher, so DP is left to run completion.
import type { ConfigEntry, ParsedConfig } from '../parse/config';
import { findShape } from '../data/model-presets';
import { findTokenizer } from '../data/tokenizers';
import type { Architecture, FfnActivation, KeyRole, Precision, Sourced } from '../types';
import type { FormatExtractor } from './extractor';
import { RunBuilder } from './builder';
import { neoxMemory } from './memory-keys';

/** NeoX argument defaults that change the model when a key is absent (gpt-neox megatron/neox_arguments/neox_args.py). */
const NEOX_DEFAULTS = {
  /** ffn width without intermediate_size / expansion_factor: 4 × hidden. */
  ffnMultiplier: 4,
  /** mlp_multiple_of: FFN widths are rounded up to a multiple of this. */
  mlpMultipleOf: 256,
  /** Gated activations keep the parameter count of the ungated MLP: the fused first projection is 2/3 of the width. */
  gatedScale: 2 / 3,
  /** make_vocab_size_divisible_by, multiplied by the model-parallel size when padding the tokenizer's vocabulary. */
  vocabDivisibleBy: 128,
  /** moe_top_k. */
  moeTopK: 1,
} as const;

/** Keys only NeoX configs use together (normalised spelling). Detection counts them. */
const NEOX_KEYS = [
  'pipe_parallel_size',
  'model_parallel_size',
  'gpt_j_residual',
  'pos_emb',
  'output_layer_parallelism',
  'no_weight_tying',
  'rotary_pct',
  'scaled_upper_triang_masked_softmax_fusion',
  'bias_gelu_fusion',
  'attention_config',
  'checkpoint_factor',
  'make_vocab_size_divisible_by',
  'train_micro_batch_size_per_gpu',
  'tokenizer_type',
  'data_impl',
  'norm',
];

const GATED: Record<string, FfnActivation> = { swiglu: 'swiglu', geglu: 'swiglu', reglu: 'swiglu' };

/** Normalised key ("num_layers") -> the path as written ("num-layers"), for the top level and one level down. */
function keyIndex(cfg: ParsedConfig): Map<string, string> {
  const index = new Map<string, string>();
  for (const path of cfg.entries.keys()) index.set(path.replace(/-/g, '_'), path);
  for (const path of cfg.sections) index.set(path.replace(/-/g, '_'), path);
  return index;
}

export const neoxYaml: FormatExtractor = {
  id: 'neox-yaml',
  syntax: 'yaml',
  detect(cfg) {
    const index = keyIndex(cfg);
    const found = NEOX_KEYS.filter((k) => index.has(k)).length;
    const model = ['num_layers', 'hidden_size', 'num_attention_heads'].filter((k) => index.has(k)).length;
    // The model keys must sit at the top level (NeMo and Megatron YAML nest them under `model:`).
    if (model < 2 || found < 2) return Math.min(0.25, found * 0.05);
    return Math.min(1, 0.45 + found * 0.05 + model * 0.05);
  },
  extract(cfg, fileName) {
    const label = fileName.replace(/^.*[\\/]/, '') || 'GPT-NeoX config';
    const b = new RunBuilder(cfg, 'neox-yaml', label);
    const run = b.run;
    const index = keyIndex(cfg);
    /** The written path of each normalised key present. */
    const k = (...names: string[]): string[] => names.map((n) => index.get(n)).filter((p): p is string => p !== undefined);
    const entry = (...names: string[]): ConfigEntry | undefined => b.entry(...k(...names));
    const num = (role: KeyRole, names: string[], allowZero = false): Sourced<number> | undefined => b.number(role, k(...names), { allowZero });

    // ---- architecture
    const a: Architecture = run.arch;
    a.layers = num('layers', ['num_layers']);
    a.hiddenSize = num('hiddenSize', ['hidden_size']);
    a.heads = num('heads', ['num_attention_heads']);
    a.kvHeads = num('kvHeads', ['num_kv_heads']);
    const act = entry('activation');
    const gated = act && typeof act.value === 'string' ? GATED[act.value.toLowerCase()] : undefined;
    if (act) {
      b.note('ffnActivation', act);
      a.ffnActivation = { value: gated ?? 'gelu', source: 'file', detail: `${act.path}: ${String(act.value)}`, span: act.valueSpan ?? act.keySpan };
    } else {
      a.ffnActivation = { value: 'gelu', source: 'default', detail: 'NeoX uses GELU unless `activation` is set' };
    }
    a.ffnHiddenSize = ffnWidth(b, entry, num, a.hiddenSize, gated !== undefined);
    const noTie = entry('no_weight_tying');
    if (noTie) {
      const untied = b.boolean('tiedEmbeddings', [noTie.path]);
      if (untied) a.tiedEmbeddings = { ...untied, value: !untied.value };
    } else {
      a.tiedEmbeddings = { value: true, source: 'default', detail: 'NeoX ties input and output embeddings unless no_weight_tying: true' };
    }
    moe(b, num, a);
    const tp = num('tp', ['model_parallel_size']);
    a.vocabSize = vocab(b, entry, num, a, tp);

    // ---- batch, sequence, schedule
    run.seqLength = num('seqLength', ['seq_length']);
    run.microBatch = num('microBatch', ['train_micro_batch_size_per_gpu']);
    run.gradAccum = num('gradAccum', ['gradient_accumulation_steps', 'gas']);
    run.globalBatch = num('globalBatch', ['train_batch_size']);
    run.trainIters = num('trainIters', ['train_iters']);

    // ---- cluster and parallelism (NeoX's launcher arguments, when a file carries them)
    const launcherCount = (role: KeyRole, name: string): Sourced<number> | undefined => {
      const e = entry(name);
      // -1 is NeoX's "use what the hostfile / launcher gives".
      if (e && e.value === -1) {
        b.note(role, e);
        return undefined;
      }
      return num(role, [name]);
    };
    run.nodes = launcherCount('nodes', 'num_nodes');
    run.gpusPerNode = launcherCount('gpusPerNode', 'num_gpus');
    const pp = num('pp', ['pipe_parallel_size'], true);
    // pipe_parallel_size 0 means NeoX's non-pipelined model: one stage.
    if (pp) run.parallel.pp = pp.value === 0 ? { ...pp, value: 1, detail: `${pp.detail} (no pipeline: one stage)` } : pp;
    if (tp) run.parallel.tp = tp;
    run.zeroStage = b.number('zeroStage', k('zero_optimization.stage'), { allowZero: true });
    run.memory = neoxMemory(b, k);

    // ---- precision and recompute
    run.precision = precision(b, entry);
    const ckpt = entry('checkpoint_activations');
    if (ckpt) {
      const on = b.boolean('recompute', [ckpt.path]);
      if (on) run.recompute = { ...on, value: on.value ? 'full' : 'none' };
    }
    return run;
  },
};

type EntryFn = (...names: string[]) => ConfigEntry | undefined;
type NumFn = (role: KeyRole, names: string[], allowZero?: boolean) => Sourced<number> | undefined;

/**
 * NeoX's MLP width (megatron/model/transformer.py ParallelMLP): start from intermediate_size, else
 * expansion_factor × d, else 4·d; a gated activation takes 2/3 of that for the fused first projection and half of it
 * per gate; each is rounded up to mlp_multiple_of. So NeoX's `intermediate_size: 32768` for Llama-2-7B is a gated
 * width of 11008, and 86016 for Llama-2-70B is 28672.
 */
function ffnWidth(b: RunBuilder, entry: EntryFn, num: NumFn, hidden: Sourced<number> | undefined, gated: boolean): Sourced<number> | undefined {
  const inter = num('ffnHiddenSize', ['intermediate_size']);
  const expansion = entry('expansion_factor');
  const multipleEntry = entry('mlp_multiple_of');
  const multipleRead = multipleEntry ? num('ffnHiddenSize', [multipleEntry.path]) : undefined;
  const multiple = multipleRead?.value ?? NEOX_DEFAULTS.mlpMultipleOf;
  let base: number;
  let words: string;
  let span = inter?.span;
  if (inter) {
    base = inter.value;
    words = `intermediate_size ${inter.value}`;
  } else if (expansion && hidden && b.numberFrom('ffnHiddenSize', expansion, { fractional: true })) {
    b.note('ffnHiddenSize', expansion);
    base = Math.floor(Number(expansion.value) * hidden.value);
    words = `expansion_factor ${String(expansion.value)} × hidden ${hidden.value}`;
    span = expansion.valueSpan ?? expansion.keySpan;
  } else if (hidden) {
    base = NEOX_DEFAULTS.ffnMultiplier * hidden.value;
    words = `${NEOX_DEFAULTS.ffnMultiplier} × hidden ${hidden.value} (NeoX default)`;
  } else return undefined;
  const roundUp = (x: number): number => multiple * Math.ceil(x / multiple);
  if (!gated) {
    const value = roundUp(base);
    return { value, source: inter && value === base ? 'file' : 'derived', detail: value === base ? words : `${words}, rounded up to a multiple of ${multiple}`, span };
  }
  const value = roundUp(Math.floor(Math.floor(base * NEOX_DEFAULTS.gatedScale) / 2));
  return {
    value,
    source: 'derived',
    detail: `${words} with a gated activation: ⌊2/3 · ${base}⌋ / 2 rounded up to a multiple of ${multiple} (NeoX's SwiGLU sizing)`,
    span,
  };
}

function moe(b: RunBuilder, num: NumFn, a: Architecture): void {
  const experts = num('experts', ['moe_num_experts']);
  if (!experts || experts.value <= 1) return;
  const topK = num('topK', ['moe_top_k']) ?? { value: NEOX_DEFAULTS.moeTopK, source: 'default', detail: `NeoX's default moe_top_k = ${NEOX_DEFAULTS.moeTopK}` };
  a.moe = { experts, topK };
}

/**
 * NeoX pads the tokenizer's vocabulary up to a multiple of make_vocab_size_divisible_by × model_parallel_size
 * (megatron/tokenizer/tokenizer.py `_vocab_size_with_padding`).
 */
function vocab(b: RunBuilder, entry: EntryFn, num: NumFn, a: Architecture, tp: Sourced<number> | undefined): Sourced<number> | undefined {
  const divEntry = entry('make_vocab_size_divisible_by');
  const div = divEntry ? num('vocabSize', ['make_vocab_size_divisible_by']) : undefined;
  const divisibleBy = div?.value ?? NEOX_DEFAULTS.vocabDivisibleBy;
  const mp = tp?.value ?? 1;
  const multiple = divisibleBy * mp;
  const pad = (v: number): number => multiple * Math.ceil(v / multiple);
  const padWords = (v: number): string => (pad(v) === v ? '' : `, padded to a multiple of ${divisibleBy}${div ? '' : ' (NeoX default)'} × model parallel ${mp} = ${pad(v)}`);

  const vocabFile = entry('vocab_file');
  if (vocabFile && typeof vocabFile.value === 'string') {
    b.note('vocabSize', vocabFile);
    const tok = findTokenizer(vocabFile.value);
    if (tok) {
      return {
        value: pad(tok.vocabSize),
        source: 'companion',
        detail: `${vocabFile.path} names the ${tok.name}: ${tok.vocabSize} tokens (${tok.source})${padWords(tok.vocabSize)}`,
        span: vocabFile.valueSpan ?? vocabFile.keySpan,
      };
    }
    b.finding('unknown-tokenizer', { file: String(vocabFile.value), line: vocabFile.keySpan.line + 1 }, vocabFile);
    return undefined;
  }
  const shape =
    a.layers && a.hiddenSize && a.heads && a.ffnHiddenSize
      ? findShape({ layers: a.layers.value, hiddenSize: a.hiddenSize.value, heads: a.heads.value, kvHeads: a.kvHeads?.value ?? a.heads.value, ffnHiddenSize: a.ffnHiddenSize.value })
      : undefined;
  if (shape) {
    return {
      value: pad(shape.vocabSize),
      source: 'companion',
      detail: `no tokenizer in the file; its shape is ${shape.model}, whose vocabulary is ${shape.vocabSize} (${shape.source})${padWords(shape.vocabSize)}`,
    };
  }
  return undefined;
}

function precision(b: RunBuilder, entry: EntryFn): Sourced<Precision> | undefined {
  const p = entry('precision');
  if (p && typeof p.value === 'string') {
    const v = p.value.toLowerCase();
    const map: Record<string, Precision> = { fp16: 'fp16', float16: 'fp16', half: 'fp16', bf16: 'bf16', bfloat16: 'bf16', fp32: 'fp32', float32: 'fp32' };
    const got = map[v];
    if (got) return b.precisionFrom(p, got);
  }
  const bf16 = entry('bf16.enabled');
  if (bf16 && bf16.value === true) return b.precisionFrom(bf16, 'bf16');
  const fp16 = entry('fp16.enabled', 'fp16.fp16');
  if (fp16 && fp16.value === true) return b.precisionFrom(fp16, 'fp16');
  return undefined;
}
