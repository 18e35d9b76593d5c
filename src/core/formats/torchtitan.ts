// torchtitan job TOML: the model is named (`[model] name` + `flavor`) and its dimensions come from torchtitan's own
// flavor table (data/model-presets.ts); batch, sequence, steps, parallel degrees and precision come from the file.
// The GPU count comes from the launcher (NGPU / torchrun), so a `-1` degree ("all remaining ranks") is left to
// run completion.
import type { ConfigEntry } from '../parse/config';
import { findPreset, presetArchitecture } from '../data/model-presets';
import type { KeyRole, Parallelism, Precision, Recompute, Sourced } from '../types';
import type { FormatExtractor } from './extractor';
import { optimizerKind } from './memory-keys';
import { RunBuilder } from './builder';

/** torchtitan's JobConfig defaults that matter when a key is absent (torchtitan/config/job_config.py @ 238fa99). */
const TORCHTITAN_DEFAULTS = {
  mixedPrecisionParam: 'bfloat16',
  activationCheckpointMode: 'selective',
} as const;

/** Sections only a torchtitan job file has together. */
const TORCHTITAN_SECTIONS = ['job', 'model', 'training', 'parallelism', 'optimizer', 'lr_scheduler', 'checkpoint', 'activation_checkpoint', 'metrics'];

const DTYPES: Record<string, Precision> = { bfloat16: 'bf16', float16: 'fp16', float32: 'fp32' };

export const torchtitanToml: FormatExtractor = {
  id: 'torchtitan-toml',
  syntax: 'toml',
  detect(cfg) {
    const sections = TORCHTITAN_SECTIONS.filter((s) => cfg.sections.has(s)).length;
    const named = cfg.entries.has('model.flavor') || cfg.entries.has('model.name');
    const trainingKeys = ['training.steps', 'training.seq_len', 'training.local_batch_size', 'training.batch_size'].filter((k) => cfg.entries.has(k)).length;
    // A pyproject.toml or Cargo.toml has none of these; `[model]` + `[training]` + `[parallelism]` is torchtitan.
    if (!named || trainingKeys === 0) return Math.min(0.25, sections * 0.04);
    return Math.min(1, 0.4 + sections * 0.05 + trainingKeys * 0.05 + (cfg.sections.has('parallelism') ? 0.1 : 0));
  },
  extract(cfg, fileName) {
    const description = cfg.entries.get('job.description')?.value;
    const label = typeof description === 'string' && description.trim() ? description.trim() : fileName.replace(/^.*[\\/]/, '') || 'torchtitan job';
    const b = new RunBuilder(cfg, 'torchtitan-toml', label);
    const run = b.run;

    // ---- architecture from the named flavor
    const nameEntry = b.entry('model.name');
    const flavorEntry = b.entry('model.flavor');
    if (nameEntry) b.note('modelPreset', nameEntry);
    if (flavorEntry) b.note('modelPreset', flavorEntry);
    const modelName = typeof nameEntry?.value === 'string' ? nameEntry.value : 'llama3';
    const flavor = flavorEntry?.value;
    if (flavorEntry && typeof flavor === 'string') {
      const preset = findPreset('torchtitan', `${modelName}/${flavor}`);
      if (preset) {
        run.arch = presetArchitecture(preset, `torchtitan ${modelName} flavor "${flavor}"`, flavorEntry.valueSpan ?? flavorEntry.keySpan);
      } else {
        b.finding('unknown-preset', { model: `torchtitan model \`${modelName}\` flavor "${flavor}"`, line: flavorEntry.keySpan.line + 1, table: 'flavor' }, flavorEntry);
      }
    }

    // ---- batch, sequence, schedule
    run.seqLength = b.number('seqLength', ['training.seq_len']);
    run.microBatch = b.number('microBatch', ['training.local_batch_size', 'training.batch_size']);
    const globalEntry = b.entry('training.global_batch_size');
    // torchtitan's default global_batch_size = -1 means "local batch × data-parallel degree" (no accumulation).
    if (globalEntry && globalEntry.value !== -1) run.globalBatch = b.number('globalBatch', ['training.global_batch_size']);
    else if (globalEntry) b.note('globalBatch', globalEntry);
    run.trainIters = b.number('trainIters', ['training.steps']);

    // ---- parallelism
    run.parallel = parallelism(b);

    // ---- precision and recompute
    run.precision = precision(b);
    run.recompute = recompute(b);
    const optimizerName = b.entry('optimizer.name');
    const kind = typeof optimizerName?.value === 'string' ? optimizerKind(optimizerName.value) : undefined;
    if (optimizerName && kind) {
      b.note('optimizer', optimizerName);
      run.memory = { optimizer: { value: kind, source: 'file', detail: `optimizer.name: ${String(optimizerName.value)}`, span: optimizerName.valueSpan ?? optimizerName.keySpan } };
    }
    // FSDP2's CPUOffloadPolicy (job_config.py: "CPU offloading of parameters, gradients, and optimizer states in FSDP").
    const offload = b.entry('training.enable_cpu_offload');
    if (offload) b.note('offload', offload);
    if (offload && (offload.value === true || /^true$/i.test(String(offload.value)))) {
      const cpu = {
        value: 'cpu' as const,
        source: 'file' as const,
        detail: 'training.enable_cpu_offload: true (FSDP2 CPU offload: parameters, gradients and the optimizer step on the CPU)',
        span: offload.valueSpan ?? offload.keySpan,
      };
      run.memory = { ...run.memory, offloadParams: cpu, offloadOptimizer: cpu };
    }
    return run;
  },
};

