// The keys that decide memory per GPU beyond the run's shape: optimizer, distributed optimizer, sequence parallelism,
// attention kernel, virtual pipeline, offload, sharding strategy. One reader per family of formats, each recording the
// key (role, span) so hovers show it and fixes can edit it. Defaults stay in memory/inputs.ts.
import type { ConfigEntry } from '../parse/config';
import type { FsdpDtype, MegatronFsdpSpec, MemorySpec, OffloadDevice, OptimizerKind, RecomputeModule, Sourced } from '../types';
import type { RunBuilder } from './builder';

type Role = Parameters<RunBuilder['note']>[0];

function truthy(e: ConfigEntry): boolean {
  const v = e.value;
  // A bare shell flag (`--sequence-parallel`) is present with no value.
  if (v === null || v === '') return true;
  return v === true || v === 1 || (typeof v === 'string' && /^(true|yes|on|1)$/i.test(v.trim()));
}

function sourced<T>(e: ConfigEntry, value: T, detail?: string): Sourced<T> {
  const raw = e.raw ?? (e.value === null ? '' : String(e.value));
  return { value, source: 'file', detail: detail ?? (raw ? `${e.path}: ${raw}` : e.path), span: e.valueSpan ?? e.keySpan };
}

/** A switch key: present and true (a bare flag counts), false when it says false. */
function flag(b: RunBuilder, role: Role, paths: string[]): Sourced<boolean> | undefined {
  const e = b.entry(...paths);
  if (!e) return undefined;
  b.note(role, e);
  return sourced(e, truthy(e));
}

/** An optimizer's name as frameworks spell it (Adam, AdamW, adamw_bnb_8bit, decoupled_lionw, Adafactor, sgd). */
export function optimizerKind(name: string): OptimizerKind | undefined {
  const n = name.toLowerCase();
  if (/8.?bit|bnb|paged/.test(n)) return 'adam-8bit';
  if (n.includes('adafactor')) return 'adafactor';
  if (n.includes('lion')) return 'lion';
  if (n.includes('sgd')) return 'sgd-momentum';
  if (/adam|lamb/.test(n)) return 'adam';
  return undefined;
}

function optimizer(b: RunBuilder, paths: string[]): Sourced<OptimizerKind> | undefined {
  const e = b.entry(...paths);
  if (!e || typeof e.value !== 'string') return undefined;
  const kind = optimizerKind(e.value);
  if (!kind) return undefined;
  b.note('optimizer', e);
  return sourced(e, kind);
}

function device(b: RunBuilder, paths: string[]): Sourced<OffloadDevice> | undefined {
  const e = b.entry(...paths);
  if (!e || typeof e.value !== 'string') return undefined;
  const v = e.value.trim().toLowerCase();
  if (v !== 'cpu' && v !== 'nvme') return undefined;
  b.note('offload', e);
  return sourced(e, v);
}

/** Dropout from its probability keys: on when any is above zero, off when every one present is zero. */
function dropout(b: RunBuilder, paths: string[]): Sourced<boolean> | undefined {
  const found = paths.map((p) => b.entry(p)).filter((e): e is ConfigEntry => e !== undefined && typeof e.value === 'number');
  if (found.length === 0) return undefined;
  for (const e of found) b.note('dropout', e);
  const on = found.find((e) => (e.value as number) > 0);
  const shown = on ?? found[0]!;
  return sourced(shown, on !== undefined, found.map((e) => `${e.path}: ${String(e.value)}`).join(', '));
}

