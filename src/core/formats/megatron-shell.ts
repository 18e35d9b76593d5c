// Megatron-LM, Megatron-DeepSpeed and BigScience launch scripts (bash / slurm): the model, batch, schedule,
// parallelism and precision come from the training script's `--flags`; the GPU count from the launcher (torchrun,
// deepspeed, python -m torch.distributed.run), `#SBATCH` directives or the script's NNODES-style variables; DeepSpeed
// settings from an inline ds_config heredoc. parse/shell.ts has already resolved the script's variables.
import type { ConfigEntry } from '../parse/config';
import { findGpu } from '../data/gpus';
import type { MoeSpec, Precision, Recompute, Sourced } from '../types';
import type { FormatExtractor } from './extractor';
import { RunBuilder } from './builder';
import { megatronShellMemory } from './memory-keys';

/**
 * Defaults of Megatron's argument parser that change the model when a flag is absent
 * (megatron/training/arguments.py, NVIDIA/Megatron-LM 2024-2025; Megatron-DeepSpeed for `--expert-interval`).
 */
const MEGATRON_DEFAULTS = {
  /** ffn_hidden_size = 4 · hidden_size without --swiglu. */
  ffnMultiplier: 4,
  /** With --swiglu: int(4 · h · 2/3 / 64) · 64. */
  swigluFfnFactor: (4 * 2) / 3,
  swigluFfnRound: 64,
  /** --make-vocab-size-divisible-by, multiplied by the tensor-parallel size. */
  vocabDivisibleBy: 128,
  /** Megatron-LM --moe-router-topk default. */
  megatronTopK: 2,
  /** Megatron-DeepSpeed (DeepSpeed-MoE) --topk default. */
  deepspeedMoeTopK: 1,
  /** Megatron-DeepSpeed --expert-interval default: an MoE layer every 2nd layer. */
  deepspeedExpertInterval: 2,
  /** MLA widths when --multi-latent-attention leaves them unset (MLATransformerConfig; q_lora_rank None = no compression). */
  mla: { kvLoraRank: 512, qkHeadDim: 128, qkPosEmbHeadDim: 64, vHeadDim: 128 },
} as const;

/** Flags that only Megatron-style training scripts take; detection counts them. */
const MEGATRON_FLAGS = [
  '--num-layers',
  '--hidden-size',
  '--num-attention-heads',
  '--seq-length',
  '--micro-batch-size',
  '--global-batch-size',
  '--tensor-model-parallel-size',
  '--pipeline-model-parallel-size',
  '--train-iters',
  '--train-samples',
  '--max-position-embeddings',
  '--ffn-hidden-size',
];

