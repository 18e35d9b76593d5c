// Activation recomputation written in each format's own key where the file has one: MaxText's remat_policy, the
// Hugging Face recipes' gradient checkpointing (axolotl, TRL, LLaMA-Factory's disable_ flag), torchtune's
// enable_activation_checkpointing, and a Trainer launch command's --gradient_checkpointing flag (and its --optim for
// the 8-bit optimizer). Each edit changes only that line (or adds one), the file then reads as the fix said, and its
// inverse gives back every byte.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../src/core/analyze';
import { applyEdits, invertEdits } from '../../../src/core/edit/apply';
import { planMemoryFix } from '../../../src/core/memory/plan';
import type { Overrides } from '../../../src/core/types';

const FIXTURES = join(__dirname, '../../fixtures');
const read = (path: string) => readFileSync(join(FIXTURES, path), 'utf8');
/** A 24 GB card, where the 7B-8B recipes do not fit as written. */
const SMALL: Overrides = { gpuType: 'rtx-4090' };

/** The full-recomputation fix written into `text`: what it offered, the lines removed and added, the run after. */
function recomputeFull(name: string, text: string, overrides?: Overrides) {
  const before = analyze(text, { fileName: name, overrides });
  const plan = planMemoryFix(text, name, 'recompute-full', before);
  assert.ok(plan.edits.length > 0, `${name}: ${plan.skipped}`);
  const out = applyEdits(text, plan.edits);
  assert.equal(applyEdits(out, invertEdits(text, plan.edits)), text, `${name}: one undo restores every byte`);
  const old = text.split('\n');
  const now = out.split('\n');
  return {
    out,
    offered: before.memory?.fixes.find((f) => f.id === 'recompute-full'),
    after: analyze(out, { fileName: name, overrides }),
    removed: old.filter((l) => !now.includes(l)),
    added: now.filter((l) => !old.includes(l)),
  };
}