/** The memory keys of a fine-tuning recipe: the optimizer by name, and torchtune's offload and step-in-backward switches. */
export function fineTuneMemory(
  b: RunBuilder,
  keys: { optimizer: string[]; loraDropout?: string[]; compile?: string[]; optimizerInBackward?: string[]; activationOffload?: string[]; cpuOffload?: string[] },
): MemorySpec | undefined {
  const spec: MemorySpec = { optimizer: optimizer(b, keys.optimizer) };
  const drop = keys.loraDropout ? b.entry(...keys.loraDropout) : undefined;
  if (drop && typeof drop.value === 'number') spec.adapterDropout = sourced(drop, drop.value > 0);
  // Read, not noted: torch.compile has no key role of its own (and must not be taken for the recompute key).
  const compile = keys.compile ? b.entry(...keys.compile) : undefined;
  if (compile) spec.compiled = sourced(compile, truthy(compile));
  if (keys.optimizerInBackward) spec.optimizerInBackward = flag(b, 'optimizer', keys.optimizerInBackward);
  if (keys.activationOffload) spec.activationOffload = flag(b, 'offload', keys.activationOffload);
  const cpu = keys.cpuOffload ? flag(b, 'offload', keys.cpuOffload) : undefined;
  if (cpu?.value) {
    // FSDP's CPUOffload moves the parameters with their gradients, and the optimizer steps on the CPU.
    spec.offloadParams = { ...cpu, value: 'cpu' };
    spec.offloadOptimizer = { ...cpu, value: 'cpu' };
  }
  return compact(spec);
}

/** FSDP `sharding_strategy: HYBRID_SHARD` (llm-foundry, OLMo): sharded within a node, replicated across nodes. */
export function fsdpMemory(b: RunBuilder, shardingPath: string, optimizerPaths: string[]): MemorySpec | undefined {
  const spec: MemorySpec = { optimizer: optimizer(b, optimizerPaths) };
  const e = b.entry(shardingPath);
  if (e && typeof e.value === 'string' && /hybrid/i.test(e.value)) spec.hybridShard = sourced(e, true);
  return compact(spec);
}

function compact(spec: MemorySpec): MemorySpec | undefined {
  const out = Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined)) as MemorySpec;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** DeepSpeed's zero_optimization offload sections and optimizer.type, under `prefix` (ds_config. in a script). */
export function deepspeedMemory(b: RunBuilder, prefix = ''): MemorySpec {
  return {
    optimizer: optimizer(b, [`${prefix}optimizer.type`]),
    offloadOptimizer: device(b, [`${prefix}zero_optimization.offload_optimizer.device`]) ?? cpuOffloadFlag(b, `${prefix}zero_optimization.cpu_offload`),
    offloadParams: device(b, [`${prefix}zero_optimization.offload_param.device`]),
  };
}

/** DeepSpeed's older `cpu_offload: true`. */
function cpuOffloadFlag(b: RunBuilder, path: string): Sourced<OffloadDevice> | undefined {
  const e = b.entry(path);
  if (!e || !truthy(e)) return undefined;
  b.note('offload', e);
  return sourced(e, 'cpu');
}