export const megatronShell: FormatExtractor = {
  id: 'megatron-shell',
  syntax: 'shell',
  detect(cfg) {
    const found = MEGATRON_FLAGS.filter((f) => cfg.entries.has(f)).length;
    // One stray `--seq-length` in a utility script is not enough; three Megatron flags are a training launch.
    return found >= 3 ? Math.min(1, 0.5 + found * 0.05) : found * 0.1;
  },
  extract(cfg, fileName) {
    const label = fileName.replace(/^.*[\\/]/, '') || 'Megatron launch script';
    const b = new RunBuilder(cfg, 'megatron-shell', label);
    const run = b.run;
    const deepspeed = cfg.entries.has('--deepspeed') || cfg.entries.has('--deepspeed_config') || cfg.sections.has('ds_config');

    // ---- architecture
    const a = run.arch;
    a.layers = b.number('layers', ['--num-layers']) ?? encoderDecoderLayers(b);
    a.hiddenSize = b.number('hiddenSize', ['--hidden-size']);
    a.heads = b.number('heads', ['--num-attention-heads']);
    // Gated FFNs (three matrices): --swiglu, and the gated GELUs (--geglu; --quick-geglu, gpt-oss's).
    const swiglu = b.entry('--swiglu', '--quick-geglu', '--geglu');
    if (swiglu && swiglu.value !== false) {
      b.note('ffnActivation', swiglu);
      const words = swiglu.path === '--swiglu' ? '--swiglu' : `${swiglu.path} (gated GELU: three matrices, as SwiGLU)`;
      a.ffnActivation = { value: 'swiglu', source: 'file', detail: words, span: swiglu.keySpan };
    } else {
      a.ffnActivation = { value: 'gelu', source: 'default', detail: 'Megatron uses GELU unless --swiglu (or a gated GELU) is given' };
    }
    const headDim = b.number('headDim', ['--kv-channels']);
    if (headDim && a.hiddenSize && a.heads && headDim.value * a.heads.value !== a.hiddenSize.value) a.headDim = headDim;
    a.ffnHiddenSize = b.number('ffnHiddenSize', ['--ffn-hidden-size']) ?? defaultFfn(a.hiddenSize, !!swiglu);
    kvHeads(b);
    multiLatent(b);
    const untie = b.entry('--untie-embeddings-and-output-weights');
    if (untie) {
      b.note('tiedEmbeddings', untie, false);
      a.tiedEmbeddings = { value: false, source: 'file', detail: '--untie-embeddings-and-output-weights', span: untie.keySpan };
    } else {
      a.tiedEmbeddings = { value: true, source: 'default', detail: 'Megatron ties input and output embeddings unless --untie-embeddings-and-output-weights' };
    }

    // ---- parallelism (read before the vocabulary: Megatron pads it to a multiple of 128 × TP)
    const p = run.parallel;
    p.tp = b.number('tp', ['--tensor-model-parallel-size']);
    p.pp = b.number('pp', ['--pipeline-model-parallel-size']);
    p.cp = b.number('cp', ['--context-parallel-size']);
    p.ep = b.number('ep', ['--expert-model-parallel-size', '--moe-expert-parallel-size', '--ep-size']);
    if (b.has('--no-pipeline-parallel') && p.pp && p.pp.value !== 1) {
      b.finding('pipeline-disabled', { pp: p.pp.value }, b.entry('--no-pipeline-parallel'));
      p.pp = undefined;
    }
    vocab(b);
    moe(b, deepspeed);

    // ---- batch and schedule
    run.seqLength = b.number('seqLength', ['--seq-length', '--encoder-seq-length']);
    run.microBatch = b.number('microBatch', ['--micro-batch-size']) ?? b.number('microBatch', ['ds_config.train_micro_batch_size_per_gpu']);
    run.globalBatch = b.number('globalBatch', ['--global-batch-size']) ?? b.number('globalBatch', ['ds_config.train_batch_size']);
    run.gradAccum = b.number('gradAccum', ['ds_config.gradient_accumulation_steps']);
    rampup(b);
    run.trainIters = b.number('trainIters', ['--train-iters']);
    run.trainSamples = b.number('trainSamples', ['--train-samples']);
    run.tokens = b.number('tokens', ['--train-tokens']);
    if (run.tokens && (run.trainIters || run.trainSamples)) {
      b.finding('stop-by-tokens', { tokens: run.tokens.value }, b.entry('--train-tokens'));
    }

    // ---- precision, recomputation, ZeRO
    run.precision = precision(b);
    run.recompute = recompute(b);
    run.zeroStage = b.number('zeroStage', ['--zero-stage', 'ds_config.zero_optimization.stage'], { allowZero: true });
    run.memory = megatronShellMemory(b, deepspeed, a.layers?.value, p.pp?.value);

    // ---- GPUs
    gpus(b);
    return run;
  },
};

function defaultFfn(hidden: Sourced<number> | undefined, swiglu: boolean): Sourced<number> | undefined {
  if (!hidden) return undefined;
  const d = MEGATRON_DEFAULTS;
  if (swiglu) {
    const v = Math.floor((d.swigluFfnFactor * hidden.value) / d.swigluFfnRound) * d.swigluFfnRound;
    return { value: v, source: 'default', detail: `Megatron default with --swiglu: ⌊(4·${hidden.value}·2/3) / 64⌋ · 64` };
  }
  return { value: d.ffnMultiplier * hidden.value, source: 'default', detail: `Megatron default: 4 · hidden size ${hidden.value}` };
}

/** T5 in Megatron-LM: --encoder-num-layers and --decoder-num-layers; each decoder layer also has cross-attention. */
function encoderDecoderLayers(b: RunBuilder): Sourced<number> | undefined {
  const enc = b.number('layers', ['--encoder-num-layers']);
  const dec = b.number('layers', ['--decoder-num-layers']);
  if (!enc || !dec) return enc ?? dec;
  b.run.arch.crossAttentionLayers = { value: dec.value, source: 'file', detail: `${dec.detail}: each decoder layer attends to the encoder`, span: dec.span };
  return { value: enc.value + dec.value, source: 'derived', detail: `${enc.detail} + ${dec.detail}`, span: enc.span };
}

