// Launch scripts of the RL post-training frameworks, which configure a run on the command line:
//   verl:     `python3 -m verl.trainer.main_ppo algorithm.adv_estimator=grpo data.train_batch_size=1024 …` (Hydra
//             overrides; verl/trainer/config/ppo_trainer.yaml for the defaults);
//   OpenRLHF: `python3 -m openrlhf.cli.train_ppo_ray --actor.model_name_or_path … --rollout.batch_size 1024 …`
//             (and its train_sft / train_dpo / train_rm entry points), in the dotted flags of current releases or
//             the underscore flags of older ones (--pretrain, --rollout_batch_size).
// The advantage estimator says PPO (gae: a critic) or a critic-free group method counted as GRPO.
import { LOGITS_BYTES_PER_ELEMENT } from '../data/memory';
import { countParams } from '../model/params';
import type { ConfigEntry } from '../parse/config';
import type { Adapter, FineTuneSpec, KeyRole, Objective, Precision, Sourced } from '../types';
import type { FormatExtractor } from './extractor';
import { RunBuilder } from './builder';
import { byDefault, fromEntry, readBaseModel, resolveBaseModel, shortLabel, startFineTune, truthy } from './finetune-common';
import { objectiveFromName } from './hf-args';

const VERL = 'verl ppo_trainer.yaml';

function critic(estimator: string): Objective {
  return /^gae$/i.test(estimator) ? 'ppo' : 'grpo';
}

export const rlLaunchShell: FormatExtractor = {
  id: 'rl-launch-shell',
  syntax: 'shell',
  detect(cfg) {
    const verl = ['algorithm.adv_estimator', 'actor_rollout_ref.model.path', 'trainer.n_gpus_per_node', 'data.train_batch_size'].filter((k) => cfg.entries.has(k)).length;
    const openrlhf = /openrlhf\.cli\./.test(cfg.text) ? 3 : 0;
    return Math.min(1, (verl + openrlhf) * 0.25);
  },
  extract(cfg, fileName) {
    const b = new RunBuilder(cfg, 'rl-launch-shell', shortLabel(fileName, 'RL launch script'));
    if (cfg.entries.has('algorithm.adv_estimator') || cfg.entries.has('actor_rollout_ref.model.path')) verl(b);
    else openRlhf(b);
    return b.run;
  },
};

function reader(b: RunBuilder) {
  const find = (...paths: string[]): ConfigEntry | undefined => {
    for (const p of paths) {
      const e = b.entry(p);
      if (e && e.value !== null && e.value !== '') return e;
    }
    return undefined;
  };
  const num = (role: KeyRole, paths: string[], opts?: { fractional?: boolean; allowZero?: boolean }): Sourced<number> | undefined => {
    const e = find(...paths);
    if (!e) return undefined;
    b.note(role, e);
    return b.numberFrom(role, e, opts);
  };
  return { find, num };
}

