// Memory per GPU follows the sharding, sequence split and micro-batch a real launch script states, in its own flags:
// OpenRLHF's --ds.zero_stage, --ds.ring_attn_size and --train.micro_batch_size, verl's FSDP actor and its
// ppo_micro_batch_size_per_gpu (or token budget). Real public files from test/fixtures/finetune (SOURCES.md).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, type Analysis } from '../../../src/core/analyze';
import { analyzeWithCompanions } from '../../../src/cli/companions';

const DIR = join(__dirname, '../../fixtures/finetune');
const GB = 1e9;

function analysed(name: string): Analysis {
  return analyze(readFileSync(join(DIR, name), 'utf8'), { fileName: name });
}

function assumption(a: Analysis, name: string): { value: string; source: string; detail: string } | undefined {
  return a.memory?.assumptions.find((x) => x.name === name);
}

function shownLine(a: Analysis, field: 'zeroStage' | 'microBatch'): number | undefined {
  const span = a.run?.[field]?.span;
  return span ? span.line + 1 : undefined;
}

describe('memory per GPU from the layout a launch script states', () => {
  describe('OpenRLHF', () => {
    it('train_sft.sh: --ds.zero_stage 2 (line 17) shards gradients and Adam over the GPUs, so Llama 3 8B fits on an H100 instead of needing 134 GB', () => {
      const a = analysed('openrlhf/train_sft.sh');
      assert.equal(a.run!.zeroStage?.value, 2);
      assert.equal(a.run!.zeroStage?.source, 'file');
      assert.equal(a.run!.zeroStage?.detail, '--ds.zero_stage: 2');
      assert.equal(shownLine(a, 'zeroStage'), 17);
      assert.equal(a.run!.microBatch?.value, 2, '--train.micro_batch_size 2');
      const m = a.memory!;
      assert.equal(m.inputs.zeroStage, 2);
      // The script gives no GPU count: one 8-GPU node is assumed for sharding, and said.
      assert.equal(m.inputs.shardGroup, 8);
      assert.ok(assumption(a, 'dataParallel'));
      const c = m.busiest.components;
      assert.ok(Math.abs(c.gradients / (c.weights / 8) - 1) < 0.02, 'bf16 gradients sharded 8 ways');
      assert.ok(c.optimizer < 13 * GB, `Adam's 12 B/param over 8 GPUs: ${(c.optimizer / GB).toFixed(1)} GB`);
      assert.equal(m.verdict, 'fits');
      assert.ok(m.busiest.totalBytes > 30 * GB && m.busiest.totalBytes < 50 * GB, `${(m.busiest.totalBytes / GB).toFixed(1)} GB`);
      assert.ok(!a.findings.some((f) => f.code === 'will-not-fit'));
    });

    it('an OpenRLHF script that names no stage takes the entry point default, ZeRO-2, and says where it comes from', () => {
      const text = readFileSync(join(DIR, 'openrlhf/train_sft.sh'), 'utf8').replace('   --ds.zero_stage 2 \\\n', '');
      const a = analyze(text, { fileName: 'train_sft.sh' });
      assert.equal(a.run!.zeroStage?.value, 2);
      assert.equal(a.run!.zeroStage?.source, 'default');
      assert.match(a.run!.zeroStage!.detail, /openrlhf\/cli\/train_sft\.py/);
    });

    it('the older underscore flags (--zero_stage, --micro_train_batch_size, --adam_offload) are read the same way', () => {
      const text = [
        'deepspeed --module openrlhf.cli.train_sft \\',
        '   --max_len 4096 \\',
        '   --pretrain meta-llama/Meta-Llama-3-8B \\',
        '   --train_batch_size 128 \\',
        '   --micro_train_batch_size 4 \\',
        '   --zero_stage 3 \\',
        '   --adam_offload \\',
        '   --bf16',
        '',
      ].join('\n');
      const a = analyze(text, { fileName: 'train_sft_old.sh' });
      assert.equal(a.run!.zeroStage?.value, 3);
      assert.equal(shownLine(a, 'zeroStage'), 6);
      assert.equal(a.run!.microBatch?.value, 4);
      assert.equal(a.memory!.inputs.offloadOptimizer, 'cpu');
      assert.equal(a.memory!.busiest.components.optimizer, 0, 'Adam steps on the CPU');
      assert.ok(a.memory!.busiest.hostBytes > 0, 'and is shown as host memory');
    });

    it('train_reinforce_baseline_hybrid_engine.sh: ZeRO-3, ring attention over 2 GPUs and one 74,240-token sample per micro-batch', () => {
      const a = analysed('openrlhf/train_reinforce_baseline_hybrid_engine.sh');
      const run = a.run!;
      assert.equal(run.microBatch?.value, 1);
      assert.equal(run.microBatch?.detail, '--train.micro_batch_size: 1');
      assert.equal(shownLine(a, 'microBatch'), 54);
      assert.equal(run.zeroStage?.value, 3);
      assert.equal(shownLine(a, 'zeroStage'), 74);
      assert.equal(run.parallel.cp?.value, 2);
      assert.equal(run.parallel.cp?.detail, '--ds.ring_attn_size: 2');
      assert.equal(run.seqLength?.value, 74_240);
      // --train.batch_size 1024 samples per step over 2 data-parallel ranks of micro-batch 1.
      assert.equal(run.gradAccum?.value, 512);
      const m = a.memory!;
      assert.ok(m, 'a memory estimate, where there was none');
      assert.equal(m.inputs.cp, 2);
      // DeepSpeed is initialised without a model-parallel unit: ZeRO-3 shards over all 4 GPUs, the ring included.
      assert.equal(m.inputs.shardGroup, 4);
      const perParam = (m.busiest.components.weights + m.busiest.components.gradients + m.busiest.components.optimizer) / a.run!.params!.value;
      assert.ok(Math.abs(perParam - 16 / 4) < 0.1, `16 B/param over 4 GPUs: ${perParam.toFixed(2)}`);
      assert.ok(['fits', 'tight', 'does-not-fit'].includes(m.verdict));
    });
  });

  describe('verl', () => {
    it('grpo_trainer/run_qwen2-7b.sh: 40 samples per GPU (line 17) on an FSDP-sharded actor fit on 8 × 80 GB, where no memory was shown', () => {
      const a = analysed('verl/grpo_trainer/run_qwen2-7b.sh');
      const run = a.run!;
      assert.equal(run.microBatch?.value, 40);
      assert.equal(run.microBatch?.detail, 'actor_rollout_ref.actor.ppo_micro_batch_size_per_gpu: 40');
      assert.equal(shownLine(a, 'microBatch'), 17);
      // ppo_mini_batch_size 256 prompts × rollout.n 5 = 1,280 samples per step, over 8 GPUs in micro-batches of 40.
      assert.equal(run.globalBatch?.value, 1280);
      assert.equal(run.gradAccum?.value, 4);
      assert.equal(run.zeroStage?.value, 3);
      assert.equal(run.zeroStage?.source, 'default');
      assert.match(run.zeroStage!.detail, /FSDP FULL_SHARD .*fsdp_size -1/);
      const m = a.memory!;
      assert.equal(m.inputs.zeroStage, 3);
      assert.equal(m.inputs.shardGroup, 8);
      const c = m.busiest.components;
      const perParam = (c.weights + c.gradients + c.optimizer) / run.params!.value;
      assert.ok(Math.abs(perParam - 2) < 0.05, `16 B/param over 8 GPUs: ${perParam.toFixed(2)}`);
      // entropy_coeff 0: flash-attn's in-place cross-entropy keeps only the bf16 logits (2 B each).
      const logitsBytes = 40 * 1536 * 152_064 * 2;
      assert.ok(Math.abs(c.logits / logitsBytes - 1) < 0.01, `${(c.logits / GB).toFixed(1)} GB of logits`);
      assert.match(assumption(a, 'logitsBytesPerElement')!.detail, /entropy_coeff: 0.*inplace_backward=True/);
      assert.equal(m.verdict, 'fits');
    });

    it('a verl actor with reshard_after_forward=False shards like ZeRO-2 (SHARD_GRAD_OP), read from that key', () => {
      const text = readFileSync(join(DIR, 'verl/grpo_trainer/run_qwen2-7b.sh'), 'utf8').replace(
        '    actor_rollout_ref.actor.fsdp_config.param_offload=False \\\n',
        '    actor_rollout_ref.actor.fsdp_config.param_offload=False \\\n    actor_rollout_ref.actor.fsdp_config.reshard_after_forward=False \\\n',
      );
      const a = analyze(text, { fileName: 'run_qwen2-7b.sh' });
      assert.equal(a.run!.zeroStage?.value, 2);
      assert.equal(a.run!.zeroStage?.source, 'file');
      assert.match(a.run!.zeroStage!.detail, /SHARD_GRAD_OP/);
      const full = analysed('verl/grpo_trainer/run_qwen2-7b.sh').memory!;
      assert.ok(a.memory!.busiest.components.weights > full.busiest.components.weights * 7, 'the weights are whole on every GPU');
    });

    it('gspo_trainer/test_gspo_3b_math.sh: use_dynamic_bsz packs micro-batches of ppo_max_token_len_per_gpu tokens, 2 samples of 10,240', () => {
      const a = analysed('verl/gspo_trainer/test_gspo_3b_math.sh');
      const run = a.run!;
      assert.equal(run.seqLength?.value, 10_240);
      assert.equal(run.microBatch?.value, 2);
      assert.equal(run.microBatch?.source, 'derived');
      assert.match(run.microBatch!.detail, /use_dynamic_bsz: micro-batches of at most ppo_max_token_len_per_gpu 20,480 tokens, 2 samples of 10,240/);
      assert.equal(shownLine(a, 'microBatch'), 143);
      // The micro-batch key a fix would halve is the token budget, not the ignored ppo_micro_batch_size_per_gpu.
      const key = a.run!.keys.find((k) => k.role === 'microBatch');
      assert.equal(key?.key, 'actor_rollout_ref.actor.ppo_max_token_len_per_gpu');
      assert.equal(run.parallel.cp?.value, 1);
      assert.ok(a.memory, 'a memory estimate');
    });

    it('every verl fixture now shows its memory per GPU with a verdict', () => {
      for (const name of [
        'verl/grpo_trainer/run_qwen2-7b.sh',
        'verl/grpo_trainer/run_qwen2_5-3b_gsm8k_grpo_lora.sh',
        'verl/gspo_trainer/test_gspo_3b_math.sh',
        'verl/ppo_trainer/run_deepseek7b_llm.sh',
        'verl/ppo_trainer/run_qwen2-7b_rm.sh',
      ]) {
        const m = analysed(name).memory;
        assert.ok(m, `${name}: memory`);
        assert.equal(m.inputs.zeroStage, 3, name);
        assert.ok(['fits', 'tight', 'does-not-fit'].includes(m.verdict), name);
      }
    });
  });
});