/** Megatron-LM / Megatron-DeepSpeed launch flags. */
export function megatronShellMemory(b: RunBuilder, deepspeed: boolean, layers: number | undefined, pp: number | undefined): MemorySpec | undefined {
  const spec: MemorySpec = deepspeedMemory(b, 'ds_config.');
  spec.optimizer = optimizer(b, ['--optimizer']) ?? spec.optimizer;
  spec.sequenceParallel = flag(b, 'sequenceParallel', ['--sequence-parallel']);
  spec.dropout = dropout(b, ['--attention-dropout', '--hidden-dropout']);
  spec.distributedOptimizer = flag(b, 'distributedOptimizer', ['--use-distributed-optimizer']);
  const flash = flag(b, 'flashAttention', ['--use-flash-attn', '--use-flash-attn-v2', '--use-flash-attn-triton', '--use-flash-attn-v1']);
  const backend = b.entry('--attention-backend');
  if (flash) spec.flashAttention = flash;
  else if (backend && typeof backend.value === 'string') {
    b.note('flashAttention', backend);
    // auto/flash/fused pick a fused kernel (Transformer Engine); unfused and local store the scores.
    spec.flashAttention = sourced(backend, !/^(unfused|local)$/i.test(backend.value.trim()));
  } else if (deepspeed) {
    spec.flashAttention = { value: false, source: 'default', detail: 'Megatron-DeepSpeed stores the attention scores unless --use-flash-attn(-v2) is given' };
  }
  if (b.has('--optimizer-cpu-offload'))
    spec.offloadOptimizer = flag(b, 'offload', ['--optimizer-cpu-offload'])?.value ? { value: 'cpu', source: 'file', detail: '--optimizer-cpu-offload' } : spec.offloadOptimizer;
  const chunks = b.entry('--num-virtual-stages-per-pipeline-rank');
  const perStage = b.entry('--num-layers-per-virtual-pipeline-stage');
  if (chunks && typeof chunks.value === 'number' && chunks.value >= 1) {
    b.note('virtualPipeline', chunks);
    spec.virtualPipeline = sourced(chunks, chunks.value);
  } else if (perStage && typeof perStage.value === 'number' && perStage.value >= 1 && layers && pp) {
    b.note('virtualPipeline', perStage);
    const v = Math.max(1, Math.round(layers / (pp * perStage.value)));
    spec.virtualPipeline = sourced(perStage, v, `--num-layers-per-virtual-pipeline-stage ${perStage.value}: ${layers} layers ÷ (PP ${pp} × ${perStage.value}) = ${v} chunks per rank`);
  }
  spec.megatronFsdp = megatronFsdp(b);
  spec.recomputeModules = recomputeModules(b);
  const impl = b.entry('--transformer-impl');
  if (impl && typeof impl.value === 'string' && spec.recomputeModules) spec.normsFused = sourced(impl, impl.value.trim() !== 'local');
  return compact(spec);
}

const RECOMPUTE_MODULES: readonly RecomputeModule[] = ['core_attn', 'layernorm', 'mlp', 'moe', 'moe_act', 'shared_experts', 'mla_up_proj'];

/** `--recompute-modules mlp moe layernorm`: the modules the estimate knows (others, as mhc or gdn_norm_out, are left out). */
function recomputeModules(b: RunBuilder): Sourced<RecomputeModule[]> | undefined {
  const e = b.entry('--recompute-modules');
  if (!e || typeof e.value !== 'string') return undefined;
  return knownModules(b, e, e.value.trim().split(/\s+/), `--recompute-modules ${e.value.trim()}`);
}

function knownModules(b: RunBuilder, e: ConfigEntry, words: readonly string[], detail: string): Sourced<RecomputeModule[]> {
  b.note('recompute', e);
  return sourced(
    e,
    RECOMPUTE_MODULES.filter((m) => words.includes(m)),
    detail,
  );
}

/**
 * NeMo's and Megatron-LM YAML's `recompute_modules` (TransformerConfig.recompute_modules): a list (`[mlp, moe]`, or
 * one item a line), or one module as a string.
 */
function recomputeModulesList(b: RunBuilder, paths: readonly string[]): Sourced<RecomputeModule[]> | undefined {
  for (const path of paths) {
    const one = b.entry(path);
    if (one && typeof one.value === 'string') return knownModules(b, one, [one.value.trim()], `${path}: ${one.value.trim()}`);
    const items: ConfigEntry[] = [];
    for (let i = 0; ; i++) {
      const e = b.entry(`${path}.${i}`);
      if (!e || typeof e.value !== 'string') break;
      items.push(e);
    }
    if (items.length === 0) continue;
    const words = items.map((e) => String(e.value).trim());
    for (const e of items.slice(1)) b.note('recompute', e);
    return knownModules(b, items[0]!, words, `${path}: [${words.join(', ')}]`);
  }
  return undefined;
}

/** Megatron-FSDP's sharding strategies, each at the index of the ZeRO stage it shards like (arguments.py). */
export const MEGATRON_FSDP_STRATEGIES = ['no_shard', 'optim', 'optim_grads', 'optim_grads_params'] as const;
const FSDP_STRATEGY_STAGES: Record<string, number> = Object.fromEntries(MEGATRON_FSDP_STRATEGIES.map((s, stage) => [s, stage]));