function verl(b: RunBuilder): void {
  const run = b.run;
  const { find, num } = reader(b);
  const est = find('algorithm.adv_estimator');
  const objective: Sourced<Objective> = est ? fromEntry(b, 'objective', est, critic(String(est.value))) : byDefault('ppo', `algorithm.adv_estimator not set: gae, PPO with a critic (${VERL})`);
  const rank = find('actor_rollout_ref.model.lora_rank');
  const adapter: Sourced<Adapter> = rank && Number(rank.value) > 0 ? fromEntry(b, 'adapter', rank, 'lora') : byDefault('full', 'no LoRA rank: the policy is fully trained');
  const ft = startFineTune(b, objective, adapter);
  readBaseModel(b, ft, ['actor_rollout_ref.model.path']);
  if (adapter.value === 'lora') ft.loraRank = num('loraRank', ['actor_rollout_ref.model.lora_rank']);
  ft.promptsPerStep = num('globalBatch', ['data.train_batch_size']);
  ft.promptLength = num('promptLength', ['data.max_prompt_length']) ?? byDefault(512, `data.max_prompt_length not set: 512 (${VERL})`);
  ft.responseLength = num('responseLength', ['data.max_response_length']) ?? byDefault(512, `data.max_response_length not set: 512 (${VERL})`);
  ft.generationsPerPrompt = num('generations', ['actor_rollout_ref.rollout.n']) ?? byDefault(1, `actor_rollout_ref.rollout.n not set: 1 (${VERL})`);
  ft.updateEpochs = num('updateEpochs', ['actor_rollout_ref.actor.ppo_epochs']) ?? byDefault(1, `actor_rollout_ref.actor.ppo_epochs not set: 1 (${VERL})`);
  klCoefficient(b, ft);
  const rm = find('reward_model.enable');
  const rmOn = rm !== undefined && truthy(rm) === true;
  ft.rewardModel = rm ? fromEntry(b, 'rewardModel', rm, rmOn) : byDefault(false, `reward_model.enable not set: a reward function scores the samples (${VERL})`);
  criticAndReward(b, ft, 'critic.model.path', rmOn ? 'reward_model.model.path' : undefined);
  // ray_trainer.py recomputes the old policy's log-probs with the actor every step, unless bypass mode takes the
  // rollout engine's (algorithm.rollout_correction.bypass_mode).
  const bypass = find('algorithm.rollout_correction.bypass_mode');
  ft.oldLogProbs =
    bypass && truthy(bypass) === true ? fromEntry(b, 'oldLogProbs', bypass, false) : byDefault(true, 'verl trainer/ppo/ray_trainer.py recomputes old_log_prob with the actor every step');
  const caching = find('actor_rollout_ref.rollout.enable_prefix_caching');
  ft.prefixCaching = caching
    ? fromEntry(b, 'prefixCaching', caching, truthy(caching) === true)
    : byDefault(true, 'rollout.enable_prefix_caching not set: on (verl trainer/config/rollout/rollout.yaml)');
  run.trainIters = num('trainIters', ['trainer.total_training_steps']);
  ft.epochs = num('epochs', ['trainer.total_epochs']) ?? byDefault(30, `trainer.total_epochs not set: 30 (${VERL})`);
  run.gpusPerNode = num('gpusPerNode', ['trainer.n_gpus_per_node']);
  run.nodes = num('nodes', ['trainer.nnodes']);
  const ckpt = find('actor_rollout_ref.model.enable_gradient_checkpointing');
  if (ckpt && truthy(ckpt) !== undefined) run.recompute = fromEntry(b, 'recompute', ckpt, truthy(ckpt) ? 'full' : 'none');
  run.precision = byDefault<Precision>('bf16', `actor parameters in bf16 mixed precision (${VERL} fsdp mixed_precision)`);
  verlActorLayout(b, ft);
}

const VERL_FSDP = 'verl trainer/config/engine/fsdp.yaml, workers/fsdp_workers.py';

/**
 * The actor's update, where a verl run peaks: Ulysses sequence parallelism (the sequence split over
 * ulysses_sequence_parallel_size GPUs), FSDP over every GPU (FULL_SHARD, or SHARD_GRAD_OP when
 * reshard_after_forward is off; the Megatron strategy is not FSDP), and the micro-batch of each GPU, normalised as
 * fsdp_workers.py does: ppo_mini_batch_size prompts × rollout.n samples ÷ (GPUs ÷ SP) per optimizer step, in
 * micro-batches of ppo_micro_batch_size_per_gpu samples, or of ppo_max_token_len_per_gpu × SP tokens with
 * use_dynamic_bsz (workers/actor/dp_actor.py).
 */
