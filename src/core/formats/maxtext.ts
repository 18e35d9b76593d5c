// MaxText (JAX) runs: a launch command `python3 -m MaxText.train MaxText/configs/base.yml model_name=llama2-7b
// per_device_batch_size=4 steps=30 …` (the TPU and GPU scripts of configs/tpu and configs/gpu), and MaxText's YAML
// files (base.yml, a model file of configs/models, a config with `base_config:`). Values are layered as MaxText
// layers them: base.yml's defaults (shipped, data/maxtext.ts), then the model file `model_name` names (a companion:
// the workspace's copy, else the shipped one), then the file's own keys and the command's overrides. The model is
// `base_*` grown by global_parameter_scale; the batch is per_device_batch_size × devices × gradient accumulation
// (MaxText's calculate_global_batch_sizes), the devices the TPU slice the script is written for or its mesh.
import type { ConfigEntry, ParsedConfig } from '../parse/config';
import { maxtextDefault, parameterScales, tpuOfPath, tpuSlice, type MaxTextValue } from '../data/maxtext';
import type { KeyRole, Precision, Recompute, Sourced } from '../types';
import type { Reference } from '../companions/types';
import type { FormatExtractor } from './extractor';
import { RunBuilder, parseNumberText } from './builder';

/** The training entry points of MaxText, old layout and new (`MaxText/train.py`, `maxtext.trainers.pre_train.train`). */
const COMMAND = /\b(?:MaxText[./]train(?:_compile)?\b|maxtext\.trainers\.pre_train\.|MaxText\/train(?:_compile)?\.py)/;
/** The command's first argument: the config file it starts from. */
const COMMAND_CONFIG = /\b(?:MaxText[./]train(?:_compile)?(?:\.py)?|maxtext\.trainers\.pre_train\.\S+)\s+(\S+?\.ya?ml)\b["']?/;

/** Keys only MaxText writes; detection counts them. */
const OWN_KEYS = [
  'base_emb_dim',
  'base_num_decoder_layers',
  'base_num_query_heads',
  'base_num_kv_heads',
  'base_mlp_dim',
  'base_moe_mlp_dim',
  'global_parameter_scale',
  'per_device_batch_size',
  'max_target_length',
  'ici_fsdp_parallelism',
  'ici_tensor_parallelism',
  'dcn_data_parallelism',
  'dcn_fsdp_parallelism',
  'decoder_block',
  'logits_via_embedding',
  'remat_policy',
];

/** The mesh axes: their product is the device count (MaxText's create_device_mesh); -1 is "the rest". */
const MESH = ['data', 'fsdp', 'fsdp_transpose', 'sequence', 'context', 'tensor', 'tensor_sequence', 'autoregressive', 'pipeline', 'expert'] as const;

const DTYPES: Record<string, Precision> = { bfloat16: 'bf16', float32: 'fp32', float16: 'fp16' };

function ownKeys(cfg: ParsedConfig): number {
  return OWN_KEYS.filter((k) => cfg.entries.has(k)).length;
}

/** A MaxText YAML: its own keys, or a config that starts from another MaxText file (`base_config: base.yml`). */
function isMaxTextYaml(cfg: ParsedConfig): number {
  const base = cfg.entries.get('base_config')?.value;
  // Inference and serving configs (`base_config: inference/…`) are not training runs.
  if (typeof base === 'string' && /inference|serving|jetstream|decode/i.test(base)) return 0;
  return ownKeys(cfg) + (typeof base === 'string' && /\.ya?ml$/.test(base) ? 2 : 0);
}

export const maxtextShell: FormatExtractor = {
  id: 'maxtext-shell',
  syntax: 'shell',
  detect(cfg) {
    if (!COMMAND.test(cfg.text)) return 0;
    return Math.min(1, 0.6 + ownKeys(cfg) * 0.05);
  },
  extract(cfg, fileName) {
    const b = new RunBuilder(cfg, 'maxtext-shell', label(cfg, fileName));
    readMaxText(b, fileName);
    return b.run;
  },
};

export const maxtextYaml: FormatExtractor = {
  id: 'maxtext-yaml',
  syntax: 'yaml',
  detect(cfg) {
    const own = isMaxTextYaml(cfg);
    return own >= 2 ? Math.min(1, 0.5 + own * 0.05) : 0;
  },
  extract(cfg, fileName) {
    const b = new RunBuilder(cfg, 'maxtext-yaml', label(cfg, fileName));
    readMaxText(b, fileName);
    yieldToModelFile(b);
    return b.run;
  },
};

/**
 * MaxText merges the model file `model_name` names over the config file (pyconfig: base config, then model file,
 * then command-line overrides; `override_model_config: true` turns that round): a size key the config writes gives way
 * to the model file's, so it is kept as a value that file replaces.
 */
function yieldToModelFile(b: RunBuilder): void {
  const model = b.entry('model_name')?.value;
  const override = b.entry('override_model_config')?.value;
  if (typeof model !== 'string' || model === 'default' || model.includes('$') || override === true || override === 'true') return;
  const arch = b.run.arch as Record<string, Sourced<unknown> | undefined>;
  for (const [field, v] of Object.entries(arch)) {
    if (v && typeof v === 'object' && 'source' in v && v.source === 'file') {
      arch[field] = { ...v, source: 'default', detail: `${v.detail} (MaxText merges the model file of model_name ${model} over this file, unless override_model_config)` };
    }
  }
}

function label(cfg: ParsedConfig, fileName: string): string {
  const base = fileName.replace(/^.*[\\/]/, '') || 'MaxText run';
  const model = cfg.entries.get('model_name')?.value;
  return typeof model === 'string' && model !== 'default' && !model.includes('$') ? `${base} (MaxText ${model})` : base;
}

/** One key's value: the file's (or command's) entry, else base.yml's default. */
interface Value {
  value: MaxTextValue;
  entry?: ConfigEntry;
  /** For a default: where base.yml says it. */
  where?: string;
}

class Layers {
  constructor(readonly b: RunBuilder) {}

  get(key: string): Value | undefined {
    const e = this.b.entry(key);
    if (e) return { value: e.value, entry: e };
    // A flow list: `mlp_activations: ["silu","linear"]` is read as key.0, key.1 …
    const first = this.b.entry(`${key}.0`);
    if (first) {
      const items: string[] = [];
      for (let i = 0; this.b.has(`${key}.${i}`); i++) items.push(String(this.b.entry(`${key}.${i}`)!.value));
      return { value: items, entry: first };
    }
    const d = maxtextDefault(key);
    return d ? { value: d.value, where: d.detail } : undefined;
  }

  /** A positive number (or zero with allowZero), from the file with its key recorded, else base.yml's default. */
  number(role: KeyRole, key: string, options: { allowZero?: boolean; fractional?: boolean } = {}): Sourced<number> | undefined {
    const v = this.get(key);
    if (!v) return undefined;
    if (v.entry) return this.b.number(role, [v.entry.path], options);
    const n = typeof v.value === 'number' ? v.value : typeof v.value === 'string' ? parseNumberText(v.value) : NaN;
    if (!Number.isFinite(n) || n < 0 || (n === 0 && !options.allowZero)) return undefined;
    return { value: n, source: 'default', detail: `${key} not set: ${fmt(n)} (${v.where})` };
  }

  /** A mesh degree: a whole number, or -1 for "the devices left". */
  degree(key: string): Degree | undefined {
    const v = this.get(key);
    if (!v) return undefined;
    const n = typeof v.value === 'number' ? v.value : typeof v.value === 'string' ? parseNumberText(v.value) : NaN;
    if (!Number.isInteger(n) || (n < 1 && n !== -1)) {
      if (v.entry) this.b.finding('implausible-value', { key, raw: String(v.value), line: v.entry.keySpan.line + 1, role: 'mesh degree' }, v.entry);
      return undefined;
    }
    return { value: n, entry: v.entry };
  }

  text(key: string): { value: string; entry?: ConfigEntry; where?: string } | undefined {
    const v = this.get(key);
    if (!v || v.value === null || Array.isArray(v.value)) return undefined;
    return { value: String(v.value), entry: v.entry, where: v.where };
  }
}

function fmt(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : String(n);
}

function readMaxText(b: RunBuilder, fileName: string): void {
  const l = new Layers(b);
  const modelName = b.entry('model_name');
  if (modelName) b.note('modelPreset', modelName);
  readModel(b, l);
  readRun(b, l, fileName);
}

function readModel(b: RunBuilder, l: Layers): void {
  const a = b.run.arch;
  const scaleEntry = b.entry('global_parameter_scale');
  if (scaleEntry) b.note('modelPreset', scaleEntry);
  const scaleValue = l.number('modelPreset', 'global_parameter_scale')?.value ?? 1;
  let scales = parameterScales(scaleValue);
  if (!scales) {
    if (scaleEntry) b.finding('implausible-value', { key: 'global_parameter_scale', raw: String(scaleEntry.value), line: scaleEntry.keySpan.line + 1, role: 'power of two' }, scaleEntry);
    scales = { emb: 0, heads: 0, mlp: 0, layers: 0 };
  }
  const grown = (role: KeyRole, key: string, exponent: number, also = 1, why = ''): Sourced<number> | undefined => {
    const base = l.number(role, key);
    if (!base) return undefined;
    const factor = 2 ** exponent * also;
    if (factor === 1) return base;
    const words = [exponent > 0 ? `× ${2 ** exponent} (global_parameter_scale ${scaleValue}, as MaxText's get_individual_scales grows it)` : '', also > 1 ? `× ${also} ${why}` : '']
      .filter(Boolean)
      .join(' ');
    return { value: base.value * factor, source: 'derived', detail: `${base.detail} ${words}`, span: base.span };
  };
  // Gemma 2's decoder layer is a local and a global attention layer, each with its MLP (its model file says so).
  const block = l.text('decoder_block');
  const twoPerLayer = block?.value === 'gemma2';
  a.layers = grown('layers', 'base_num_decoder_layers', scales.layers, twoPerLayer ? 2 : 1, 'transformer layers: a gemma2 decoder layer holds a local and a global attention layer');
  a.hiddenSize = grown('hiddenSize', 'base_emb_dim', scales.emb);
  a.heads = grown('heads', 'base_num_query_heads', scales.heads);
  a.kvHeads = grown('kvHeads', 'base_num_kv_heads', scales.heads);
  a.ffnHiddenSize = grown('ffnHiddenSize', 'base_mlp_dim', scales.mlp);
  // head_dim is its own key in MaxText (not emb ÷ heads), and is not grown by the scale.
  a.headDim = l.number('headDim', 'head_dim');
  const acts = l.get('mlp_activations');
  if (acts) {
    const list = Array.isArray(acts.value) ? acts.value : typeof acts.value === 'string' ? acts.value.replace(/[[\]"'\s]/g, '').split(',') : [];
    if (acts.entry) b.note('ffnActivation', acts.entry, list.join(', '));
    const gated = list.length >= 2;
    a.ffnActivation = {
      value: gated ? 'swiglu' : 'gelu',
      source: acts.entry ? 'file' : 'default',
      detail: `mlp_activations [${list.join(', ')}]: ${gated ? 'gated MLP (three matrices)' : 'plain MLP (two matrices)'}${acts.entry ? '' : ` (${acts.where})`}`,
      span: acts.entry?.valueSpan ?? acts.entry?.keySpan,
    };
  }
  a.vocabSize = l.number('vocabSize', 'vocab_size');
  const tie = l.get('logits_via_embedding');
  if (tie) {
    if (tie.entry) b.note('tiedEmbeddings', tie.entry);
    const tied = tie.value === true || (typeof tie.value === 'string' && /^true$/i.test(tie.value));
    a.tiedEmbeddings = {
      value: tied,
      source: tie.entry ? 'file' : 'default',
      detail: `logits_via_embedding: ${tied}${tie.entry ? '' : ` (${tie.where})`}`,
      span: tie.entry?.valueSpan ?? tie.entry?.keySpan,
    };
  }
  const experts = l.number('experts', 'num_experts');
  if (experts && experts.value > 1) {
    const topK = l.number('topK', 'num_experts_per_tok') ?? { value: 1, source: 'default', detail: 'num_experts_per_tok not set: 1' };
    a.moe = { experts, topK };
    const shared = l.number('sharedExperts', 'shared_experts', { allowZero: true });
    if (shared && shared.value > 0) a.moe.sharedExperts = shared;
    const moeWidth = l.get('base_moe_mlp_dim');
    const width = moeWidth && Number(moeWidth.value) > 0 ? grown('ffnHiddenSize', 'base_moe_mlp_dim', scales.mlp) : undefined;
    if (width) a.moe.expertFfnHiddenSize = width;
    const dense = l.number('layers', 'first_num_dense_layers', { allowZero: true })?.value ?? 0;
    const every = l.number('layers', 'interleave_moe_layer_step')?.value ?? 1;
    if (a.layers && (dense > 0 || every > 1)) {
      const moeLayers = Math.floor((a.layers.value - dense) / every);
      a.moe.moeLayers = { value: moeLayers, source: 'derived', detail: `(${a.layers.value} layers − first_num_dense_layers ${dense}) ÷ interleave_moe_layer_step ${every}` };
    }
  }
  const attention = l.text('attention_type');
  if (attention?.value === 'mla') {
    const n = (key: string, fallback: number) => l.number('headDim', key, { allowZero: true })?.value ?? fallback;
    a.mla = {
      qLoraRank: n('q_lora_rank', 0),
      kvLoraRank: n('kv_lora_rank', 512),
      qkNopeHeadDim: n('qk_nope_head_dim', 128),
      qkRopeHeadDim: n('qk_rope_head_dim', 64),
      vHeadDim: n('v_head_dim', 128),
      source: { value: true, source: attention.entry ? 'file' : 'default', detail: 'attention_type: mla (multi-head latent attention)', span: attention.entry?.valueSpan },
    };
    if (attention.entry) b.note('headDim', attention.entry);
  }
}

function readRun(b: RunBuilder, l: Layers, fileName: string): void {
  const run = b.run;
  run.seqLength = l.number('seqLength', 'max_target_length');
  run.trainIters = l.number('trainIters', 'steps');
  run.gradAccum = l.number('gradAccum', 'gradient_accumulation_steps');

  // ---- the mesh: model-parallel degrees, and the device count when no axis is left to fill the rest
  const degree = (axis: string): AxisDegree | undefined => {
    const ici = l.degree(`ici_${axis}_parallelism`);
    const dcn = l.degree(`dcn_${axis}_parallelism`);
    if (!ici || !dcn) return undefined;
    return { ici, dcn, product: ici.value === -1 || dcn.value === -1 ? -1 : ici.value * dcn.value };
  };
  const axes = MESH.map((axis) => ({ axis, d: degree(axis) }));
  const parallel = (role: 'tp' | 'pp' | 'cp' | 'ep', axis: string): Sourced<number> | undefined => {
    const d = axes.find((x) => x.axis === axis)?.d;
    if (!d || d.product <= 1) return undefined;
    for (const part of [d.ici, d.dcn]) if (part.entry) b.note(role, part.entry);
    const written = d.ici.entry ?? d.dcn.entry;
    return {
      value: d.product,
      source: written ? 'file' : 'default',
      detail: `ici_${axis}_parallelism ${d.ici.value} × dcn_${axis}_parallelism ${d.dcn.value}`,
      span: written?.valueSpan ?? written?.keySpan,
    };
  };
  run.parallel.tp = parallel('tp', 'tensor');
  run.parallel.pp = parallel('pp', 'pipeline');
  run.parallel.cp = parallel('cp', 'context');
  run.parallel.ep = parallel('ep', 'expert');
  const fsdp = axes.find((x) => x.axis === 'fsdp')?.d;
  if (fsdp && fsdp.product !== 1) {
    const written = fsdp.ici.entry ?? fsdp.dcn.entry;
    if (written) b.note('zeroStage', written);
    run.zeroStage = {
      value: 3,
      source: written ? 'file' : 'default',
      detail: `ici_fsdp_parallelism ${fsdp.ici.value}, dcn_fsdp_parallelism ${fsdp.dcn.value}: MaxText shards weights, gradients and optimizer states over the fsdp axis (as ZeRO-3)${written ? '' : ` (${maxtextDefault('ici_fsdp_parallelism')?.detail})`}`,
      span: written?.valueSpan ?? written?.keySpan,
    };
  }
  devices(b, l, fileName, axes);
  // MaxText's logical axis rules shard the activations over the tensor axis too, as sequence parallelism does.
  if (run.parallel.tp) {
    run.memory = {
      ...run.memory,
      sequenceParallel: { value: true, source: 'default', detail: 'MaxText shards activations over the tensor axis (base.yml logical_axis_rules: activation_embed on the tensor axis)' },
    };
  }

  // ---- the batch: per device, so a tensor- or pipeline-parallel group of devices holds that many sequences each
  const perDevice = l.number('microBatch', 'per_device_batch_size', { fractional: true });
  const mp = (run.parallel.tp?.value ?? 1) * (run.parallel.pp?.value ?? 1) * (run.parallel.cp?.value ?? 1);
  if (perDevice) {
    const micro = perDevice.value * mp;
    if (Number.isInteger(micro) && micro >= 1) {
      run.microBatch = mp === 1 ? perDevice : { value: micro, source: 'derived', detail: `${perDevice.detail} × ${mp} devices per model replica`, span: perDevice.span };
    }
    if (run.gpus) {
      const ga = run.gradAccum?.value ?? 1;
      run.globalBatch = {
        value: Math.floor(run.gpus.value * perDevice.value) * ga,
        source: 'derived',
        detail: `per_device_batch_size ${fmt(perDevice.value)} × ${fmt(run.gpus.value)} devices${ga > 1 ? ` × gradient_accumulation_steps ${ga}` : ''} (MaxText's global batch)`,
      };
    }
  }

  // ---- precision and recomputation
  const dtype = l.text('dtype');
  const quant = l.text('quantization');
  if (quant?.entry && /fp8/i.test(quant.value)) run.precision = b.precisionFrom(quant.entry, 'fp8');
  else if (dtype && DTYPES[dtype.value]) {
    run.precision = dtype.entry ? b.precisionFrom(dtype.entry, DTYPES[dtype.value]!) : { value: DTYPES[dtype.value]!, source: 'default', detail: `dtype not set: ${dtype.value} (${dtype.where})` };
  }
  const remat = l.text('remat_policy');
  if (remat) {
    if (remat.entry) b.note('recompute', remat.entry);
    // Policies that keep only a projection or two (or send them to host memory) hold about what full recompute holds.
    const value: Recompute = remat.value === 'full' || /^(save_qkv_proj|save_out_proj|qkv_proj_offloaded|minimal_offloaded)$/.test(remat.value) ? 'full' : 'selective';
    const words =
      remat.value === 'full'
        ? 'every layer recomputed in the backward'
        : value === 'full'
          ? 'only a projection kept or offloaded, counted as full recompute'
          : 'the matmul outputs kept, the rest recomputed';
    run.recompute = {
      value,
      source: remat.entry ? 'file' : 'default',
      detail: `remat_policy: ${remat.value} (${words})${remat.entry ? '' : ` (${remat.where})`}`,
      span: remat.entry?.valueSpan ?? remat.entry?.keySpan,
    };
  }
  hostOffload(b, l);
}

/**
 * MaxText's host offload (base.yml, both false): the optimizer state, or the parameters, kept in the host's pinned
 * memory between steps and brought to the device for the step that uses them (train.py's device_put).
 */
function hostOffload(b: RunBuilder, l: Layers): void {
  const on = (key: string): ConfigEntry | undefined => {
    const v = l.get(key);
    const yes = v?.value === true || (typeof v?.value === 'string' && /^true$/i.test(v.value.trim()));
    if (!v?.entry) return undefined;
    b.note('offload', v.entry);
    return yes ? v.entry : undefined;
  };
  const optimizer = on('optimizer_memory_host_offload');
  const params = on('parameter_memory_host_offload');
  const host = (e: ConfigEntry, what: string): Sourced<'cpu'> => ({
    value: 'cpu',
    source: 'file',
    detail: `${e.path}: true (${what} held in host memory between steps)`,
    span: e.valueSpan ?? e.keySpan,
  });
  if (optimizer) b.run.memory = { ...b.run.memory, offloadOptimizer: host(optimizer, 'the optimizer state') };
  if (params) b.run.memory = { ...b.run.memory, offloadParams: host(params, 'the parameters') };
}

interface Degree {
  value: number;
  entry?: ConfigEntry;
}
/** One mesh axis: its ICI (within a slice) and DCN (across slices) degrees, and their product (-1: the rest). */
interface AxisDegree {
  ici: Degree;
  dcn: Degree;
  product: number;
}
type Axes = ReadonlyArray<{ axis: string; d: AxisDegree | undefined }>;

/**
 * The devices and their kind: a compile topology the command names (`compile_topology=v5p-256`), else a mesh with no
 * axis left to fill (its product), else the slice the script says it is written for (`on 1 x v5p-512`); the chip
 * from the slice's name, else from the folder (`configs/tpu/v5e/`), else an A3 VM's H100s (`configs/gpu/a3/`).
 */
function devices(b: RunBuilder, l: Layers, fileName: string, axes: Axes): void {
  const run = b.run;
  const topology = l.text('compile_topology');
  const slice = topology?.entry ? tpuSlice(topology.value) : undefined;
  if (topology?.entry && slice) {
    b.note('gpus', topology.entry);
    const slices = l.number('gpus', 'compile_topology_num_slices');
    const n = slices && slices.source !== 'default' ? slices.value : 1;
    run.gpus = {
      value: slice.chips * n,
      source: 'file',
      detail: `compile_topology ${topology.value}${n > 1 ? ` × ${n} slices` : ''}: ${sliceWords(topology.value, slice.chips)}`,
      span: topology.entry.valueSpan,
    };
    if (slice.gpuType) run.gpuType = { value: slice.gpuType, source: 'file', detail: `compile_topology ${topology.value}`, span: topology.entry.valueSpan };
  }
  const written = axes.some(({ d }) => d && (d.ici.entry || d.dcn.entry));
  if (!run.gpus && written && axes.every(({ d }) => d && d.product > 0)) {
    const parts = axes.filter(({ d }) => d!.product > 1).map(({ axis, d }) => `${axis} ${d!.product}`);
    const product = axes.reduce((p, { d }) => p * d!.product, 1);
    run.gpus = { value: product, source: 'derived', detail: `the mesh: ${parts.join(' × ') || '1'} (ici_* × dcn_* parallelism, no axis left to fill)` };
  }
  // A script's header says which slice it is for; a YAML's comments only give examples (base.yml: "e.g. 'v5e-256'").
  if ((!run.gpus || !run.gpuType) && b.cfg.syntax === 'shell') {
    const m = /(?:\b(\d+)\s*x\s*)?\b((?:v4|v5p|v5e|v5litepod|v6e)-\d+)\b/i.exec(b.cfg.text);
    const named = m ? tpuSlice(m[2]!) : undefined;
    if (m && named) {
      const span = b.cfg.lines.span(m.index, m.index + m[0].length);
      const count = m[1] ? Number(m[1]) : 1;
      const where = `line ${span.line + 1}: "${m[0]}"`;
      if (!run.gpus)
        run.gpus = {
          value: named.chips * count,
          source: 'file',
          detail: `${where}, the slice the script is written for: ${sliceWords(m[2]!, named.chips)}${count > 1 ? ` × ${count} slices` : ''}`,
          span,
        };
      if (!run.gpuType && named.gpuType) run.gpuType = { value: named.gpuType, source: 'file', detail: `${where}`, span };
    }
  }
  if (!run.gpuType) {
    const byPath = tpuOfPath(fileName);
    if (byPath) run.gpuType = { value: byPath, source: 'file', detail: `the folder ${fileName.replace(/[^\\/]*$/, '')} is MaxText's ${byPath} configs` };
    else if (/(?:^|[\\/])a3(?:[\\/]|$)/i.test(fileName) && l.text('hardware')?.value !== 'tpu')
      run.gpuType = { value: 'h100-sxm', source: 'file', detail: `the folder ${fileName.replace(/[^\\/]*$/, '')}: Google Cloud A3 VMs carry 8 × NVIDIA H100 80GB` };
  }
}

function sliceWords(name: string, chips: number): string {
  const cores = /^(v4|v5p)-/i.test(name);
  return `${fmt(chips)} chips${cores ? ` (${name} counts TensorCores, two per chip)` : ''}`;
}

/**
 * What a MaxText file names in other files: the config its command starts from (unless base.yml, whose defaults are
 * shipped) and the model file of `model_name`, looked for where MaxText looks (`<configs>/models/<name>.yml`).
 */
export function maxtextReferences(cfg: ParsedConfig, fileName: string): Reference[] {
  const isRun = cfg.syntax === 'shell' ? COMMAND.test(cfg.text) : cfg.syntax === 'yaml' && isMaxTextYaml(cfg) >= 2;
  if (!isRun) return [];
  const out: Reference[] = [];
  let configsDir: string | undefined;
  if (cfg.syntax === 'shell') {
    const m = COMMAND_CONFIG.exec(cfg.text);
    const target = m ? configPath(m[1]!) : undefined;
    if (m && target) {
      const at = m.index + m[0].indexOf(m[1]!);
      configsDir = /^(.*\/configs)\//.exec(target)?.[1];
      if (!/(?:^|\/)base\.yml$/.test(target)) out.push({ kind: 'config', target, key: 'config file', in: fileName, span: cfg.lines.span(at, at + m[1]!.length) });
    }
  }
  const model = cfg.entries.get('model_name');
  const name = typeof model?.value === 'string' ? model.value.trim() : '';
  if (model && name && name !== 'default' && /^[\w.-]+$/.test(name)) {
    out.push({ kind: 'config', target: `${configsDir ? `${configsDir}/` : ''}models/${name.replace(/-Instruct$/, '')}.yml`, key: 'model_name', in: fileName, span: model.valueSpan ?? model.keySpan });
  }
  return out;
}

/** `"${MAXTEXT_CONFIGS_DIR:-${MAXTEXT_REPO_ROOT:-$PWD}/src/maxtext/configs}"//base.yml` → src/maxtext/configs/base.yml. */
function configPath(raw: string): string | undefined {
  const t = raw.replace(/["']/g, '');
  const m = /((?:src\/)?(?:MaxText|maxtext)\/configs)\}?\/+([\w./-]+\.ya?ml)$/.exec(t);
  if (m) return `${m[1]}/${m[2]}`;
  return t.includes('$') ? undefined : t.replace(/^\.\//, '');
}

/** The shipped model file for a reference the host found no file for: `models/<name>.yml` of a MaxText model_name. */
export function maxtextModelName(ref: Reference): string | undefined {
  if (ref.kind !== 'config' || ref.key !== 'model_name') return undefined;
  return /(?:^|\/)models\/([\w.-]+)\.yml$/.exec(ref.target)?.[1];
}
