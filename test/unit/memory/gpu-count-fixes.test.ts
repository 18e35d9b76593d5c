// A run whose file gives no GPU count, and that more GPUs alone do not make fit, is offered the fix (or pair) that fits
// once its sharded states spread over enough GPUs, with that GPU count written beside it as the file's annotation: one
// quick fix, one undo, and the file read again fits. Expert parallelism is one such fix for a MoE: each rank then holds
// and gathers only its own experts. Checked on the shipped DeepSeek-V3 671B configs of torchtitan and MaxText.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../src/core/analyze';
import { applyEdits, invertEdits } from '../../../src/core/edit/apply';
import { planMemoryFix } from '../../../src/core/memory/plan';
import type { MemoryFix } from '../../../src/core/memory/types';

const FIXTURES = join(__dirname, '../../fixtures');
const read = (path: string) => readFileSync(join(FIXTURES, path), 'utf8');

/** The fix written as the quick fix writes it, with the file read again. */
function take(name: string, text: string, fix: MemoryFix) {
  const before = analyze(text, { fileName: name });
  const plan = planMemoryFix(text, name, fix.steps, before, fix.gpus?.gpus);
  assert.ok(plan.edits.length > 0, plan.skipped);
  const out = applyEdits(text, plan.edits);
  assert.equal(applyEdits(out, invertEdits(text, plan.edits)), text, 'one undo restores every byte');
  return { out, after: analyze(out, { fileName: name }) };
}