function verlActorLayout(b: RunBuilder, ft: FineTuneSpec): void {
  const run = b.run;
  const { find, num } = reader(b);
  const actor = 'actor_rollout_ref.actor.';
  run.parallel.cp = num('cp', [`${actor}ulysses_sequence_parallel_size`, `${actor}fsdp_config.ulysses_sequence_parallel_size`]);
  const sp = run.parallel.cp?.value ?? 1;
  const strategy = find(`${actor}strategy`);
  const fsdp = !strategy || /^fsdp2?$/i.test(String(strategy.value).trim());
  if (fsdp) {
    const reshard = find(`${actor}fsdp_config.reshard_after_forward`);
    const zero2 = reshard !== undefined && truthy(reshard) === false;
    run.zeroStage = reshard
      ? {
          ...fromEntry(b, 'zeroStage', reshard, zero2 ? 2 : 3),
          detail: `${reshard.path}: ${String(reshard.value)} (FSDP ${zero2 ? 'SHARD_GRAD_OP, like ZeRO stage 2' : 'FULL_SHARD, like ZeRO stage 3'})`,
        }
      : byDefault(3, `verl's actor: FSDP FULL_SHARD of parameters, gradients and optimizer states over every GPU (fsdp_size -1, reshard_after_forward true; ${VERL_FSDP})`);
  } else if (strategy) b.note('zeroStage', strategy);
  // Without an entropy term (entropy_coeff 0, calculate_entropy off: verl's defaults) the log-probs come from
  // flash-attn's in-place cross-entropy on the bf16 logits.
  const coeff = find(`${actor}entropy_coeff`);
  const entropy = find(`${actor}calculate_entropy`);
  const entropyOn = (coeff !== undefined && Number(coeff.value) !== 0) || truthy(entropy) === true;
  if (!entropyOn) {
    const k = LOGITS_BYTES_PER_ELEMENT.inplaceCrossEntropy;
    const why = coeff ? `${coeff.path}: ${String(coeff.value)}` : 'entropy_coeff not set: 0';
    run.memory = { ...run.memory, logitsBytesPerElement: { value: k.value, source: 'default', detail: `${why}, so no entropy: ${k.source}` } };
  }
  const mini = num('globalBatch', [`${actor}ppo_mini_batch_size`]) ?? byDefault(256, `ppo_mini_batch_size not set: 256 (${VERL})`);
  const n = ft.generationsPerPrompt?.value ?? 1;
  run.globalBatch = { value: mini.value * n, source: 'derived', detail: `ppo_mini_batch_size ${mini.value} prompts × rollout.n ${n} samples per optimizer step`, span: mini.span };
  const dynamic = find(`${actor}use_dynamic_bsz`);
  if (dynamic && truthy(dynamic) === true) {
    // The token budget is the key to halve for a smaller micro-batch; the switch itself is read, not noted.
    const budget = num('microBatch', [`${actor}ppo_max_token_len_per_gpu`]) ?? byDefault(16384, `ppo_max_token_len_per_gpu not set: 16384 (${VERL})`);
    const sample = (ft.promptLength?.value ?? 0) + (ft.responseLength?.value ?? 0);
    if (sample > 0) {
      const tokens = budget.value * sp;
      const samples = Math.max(1, Math.floor(tokens / sample));
      run.microBatch = {
        value: samples,
        source: 'derived',
        detail: `use_dynamic_bsz: micro-batches of at most ppo_max_token_len_per_gpu ${budget.value.toLocaleString('en-US')}${sp > 1 ? ` × SP ${sp}` : ''} tokens, ${samples} sample${samples === 1 ? '' : 's'} of ${sample.toLocaleString('en-US')} (prompt + response)`,
        span: budget.span ?? dynamic.valueSpan ?? dynamic.keySpan,
      };
    }
    return;
  }
  const perGpu = num('microBatch', [`${actor}ppo_micro_batch_size_per_gpu`]);
  if (perGpu) {
    run.microBatch = perGpu;
    return;
  }
  // The older global micro-batch, divided by the data-parallel ranks (GPUs ÷ SP) as fsdp_workers.py normalises it.
  const global = num('microBatch', [`${actor}ppo_micro_batch_size`]);
  const gpus = run.gpusPerNode && run.nodes ? run.gpusPerNode.value * run.nodes.value : undefined;
  if (global && gpus && gpus >= sp) {
    const ranks = Math.floor(gpus / sp);
    const value = Math.floor(global.value / ranks);
    if (value >= 1) run.microBatch = { value, source: 'derived', detail: `ppo_micro_batch_size ${global.value} ÷ ${ranks} data-parallel ranks (fsdp_workers.py)`, span: global.span };
  }
}

