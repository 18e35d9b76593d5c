// The QLoRA, 8-bit optimizer and offload fixes written into real fine-tuning recipes in their own keys (axolotl,
// LLaMA-Factory, TRL, torchtune): after one edit the recipe reads as the fix said, memory per GPU drops, and every
// comment and every byte the fix did not mean to change is still there.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, type Analysis } from '../../../src/core/analyze';
import { planMemoryFix } from '../../../src/core/memory/plan';
import type { MemoryFixId } from '../../../src/core/memory/types';
import type { Overrides, TextEdit } from '../../../src/core/types';

const DIR = join(__dirname, '../../fixtures/finetune');
const read = (name: string) => readFileSync(join(DIR, name), 'utf8');
/** A 24 GB card, where these 7B-8B recipes do not fit as written. */
const SMALL: Overrides = { gpuType: 'rtx-4090' };

function apply(text: string, edits: TextEdit[]): string {
  return [...edits].sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.end), text);
}

/** The fix applied to `text`: the new text, the analyses on each side, and the lines that differ. */
function fixed(name: string, text: string, fix: MemoryFixId) {
  const before = analyze(text, { fileName: name, overrides: SMALL });
  const plan = planMemoryFix(text, name, fix);
  assert.ok(plan.edits.length > 0, `${name} ${fix}: ${plan.skipped}`);
  const out = apply(text, plan.edits);
  const after = analyze(out, { fileName: name, overrides: SMALL });
  const old = text.split('\n');
  const now = out.split('\n');
  return { out, before, after, plan, removed: old.filter((l) => !now.includes(l)), added: now.filter((l) => !old.includes(l)) };
}

function total(a: Analysis): number {
  assert.ok(a.memory, 'memory per GPU');
  return a.memory.busiest.totalBytes;
}