describe('memory per GPU from the sharding a Trainer launch states', () => {
  it('fastchat train_vicuna_7b.sh: --fsdp "full_shard auto_wrap" (line 20) shards Vicuna 7B over its 4 GPUs, so it fits instead of needing 110 GB', () => {
    const a = analysed('fastchat/train_vicuna_7b.sh');
    const run = a.run!;
    assert.equal(run.zeroStage?.value, 3);
    assert.equal(run.zeroStage?.source, 'file');
    assert.match(run.zeroStage!.detail, /^--fsdp: full_shard auto_wrap \(FSDP shards like ZeRO stage 3; .*FSDPOption\)\)$/);
    assert.equal(shownLine(a, 'zeroStage'), 20);
    const m = a.memory!;
    assert.equal(m.inputs.zeroStage, 3);
    assert.equal(m.inputs.shardGroup, 4, 'over the 4 GPUs of --nproc_per_node=4');
    const c = m.busiest.components;
    const perParam = (c.weights + c.gradients + c.optimizer) / run.params!.value;
    assert.ok(Math.abs(perParam - 16 / 4) < 0.05, `16 B/param over 4 GPUs: ${perParam.toFixed(2)}`);
    assert.equal(m.verdict, 'fits');
    assert.ok(m.busiest.totalBytes < 45 * GB, `${(m.busiest.totalBytes / GB).toFixed(1)} GB`);
    assert.ok(!a.findings.some((f) => f.code === 'will-not-fit'));
  });

  it('the other FSDP options: shard_grad_op is ZeRO-2, hybrid_shard shards within a node, offload moves the states to the CPU', () => {
    const text = readFileSync(join(DIR, 'fastchat/train_vicuna_7b.sh'), 'utf8');
    const withOption = (option: string) => analyze(text.replace('--fsdp "full_shard auto_wrap"', `--fsdp "${option}"`), { fileName: 'train_vicuna_7b.sh' });
    const zero2 = withOption('shard_grad_op auto_wrap');
    assert.equal(zero2.run!.zeroStage?.value, 2);
    assert.ok(zero2.memory!.busiest.components.weights > 12 * GB, 'the bf16 weights are whole on every GPU');
    const hybrid = withOption('hybrid_shard auto_wrap');
    assert.equal(hybrid.run!.zeroStage?.value, 3);
    assert.equal(hybrid.run!.memory?.hybridShard?.value, true);
    const offload = withOption('full_shard offload auto_wrap');
    assert.equal(offload.memory!.inputs.offloadParams, 'cpu');
    assert.equal(offload.memory!.inputs.offloadOptimizer, 'cpu');
    assert.equal(offload.memory!.busiest.components.optimizer, 0);
    const none = withOption('no_shard');
    assert.equal(none.run!.zeroStage?.value, 0);
  });

  it('a TRL recipe in YAML reads fsdp and fsdp_config.activation_checkpointing the same way', () => {
    const text = [
      'model_name_or_path: meta-llama/Llama-3.1-8B',
      'max_length: 4096',
      'per_device_train_batch_size: 2',
      'gradient_accumulation_steps: 4',
      'bf16: true',
      'fsdp: full_shard auto_wrap',
      'fsdp_config:',
      '  activation_checkpointing: true',
      '',
    ].join('\n');
    const a = analyze(text, { fileName: 'sft_config.yaml' });
    assert.equal(a.format, 'trl-yaml');
    assert.equal(a.run!.zeroStage?.value, 3);
    assert.equal(shownLine(a, 'zeroStage'), 6);
    assert.equal(a.run!.recompute?.value, 'full');
    assert.equal(a.run!.recompute?.detail, 'fsdp_config.activation_checkpointing: true');
  });

  it('deepspeed-chat run_llama2_7b.sh: --zero_stage $ZERO_STAGE takes the script default ZERO_STAGE=3 (line 12) when no argument is given', () => {
    const a = analysed('deepspeed-chat/step1_supervised_finetuning/run_llama2_7b.sh');
    const run = a.run!;
    assert.equal(run.zeroStage?.value, 3);
    assert.equal(run.zeroStage?.source, 'file');
    assert.equal(run.zeroStage?.detail, "--zero_stage $ZERO_STAGE: 3, the script's value of the variable (line 12)");
    assert.equal(shownLine(a, 'zeroStage'), 12);
    const m = a.memory!;
    assert.equal(m.inputs.zeroStage, 3);
    assert.equal(m.verdict, 'fits');
    assert.ok(m.busiest.totalBytes < 30 * GB, `${(m.busiest.totalBytes / GB).toFixed(1)} GB, not 107 GB`);
    // An argument given to the script wins over its default: `bash run_llama2_7b.sh out 2` would mean stage 2.
    const two = analyze(readFileSync(join(DIR, 'deepspeed-chat/step1_supervised_finetuning/run_llama2_7b.sh'), 'utf8').replace('ZERO_STAGE=$2', 'ZERO_STAGE=2'), {
      fileName: 'run_llama2_7b.sh',
    });
    assert.equal(two.run!.zeroStage?.value, 2);
    assert.ok(two.memory!.busiest.components.weights > m.busiest.components.weights * 7);
  });

  it('deepspeed-chat LoRA step 2: --offload with ZeRO-3 puts parameters and optimizer states on the CPU', () => {
    const a = analysed('deepspeed-chat/step2_dpo_finetuning/run_llama2_7b_lora.sh');
    assert.equal(a.run!.zeroStage?.value, 3);
    assert.equal(a.memory!.inputs.offloadOptimizer, 'cpu');
    assert.equal(a.memory!.inputs.offloadParams, 'cpu');
    assert.ok(a.memory!.busiest.hostBytes > 0);
  });
});

