// Write-back in the file's own style: the keys a user would look for change, in the vocabulary and number style the
// file already uses; what cannot be written literally is skipped with a reason, never overwritten.
import assert from 'node:assert/strict';
import { analyze } from '../../../src/core/analyze';
import { applyEdits } from '../../../src/core/edit/apply';
import { planWriteBack, type WriteBackWhatIf } from '../../../src/core/edit/writeBack';
import { readFixture } from '../helpers/fixtures';

function write(name: string, whatIf: WriteBackWhatIf, text = readFixture(name)) {
  const plan = planWriteBack(text, name, whatIf);
  return { plan, before: text, after: applyEdits(text, plan.edits) };
}

/** The lines that differ, as [before, after] pairs (same line count: write-back never adds or removes lines here). */
function changedLines(before: string, after: string): Array<[string, string]> {
  const a = before.split('\n');
  const b = after.split('\n');
  assert.equal(a.length, b.length);
  return a.flatMap((l, i) => (l === b[i] ? [] : [[l, b[i]!] as [string, string]]));
}

describe('planWriteBack', () => {
  it('NeMo: GPU count goes into trainer.num_nodes, tokens into max_steps; nothing else changes', () => {
    const name = 'NeMo-Framework-Launcher/llama3_1_8b.yaml';
    const { plan, before, after } = write(name, { gpus: 64, tokens: 1e12 });
    assert.deepEqual(changedLines(before, after), [
      ['  num_nodes: 16', '  num_nodes: 8'],
      ['  max_steps: 300000 # consumed_samples = global_step * global_batch_size', '  max_steps: 59605 # consumed_samples = global_step * global_batch_size'],
    ]);
    const run = analyze(after, { fileName: name }).run!;
    assert.equal(run.gpus?.value, 64);
    assert.equal(run.trainIters?.value, Math.ceil(1e12 / (2048 * 8192)));
    assert.deepEqual(plan.skipped, []);
  });

  it('llm-foundry: keeps the `ba` unit of max_duration; OLMo keeps its digit underscores', () => {
    const mpt = write('llm-foundry/mpt-7b.yaml', { tokens: 67_108_864_000 });
    assert.match(mpt.after, /^max_duration: 32000ba {2}# ~ 134B tokens$/m);
    const olmo = write('OLMo/OLMo-1B.yaml', { tokens: 2048 * 2048 * 100_000 });
    assert.match(olmo.after, /^max_duration: 100_000 {2}# 3.1T tokens$/m);
  });

  it('a shell variable is edited at its assignment, not where it is used', () => {
    const { after, before } = write('Megatron-DeepSpeed/ds_pretrain_gpt_1.3B_MoE128.sh', { gpus: 128, tokens: 1e11 });
    const lines = changedLines(before, after);
    assert.deepEqual(lines, [
      ['TRAIN_TOKENS=300000000000', 'TRAIN_TOKENS=100000000000'],
      ['NUM_GPUS=64', 'NUM_GPUS=128'],
    ]);
    assert.ok(after.includes('# TRAIN_TOKENS=330000000000'), 'the commented-out alternative stays');
  });

  it('a count set at launch (SLURM) is not overwritten: the annotation records the GPUs, and says why', () => {
    const name = 'Megatron-LM/train_mixtral_8x7b_distributed.sh';
    const { plan, before, after } = write(name, { gpus: 64 });
    assert.ok(after.includes('${SLURM_NNODES:-"1"}'));
    assert.ok(plan.notes.some((n) => n.includes('--nnodes') && n.includes('launch')));
    assert.equal(plan.annotation?.gpus, '64');
    assert.equal(analyze(after, { fileName: name }).run?.gpus?.value, 64);
    // The annotation goes after the shebang; every original line is still there, in order.
    assert.equal(after.replace(/^# footprint: gpus=64\n/m, ''), before);
  });

  it('GPUs that a parallelism product decides are skipped with the reason', () => {
    const { plan } = write('smollm/stage1_8T.yaml', { gpus: 100 });
    assert.equal(plan.edits.length, 0);
    assert.match(plan.skipped.find((s) => s.field === 'gpus')?.reason ?? '', /parallelism\.dp/);
  });

  it('precision in each file’s vocabulary', () => {
    assert.match(write('litgpt/tinyllama.yaml', { precision: 'fp16' }).after, /^precision: 16-mixed$/m);
    assert.match(write('NeMo/megatron_llama_config.yaml', { precision: 'bf16' }).after, /^ {2}precision: bf16$/m);
    assert.match(write('llm-foundry/mpt-7b.yaml', { precision: 'fp8' }).after, /^precision: amp_fp8$/m);
    assert.match(write('smollm/stage1_8T.yaml', { precision: 'fp16' }).after, /dtype: float16/);
    const megatron = write('Megatron-LM/train_gpt3_175b_distributed.sh', { precision: 'bf16' });
    const flags = changedLines(megatron.before, megatron.after);
    assert.equal(flags.length, 1);
    assert.equal(flags[0]![1], flags[0]![0].replace('--fp16', '--bf16'));
    assert.equal(analyze(megatron.after, { fileName: 'x.sh' }).run?.precision?.value, 'bf16');
  });

  it('DeepSpeed: the fp16/bf16 `enabled` pair, JSON stays JSON', () => {
    const name = 'stanford_alpaca/default_offload_opt_param.json';
    const { after } = write(name, { precision: 'bf16' });
    assert.doesNotThrow(() => JSON.parse(after));
    assert.equal(JSON.parse(after).bf16.enabled, true);
    assert.equal(analyze(after, { fileName: name }).run?.precision?.value, 'bf16');
    // No section at all: one is added after the last key, in the file's indentation; no existing byte moves.
    const added = write('DeepSpeedExamples/ds_config.json', { precision: 'bf16' });
    assert.equal(added.plan.edits.length, 1);
    assert.equal(added.plan.edits[0]!.start, added.plan.edits[0]!.end, 'an insertion');
    assert.equal(JSON.parse(added.after).bf16.enabled, true);
    assert.match(added.after, /"wall_clock_breakdown" : false,\n {2}"bf16": \{\n {4}"enabled": true\n {2}\}\n \}/);
    assert.equal(analyze(added.after, { fileName: 'ds_config.json' }).run?.precision?.value, 'bf16');
    const missing = write('gpt-neox/20B.yml', { precision: 'bf16' });
    assert.equal(missing.plan.edits.length, 0);
    assert.match(missing.plan.skipped[0]!.reason, /bf16\.enabled/);
  });

  it('a JSON config gets no comment: GPU type and count come back as per-file settings', () => {
    const name = 'DeepSpeedExamples/ds_config.json';
    const { plan, before, after } = write(name, { gpus: 32, gpuType: 'H100', pue: 1.2 });
    assert.equal(after, before);
    assert.deepEqual(plan.settings, { gpus: 32, gpuType: 'H100' });
    assert.ok(plan.skipped.some((s) => s.field === 'pue' && /settings/.test(s.reason)));
  });

  it('values the file does not hold go into the annotation; panel-only assumptions are skipped', () => {
    const name = 'gpt-neox/20B.yml';
    const { plan, after } = write(name, { gpuType: 'H100', region: 'eu-north-1', pue: 1.1, spotDiscount: 0.5 });
    assert.match(after, /^# footprint: gpu=H100 region=eu-north-1 pue=1.1\n/);
    const run = analyze(after, { fileName: name }).run!;
    assert.equal(run.gpuType?.value, 'H100');
    assert.equal(run.region?.value, 'eu-north-1');
    assert.deepEqual(
      plan.skipped.map((s) => s.field),
      ['spotDiscount'],
    );
  });

  it('model size scales the layer count, and says so', () => {
    const name = 'NeMo/megatron_gpt_config.yaml';
    const run = analyze(readFixture(name), { fileName: name }).run!;
    const { plan, after } = write(name, { params: run.params!.value * 2 });
    assert.match(after, /^ {2}num_layers: 24$/m);
    assert.ok(plan.notes.some((n) => /num_layers: 12 → 24.*layer count/.test(n)));
  });

  it('an interpolated value is skipped with the reason, never overwritten', () => {
    const name = 'NeMo-Framework-Launcher/llama3_1_8b.yaml';
    const text = readFixture(name).replace('max_steps: 300000', 'max_steps: ${multiply:1000,300}');
    const { plan, after } = write(name, { tokens: 1e12 }, text);
    assert.equal(after, text);
    assert.match(plan.skipped.find((s) => s.field === 'tokens')?.reason ?? '', /max_steps.*(computed|interpolated)/);
  });

  it('not a training config: every field is skipped', () => {
    const plan = planWriteBack('name: my-app\nversion: 2\n', 'app.yaml', { gpus: 8 });
    assert.deepEqual(plan.edits, []);
    assert.equal(plan.skipped[0]?.field, 'gpus');
  });

  it('a node count stated twice (Slurm header and launcher) is written in both places', () => {
    const text = [
      '#!/bin/bash',
      '#SBATCH --nodes=4',
      '#SBATCH --gpus-per-node=8',
      'torchrun --nnodes 4 --nproc_per_node 8 pretrain_gpt.py --num-layers 24 --hidden-size 2048 \\',
      '  --num-attention-heads 16 --seq-length 2048 --global-batch-size 512 --train-iters 1000 --bf16',
      '',
    ].join('\n');
    const { after } = write('train.sh', { gpus: 64 }, text);
    assert.deepEqual(changedLines(text, after), [
      ['#SBATCH --nodes=4', '#SBATCH --nodes=8'],
      ['torchrun --nnodes 4 --nproc_per_node 8 pretrain_gpt.py --num-layers 24 --hidden-size 2048 \\', 'torchrun --nnodes 8 --nproc_per_node 8 pretrain_gpt.py --num-layers 24 --hidden-size 2048 \\'],
    ]);
    assert.equal(analyze(after, { fileName: 'train.sh' }).run?.gpus?.value, 64);
  });
});
