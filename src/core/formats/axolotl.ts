// axolotl fine-tuning YAML (axolotl-ai-cloud/axolotl, src/axolotl/utils/schemas/config.py): the model is named by
// `base_model`; `adapter: lora|qlora` (with `load_in_4bit`) picks the adapter, none means a full fine-tune; `rl:`
// picks a preference or RL objective (dpo, ipo, orpo, kto, simpo, grpo), none means SFT; the batch is
// `micro_batch_size` × `gradient_accumulation_steps` × the GPUs the launcher gives; the length is `max_steps` or
// `num_epochs` over `datasets`. `deepspeed:` and `fsdp:` name how it shards (memory per GPU), not what it computes.
import type { ConfigEntry } from '../parse/config';
import type { Adapter, Objective, Precision } from '../types';
import type { FormatExtractor } from './extractor';
import { RunBuilder } from './builder';
import { LOGITS_BYTES_PER_ELEMENT } from '../data/memory';
import { fineTuneMemory, inlineDeepSpeed } from './memory-keys';
import { fsdpOptions, yamlKey } from './hf-args';
import { byDefault, fromEntry, readBaseModel, shortLabel, startFineTune, truthy } from './finetune-common';

/** axolotl `rl:` values (RLType in schemas/enums.py) → objective; IPO is DPO's loss with the same passes. */
const RL_TYPES: Record<string, Objective> = { dpo: 'dpo', ipo: 'dpo', orpo: 'orpo', kto: 'kto', simpo: 'simpo', grpo: 'grpo' };

const AXOLOTL_KEYS = [
  'base_model',
  'sequence_len',
  'micro_batch_size',
  'gradient_accumulation_steps',
  'num_epochs',
  'adapter',
  'sample_packing',
  'lora_r',
  'load_in_4bit',
  'load_in_8bit',
  'dataset_prepared_path',
  'val_set_size',
  'lora_target_linear',
  'special_tokens',
  'wandb_project',
];