describe("a launch script's DeepSpeed .conf file", () => {
  const SCRIPT = 'open-instruct/train/tulu3/finetune_8b.sh';
  const CONF = 'open-instruct/configs/ds_configs/stage3_no_offloading_accelerate.conf';

  it('open-instruct finetune_8b.sh names configs/ds_configs/stage3_no_offloading_accelerate.conf as a DeepSpeed companion', () => {
    const a = analysed(SCRIPT);
    const ref = a.references.find((r) => r.kind === 'config');
    assert.equal(ref?.target, 'configs/ds_configs/stage3_no_offloading_accelerate.conf');
    assert.equal(ref?.key, '--deepspeed_config_file');
  });

  it('read from disk beside the repository root, its ZeRO-3 shards Llama 3.1 8B over the 8 processes: fits, where 134 GB did not', () => {
    const file = join(DIR, SCRIPT);
    const a = analyzeWithCompanions(readFileSync(file, 'utf8'), { fileName: file }, { env: {}, root: DIR });
    assert.deepEqual(a.companionsUsed, [CONF]);
    const run = a.run!;
    assert.equal(run.zeroStage?.value, 3);
    assert.equal(run.zeroStage?.source, 'companion');
    assert.equal(run.zeroStage?.detail, 'stage3_no_offloading_accelerate.conf line 6 (zero_optimization.stage: 3)');
    const m = a.memory!;
    assert.equal(m.inputs.shardGroup, 8);
    assert.equal(m.verdict, 'fits');
    assert.ok(m.busiest.totalBytes < 40 * GB, `${(m.busiest.totalBytes / GB).toFixed(1)} GB`);
    // Without the companion the same script is replicated on every GPU and does not fit an 80 GB GPU.
    assert.equal(analysed(SCRIPT).memory!.verdict, 'does-not-fit');
  });
});