/** Multi-query attention as the BigCode fork writes it: one key/value head shared by all query heads. */
function multiQuery(b: RunBuilder): boolean {
  const e = b.entry('--attention-head-type');
  if (!e || typeof e.value !== 'string') return false;
  b.note('kvHeads', e);
  if (e.value.trim().toLowerCase() !== 'multiquery') return false;
  b.run.arch.kvHeads = { value: 1, source: 'file', detail: `${e.path} ${e.value}: one key/value head for all query heads`, span: e.valueSpan ?? e.keySpan };
  return true;
}

/** Multi-latent attention (DeepSeek-V2/V3) in Megatron-LM: --multi-latent-attention with the LoRA ranks and head widths. */
function multiLatent(b: RunBuilder): void {
  const flag = b.entry('--multi-latent-attention');
  if (!flag || flag.value === false) return;
  b.note('kvHeads', flag);
  // Megatron-LM's MLATransformerConfig defaults (megatron/core/transformer/transformer_config.py).
  const d = MEGATRON_DEFAULTS.mla;
  const read = (flagName: string, fallback: number, zero = false) => b.number('hiddenSize', [flagName], { allowZero: zero })?.value ?? fallback;
  const q = b.entry('--q-lora-rank');
  b.run.arch.mla = {
    qLoraRank: q && q.value !== null && q.value !== 'None' ? read('--q-lora-rank', 0, true) : 0,
    kvLoraRank: read('--kv-lora-rank', d.kvLoraRank),
    qkNopeHeadDim: read('--qk-head-dim', d.qkHeadDim),
    qkRopeHeadDim: read('--qk-pos-emb-head-dim', d.qkPosEmbHeadDim),
    vHeadDim: read('--v-head-dim', d.vHeadDim),
    source: { value: true, source: 'file', detail: '--multi-latent-attention (compressed q/kv projections; unset ranks and widths at Megatron-LM defaults)', span: flag.keySpan },
  };
}

function kvHeads(b: RunBuilder): void {
  const a = b.run.arch;
  if (multiQuery(b)) return;
  // Megatron-DeepSpeed spells it --num-key-value-heads; Megatron-LM needs --group-query-attention for the groups to count.
  const dsKv = b.number('kvHeads', ['--num-key-value-heads']);
  if (dsKv) {
    a.kvHeads = dsKv;
    return;
  }
  const groups = b.entry('--num-query-groups');
  if (!groups) return;
  const gqa = b.entry('--group-query-attention');
  if (!gqa) {
    b.note('kvHeads', groups);
    b.finding('gqa-flag-missing', { key: '--num-query-groups', line: groups.keySpan.line + 1, switch: '--group-query-attention' }, groups);
    return;
  }
  b.note('kvHeads', gqa);
  a.kvHeads = b.number('kvHeads', ['--num-query-groups']);
}

function vocab(b: RunBuilder): void {
  const a = b.run.arch;
  const padded = b.number('vocabSize', ['--padded-vocab-size', '--pad-vocab-size-to']);
  if (padded) {
    a.vocabSize = padded;
    return;
  }
  let raw = b.number('vocabSize', ['--vocab-size']) ?? b.tokenizerVocab(['--tokenizer-type', '--tokenizer-model', '--tokenizer-name-or-path', '--vocab-file']);
  if (!raw) return; // a tokenizer file we cannot know: completion or the user supplies it
  // T5's sentinel tokens (--vocab-extra-ids 100) are added to the tokenizer's vocabulary before padding.
  const extra = b.number('vocabSize', ['--vocab-extra-ids']);
  if (extra) raw = { ...raw, value: raw.value + extra.value, source: raw.source === 'file' ? 'derived' : raw.source, detail: `${raw.detail} + ${extra.detail} extra ids` };
  const divisible = b.number('vocabSize', ['--make-vocab-size-divisible-by'])?.value ?? MEGATRON_DEFAULTS.vocabDivisibleBy;
  const tp = b.run.parallel.tp?.value ?? 1;
  const multiple = divisible * tp;
  const value = Math.ceil(raw.value / multiple) * multiple;
  a.vocabSize =
    value === raw.value
      ? raw
      : { value, source: raw.source === 'file' ? 'derived' : raw.source, detail: `${raw.detail}, padded to a multiple of ${divisible} × TP ${tp} = ${multiple}`, span: raw.span };
}