/** verl: β from the KL loss (use_kl_loss) or the KL penalty in the reward (use_kl_in_reward); neither means no reference. */
function klCoefficient(b: RunBuilder, ft: FineTuneSpec): void {
  const { find, num } = reader(b);
  const lossOn = find('actor_rollout_ref.actor.use_kl_loss');
  const rewardOn = find('algorithm.use_kl_in_reward');
  if (lossOn && truthy(lossOn)) ft.klCoef = num('klCoef', ['actor_rollout_ref.actor.kl_loss_coef'], { fractional: true, allowZero: true }) ?? byDefault(0.001, `kl_loss_coef not set: 0.001 (${VERL})`);
  else if (rewardOn && truthy(rewardOn))
    ft.klCoef = num('klCoef', ['algorithm.kl_ctrl.kl_coef'], { fractional: true, allowZero: true }) ?? byDefault(0.001, `algorithm.kl_ctrl.kl_coef not set: 0.001 (${VERL})`);
  else ft.klCoef = lossOn ? fromEntry(b, 'klCoef', lossOn, 0) : byDefault(0, `use_kl_loss and use_kl_in_reward off (${VERL} defaults): no reference pass`);
}

/** Critic and reward model sizes from the models they name, when the model table knows them. */
function criticAndReward(b: RunBuilder, ft: FineTuneSpec, criticKey: string | undefined, rewardKey: string | undefined): void {
  const size = (key: string | undefined): Sourced<number> | undefined => {
    const e = key ? b.entry(key) : undefined;
    if (!e || typeof e.value !== 'string') return undefined;
    const base = resolveBaseModel(e.value, `${e.path} "${e.value}"`);
    if (!base) return undefined;
    b.note('baseModel', e);
    const active = base.activeParams?.value ?? countParams(base.arch)?.active;
    if (!active) return undefined;
    return { value: active, source: 'companion', detail: `${e.path} "${e.value}" → ${base.model}`, span: e.valueSpan ?? e.keySpan };
  };
  if (ft.objective.value === 'ppo') {
    const c = size(criticKey);
    if (c) ft.criticParams = c;
  }
  const r = size(rewardKey);
  if (r) ft.rewardParams = r;
}

/**
 * OpenRLHF's reward: a reward model (--reward.model_name_or_path, --reward_pretrain) or a remote function
 * (--reward.remote_url, --remote_rm_url, an agent); the critic of GAE defaults to the reward model, else to the actor
 * (train_ppo_ray.py).
 */
function openRlhfReward(b: RunBuilder, ft: FineTuneSpec): void {
  const { find } = reader(b);
  const model = find('--reward.model_name_or_path', '--reward_pretrain');
  const remote = find('--reward.remote_url', '--remote_rm_url', '--train.agent_func_path', '--agent_func_path');
  if (remote) ft.rewardModel = fromEntry(b, 'rewardModel', remote, false);
  // The reward model's key is noted as a model name (criticAndReward), so not a second time here.
  else if (model) ft.rewardModel = { value: true, source: 'file', detail: `${model.path}: ${String(model.value)}`, span: model.valueSpan ?? model.keySpan };
  const critic = find('--critic.model_name_or_path', '--critic_pretrain') ?? (remote ? undefined : model);
  criticAndReward(b, ft, critic?.path, remote ? undefined : model?.path);
}

/** OpenRLHF's argparse defaults of each entry point (openrlhf/cli/*.py @ 3c3be623). */
const OPENRLHF_MICRO_BATCH: Record<string, number> = { train_sft: 8, train_dpo: 8, train_rm: 1, train_ppo_ray: 1 };
const OPENRLHF_ZERO_STAGE: Record<string, number> = { train_sft: 2, train_dpo: 2, train_rm: 2, train_ppo_ray: 2 };

