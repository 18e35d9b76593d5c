// DeepSpeed JSON configs (ds_config.json): batch sizes, precision, ZeRO stage and activation checkpointing. The model
// and the GPU count live elsewhere (the training script, the launcher); "auto" values are filled by the HF Trainer.
// The file never states GPUs: run completion (run/complete.ts) derives the data-parallel size, and so the GPU count
// when nothing else is parallel, as train_batch_size ÷ (micro × accumulation) when all three are numbers here.
import type { ConfigEntry, ParsedConfig } from '../parse/config';
import type { Precision, Sourced } from '../types';
import type { FormatExtractor } from './extractor';
import { RunBuilder } from './builder';
import { deepspeedMemory } from './memory-keys';

/** Top-level keys only DeepSpeed configs use, with how strongly each one says "DeepSpeed". */
const DEEPSPEED_KEYS: Record<string, number> = {
  train_batch_size: 0.35,
  train_micro_batch_size_per_gpu: 0.5,
  gradient_accumulation_steps: 0.2,
  zero_optimization: 0.5,
  fp16: 0.15,
  bf16: 0.15,
  activation_checkpointing: 0.3,
  steps_per_print: 0.3,
  wall_clock_breakdown: 0.3,
  gradient_clipping: 0.15,
  zero_allow_untested_optimizer: 0.4,
  flops_profiler: 0.3,
  amp: 0.1,
};

/** The DeepSpeed names present at the top level (a key or a section): a lookup per known name, never a walk over a
 * large file's entries. */
function topLevel(cfg: ParsedConfig): string[] {
  return Object.keys(DEEPSPEED_KEYS).filter((name) => cfg.entries.has(name) || cfg.sections.has(name));
}

export const deepspeedJson: FormatExtractor = {
  id: 'deepspeed-json',
  syntax: 'json',
  detect(cfg) {
    let score = 0;
    let strong = 0;
    for (const name of topLevel(cfg)) {
      const w = DEEPSPEED_KEYS[name];
      if (w === undefined) continue;
      score += w;
      if (w >= 0.3) strong++;
    }
    // fp16/bf16 alone appear in many JSONs (HF configs name torch_dtype, not these, but be safe): need one strong key.
    return strong === 0 ? Math.min(score, 0.2) : Math.min(1, score);
  },
  extract(cfg, fileName) {
    const label = fileName.replace(/^.*[\\/]/, '') || 'DeepSpeed config';
    const b = new RunBuilder(cfg, 'deepspeed-json', label);
    const run = b.run;
    // Batch arithmetic as DeepSpeed states it: train_batch_size = micro × accumulation × data-parallel size.
    run.globalBatch = b.number('globalBatch', ['train_batch_size']);
    run.microBatch = b.number('microBatch', ['train_micro_batch_size_per_gpu']);
    run.gradAccum = b.number('gradAccum', ['gradient_accumulation_steps']);
    run.precision = precision(b);
    run.zeroStage = b.number('zeroStage', ['zero_optimization.stage'], { allowZero: true });
    run.recompute = recompute(b);
    const memory = Object.fromEntries(Object.entries(deepspeedMemory(b)).filter(([, v]) => v !== undefined));
    if (Object.keys(memory).length > 0) run.memory = memory;
    return run;
  },
};

/** fp16 / bf16 `enabled`: true picks the precision, "auto" defers to the trainer, neither means fp32. */
function precision(b: RunBuilder): Sourced<Precision> | undefined {
  let deferred = false;
  for (const [section, value] of [
    ['bf16', 'bf16'],
    ['fp16', 'fp16'],
  ] as const) {
    const e = b.entry(`${section}.enabled`);
    if (!e) continue;
    if (typeof e.value === 'string' && e.value.trim().toLowerCase() === 'auto') {
      b.note('precision', e);
      b.finding('value-deferred', { key: e.path, value: '"auto"', line: e.keySpan.line + 1, because: `the trainer's --${section} flag decides`, what: 'precision' }, e);
      deferred = true;
      continue;
    }
    if (isTrue(e)) return b.precisionFrom(e, value);
    b.note('precision', e);
  }
  // A bare `"bf16": {}` section enables nothing: DeepSpeed's default for `enabled` is false.
  if (deferred) return undefined;
  return { value: 'fp32', source: 'default', detail: 'DeepSpeed trains in fp32 unless fp16 or bf16 is enabled' };
}

/** DeepSpeed's activation_checkpointing section configures the checkpointing the model's code calls. */
function recompute(b: RunBuilder): RunBuilder['run']['recompute'] {
  if (!b.cfg.sections.has('activation_checkpointing')) return undefined;
  const first = [...b.cfg.entries.values()].find((e) => e.path.startsWith('activation_checkpointing.'));
  if (first) b.note('recompute', first);
  return {
    value: 'full',
    source: 'file',
    detail: 'activation_checkpointing section (layers are recomputed in the backward pass)',
    span: first?.keySpan,
  };
}

function isTrue(e: ConfigEntry): boolean {
  const v = e.value;
  return v === true || v === 1 || (typeof v === 'string' && /^(true|yes|on|1)$/i.test(v.trim()));
}