function moe(b: RunBuilder, deepspeed: boolean): void {
  const list = expertList(b);
  const experts = list ?? b.number('experts', ['--num-experts']);
  if (!experts || experts.value <= 1) return;
  const d = MEGATRON_DEFAULTS;
  const topK =
    b.number('topK', ['--moe-router-topk', '--topk']) ??
    (deepspeed
      ? { value: d.deepspeedMoeTopK, source: 'default' as const, detail: 'DeepSpeed-MoE default --topk 1' }
      : { value: d.megatronTopK, source: 'default' as const, detail: 'Megatron default --moe-router-topk 2' });
  const spec: MoeSpec = { experts, topK };
  const width = b.number('ffnHiddenSize', ['--moe-ffn-hidden-size']);
  if (width) spec.expertFfnHiddenSize = width;
  // Megatron-LM gives shared experts as one intermediate size; in expert widths that is a count.
  const sharedSize = b.number('sharedExperts', ['--moe-shared-expert-intermediate-size']);
  const expertWidth = width?.value ?? b.run.arch.ffnHiddenSize?.value;
  if (sharedSize && expertWidth && sharedSize.value % expertWidth === 0) {
    spec.sharedExperts = { value: sharedSize.value / expertWidth, source: 'derived', detail: `${sharedSize.detail} ÷ expert width ${expertWidth}`, span: sharedSize.span };
  }
  const layers = b.run.arch.layers?.value;
  if (list && layers) {
    // DeepSpeed-MoE's per-layer list: one entry per MoE layer.
    spec.moeLayers = { value: Math.min(layers, listLength(b)), source: 'derived', detail: `one MoE layer per entry of --num-experts` };
  } else if (layers) {
    const dsInterval = b.number('experts', ['--expert-interval']);
    const freq = b.entry('--moe-layer-freq');
    const freqValue = freq && typeof freq.value === 'number' ? freq.value : undefined;
    if (freq) b.note('experts', freq);
    if (dsInterval && dsInterval.value > 1) {
      spec.moeLayers = { value: Math.floor(layers / dsInterval.value), source: 'derived', detail: `${layers} layers, every ${dsInterval.value}th is MoE (${dsInterval.detail})` };
    } else if (freqValue && freqValue > 1 && Number.isInteger(freqValue)) {
      spec.moeLayers = { value: Math.ceil(layers / freqValue), source: 'derived', detail: `${layers} layers, every ${freqValue}th is MoE (--moe-layer-freq ${freqValue})` };
    } else if (freq && typeof freq.value === 'string' && layerPattern(freq.value) !== undefined) {
      const pattern = layerPattern(freq.value)!;
      if (pattern.length === layers) {
        spec.moeLayers = { value: pattern.moe, source: 'derived', detail: `--moe-layer-freq ${freq.value}: ${pattern.moe} of ${pattern.length} layers are MoE`, span: freq.valueSpan ?? freq.keySpan };
      } else {
        // Megatron refuses a pattern of another length; the share of MoE layers is the likeliest intent.
        const moeLayers = Math.round((pattern.moe / pattern.length) * layers);
        b.finding('moe-pattern-length', { listed: pattern.length, line: freq.keySpan.line + 1, layers, moeLayers }, freq);
        spec.moeLayers = {
          value: moeLayers,
          source: 'derived',
          detail: `--moe-layer-freq ${freq.value}: ${pattern.moe} of ${pattern.length} listed layers are MoE, scaled to ${layers} layers`,
          span: freq.valueSpan ?? freq.keySpan,
        };
      }
    } else if (!dsInterval && !freq && deepspeed) {
      spec.moeLayers = {
        value: Math.floor(layers / d.deepspeedExpertInterval),
        source: 'default',
        detail: `DeepSpeed-MoE default --expert-interval 2: every 2nd of ${layers} layers is MoE`,
      };
    }
    // A --moe-layer-freq pattern that is not a sum of `[0]*n` / `[1]*n` lists counts every layer as MoE, an upper bound.
  }
  b.run.arch.moe = spec;
}

/** `([0]*3+[1]*29)` or `[0]+[1]*26`: Megatron's per-layer MoE pattern (1 = MoE), as the count of MoE layers. */
export function layerPattern(text: string): { moe: number; length: number } | undefined {
  const t = text.replace(/\s+/g, '').replace(/^\((.*)\)$/, '$1');
  if (!/^\[[01](,[01])*\](\*\d+)?(\+\[[01](,[01])*\](\*\d+)?)*$/.test(t)) return undefined;
  let moe = 0;
  let length = 0;
  for (const part of t.split('+')) {
    const [list, times] = part.split('*');
    const items = list!.slice(1, -1).split(',').map(Number);
    const n = times === undefined ? 1 : Number(times);
    length += items.length * n;
    moe += items.filter((x) => x === 1).length * n;
  }
  return length > 0 ? { moe, length } : undefined;
}

