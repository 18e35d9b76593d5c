// Hugging Face TrainingArguments and the TRL configs built on them (SFTConfig, DPOConfig, KTOConfig, GRPOConfig,
// ORPOConfig, CPOConfig, ModelConfig), read the same way from a recipe YAML (`per_device_train_batch_size: 8`) and from
// a launch command (`--per_device_train_batch_size 8`), plus the spellings of the trainers that copied them
// (open-instruct, FastChat, DeepSpeed-Chat, OpenRLHF). The objective comes from the trainer the file names (a
// script, a TRL subcommand, a recipe folder) or, failing that, from keys only one trainer has.
import type { ConfigEntry } from '../parse/config';
import type { Adapter, FineTuneSpec, KeyRole, Objective, Precision, Sourced } from '../types';
import { RunBuilder } from './builder';
import { fineTuneMemory } from './memory-keys';
import { byDefault, fromEntry, readBaseModel, startFineTune, truthy } from './finetune-common';

/** How a key is spelled in this kind of file: YAML `name`, shell `--name` / `--name-with-hyphens`. */
export type Spell = (name: string) => string[];
export const yamlKey: Spell = (name) => [name];
export const flagKey: Spell = (name) => [`--${name}`, `--${name.replace(/_/g, '-')}`];

/** Trainer names in scripts, subcommands and folders → objective ("run_dpo.py", "trl grpo", "recipes/x/orpo/"). */
const NAMED: Array<[RegExp, Objective]> = [
  [/(^|[^a-z])grpo([^a-z]|$)/i, 'grpo'],
  [/(^|[^a-z])(ppo|rlhf)([^a-z]|$)/i, 'ppo'],
  [/(^|[^a-z])kto([^a-z]|$)/i, 'kto'],
  [/(^|[^a-z])orpo([^a-z]|$)/i, 'orpo'],
  [/(^|[^a-z])(simpo|cpo)([^a-z]|$)/i, 'simpo'],
  [/(^|[^a-z])(dpo|ipo|apo)([^a-z]|$)/i, 'dpo'],
  [/(^|[^a-z])(rm|reward(_model(ing)?)?)([^a-z]|$)/i, 'rm'],
  [/(^|[^a-z])(sft|finetune|fine_tune|finetuning|supervised|train_mem|train_lora)([^a-z]|$)/i, 'sft'],
];

export function objectiveFromName(text: string): Objective | undefined {
  for (const [re, o] of NAMED) if (re.test(text)) return o;
  return undefined;
}

const TRAINING_ARGUMENTS = 'transformers TrainingArguments';

export interface TrainerArgsOptions {
  spell: Spell;
  /** What the file says it runs (script path, subcommand, file name), for the objective. */
  trainerName?: { text: string; entry?: ConfigEntry };
}

/**
 * open-instruct's grpo_fast.py: --num_unique_prompts_rollout prompts of --num_samples_per_prompt_rollout samples per
 * step, for total_episodes // (prompts × samples) steps, each batch trained --num_epochs times; β 0.05 when not given
 * (open_instruct/grpo_utils.py and data_loader.py defaults).
 */
function openInstructRollout(
  b: RunBuilder,
  ft: FineTuneSpec,
  find: (...names: string[]) => ConfigEntry | undefined,
  num: (role: KeyRole, names: string[], opts?: { fractional?: boolean; allowZero?: boolean }) => Sourced<number> | undefined,
): void {
  const SRC = 'open-instruct open_instruct/data_loader.py';
  ft.batchCountsSamples = false;
  ft.promptsPerStep = num('globalBatch', ['num_unique_prompts_rollout']) ?? byDefault(16, `num_unique_prompts_rollout not set: 16 (${SRC})`);
  ft.generationsPerPrompt ??= byDefault(4, `num_samples_per_prompt_rollout not set: 4 (${SRC})`);
  ft.promptLength ??= byDefault(256, `max_prompt_token_length not set: 256 (${SRC})`);
  ft.responseLength ??= byDefault(256, `response_length not set: 256 (${SRC})`);
  ft.klCoef ??= byDefault(0.05, 'beta not set: 0.05 (open-instruct open_instruct/grpo_utils.py)');
  // Here num_epochs is the passes over each rollout batch, not over the dataset.
  if (find('num_epochs')) ft.updateEpochs = num('updateEpochs', ['num_epochs']);
  ft.epochs = undefined;
  const episodes = num('trainIters', ['total_episodes']) ?? byDefault(100_000, 'total_episodes not set: 100,000 (open-instruct open_instruct/grpo_utils.py)');
  const perStep = ft.promptsPerStep.value * ft.generationsPerPrompt.value;
  const steps = Math.floor(episodes.value / perStep);
  if (steps >= 1) {
    b.run.trainIters = {
      value: steps,
      source: 'derived',
      detail: `total_episodes ${episodes.value.toLocaleString('en-US')} ÷ (${ft.promptsPerStep.value} prompts × ${ft.generationsPerPrompt.value} samples), rounded down`,
      span: episodes.span,
    };
  }
}