describe('memory per GPU from what an axolotl recipe turns on', () => {
  const ALST = 'axolotl/alst/llama3-8b-deepspeed-alst.yaml';

  it('alst/llama3-8b-deepspeed-alst.yaml: 500k tokens split over context_parallel_size 8 (line 23), no logits with Cut Cross-Entropy, activations offloaded', () => {
    const file = join(DIR, ALST);
    const a = analyzeWithCompanions(readFileSync(file, 'utf8'), { fileName: file }, { env: {}, root: DIR });
    const run = a.run!;
    assert.equal(run.parallel.cp?.value, 8);
    assert.equal(run.parallel.cp?.detail, 'context_parallel_size: 8');
    assert.equal(run.parallel.cp?.span?.line, 22);
    assert.equal(run.zeroStage?.value, 3, 'from its DeepSpeed JSON');
    const m = a.memory!;
    assert.equal(m.inputs.cp, 8);
    assert.equal(m.inputs.seqLength, 500_000);
    // Each GPU holds 62,500 tokens of the sequence; before, the whole 500k was counted on every GPU.
    assert.equal(m.busiest.components.logits, 0, 'the CutCrossEntropyPlugin never materialises the logits');
    assert.match(assumption(a, 'logitsBytesPerElement')!.detail, /^0 B per logit: plugins\.0: axolotl\.integrations\.cut_cross_entropy\.CutCrossEntropyPlugin: Wijmans et al\. 2024/);
    assert.equal(m.inputs.activationOffload, true);
    assert.equal(assumption(a, 'activationOffload')?.source, 'file');
    assert.ok(m.busiest.hostBytes > 0);
    assert.equal(m.verdict, 'fits');
    assert.ok(m.busiest.totalBytes < 40 * GB, `${(m.busiest.totalBytes / GB).toFixed(1)} GB per GPU, not 846 GB`);
  });

  it('the recipe alone (no DeepSpeed JSON read) still splits the sequence: activations per GPU are an eighth of a whole sequence', () => {
    const a = analysed(ALST);
    const m = a.memory!;
    const whole = analyze(readFileSync(join(DIR, ALST), 'utf8').replace('context_parallel_size: 8\n', ''), { fileName: 'alst.yaml' }).memory!;
    assert.equal(m.inputs.cp, 8);
    assert.equal(whole.inputs.cp, 1);
    assert.ok(m.busiest.components.activations < whole.busiest.components.activations / 6, 'activations split over 8 GPUs');
  });

  it('axolotl fsdp: [full_shard, auto_wrap] with fsdp_offload_params shards like ZeRO-3 and moves the states to the CPU', () => {
    const a = analysed('axolotl/llama-3/qlora-fsdp-70b.yaml');
    assert.equal(a.run!.zeroStage?.value, 3);
    assert.match(a.run!.zeroStage!.detail, /^fsdp: full_shard auto_wrap \(FSDP shards like ZeRO stage 3/);
    assert.equal(a.run!.zeroStage?.span?.line, 57, 'shown on the list item full_shard (line 58)');
    assert.equal(a.run!.memory?.offloadParams?.value, 'cpu');
    assert.match(a.run!.memory!.offloadParams!.detail, /^fsdp_config\.fsdp_offload_params: true/);
  });
});