/** `--num-experts 64 64 128` (DeepSpeed-MoE, one count per MoE layer): the mean, so the total over layers is exact. */
function expertList(b: RunBuilder): Sourced<number> | undefined {
  const e = b.entry('--num-experts');
  if (!e || typeof e.value !== 'string' || !/^\d+(\s+\d+)+$/.test(e.value.trim())) return undefined;
  const counts = e.value.trim().split(/\s+/).map(Number);
  b.note('experts', e);
  const mean = counts.reduce((x, y) => x + y, 0) / counts.length;
  return { value: mean, source: 'derived', detail: `mean of --num-experts ${e.value} (one count per MoE layer)`, span: e.keySpan };
}

function listLength(b: RunBuilder): number {
  const e = b.entry('--num-experts');
  return typeof e?.value === 'string' ? e.value.trim().split(/\s+/).length : 1;
}

function rampup(b: RunBuilder): void {
  const global = b.run.globalBatch;
  const ramp = b.entry('--rampup-batch-size');
  const schedule = b.entry('--step-batch-size-schedule');
  const e = ramp ?? schedule;
  if (!e || !global) return;
  b.note('globalBatch', e);
  if (ramp) {
    const [start, step, samples] = String(ramp.value).split(/\s+/);
    global.detail += `; ramps up from ${start ?? '?'} by ${step ?? '?'} over ${samples ?? '?'} samples (--rampup-batch-size)`;
  } else {
    // "0:16 2.4B:320 ...": the batch at each point of training; the first entry is where it starts.
    const start = /^\s*0*:(\d+)/.exec(String(e.value))?.[1];
    global.detail += `; ramps up${start ? ` from ${start}` : ''} (--step-batch-size-schedule)`;
  }
  // The ramp only changes how the early samples are grouped into steps; a run stopped by samples or tokens
  // trains on the same data, one stopped by iterations sees fewer samples than iterations × global batch.
  if (b.has('--train-iters') && !b.has('--train-samples') && !b.has('--train-tokens')) {
    b.finding('batch-rampup', { key: e.path, line: e.keySpan.line + 1, steps: 'iterations' }, e);
  }
}

function precision(b: RunBuilder): Sourced<Precision> | undefined {
  const fp8 = b.entry('--fp8-format', '--fp8-hybrid', '--fp8-e4m3', '--transformer-impl-fp8');
  if (fp8 && fp8.value !== false) return b.precisionFrom(fp8, 'fp8');
  const bf16 = b.entry('--bf16');
  if (bf16 && bf16.value !== false) return b.precisionFrom(bf16, 'bf16');
  const fp16 = b.entry('--fp16');
  if (fp16 && fp16.value !== false) return b.precisionFrom(fp16, 'fp16');
  const dsBf16 = b.entry('ds_config.bf16.enabled');
  if (dsBf16 && dsBf16.value === true) return b.precisionFrom(dsBf16, 'bf16');
  const dsFp16 = b.entry('ds_config.fp16.enabled');
  if (dsFp16 && dsFp16.value === true) return b.precisionFrom(dsFp16, 'fp16');
  return { value: 'fp32', source: 'default', detail: 'Megatron trains in fp32 unless --fp16, --bf16 or --fp8-format is given' };
}

function recompute(b: RunBuilder): Sourced<Recompute> | undefined {
  const gran = b.entry('--recompute-granularity');
  if (gran && (gran.value === 'full' || gran.value === 'selective')) {
    b.note('recompute', gran);
    return { value: gran.value, source: 'file', detail: `--recompute-granularity ${gran.value}`, span: gran.valueSpan ?? gran.keySpan };
  }
  const selective = b.entry('--recompute-activations');
  if (selective) {
    b.note('recompute', selective);
    return { value: 'selective', source: 'file', detail: '--recompute-activations (selective)', span: selective.keySpan };
  }
  const full = b.entry('--checkpoint-activations');
  if (full) {
    b.note('recompute', full);
    return { value: 'full', source: 'file', detail: '--checkpoint-activations (full recomputation)', span: full.keySpan };
  }
  return undefined;
}