/** Reads the TrainingArguments-style keys into the run and starts its FineTuneSpec. */
export function readTrainerArgs(b: RunBuilder, options: TrainerArgsOptions): void {
  const { spell } = options;
  const run = b.run;
  const find = (...names: string[]): ConfigEntry | undefined => {
    for (const n of names) {
      const e = b.entry(...spell(n));
      if (e && e.value !== null && e.value !== '') return e;
    }
    return undefined;
  };
  const num = (role: KeyRole, names: string[], opts?: { fractional?: boolean; allowZero?: boolean }): Sourced<number> | undefined => {
    const e = find(...names);
    if (!e) return undefined;
    b.note(role, e);
    return b.numberFrom(role, e, opts);
  };

  // ---- method: the trainer named, else keys only one trainer has
  const stage = find('stage');
  const named =
    stage && typeof stage.value === 'string' && objectiveFromName(stage.value) ? objectiveFromName(stage.value) : options.trainerName ? objectiveFromName(options.trainerName.text) : undefined;
  const byKeys: Objective | undefined = find('num_generations', 'reward_funcs', 'n_samples_per_prompt', 'num_samples_per_prompt_rollout')
    ? 'grpo'
    : find('desirable_weight', 'undesirable_weight')
      ? 'kto'
      : find('max_prompt_length', 'precompute_ref_log_probs', 'ref_model') && find('beta')
        ? 'dpo'
        : undefined;
  const loss = find('loss_type');
  let objectiveValue = named ?? byKeys ?? 'sft';
  if (loss && typeof loss.value === 'string' && /^simpo$/i.test(loss.value)) objectiveValue = 'simpo';
  const objective: Sourced<Objective> =
    named && stage && objectiveFromName(String(stage.value))
      ? fromEntry(b, 'objective', stage, objectiveValue)
      : named && options.trainerName?.entry
        ? fromEntry(b, 'objective', options.trainerName.entry, objectiveValue)
        : named
          ? { value: objectiveValue, source: 'file', detail: `trainer ${options.trainerName!.text}` }
          : byKeys
            ? { value: objectiveValue, source: 'derived', detail: `${objectiveValue.toUpperCase()} keys in the file` }
            : byDefault(objectiveValue, 'no preference or RL keys: supervised fine-tuning');

  // ---- adapter: PEFT flags of TRL's ModelConfig, open-instruct and DeepSpeed-Chat
  const peft =
    find('use_peft', 'use_lora', 'lora_enable') ??
    (() => {
      const t = find('finetuning_type');
      return t && /^(lora|oft)$/i.test(String(t.value)) ? t : undefined;
    })();
  const qlora = find('use_qlora', 'load_in_4bit', 'q_lora');
  const rankEntry = find('lora_r', 'lora_rank', 'lora_dim');
  let adapter: Sourced<Adapter> = byDefault('full', 'no PEFT flags: a full fine-tune');
  if (qlora && truthy(qlora)) adapter = fromEntry(b, 'adapter', qlora, 'qlora');
  else if (peft && (truthy(peft) || /^(lora|oft)$/i.test(String(peft.value)))) adapter = fromEntry(b, 'adapter', peft, 'lora');
  else if (rankEntry && Number(rankEntry.value) > 0 && !peft) adapter = fromEntry(b, 'adapter', rankEntry, 'lora');
  const ft = startFineTune(b, objective, adapter);
  readBaseModel(b, ft, [...spell('model_name_or_path'), ...spell('actor_model_name_or_path'), ...spell('pretrain'), ...spell('model_path'), ...spell('model')]);
  if (adapter.value !== 'full' && rankEntry) ft.loraRank = num('loraRank', ['lora_r', 'lora_rank', 'lora_dim']);

  // ---- batch, sequence, schedule
  run.seqLength = num('seqLength', ['max_length', 'max_seq_length', 'model_max_length', 'max_seq_len', 'max_len', 'cutoff_len']);
  run.microBatch =
    num('microBatch', ['per_device_train_batch_size', 'per_device_training_batch_size', 'micro_train_batch_size', 'micro_batch_size']) ??
    byDefault(8, `per_device_train_batch_size not set: 8 (${TRAINING_ARGUMENTS} default)`);
  run.gradAccum = num('gradAccum', ['gradient_accumulation_steps']);
  const global = find('train_batch_size');
  if (global) run.globalBatch = num('globalBatch', ['train_batch_size']);
  const steps = find('max_steps');
  if (steps && Number(steps.value) > 0) run.trainIters = num('trainIters', ['max_steps']);
  else if (steps) b.note('trainIters', steps);
  // open-instruct's grpo_fast.py counts num_epochs per rollout batch (openInstructRollout), not over the dataset.
  const rollout = find('num_unique_prompts_rollout', 'total_episodes') !== undefined;
  ft.epochs =
    num('epochs', rollout ? ['num_train_epochs', 'max_epochs'] : ['num_train_epochs', 'num_epochs', 'max_epochs'], { fractional: true }) ??
    byDefault(3, `num_train_epochs not set: 3 (${TRAINING_ARGUMENTS} default)`);
  const maxSamples = find('max_samples');
  const perDataset = maxSamples ? num('datasetExamples', ['max_samples']) : undefined;
  if (perDataset) {
    // LLaMA-Factory caps each dataset of a comma-separated list at max_samples.
    const list = find('dataset');
    const count = list && typeof list.value === 'string' ? list.value.split(',').filter((d) => d.trim()).length : 1;
    ft.datasetExamples = count > 1 ? { ...perDataset, value: perDataset.value * count, detail: `at most ${perDataset.detail} × ${count} datasets` } : perDataset;
  }
  // LLaMA-Factory's val_size holds a share (or a count) of the examples out of training.
  ft.heldOut = num('heldOut', ['val_size'], { fractional: true, allowZero: true });
  const packing = find('packing', 'padding_free');
  ft.packing = packing ? fromEntry(b, 'packing', packing, truthy(packing) === true) : byDefault(false, 'packing not set: off (TRL default)');

  // ---- preference and RL settings
  const pre = find('precompute_ref_log_probs');
  if (pre) ft.referencePrecomputed = fromEntry(b, 'referencePrecomputed', pre, truthy(pre) === true);
  if (loss && typeof loss.value === 'string' && /^apo_zero_unpaired$/i.test(loss.value)) ft.klEstimate = fromEntry(b, 'objective', loss, false);
  if (objective.value === 'grpo' || objective.value === 'ppo') {
    ft.generationsPerPrompt = num('generations', ['num_generations', 'n_samples_per_prompt', 'num_samples_per_prompt_rollout']);
    ft.promptLength = num('promptLength', ['max_prompt_length', 'prompt_max_len', 'max_prompt_seq_len', 'max_prompt_token_length']);
    ft.responseLength = num('responseLength', ['max_completion_length', 'generate_max_len', 'response_length', 'max_answer_seq_len']);
    ft.klCoef = num('klCoef', ['beta', 'init_kl_coef', 'kl_coef'], { fractional: true, allowZero: true });
    ft.updateEpochs = num('updateEpochs', ['num_iterations', 'num_ppo_epochs', 'ppo_epochs']);
    // TRL's GRPO batch counts completions: the effective batch must divide by num_generations.
    if (objective.value === 'grpo' && !find('n_samples_per_prompt')) ft.batchCountsSamples = true;
    if (find('rollout_batch_size')) ft.promptsPerStep = num('globalBatch', ['rollout_batch_size']);
    if (find('num_unique_prompts_rollout', 'total_episodes')) openInstructRollout(b, ft, find, num);
  }

  // ---- recomputation and precision
  const ckpt = find('gradient_checkpointing', 'actor_gradient_checkpointing');
  if (ckpt && truthy(ckpt) !== undefined) run.recompute = fromEntry(b, 'recompute', ckpt, truthy(ckpt) ? 'full' : 'none');
  for (const [key, p] of [
    ['bf16', 'bf16'],
    ['fp16', 'fp16'],
    ['mixed_precision', 'bf16'],
  ] as Array<[string, Precision]>) {
    const e = find(key);
    if (!e || truthy(e) === false) continue;
    if (key === 'mixed_precision' && !(typeof e.value === 'string' && /^(bf16|fp16)$/i.test(e.value))) continue;
    run.precision = b.precisionFrom(e, key === 'mixed_precision' ? (String(e.value).toLowerCase() as Precision) : p);
    break;
  }
  // TrainingArguments' optim (adamw_torch, adamw_bnb_8bit, paged_adamw_8bit, adafactor…).
  run.memory = fineTuneMemory(b, { optimizer: spell('optim'), loraDropout: spell('lora_dropout'), compile: spell('torch_compile') });

  // ---- sharding: the ZeRO stage of DeepSpeed-Chat's main.py, else the Trainer's --fsdp options
  const zero = find('zero_stage');
  if (zero) zeroStageFlag(b, zero, find);
  else fsdpOptions(b, spell, find);
}