/**
 * Megatron-FSDP's defaults when a flag is absent (megatron/training/arguments.py @ d98e8a64): the sharding strategy
 * optim_grads_params, fp32 main parameters, main gradients in the model's dtype ('auto').
 */
const FSDP_DEFAULTS = { strategy: 'optim_grads_params', mainParams: 'fp32', mainGrads: 'auto' } as const;

function fsdpDtype(b: RunBuilder, path: string, fallback: FsdpDtype): Sourced<FsdpDtype> {
  const e = b.entry(path);
  const v = e && typeof e.value === 'string' ? e.value.trim().toLowerCase() : undefined;
  if (e && (v === 'fp32' || v === 'bf16' || v === 'fp16' || v === 'auto')) {
    b.note('zeroStage', e);
    return sourced(e, v);
  }
  const words = fallback === 'auto' ? "'auto', the model's compute dtype" : fallback;
  return { value: fallback, source: 'default', detail: `${path} not given: Megatron-LM's default ${words} (megatron/training/arguments.py)` };
}

/**
 * `--use-megatron-fsdp` (or the older `--use-custom-fsdp`): the strategy, the main buffers' dtypes and double buffering.
 * `--use-nccl-ub` and `--megatron-fsdp-max-pool-double-buffer` turn double buffering on (arguments.py).
 */
function megatronFsdp(b: RunBuilder): MegatronFsdpSpec | undefined {
  const on = flag(b, 'zeroStage', ['--use-megatron-fsdp', '--use-custom-fsdp']);
  if (!on?.value) return undefined;
  const e = b.entry('--data-parallel-sharding-strategy');
  const written = e && typeof e.value === 'string' ? e.value.trim() : undefined;
  let sharding: Sourced<number>;
  if (e && written !== undefined && FSDP_STRATEGY_STAGES[written] !== undefined) {
    b.note('zeroStage', e);
    const stage = FSDP_STRATEGY_STAGES[written]!;
    sharding = sourced(e, stage, `--data-parallel-sharding-strategy ${written} (Megatron-FSDP shards like ZeRO stage ${stage})`);
  } else {
    const stage = FSDP_STRATEGY_STAGES[FSDP_DEFAULTS.strategy]!;
    sharding = { value: stage, source: 'default', detail: `${on.detail} without --data-parallel-sharding-strategy: Megatron-LM's default ${FSDP_DEFAULTS.strategy} (ZeRO stage ${stage})` };
  }
  const double = b.entry('--fsdp-double-buffer', '--use-nccl-ub', '--megatron-fsdp-max-pool-double-buffer');
  if (double) b.note('zeroStage', double);
  const doubleBuffer: Sourced<boolean> = double
    ? sourced(double, truthy(double), double.path === '--fsdp-double-buffer' ? undefined : `${double.path} (turns --fsdp-double-buffer on)`)
    : { value: false, source: 'default', detail: 'no --fsdp-double-buffer: one gathered unit at a time' };
  return {
    enabled: on,
    sharding,
    mainGradsDtype: fsdpDtype(b, '--megatron-fsdp-main-grads-dtype', FSDP_DEFAULTS.mainGrads),
    mainParamsDtype: fsdpDtype(b, '--megatron-fsdp-main-params-dtype', FSDP_DEFAULTS.mainParams),
    doubleBuffer,
  };
}