describe('recomputation written in each format’s own key', () => {
  it('MaxText: remat_policy "minimal_with_context" → "full" on its own line, quotes kept; the quick fix is offered and the run then fits', () => {
    const name = 'configs/maxtext/gpu/models/llama2_7b.yml';
    const r = recomputeFull(name, read(name));
    assert.equal(r.offered?.applicable, true);
    assert.equal(r.offered?.verdict, 'fits');
    assert.deepEqual(r.removed, ['remat_policy: "minimal_with_context"']);
    assert.deepEqual(r.added, ['remat_policy: "full"']);
    assert.equal(r.out.split('\n').indexOf('remat_policy: "full"'), 10, 'line 11');
    assert.equal(r.after.run!.recompute!.value, 'full');
    assert.equal(r.after.memory!.verdict, 'fits');
  });

  it('MaxText launch command: remat_policy=minimal → remat_policy=full in place, the rest of the command line kept', () => {
    const name = 'configs/maxtext/tpu/v4/22b.sh';
    const text = read(name).replace('remat_policy=full', 'remat_policy=minimal');
    const r = recomputeFull(name, text);
    assert.equal(r.removed.length, 1);
    assert.equal(r.added[0], r.removed[0]!.replace('remat_policy=minimal', 'remat_policy=full'));
    assert.equal(r.after.run!.recompute!.value, 'full');
  });

  it('a Trainer launch command: --gradient_checkpointing on a line of its own after the micro-batch flag, continued with a backslash', () => {
    const name = 'finetune/fastchat/train_vicuna_7b.sh';
    // Without its checkpointing flag and FSDP sharding, FastChat's Vicuna 7B launch is unsharded and does not fit.
    const text = read(name)
      .replace('    --gradient_checkpointing True \\\n', '')
      .replace(/ {4}--fsdp(_transformer_layer_cls_to_wrap)? .*\n/g, '');
    assert.equal(analyze(text, { fileName: name }).memory!.verdict, 'does-not-fit');
    const r = recomputeFull(name, text);
    assert.equal(r.offered?.applicable, true);
    assert.deepEqual(r.removed, []);
    assert.match(r.out, /\n {4}--per_device_train_batch_size 2 \\\n {4}--gradient_checkpointing \\\n {4}--per_device_eval_batch_size 16 \\\n/);
    assert.equal(r.after.run!.recompute!.value, 'full');
    assert.ok(r.after.memory!.busiest.totalBytes < analyze(text, { fileName: name }).memory!.busiest.totalBytes);
    const crlf = recomputeFull(name, text.replace(/\n/g, '\r\n'));
    assert.match(crlf.out, /--per_device_train_batch_size 2 \\\r\n {4}--gradient_checkpointing \\\r\n/, 'the file’s own line endings');
    const oneLine = recomputeFull('train.sh', 'torchrun train.py --model_name_or_path meta-llama/Llama-2-7b-hf --per_device_train_batch_size 4 --bf16 True\n');
    assert.match(oneLine.out, /--per_device_train_batch_size 4 --gradient_checkpointing --bf16 True\n$/);
  });

  it('a LLaMA-Factory launch checkpoints by its own default, so no recompute fix is offered; one that disables it is fixed by setting --disable_gradient_checkpointing false', () => {
    const name = 'finetune/llama-factory/full_multi_gpu/single_node.sh';
    // Without its ZeRO-3 config (LLaMA-Factory's shipped ds_z3_config.json) the run is unsharded and does not fit.
    const text = read(name).replace('    --deepspeed ds_z3_config.json \\\n', '');
    const as = analyze(text, { fileName: name });
    assert.equal(as.run!.recompute!.value, 'full');
    assert.equal(as.run!.recompute!.source, 'default');
    assert.match(as.run!.recompute!.detail, /LLaMA-Factory .*disable_gradient_checkpointing defaults to false/);
    assert.equal(
      as.memory!.fixes.find((f) => f.id === 'recompute-full'),
      undefined,
      'already recomputing',
    );
    const disabled = text.replace('    --cutoff_len 1024 \\\n', '    --cutoff_len 1024 \\\n    --disable_gradient_checkpointing true \\\n');
    const off = analyze(disabled, { fileName: name });
    assert.equal(off.run!.recompute!.value, 'none');
    assert.ok(off.memory!.busiest.totalBytes > as.memory!.busiest.totalBytes);
    const r = recomputeFull(name, disabled);
    assert.deepEqual([r.removed, r.added], [['    --disable_gradient_checkpointing true \\'], ['    --disable_gradient_checkpointing false \\']]);
    assert.equal(r.after.run!.recompute!.value, 'full');
  });

  it('axolotl: gradient_checkpointing false → true; left out, it is added after micro_batch_size', () => {
    const name = 'finetune/axolotl/llama-3/fft-8b.yaml';
    const text = read(name);
    const off = recomputeFull(name, text.replace('gradient_checkpointing: true', 'gradient_checkpointing: false'));
    assert.equal(off.offered?.applicable, true);
    assert.deepEqual([off.removed, off.added], [['gradient_checkpointing: false'], ['gradient_checkpointing: true']]);
    assert.equal(off.after.run!.recompute!.value, 'full');
    const absent = recomputeFull(name, text.replace(/^gradient_checkpointing: true\n/m, ''));
    assert.match(absent.out, /\nmicro_batch_size: 1\ngradient_checkpointing: true\n/);
    assert.equal(absent.after.run!.recompute!.value, 'full');
  });

  it('TRL (alignment-handbook) and LLaMA-Factory recipes: gradient_checkpointing: true, and disable_gradient_checkpointing: false', () => {
    const trl = 'finetune/alignment-handbook/zephyr-7b-beta/sft/config_full.yaml';
    const t = recomputeFull(trl, read(trl).replace('gradient_checkpointing: true', 'gradient_checkpointing: false'));
    assert.deepEqual([t.removed, t.added], [['gradient_checkpointing: false'], ['gradient_checkpointing: true']]);
    assert.equal(t.after.run!.recompute!.value, 'full');
    const lf = 'finetune/llama-factory/train_full/qwen3_full_sft.yaml';
    const l = recomputeFull(lf, read(lf).replace(/^(per_device_train_batch_size:.*)$/m, '$1\ndisable_gradient_checkpointing: true'), SMALL);
    assert.equal(l.offered?.applicable, true);
    assert.deepEqual([l.removed, l.added], [['disable_gradient_checkpointing: true'], ['disable_gradient_checkpointing: false']]);
    assert.equal(l.after.run!.recompute!.value, 'full');
  });

  it('torchtune: enable_activation_checkpointing False → True, its comment kept', () => {
    const name = 'finetune/torchtune/llama3_1/8B_lora.yaml';
    const r = recomputeFull(name, read(name));
    assert.deepEqual([r.removed, r.added], [['enable_activation_checkpointing: False  # True reduces memory'], ['enable_activation_checkpointing: True  # True reduces memory']]);
    assert.equal(r.after.run!.recompute!.value, 'full');
  });

  it('a Trainer launch command that names --optim takes adamw_bnb_8bit in place, and is then read as 8-bit Adam', () => {
    const name = 'finetune/fastchat/train_vicuna_7b.sh';
    const text = read(name).replace('--bf16 True \\\n', '--bf16 True \\\n    --optim adamw_torch \\\n');
    const plan = planMemoryFix(text, name, 'optimizer-8bit');
    const out = applyEdits(text, plan.edits);
    assert.equal(out, text.replace('--optim adamw_torch', '--optim adamw_bnb_8bit'));
    assert.equal(analyze(out, { fileName: name }).memory!.inputs.optimizer, 'adam-8bit');
    assert.equal(applyEdits(out, invertEdits(text, plan.edits)), text);
  });
});
