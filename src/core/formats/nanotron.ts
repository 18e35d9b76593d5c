// nanotron YAML (Hugging Face's trainer; SmolLM's recipes): the architecture under model.model_config (HF names),
// parallelism.{dp,tp,pp}, the schedule and batch under tokens:, precision from model.dtype. Unlike most formats the
// file fixes the GPU count: nanotron launches exactly dp × tp × pp (× context parallel) processes, one per GPU.
import type { ParsedConfig } from '../parse/config';
import type { KeyRole, MoeSpec, Precision, Recompute, Sourced } from '../types';
import type { FormatExtractor } from './extractor';
import { RunBuilder } from './builder';
import { dtypePrecision } from './hf-model';
import { resumedStage } from './resume';

const MC = 'model.model_config';

/** Sections and keys only nanotron configs have together; detection counts them. */
const SIGNS = [
  `${MC}.num_hidden_layers`,
  `${MC}.hidden_size`,
  'parallelism.dp',
  'parallelism.tp',
  'parallelism.pp',
  'tokens.train_steps',
  'tokens.micro_batch_size',
  'tokens.batch_accumulation_per_replica',
  'tokens.sequence_length',
];

function count(cfg: ParsedConfig): number {
  return SIGNS.filter((k) => cfg.entries.has(k)).length;
}

export const nanotronYaml: FormatExtractor = {
  id: 'nanotron-yaml',
  syntax: 'yaml',
  detect(cfg) {
    // `batch_accumulation_per_replica` and `model.model_config` are nanotron's own names: one of them is required.
    if (!cfg.sections.has(MC) && !cfg.entries.has('tokens.batch_accumulation_per_replica')) return 0;
    const n = count(cfg);
    return n >= 3 ? Math.min(1, 0.4 + n * 0.07) : n * 0.05;
  },
  extract(cfg, fileName) {
    const label = fileName.replace(/^.*[\\/]/, '') || 'nanotron config';
    const b = new RunBuilder(cfg, 'nanotron-yaml', label);
    const run = b.run;

    // ---- architecture (HF names; Llama / Qwen2 blocks). null = not used (num_key_value_heads: null is plain MHA).
    const a = run.arch;
    a.layers = set(b, 'layers', `${MC}.num_hidden_layers`);
    a.hiddenSize = set(b, 'hiddenSize', `${MC}.hidden_size`);
    a.ffnHiddenSize = set(b, 'ffnHiddenSize', `${MC}.intermediate_size`);
    a.heads = set(b, 'heads', `${MC}.num_attention_heads`);
    a.kvHeads = set(b, 'kvHeads', `${MC}.num_key_value_heads`);
    a.vocabSize = set(b, 'vocabSize', `${MC}.vocab_size`);
    a.tiedEmbeddings = b.boolean('tiedEmbeddings', [`${MC}.tie_word_embeddings`]);
    const act = b.entry(`${MC}.hidden_act`);
    if (act && typeof act.value === 'string') {
      b.note('ffnActivation', act);
      // nanotron's Llama and Qwen2 MLPs are gated: down(act(gate(x)) * up(x)) for any hidden_act.
      a.ffnActivation = { value: 'swiglu', source: 'file', detail: `${act.path}: ${act.value} (gated MLP, three matrices)`, span: act.valueSpan ?? act.keySpan };
    }
    moe(b);

    // ---- parallelism and GPUs
    const p = run.parallel;
    p.dp = b.number('dp', ['parallelism.dp']);
    p.tp = b.number('tp', ['parallelism.tp']);
    p.pp = b.number('pp', ['parallelism.pp']);
    p.cp = b.number('cp', ['parallelism.context_parallel_size']);
    p.ep = b.number('ep', ['parallelism.expert_parallel_size']);
    run.gpus = gpus(p.dp, p.tp, p.pp, p.cp);

    // ---- schedule and batch (completion derives the global batch: micro × accumulation × dp)
    run.trainIters = resumedStage(b, b.number('trainIters', ['tokens.train_steps']), 'checkpoints.resume_checkpoint_path');
    run.microBatch = b.number('microBatch', ['tokens.micro_batch_size']);
    run.gradAccum = b.number('gradAccum', ['tokens.batch_accumulation_per_replica']);
    run.seqLength = b.number('seqLength', ['tokens.sequence_length']);

    // ---- precision, recomputation, ZeRO
    run.precision = precision(b);
    run.recompute = recompute(b);
    run.zeroStage = b.number('zeroStage', ['optimizer.zero_stage'], { allowZero: true });
    return run;
  },
};

/**
 * GPUs = dp × tp × pp × cp, as the file states them. Expert parallelism is not multiplied in: in nanotron it reuses
 * ranks of the other groups, and the fixtures have it at 1; a file with EP > 1 can confirm the count with `gpus=`.
 */
function gpus(...parts: Array<Sourced<number> | undefined>): Sourced<number> | undefined {
  const [dp, tp, pp, cp] = parts;
  if (!dp || !tp || !pp) return undefined;
  const used = [dp, tp, pp, ...(cp && cp.value > 1 ? [cp] : [])];
  return {
    value: used.reduce((x, s) => x * s.value, 1),
    source: 'derived',
    detail: `nanotron runs one process per GPU: ${used.map((s) => s.detail).join(' × ')}`,
    span: dp.span,
  };
}

/** b.number when the key holds something other than null. */
function set(b: RunBuilder, role: KeyRole, path: string): Sourced<number> | undefined {
  const e = b.entry(path);
  return e && e.value !== null ? b.number(role, [path]) : undefined;
}

/** MoE as nanotron's Qwen blocks write it (moe_config:) and as its LlaMoE example does (flat moe_num_experts). */
function moe(b: RunBuilder): void {
  const experts = b.number('experts', [`${MC}.moe_config.num_experts`, `${MC}.moe_num_experts`]);
  if (!experts || experts.value <= 1) return;
  const topK = b.number('topK', [`${MC}.moe_config.top_k`, `${MC}.num_experts_per_tok`, `${MC}.moe_top_k`]);
  if (!topK) {
    const e = b.entry(`${MC}.moe_config.num_experts`, `${MC}.moe_num_experts`);
    b.finding('params-underdetermined', { key: String(e?.path), experts: experts.value, perToken: 'the experts per token' }, e);
    return;
  }
  const spec: MoeSpec = { experts, topK };
  const width = b.number('ffnHiddenSize', [`${MC}.moe_config.moe_intermediate_size`]);
  if (width) spec.expertFfnHiddenSize = width;
  const shared = b.number('sharedExperts', [`${MC}.moe_config.num_shared_experts`], { allowZero: true });
  if (shared) spec.sharedExperts = shared;
  b.run.arch.moe = spec;
}

function precision(b: RunBuilder): Sourced<Precision> | undefined {
  const e = b.entry('model.dtype');
  if (!e || typeof e.value !== 'string') return undefined;
  const p = dtypePrecision(e.value);
  if (p) return b.precisionFrom(e, p);
  b.note('precision', e);
  return undefined;
}

/** parallelism.recompute_layer: true recomputes whole layers. */
function recompute(b: RunBuilder): Sourced<Recompute> | undefined {
  const s = b.boolean('recompute', ['parallelism.recompute_layer']);
  return s ? { ...s, value: s.value ? 'full' : 'none' } : undefined;
}