/**
 * `--zero_stage N` of DeepSpeed-Chat's main.py, which builds its DeepSpeed config from it (utils/ds_utils.py
 * get_train_ds_config), with `--offload` moving parameters and optimizer to the CPU. A value the script gives
 * through its own variable (`--zero_stage $ZERO_STAGE`, `ZERO_STAGE=3` when no argument is passed) says so.
 */
function zeroStageFlag(b: RunBuilder, e: ConfigEntry, find: (...names: string[]) => ConfigEntry | undefined): void {
  const run = b.run;
  b.note('zeroStage', e);
  const stage = b.numberFrom('zeroStage', e, { allowZero: true });
  if (!stage) return;
  const viaVariable = e.raw !== undefined && e.raw.includes('$') && e.valueSpan && e.valueSpan.line !== e.keySpan.line;
  run.zeroStage = viaVariable ? { ...stage, detail: `${e.path} ${e.raw}: ${stage.value}, the script's value of the variable (line ${e.valueSpan!.line + 1})` } : stage;
  const offload = find('offload');
  if (offload && truthy(offload) === true) {
    b.note('offload', offload);
    const cpu: Sourced<'cpu'> = {
      value: 'cpu',
      source: 'file',
      detail: `${offload.path}: parameters and optimizer states on the CPU (DeepSpeed-Chat get_train_ds_config)`,
      span: offload.valueSpan ?? offload.keySpan,
    };
    run.memory = { ...run.memory, offloadOptimizer: cpu, ...(stage.value >= 3 ? { offloadParams: cpu } : {}) };
  }
}