export const axolotlYaml: FormatExtractor = {
  id: 'axolotl-yaml',
  syntax: 'yaml',
  detect(cfg) {
    const hits = AXOLOTL_KEYS.filter((k) => cfg.entries.has(k) || cfg.sections.has(k)).length;
    if (!cfg.entries.has('base_model')) return Math.min(0.25, hits * 0.04);
    return Math.min(1, 0.35 + hits * 0.06);
  },
  extract(cfg, fileName) {
    const b = new RunBuilder(cfg, 'axolotl-yaml', shortLabel(fileName, 'axolotl recipe'));
    const run = b.run;
    const set = (path: string): ConfigEntry | undefined => {
      const e = b.entry(path);
      return e && e.value !== null && e.value !== '' ? e : undefined;
    };

    // ---- method
    const rl = set('rl');
    const rlType = rl ? RL_TYPES[String(rl.value).toLowerCase()] : undefined;
    if (rl && !rlType)
      b.finding(
        'unknown-method',
        {
          key: 'rl',
          value: String(rl.value),
          line: rl.keySpan.line + 1,
          isNot: 'a method Footprint Lens knows (dpo, ipo, orpo, kto, simpo, grpo)',
          countedAs: 'it is counted as supervised fine-tuning',
        },
        rl,
      );
    const pretrain = set('pretraining_dataset');
    const objective =
      rl && rlType ? fromEntry(b, 'objective', rl, rlType) : pretrain ? fromEntry(b, 'objective', pretrain, 'pt' as Objective) : byDefault<Objective>('sft', 'no `rl:` key: supervised fine-tuning');
    const adapterEntry = set('adapter');
    const fourBit = truthy(set('load_in_4bit'));
    let adapter = byDefault<Adapter>('full', 'no `adapter:` key: a full fine-tune');
    if (adapterEntry) {
      const a = String(adapterEntry.value).toLowerCase();
      if (a === 'qlora' || (a === 'lora' && fourBit)) adapter = fromEntry(b, 'adapter', adapterEntry, 'qlora');
      else if (a === 'lora') adapter = fromEntry(b, 'adapter', adapterEntry, 'lora');
      else b.finding('unknown-method', { key: 'adapter', value: a, line: adapterEntry.keySpan.line + 1, isNot: 'lora or qlora', countedAs: 'it is counted as a full fine-tune' }, adapterEntry);
    }
    const ft = startFineTune(b, objective, adapter);
    if (adapter.value === 'lora' && truthy(set('load_in_8bit'))) {
      b.finding('eight-bit-base', undefined, set('load_in_8bit'));
    }

    readBaseModel(b, ft, ['base_model']);
    const rank = set('lora_r');
    if (rank && adapter.value !== 'full') ft.loraRank = b.number('loraRank', ['lora_r']);

    // ---- batch, sequence, schedule
    run.seqLength = set('sequence_len') ? b.number('seqLength', ['sequence_len']) : undefined;
    run.microBatch = set('micro_batch_size') ? b.number('microBatch', ['micro_batch_size']) : undefined;
    run.gradAccum = set('gradient_accumulation_steps') ? b.number('gradAccum', ['gradient_accumulation_steps']) : undefined;
    run.trainIters = set('max_steps') ? b.number('trainIters', ['max_steps']) : undefined;
    if (set('num_epochs')) ft.epochs = b.number('epochs', ['num_epochs'], { fractional: true });
    if (set('val_set_size')) ft.heldOut = b.number('heldOut', ['val_set_size'], { fractional: true, allowZero: true });
    const packing = set('sample_packing');
    if (packing) ft.packing = fromEntry(b, 'packing', packing, truthy(packing) === true);
    else ft.packing = byDefault(false, 'sample_packing not set: axolotl pads each batch');

    // ---- RL (GRPO) settings live under `trl:`
    if (objective.value === 'grpo') {
      if (set('trl.num_generations')) ft.generationsPerPrompt = b.number('generations', ['trl.num_generations']);
      if (set('trl.max_completion_length')) ft.responseLength = b.number('responseLength', ['trl.max_completion_length']);
      if (set('trl.beta')) ft.klCoef = b.number('klCoef', ['trl.beta'], { fractional: true, allowZero: true });
      if (set('trl.num_iterations')) ft.updateEpochs = b.number('updateEpochs', ['trl.num_iterations']);
      if (run.seqLength && ft.responseLength && run.seqLength.value > ft.responseLength.value) {
        ft.promptLength = { value: run.seqLength.value - ft.responseLength.value, source: 'derived', detail: 'sequence_len − trl.max_completion_length' };
      }
    }
    if (objective.value === 'dpo' || objective.value === 'kto') {
      const pre = set('precompute_ref_log_probs');
      if (pre) ft.referencePrecomputed = fromEntry(b, 'referencePrecomputed', pre, truthy(pre) === true);
    }

    // ---- recomputation and precision
    const ckpt = set('gradient_checkpointing');
    if (ckpt && truthy(ckpt) !== undefined) {
      run.recompute = fromEntry(b, 'recompute', ckpt, truthy(ckpt) ? 'full' : 'none');
    }
    precision(b);
    const memory = fineTuneMemory(b, { optimizer: ['optimizer'], loraDropout: ['lora_dropout'], compile: ['torch_compile'] }) ?? {};
    // axolotl loads the model in bf16 when `bf16:` is on (normalize_config: cfg.torch_dtype = torch.bfloat16) and a full
    // fine-tune without DeepSpeed trains it there; DeepSpeed's bf16 optimizer keeps its own fp32 master copy instead.
    if (adapter.value === 'full' && run.precision?.value === 'bf16' && run.precision.source === 'file' && !set('deepspeed') && !cfg.sections.has('deepspeed')) {
      memory.pureDtype = {
        ...run.precision,
        value: true,
        detail: `${run.precision.detail}: axolotl loads the model in bf16 (torch_dtype bfloat16) and, without DeepSpeed, trains it there: weights, gradients and optimizer states all 16-bit, no fp32 master copy`,
      };
    }
    if (Object.keys(memory).length > 0) run.memory = memory;
    layout(b);
    inlineDeepSpeed(b);
    return run;
  },
};

const AXOLOTL_SCHEMA = 'axolotl src/axolotl/utils/schemas/config.py @ 067b021c';

/**
 * What decides memory beyond the batch (axolotl's schema): context_parallel_size (or the older
 * sequence_parallel_degree) splits each sequence over that many GPUs with ring-flash-attn; activation_offloading
 * (true, legacy, disk, hidden_states) moves the saved activations off the GPU; the CutCrossEntropyPlugin computes the
 * loss without materialising the logits; `fsdp:` and `fsdp_config:` shard as the Trainer's FSDP options do.
 */