/** NeMo `model.*` keys and Megatron-LM YAML keys; `at` gives the candidate full paths of a key. */
export function nemoMemory(b: RunBuilder, at: (key: string) => string[]): MemorySpec | undefined {
  const spec: MemorySpec = {};
  spec.sequenceParallel = flag(b, 'sequenceParallel', at('sequence_parallel'));
  spec.dropout = dropout(b, [...at('hidden_dropout'), ...at('attention_dropout')]);
  const optim = b.entry(...at('optim.name'), ...at('optimizer'));
  if (optim && typeof optim.value === 'string') {
    const name = optim.value;
    if (/distributed/i.test(name)) {
      b.note('distributedOptimizer', optim);
      spec.distributedOptimizer = sourced(optim, true, `${optim.path}: ${name} (shards optimizer states over data parallel)`);
    }
    const kind = optimizerKind(name);
    if (kind) {
      b.note('optimizer', optim);
      spec.optimizer = sourced(optim, kind);
    }
  }
  spec.distributedOptimizer ??= flag(b, 'distributedOptimizer', at('use_distributed_optimizer'));
  spec.flashAttention = flag(b, 'flashAttention', at('use_flash_attention'));
  spec.recomputeModules = recomputeModulesList(b, at('recompute_modules'));
  const vpp = b.entry(...at('virtual_pipeline_model_parallel_size'));
  if (vpp && typeof vpp.value === 'number' && vpp.value >= 1) {
    b.note('virtualPipeline', vpp);
    spec.virtualPipeline = sourced(vpp, vpp.value);
  }
  return compact(spec);
}

/** GPT-NeoX: DeepSpeed sections at the top, optimizer.type, flash in attention_config. */
export function neoxMemory(b: RunBuilder, key: (k: string) => string[]): MemorySpec | undefined {
  const spec: MemorySpec = {};
  spec.optimizer = optimizer(b, key('optimizer.type'));
  spec.offloadOptimizer = device(b, key('zero_optimization.offload_optimizer.device')) ?? cpuOffloadFlag(b, key('zero_optimization.cpu_offload')[0] ?? 'zero_optimization.cpu_offload');
  spec.offloadParams = device(b, key('zero_optimization.offload_param.device'));
  // attention_config is a nested list ([[["flash"], 44]]): its scalars are entries under the key.
  const attention = [...b.cfg.entries.values()].filter((e) => e.path.replace(/-/g, '_').startsWith('attention_config'));
  const flashEntry = attention.find((e) => typeof e.value === 'string' && /flash/i.test(e.value));
  if (flashEntry) {
    b.note('flashAttention', flashEntry);
    spec.flashAttention = sourced(flashEntry, true, `attention_config: ${String(flashEntry.value)}`);
  } else {
    spec.flashAttention = {
      value: false,
      source: 'default',
      detail:
        attention.length > 0 ? 'attention_config names no flash attention: NeoX stores the attention scores' : 'GPT-NeoX uses its global (score-storing) attention unless attention_config names flash',
    };
  }
  spec.sequenceParallel = flag(b, 'sequenceParallel', key('sequence_parallel'));
  spec.dropout = dropout(b, [...key('hidden_dropout'), ...key('attention_dropout')]);
  return compact(spec);
}

/**
 * A DeepSpeed config written into the recipe itself (`deepspeed:` as a mapping, not a path): transformers'
 * TrainingArguments.deepspeed takes "a path ... or an already loaded json file as a dict" (src/transformers/
 * training_args.py at fd798335), TRL's parser passes the YAML's mapping on as the field's value (trl/scripts/utils.py at
 * 05dc6bd4, set_defaults_with_config) and axolotl's schema types it `str | dict[str, Any]` (src/axolotl/utils/schemas/
 * config.py at 70be5461). Its ZeRO stage and offload sections are read as a DeepSpeed JSON's are, each citing its line;
 * a stage the recipe already has from FSDP keys stays.
 */
export function inlineDeepSpeed(b: RunBuilder, key = 'deepspeed'): void {
  if (!b.cfg.sections.has(key)) return;
  const run = b.run;
  run.zeroStage ??= b.number('zeroStage', [`${key}.zero_optimization.stage`], { allowZero: true });
  const ds = compact(deepspeedMemory(b, `${key}.`));
  if (!ds) return;
  const memory: MemorySpec = { ...run.memory };
  for (const [k, v] of Object.entries(ds) as Array<[keyof MemorySpec, MemorySpec[keyof MemorySpec]]>) if (memory[k] === undefined) (memory as Record<string, unknown>)[k] = v;
  run.memory = memory;
}