const FSDP_OPTIONS = 'transformers TrainingArguments fsdp (trainer_utils.py FSDPOption)';

/**
 * TrainingArguments' `fsdp`, a space-separated list (or a YAML list) of FSDPOption: full_shard shards parameters,
 * gradients and optimizer states (like ZeRO-3), shard_grad_op gradients and optimizer states (ZeRO-2),
 * hybrid_shard and hybrid_shard_zero2 the same within a node, replicated across nodes; offload is FSDP's CPUOffload
 * (parameters and gradients on the CPU, the optimizer stepping there). `fsdp_config.activation_checkpointing` is
 * FSDP's own recomputation of each wrapped layer.
 */
export function fsdpOptions(b: RunBuilder, spell: Spell, find: (...names: string[]) => ConfigEntry | undefined): void {
  const run = b.run;
  const whole = find('fsdp');
  const items = whole ? [whole] : [...b.cfg.entries.values()].filter((e) => spell('fsdp').some((k) => new RegExp(`^${k}\\.\\d+$`).test(e.path)));
  const words = items.flatMap((e) =>
    typeof e.value === 'string'
      ? e.value
          .trim()
          .toLowerCase()
          .split(/[\s,]+/)
      : [],
  );
  const at = items.find((e) => typeof e.value === 'string' && /shard|offload/i.test(e.value));
  if (at) {
    const stage =
      words.includes('full_shard') || words.includes('hybrid_shard') ? 3 : words.includes('shard_grad_op') || words.includes('hybrid_shard_zero2') ? 2 : words.includes('no_shard') ? 0 : undefined;
    const written = items.map((e) => String(e.value)).join(' ');
    // A YAML list (`fsdp: [full_shard, auto_wrap]`) is shown under its own key.
    const key = whole ? at.path : at.path.replace(/\.\d+$/, '');
    if (stage !== undefined) {
      b.note('zeroStage', at);
      run.zeroStage = { value: stage, source: 'file', detail: `${key}: ${written} (FSDP shards like ZeRO stage ${stage}; ${FSDP_OPTIONS})`, span: at.valueSpan ?? at.keySpan };
    }
    const memory = { ...run.memory };
    if (words.some((w) => w.startsWith('hybrid_shard'))) memory.hybridShard = { value: true, source: 'file', detail: `${key}: ${written}`, span: at.valueSpan ?? at.keySpan };
    if (words.includes('offload')) {
      b.note('offload', at);
      const cpu: Sourced<'cpu'> = { value: 'cpu', source: 'file', detail: `${key}: ${written} (FSDP CPUOffload)`, span: at.valueSpan ?? at.keySpan };
      memory.offloadParams = cpu;
      memory.offloadOptimizer = cpu;
    }
    if (Object.keys(memory).length > 0) run.memory = memory;
  }
  const ckpt = find('fsdp_config.activation_checkpointing', 'fsdp_config.fsdp_activation_checkpointing');
  if (ckpt && truthy(ckpt) === true && run.recompute?.value !== 'full') run.recompute = fromEntry(b, 'recompute', ckpt, 'full');
}