// ---- GPUs: launcher flags, #SBATCH, then the script's variables --------------------------------------------------

const NODE_PATHS = ['--nnodes', '--num_nodes', '--num-nodes', '#SBATCH --nodes', '#SBATCH -N', '--nodes', '-N', 'NNODES', 'NUM_NODES', 'N_NODES', 'NODES'];
const GPN_PATHS = ['--nproc_per_node', '--nproc-per-node', '--num_gpus', '--num-gpus', '#SBATCH --gpus-per-node', '--gpus-per-node', 'GPUS_PER_NODE', 'NPROC_PER_NODE', 'NGPUS_PER_NODE'];
const GPU_PATHS = ['#SBATCH --gpus', '#SBATCH -G', 'NGPU', 'NUM_GPUS', 'N_GPUS', 'NGPUS', 'WORLD_SIZE'];

function gpus(b: RunBuilder): void {
  const run = b.run;
  run.nodes = firstUsable(b, 'nodes', NODE_PATHS);
  run.gpusPerNode = firstUsable(b, 'gpusPerNode', GPN_PATHS) ?? gres(b) ?? tasksPerNode(b);
  if (!(run.nodes && run.gpusPerNode)) run.gpus = firstUsable(b, 'gpus', GPU_PATHS);
  // `#SBATCH --constraint=a100` or `--gres=gpu:a100:8` names the GPU.
  for (const path of ['#SBATCH --constraint', '#SBATCH -C', '#SBATCH --gres']) {
    const e = b.entry(path);
    if (!e || typeof e.value !== 'string') continue;
    const name = e.value.split(/[:&|,]/).find((part) => part && part !== 'gpu' && !/^\d+$/.test(part) && findGpu(part));
    if (name) {
      const row = findGpu(name)!;
      b.note('gpuType', e);
      run.gpuType = { value: row.id, source: 'file', detail: `${path}=${e.value}`, span: e.valueSpan ?? e.keySpan };
      break;
    }
  }
}

/**
 * The first path that gives a usable number. An unresolvable launcher value ($SLURM_NNODES) is reported and the next
 * source is tried (the `#SBATCH --nodes` of the same script says what Slurm will set).
 */
function firstUsable(b: RunBuilder, role: 'nodes' | 'gpusPerNode' | 'gpus', paths: string[]): Sourced<number> | undefined {
  let unresolved: ConfigEntry | undefined;
  for (const path of paths) {
    const e = b.cfg.entries.get(path);
    if (!e) continue;
    if (typeof e.value === 'string' && e.value.includes('$')) {
      unresolved ??= e;
      continue;
    }
    b.note(role, e);
    const v = b.numberFrom(role, e);
    if (v) {
      // The same count stated again (`#SBATCH --nodes=4` and `torchrun --nnodes 4`): noted too, so hovers find it
      // and a what-if writes every copy, never leaving Slurm and the launcher disagreeing.
      for (const other of paths) {
        const copy = other === path ? undefined : b.cfg.entries.get(other);
        if (copy && Number(copy.value) === v.value) b.note(role, copy);
      }
      return v;
    }
  }
  if (unresolved) {
    b.note(role, unresolved);
    b.numberFrom(role, unresolved); // reports it as unresolved, naming the line
  }
  return undefined;
}

/** `srun --ntasks-per-node=8 python pretrain_gpt.py` (no torchrun): one task per GPU. One task per node says nothing. */
function tasksPerNode(b: RunBuilder): Sourced<number> | undefined {
  const e = b.entry('--ntasks-per-node', '#SBATCH --ntasks-per-node');
  if (!e || typeof e.value !== 'number' || e.value <= 1) return undefined;
  b.note('gpusPerNode', e);
  return b.numberFrom('gpusPerNode', e);
}

/** `#SBATCH --gres=gpu:8` / `gpu:a100:8`: GPUs per node. */
function gres(b: RunBuilder): Sourced<number> | undefined {
  const e = b.entry('#SBATCH --gres');
  if (!e || typeof e.value !== 'string') return undefined;
  const m = /(?:^|,)gpu(?::[A-Za-z0-9_-]+)?:(\d+)/.exec(e.value);
  if (!m) return undefined;
  b.note('gpusPerNode', e);
  return { value: Number(m[1]), source: 'file', detail: `#SBATCH --gres=${e.value}`, span: e.valueSpan ?? e.keySpan };
}