function keepsComments(text: string, out: string): void {
  for (const line of text.split('\n').filter((l) => /^\s*#/.test(l))) assert.ok(out.includes(line), `comment kept: ${line}`);
}

describe('memory fixes in fine-tuning recipes, in their own keys', () => {
  it('axolotl LoRA → QLoRA: adapter: qlora with load_in_4bit: true (and the 8-bit load off); the base weights shrink', () => {
    const name = 'axolotl/llama-3/lora-8b.yml';
    const text = read(name);
    const r = fixed(name, text, 'qlora');
    assert.deepEqual(r.removed.sort(), ['adapter: lora', 'load_in_4bit: false', 'load_in_8bit: true'].sort());
    assert.deepEqual(r.added.sort(), ['adapter: qlora', 'load_in_4bit: true', 'load_in_8bit: false'].sort());
    assert.equal(r.after.run!.fineTune!.adapter.value, 'qlora');
    assert.ok(r.after.memory!.busiest.components.weights < r.before.memory!.busiest.components.weights / 2);
    keepsComments(text, r.out);
  });

  it('axolotl reads its optimizer: adamw_bnb_8bit is 8-bit Adam, and the 8-bit fix is not offered twice', () => {
    const name = 'axolotl/llama-3/lora-8b.yml';
    const a = analyze(read(name), { fileName: name, overrides: SMALL });
    assert.equal(a.memory!.inputs.optimizer, 'adam-8bit');
    assert.ok(a.memory!.assumptions.some((x) => x.name === 'optimizer' && x.source === 'file' && /adamw_bnb_8bit/.test(x.detail)));
    assert.ok(!a.memory!.fixes.some((f) => f.id === 'optimizer-8bit'));
  });

  it('LLaMA-Factory LoRA → QLoRA adds quantization_bit: 4 under finetuning_type; the 8-bit fix adds optim: adamw_bnb_8bit under the batch', () => {
    const name = 'llama-factory/train_lora/qwen3_lora_sft.yaml';
    const text = read(name);
    const q = fixed(name, text, 'qlora');
    assert.deepEqual(q.removed, []);
    assert.deepEqual(q.added, ['quantization_bit: 4']);
    const lines = q.out.split('\n');
    assert.match(lines[lines.indexOf('quantization_bit: 4') - 1]!, /^finetuning_type: lora/);
    assert.equal(q.after.run!.fineTune!.adapter.value, 'qlora');
    assert.ok(total(q.after) < total(q.before));
    const o = fixed(name, text, 'optimizer-8bit');
    assert.deepEqual(o.added, ['optim: adamw_bnb_8bit']);
    assert.equal(o.after.memory!.inputs.optimizer, 'adam-8bit');
    assert.ok(total(o.after) < total(o.before));
    keepsComments(text, q.out);
    keepsComments(text, o.out);
  });

  it('TRL: the 8-bit fix writes optim into a full SFT recipe; QLoRA sets load_in_4bit back byte for byte', () => {
    const full = 'alignment-handbook/zephyr-7b-beta/sft/config_full.yaml';
    const o = fixed(full, read(full), 'optimizer-8bit');
    assert.deepEqual(o.added, ['optim: adamw_bnb_8bit']);
    assert.equal(o.after.memory!.inputs.optimizer, 'adam-8bit');
    // fp32 master 4 B + Adam 8 B → master 4 B + 8-bit states 2 B per parameter.
    assert.ok(o.after.memory!.busiest.components.optimizer <= 0.51 * o.before.memory!.busiest.components.optimizer);
    const name = 'alignment-handbook/zephyr-7b-beta/sft/config_qlora.yaml';
    const original = read(name);
    const lora = original.replace('load_in_4bit: true', 'load_in_4bit: false');
    assert.equal(analyze(lora, { fileName: name }).run!.fineTune!.adapter.value, 'lora');
    const q = fixed(name, lora, 'qlora');
    assert.equal(q.out, original);
  });

  describe('torchtune (with a sequence length set, as the estimate needs)', () => {
    const at4k = (name: string) => read(name).replace('max_seq_len: null', 'max_seq_len: 4096');

    it("reads the recipe as torchtune trains it: bf16 states with no master copy, FSDP over the launch line's GPUs", () => {
      const name = 'torchtune/llama3_1/8B_full.yaml';
      const m = analyze(at4k(name), { fileName: name }).memory!;
      assert.equal(m.inputs.convention, 'pure');
      assert.equal(m.inputs.zeroStage, 3);
      assert.equal(m.inputs.dp, 4, '--nproc_per_node 4 in the header comment');
      const params = 8.03e9;
      assert.ok(Math.abs(m.busiest.components.optimizer / ((4 * params) / 4) - 1) < 0.02, 'bf16 m and v, sharded over 4 GPUs');
    });

    it('LoRA → QLoRA renames the builder (lora_llama3_1_8b → qlora_llama3_1_8b)', () => {
      const name = 'torchtune/llama3_1/8B_lora.yaml';
      const text = at4k(name);
      const r = fixed(name, text, 'qlora');
      assert.deepEqual(r.removed, ['  _component_: torchtune.models.llama3_1.lora_llama3_1_8b']);
      assert.deepEqual(r.added, ['  _component_: torchtune.models.llama3_1.qlora_llama3_1_8b']);
      assert.equal(r.after.run!.fineTune!.adapter.value, 'qlora');
      assert.ok(total(r.after) < total(r.before));
      keepsComments(text, r.out);
    });

    it("8-bit AdamW: bitsandbytes' PagedAdamW8bit, and the fused flag it does not take goes with torch.optim.AdamW", () => {
      const name = 'torchtune/llama3_1/8B_full.yaml';
      const text = at4k(name);
      const r = fixed(name, text, 'optimizer-8bit');
      assert.deepEqual(r.removed, ['  _component_: torch.optim.AdamW', '  fused: True']);
      assert.deepEqual(r.added, ['  _component_: bitsandbytes.optim.PagedAdamW8bit']);
      assert.equal(r.after.memory!.inputs.optimizer, 'adam-8bit');
      assert.ok(total(r.after) < total(r.before));
    });

    it('offload: fsdp_cpu_offload: True after the checkpointing line of a distributed recipe; none for a single device', () => {
      const name = 'torchtune/llama3_1/8B_full.yaml';
      const text = at4k(name);
      const r = fixed(name, text, 'offload-optimizer');
      assert.deepEqual(r.added, ['fsdp_cpu_offload: True'], 'a boolean as the recipe writes them');
      const lines = r.out.split('\n');
      assert.match(lines[lines.indexOf('fsdp_cpu_offload: True') - 1]!, /^enable_activation_checkpointing: True/);
      const c = r.after.memory!.busiest.components;
      assert.equal(c.weights + c.gradients + c.optimizer, 0, 'the states wait on the host');
      assert.ok(r.after.memory!.busiest.hostBytes > 0);
      const single = 'torchtune/llama3/8B_qlora_single_device.yaml';
      assert.match(planMemoryFix(at4k(single), single, 'offload-optimizer').skipped ?? '', /single-device/);
    });
  });
});