function layout(b: RunBuilder): void {
  const run = b.run;
  const cp = b.entry('context_parallel_size', 'sequence_parallel_degree');
  if (cp && cp.value !== null) run.parallel.cp = b.number('cp', [cp.path]);
  const offload = b.entry('activation_offloading');
  if (offload && offload.value !== null && truthy(offload) !== false) {
    b.note('offload', offload);
    run.memory = { ...run.memory, activationOffload: { value: true, source: 'file', detail: `activation_offloading: ${String(offload.value)}`, span: offload.valueSpan ?? offload.keySpan } };
  }
  const plugin = [...b.cfg.entries.values()].find((e) => /^plugins\.\d+$/.test(e.path) && typeof e.value === 'string' && /CutCrossEntropyPlugin$/.test(e.value));
  if (plugin) {
    const k = LOGITS_BYTES_PER_ELEMENT.cutCrossEntropy;
    run.memory = { ...run.memory, logitsBytesPerElement: { value: k.value, source: 'file', detail: `${plugin.path}: ${String(plugin.value)}: ${k.source}`, span: plugin.valueSpan ?? plugin.keySpan } };
  }
  fsdpOptions(b, yamlKey, (...names) => b.entry(...names));
  // axolotl's own fsdp_config keys: fsdp_offload_params (FSDP1) or offload_params (fsdp_version 2), and the
  // strategy named in full (fsdp_sharding_strategy: SHARD_GRAD_OP), which the fsdp list may leave out.
  const strategy = b.entry('fsdp_config.fsdp_sharding_strategy', 'fsdp_config.sharding_strategy');
  if (strategy && typeof strategy.value === 'string' && !run.zeroStage) {
    const v = strategy.value.toUpperCase();
    const stage = /FULL_SHARD|^HYBRID_SHARD$/.test(v) ? 3 : /SHARD_GRAD_OP|HYBRID_SHARD_ZERO2/.test(v) ? 2 : /NO_SHARD/.test(v) ? 0 : undefined;
    if (stage !== undefined) {
      b.note('zeroStage', strategy);
      run.zeroStage = { value: stage, source: 'file', detail: `${strategy.path}: ${strategy.value} (FSDP shards like ZeRO stage ${stage})`, span: strategy.valueSpan ?? strategy.keySpan };
      if (/HYBRID/.test(v)) run.memory = { ...run.memory, hybridShard: { value: true, source: 'file', detail: `${strategy.path}: ${strategy.value}`, span: strategy.valueSpan ?? strategy.keySpan } };
    }
  }
  const version2 = b.entry('fsdp_version');
  if (!run.zeroStage && version2 && Number(version2.value) === 2 && b.cfg.sections.has('fsdp_config')) {
    const reshard = b.entry('fsdp_config.reshard_after_forward');
    const zero2 = reshard !== undefined && truthy(reshard) === false;
    b.note('zeroStage', reshard ?? version2);
    run.zeroStage = {
      value: zero2 ? 2 : 3,
      source: 'file',
      detail: reshard
        ? `fsdp_config.reshard_after_forward: ${String(reshard.value)} (FSDP2 ${zero2 ? 'keeps the gathered weights, like ZeRO stage 2' : 'fully_shard, like ZeRO stage 3'})`
        : `fsdp_version: 2 (FSDP2 fully_shard, like ZeRO stage 3; ${AXOLOTL_SCHEMA})`,
      span: (reshard ?? version2).valueSpan ?? (reshard ?? version2).keySpan,
    };
  }
  const offloadParams = b.entry('fsdp_config.fsdp_offload_params', 'fsdp_config.offload_params');
  if (offloadParams && truthy(offloadParams) === true && run.zeroStage) {
    b.note('offload', offloadParams);
    const cpu = {
      value: 'cpu' as const,
      source: 'file' as const,
      detail: `${offloadParams.path}: ${String(offloadParams.value)} (FSDP CPUOffload: parameters and gradients on the CPU, the optimizer stepping there)`,
      span: offloadParams.valueSpan ?? offloadParams.keySpan,
    };
    run.memory = { ...run.memory, offloadParams: cpu, offloadOptimizer: cpu };
  }
  const ckpt = b.entry('fsdp_config.fsdp_activation_checkpointing', 'fsdp_config.activation_checkpointing');
  if (ckpt && truthy(ckpt) === true && run.recompute?.value !== 'full') run.recompute = fromEntry(b, 'recompute', ckpt, 'full');
}

/** bf16 / fp16 / tf32 keys; `bf16: auto` means BF16 where the GPU has it, which every GPU it projects on does. */
function precision(b: RunBuilder): void {
  for (const [key, p] of [
    ['bf16', 'bf16'],
    ['fp16', 'fp16'],
  ] as Array<[string, Precision]>) {
    const e = b.entry(key);
    if (!e || e.value === null) continue;
    const on = typeof e.value === 'string' && e.value.toLowerCase() === 'auto' ? true : truthy(e);
    if (on) {
      b.run.precision = b.precisionFrom(e, p);
      return;
    }
  }
}