function openRlhfDefault(table: Record<string, number>, module: string, flag: string): Sourced<number> | undefined {
  const value = table[module];
  return value === undefined ? undefined : byDefault(value, `--${flag} not set: ${value} (OpenRLHF openrlhf/cli/${module}.py)`);
}

/**
 * The DeepSpeed strategy every OpenRLHF entry point builds (openrlhf/utils/deepspeed/deepspeed.py): ZeRO stage
 * --ds.zero_stage (default 2) over every GPU, as deepspeed.initialize is given no model-parallel unit; ring attention
 * splits each sequence over --ds.ring_attn_size GPUs; --ds.adam_offload steps Adam on the CPU (deepspeed_utils.py).
 */
function openRlhfDeepSpeed(b: RunBuilder, module: string): void {
  const run = b.run;
  const { find, num } = reader(b);
  run.zeroStage = num('zeroStage', ['--ds.zero_stage', '--zero_stage'], { allowZero: true }) ?? openRlhfDefault(OPENRLHF_ZERO_STAGE, module, 'ds.zero_stage');
  run.parallel.cp = num('cp', ['--ds.ring_attn_size', '--ring_attn_size']);
  const offload = find('--ds.adam_offload', '--adam_offload');
  if (offload && truthy(offload) !== false) {
    const device = fromEntry(b, 'offload', offload, 'cpu' as const);
    run.memory = { ...run.memory, offloadOptimizer: { ...device, detail: `${offload.path}: Adam's states and step on the CPU (zero_optimization.offload_optimizer.device cpu)` } };
  }
}