describe('fixes that set the GPU count a file leaves open', () => {
  it('torchtitan DeepSeek-V3 671B: more GPUs alone do not fit; the cheapest change that does with them is one quick fix, GPU count included, and the file read again fits', () => {
    const name = 'configs/torchtitan/deepseek_v3_671b.toml';
    const text = read(name);
    const a = analyze(text, { fileName: name });
    const needs = a.findings.find((f) => f.code === 'memory-needs-gpus');
    assert.match(needs!.message, /more GPUs alone do not bring it under 80 GB/);
    const fix = a.memory!.fixes.find((f) => f.gpus);
    assert.ok(fix, 'a fix with a GPU count is offered');
    assert.equal(fix.applicable, true);
    assert.equal(fix.verdict, 'fits');
    assert.ok(fix.steps.includes('recompute-full'), 'its 211 GB of activations need full recomputation at any GPU count');
    assert.match(fix.title, new RegExp(`^Set GPU count to ${fix.gpus!.gpus}, `));
    assert.equal(fix.gpus!.gpus % 8, 0);
    assert.match(needs!.message, new RegExp(`Quick fix: set GPU count to ${fix.gpus!.gpus}, `), 'the finding names the fix');
    const { out, after } = take(name, text, fix);
    assert.match(out, new RegExp(`^# footprint: gpus=${fix.gpus!.gpus}$`, 'm'), 'the count is written as the annotation');
    assert.match(out, /^mode = "full"/m, 'and recomputation in the file’s own key');
    assert.equal(after.run!.gpus!.value, fix.gpus!.gpus);
    assert.equal(after.memory!.verdict, 'fits');
    assert.ok(after.findings.every((f) => f.code !== 'memory-needs-gpus' && f.code !== 'will-not-fit'));
  });

  it('MaxText DeepSeek-V3 671B: expert parallelism 8 over the GPUs it names, added as ici_expert_parallelism, and the file read again fits', () => {
    const name = 'configs/maxtext/models/deepseek3-671b.yml';
    const text = read(name);
    const a = analyze(text, { fileName: name });
    const fix = a.memory!.fixes.find((f) => f.gpus);
    assert.ok(fix, 'a fix with a GPU count is offered');
    assert.deepEqual(fix.steps, ['expert-parallel']);
    const { out, after } = take(name, text, fix);
    assert.match(out, /^ici_expert_parallelism: 8$/m);
    assert.equal(after.run!.parallel.ep!.value, 8);
    assert.equal(after.memory!.verdict, 'fits');
  });

  it('expert parallelism: each rank gathers only its own experts under FSDP, so the gathered layer shrinks with EP and nothing else does', () => {
    const name = 'configs/torchtitan/deepseek_v3_671b.toml';
    const text = read(name);
    const a = analyze(text, { fileName: name });
    const ep = a.memory!.fixes.find((f) => f.id === 'expert-parallel' && f.steps.length === 1 && !f.gpus);
    assert.ok(ep, 'offered alone');
    assert.equal(ep.applicable, true);
    const { out, after } = take(name, text, ep);
    assert.match(out, /^expert_parallel_degree = 8$/m);
    const was = a.memory!.busiest.components;
    const now = after.memory!.busiest.components;
    // 256 routed experts of 3·7168·2048 parameters in bf16, two layers' worth: 7/8 of them no longer gathered.
    assert.ok(now.temporary < was.temporary / 4, `gathered layer ${now.temporary} vs ${was.temporary}`);
    assert.equal(now.optimizer, was.optimizer, 'the states were sharded over every rank already');
    assert.equal(after.memory!.busiest.totalBytes, ep.totalBytes, 'the fix promised what the edited file reads');
  });

  it('zephyr-141b ORPO (a TRL recipe with no DeepSpeed config and no GPU count): ZeRO-3 over 32 GPUs, as its model card trained it, in one click', () => {
    const name = 'finetune/alignment-handbook/zephyr-141b-A35b/orpo/config_full.yaml';
    const text = read(name);
    const a = analyze(text, { fileName: name });
    assert.equal(a.memory!.verdict, 'does-not-fit');
    const fix = a.memory!.fixes.find((f) => f.gpus);
    assert.ok(fix, 'a fix with a GPU count is offered');
    assert.deepEqual(fix.steps, ['zero-stage-3']);
    assert.equal(fix.title, 'Set GPU count to 32, and raise the ZeRO stage to 3');
    // HuggingFaceH4/zephyr-orpo-141b-A35b-v0.1's model card: "1.3 hours on 4 nodes of 8 x H100s".
    assert.equal(fix.gpus!.gpus, 32);
    const { out, after } = take(name, text, fix);
    assert.match(out, /^deepspeed:\n(?: +.*\n)*? +stage: 3$/m, 'a ZeRO-3 mapping written into the recipe');
    assert.match(out, /^# footprint: gpus=32$/m);
    assert.equal(after.memory!.inputs.zeroStage, 3);
    assert.equal(after.memory!.verdict, 'fits');
  });

  it('a Hugging Face Trainer recipe of a MoE is not offered expert parallelism: the trainer runs the experts whole', () => {
    const name = 'finetune/alignment-handbook/zephyr-141b-A35b/orpo/config_full.yaml';
    const a = analyze(read(name), { fileName: name });
    assert.equal(a.memory!.verdict, 'does-not-fit');
    assert.ok(a.memory!.inputs.shape.moe, 'read as a MoE');
    assert.ok(!a.memory!.fixes.some((f) => f.steps.includes('expert-parallel')));
  });

  it('NeMo Llama 7B on the one GPU its file gives: spread over a node with tensor parallelism 8, both values written in place, comments kept, and the file read again fits on 8 GPUs', () => {
    const name = 'configs/NeMo/megatron_llama_config.yaml';
    const text = read(name);
    const a = analyze(text, { fileName: name });
    assert.equal(a.memory!.verdict, 'does-not-fit');
    const fix = a.memory!.fixes.find((f) => f.id === 'tensor-parallel-node');
    assert.ok(fix, 'offered');
    assert.equal(fix.title, 'Spread the model over 8 GPUs: tensor parallelism 8');
    assert.equal(fix.applicable, true);
    assert.equal(fix.verdict, 'fits');
    assert.equal(fix.gpuHoursDelta, 0, 'the same FLOPs: GPU-hours unchanged');
    const { out, after } = take(name, text, fix);
    assert.match(out, /^ {2}devices: 8$/m);
    assert.match(out, /^ {2}tensor_model_parallel_size: 8 # intra-layer model parallelism$/m);
    assert.equal(out.split('\n').length, text.split('\n').length, 'nothing added');
    assert.equal(after.run!.gpus!.value, 8);
    assert.equal(after.memory!.verdict, 'fits');
    assert.equal(after.memory!.busiest.totalBytes, fix.totalBytes, 'the fix promised what the edited file reads');
  });

  it('a global batch the file fixes caps data parallel at one micro-batch a rank', () => {
    const name = 'configs/Megatron-LM/sbatch_mfsdp_deepseek_v3.sh';
    const a = analyze(read(name), { fileName: name });
    // --global-batch-size ${GBS:-2048}, --micro-batch-size ${MBS:-4}: at most 512 data-parallel ranks.
    assert.equal(a.memory!.maxDataParallel, 512);
    for (const f of a.memory!.fixes) if (f.gpus) assert.ok(f.gpus.dp <= 512, f.title);
  });
});