function parallelism(b: RunBuilder): Parallelism {
  const degree = (role: KeyRole, path: string): Sourced<number> | undefined => {
    const e = b.entry(path);
    if (!e) return undefined;
    if (e.value === -1) {
      // -1: this dimension takes every rank the others leave; run completion derives it from the GPU count.
      b.note(role, e);
      return undefined;
    }
    return b.number(role, [path]);
  };
  const p: Parallelism = {};
  const tp = degree('tp', 'parallelism.tensor_parallel_degree');
  const pp = degree('pp', 'parallelism.pipeline_parallel_degree');
  const cp = degree('cp', 'parallelism.context_parallel_degree');
  const ep = degree('ep', 'parallelism.expert_parallel_degree');
  if (tp) p.tp = tp;
  if (pp) p.pp = pp;
  if (cp) p.cp = cp;
  if (ep) p.ep = ep;
  const replicate = degree('dp', 'parallelism.data_parallel_replicate_degree');
  const shard = degree('dp', 'parallelism.data_parallel_shard_degree');
  // DP = replicate × shard, known only when neither is -1 (an absent shard degree defaults to -1 in torchtitan).
  if (replicate && shard) {
    p.dp = {
      value: replicate.value * shard.value,
      source: 'derived',
      detail: `data_parallel_replicate_degree ${replicate.value} × data_parallel_shard_degree ${shard.value}`,
      span: shard.span,
    };
  }
  return p;
}

function precision(b: RunBuilder): Sourced<Precision> | undefined {
  // Float8 training is a model converter: `converters = ["float8"]` (older torchtitan: `[float8] enable_float8_linear`).
  for (let i = 0; ; i++) {
    const e = b.entry(`model.converters.${i}`);
    if (!e) break;
    if (typeof e.value === 'string' && /float8|fp8|mx/i.test(e.value)) return b.precisionFrom(e, 'fp8');
  }
  const legacy = b.entry('float8.enable_float8_linear');
  if (legacy && legacy.value === true) return b.precisionFrom(legacy, 'fp8');
  const mp: ConfigEntry | undefined = b.entry('training.mixed_precision_param', 'parallelism.mixed_precision_param');
  if (mp && typeof mp.value === 'string') {
    const p = DTYPES[mp.value.toLowerCase()];
    if (p) return b.precisionFrom(mp, p);
  }
  const dflt = TORCHTITAN_DEFAULTS.mixedPrecisionParam;
  return { value: DTYPES[dflt] ?? 'bf16', source: 'default', detail: `torchtitan's default mixed_precision_param = "${dflt}" (config/job_config.py)` };
}

function recompute(b: RunBuilder): Sourced<Recompute> | undefined {
  const e = b.entry('activation_checkpoint.mode');
  const mode = typeof e?.value === 'string' ? e.value.toLowerCase() : undefined;
  if (e && (mode === 'none' || mode === 'selective' || mode === 'full')) {
    b.note('recompute', e);
    return { value: mode, source: 'file', detail: `activation_checkpoint.mode: ${mode}`, span: e.valueSpan ?? e.keySpan };
  }
  const dflt = TORCHTITAN_DEFAULTS.activationCheckpointMode;
  return { value: dflt, source: 'default', detail: `torchtitan's default activation_checkpoint.mode = "${dflt}"` };
}