function openRlhf(b: RunBuilder): void {
  const run = b.run;
  const { find, num } = reader(b);
  const module = /openrlhf\.cli\.(\w+)/.exec(b.cfg.text)?.[1] ?? '';
  const rl = /ppo|reinforce|grpo/.test(module);
  let objectiveValue: Objective = rl ? 'ppo' : (objectiveFromName(module) ?? 'sft');
  const est = find('--algo.advantage.estimator', '--advantage_estimator');
  if (rl && est) objectiveValue = critic(String(est.value));
  const objective: Sourced<Objective> = est && rl ? fromEntry(b, 'objective', est, objectiveValue) : { value: objectiveValue, source: 'file', detail: `entry point openrlhf.cli.${module}` };
  const rank = find('--actor.lora_rank', '--model.lora_rank', '--ds.lora.rank', '--lora_rank');
  const adapter: Sourced<Adapter> = rank && Number(rank.value) > 0 ? fromEntry(b, 'adapter', rank, 'lora') : byDefault('full', 'no LoRA rank: a full fine-tune');
  const ft = startFineTune(b, objective, adapter);
  readBaseModel(b, ft, ['--actor.model_name_or_path', '--model.model_name_or_path', '--pretrain']);
  if (adapter.value === 'lora') ft.loraRank = num('loraRank', ['--actor.lora_rank', '--model.lora_rank', '--ds.lora.rank', '--lora_rank']);
  ft.datasetExamples = num('datasetExamples', ['--data.max_samples', '--max_samples']);
  const packing = find('--ds.packing_samples', '--packing_samples');
  ft.packing = packing ? fromEntry(b, 'packing', packing, truthy(packing) === true) : byDefault(false, 'packing_samples not set: off');
  if (rl) {
    ft.promptsPerStep = num('globalBatch', ['--rollout.batch_size', '--rollout_batch_size']);
    ft.generationsPerPrompt = num('generations', ['--rollout.n_samples_per_prompt', '--n_samples_per_prompt']) ?? byDefault(1, 'n_samples_per_prompt not set: 1 (OpenRLHF default)');
    ft.promptLength = num('promptLength', ['--data.prompt_max_len', '--prompt_max_len']);
    ft.responseLength = num('responseLength', ['--rollout.max_new_tokens', '--generate_max_len']);
    // max_len caps prompt + response; without the split, the experience is max_len per sample.
    if (!ft.promptLength || !ft.responseLength) run.seqLength = num('seqLength', ['--data.max_len', '--max_len']);
    // With one of the two lengths, max_len gives the other: the prompt is what the response leaves of it, and an
    // unset response is "max_len - prompt_len per sample" (train_ppo_ray.py --rollout.max_new_tokens).
    const total = run.seqLength?.value;
    if (total !== undefined && ft.responseLength && !ft.promptLength && total > ft.responseLength.value)
      ft.promptLength = { value: total - ft.responseLength.value, source: 'derived', detail: `max_len ${total} − response ${ft.responseLength.value}` };
    else if (total !== undefined && ft.promptLength && !ft.responseLength && total > ft.promptLength.value)
      ft.responseLength = { value: total - ft.promptLength.value, source: 'derived', detail: `max_len ${total} − prompt ${ft.promptLength.value} (OpenRLHF: max_new_tokens unset)` };
    ft.updateEpochs = num('updateEpochs', ['--train.max_epochs', '--max_epochs']) ?? byDefault(1, 'max_epochs not set: 1 (OpenRLHF default)');
    ft.epochs = num('epochs', ['--train.num_episodes', '--num_episodes']) ?? byDefault(1, 'num_episodes not set: 1 (OpenRLHF default)');
    // train_ppo_ray.py: --algo.kl.init_coef defaults to 0.01, and a coefficient above 0 loads the reference model.
    ft.klCoef =
      num('klCoef', ['--algo.kl.init_coef', '--init_kl_coef'], { fractional: true, allowZero: true }) ??
      byDefault(0.01, 'init_kl_coef not set: 0.01, the reference model is loaded (OpenRLHF train_ppo_ray.py)');
    openRlhfReward(b, ft);
    // The actor recomputes the log-probs of every sample when it makes experience (experience_maker.py).
    ft.oldLogProbs = byDefault(true, 'OpenRLHF trainer/ppo_utils/experience_maker.py: the actor recomputes the action log-probs of every sample');
    const caching = find('--vllm.enable_prefix_caching', '--enable_prefix_caching');
    ft.prefixCaching = caching ? fromEntry(b, 'prefixCaching', caching, truthy(caching) !== false) : byDefault(false, 'enable_prefix_caching not set: off (OpenRLHF train_ppo_ray.py)');
    run.gpusPerNode = num('gpusPerNode', ['--actor.num_gpus_per_node', '--actor_num_gpus_per_node']);
    run.nodes = num('nodes', ['--actor.num_nodes', '--actor_num_nodes']);
    // The actor's update: train_batch_size samples per optimizer step, in micro-batches per GPU.
    if (find('--train.batch_size', '--train_batch_size')) run.globalBatch = num('globalBatch', ['--train.batch_size', '--train_batch_size']);
  } else {
    run.seqLength = num('seqLength', ['--data.max_len', '--max_len']);
    run.globalBatch = num('globalBatch', ['--train.batch_size', '--train_batch_size']);
  }
  if (!rl) ft.epochs = num('epochs', ['--train.max_epochs', '--max_epochs']) ?? byDefault(1, 'max_epochs not set: 1 (OpenRLHF default)');
  run.microBatch = num('microBatch', ['--train.micro_batch_size', '--micro_train_batch_size']) ?? openRlhfDefault(OPENRLHF_MICRO_BATCH, module, 'train.micro_batch_size');
  openRlhfDeepSpeed(b, module);
  const ckpt = find('--actor.gradient_checkpointing_enable', '--model.gradient_checkpointing_enable', '--gradient_checkpointing');
  if (ckpt && truthy(ckpt)) run.recompute = fromEntry(b, 'recompute', ckpt, 'full');
  const dtype = find('--ds.param_dtype');
  if (dtype && /^(bf16|fp16)$/i.test(String(dtype.value))) run.precision = b.precisionFrom(dtype, String(dtype.value).toLowerCase() as Precision);
  else {
    const bf16 = find('--bf16');
    if (bf16 && truthy(bf16)) run.precision = b.precisionFrom(bf16, 'bf16');
  }
}
