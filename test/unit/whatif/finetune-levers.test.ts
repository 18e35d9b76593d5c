// The fine-tune levers on real recipes: LoRA instead of a full fine-tune, packing, one epoch fewer, a smaller base
// model; each moves every meter, and one that cannot apply says why. Pretraining runs do not list them.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { leversFor } from '../../../src/core/whatif';
import { analyze } from '../../../src/core/analyze';
import { readFixture } from '../helpers/fixtures';

const DIR = join(__dirname, '../../fixtures/finetune');
const options = (fileName: string, overrides = {}) => ({ fileName, overrides });

function levers(name: string, overrides = {}) {
  const text = readFileSync(join(DIR, name), 'utf8');
  const o = options(name, overrides);
  return leversFor(analyze(text, o), text, o);
}

const byId = (ls: ReturnType<typeof levers>, id: string) => ls.find((l) => l.id === id)!;

describe('fine-tune levers', () => {
  it('LoRA instead of the full fine-tune of Llama 3 8B (OpenRLHF SFT, checkpointed): (6·N + 16·L·d·s) / (8·N + 16·L·d·s) of the GPU-hours', () => {
    const ls = levers('openrlhf/train_sft.sh', { gpuType: 'h100', gpus: 8 });
    const lora = byId(ls, 'lora');
    assert.equal(lora.skipped, null);
    const n = lora.result!.baseline.run!.activeParams!.value;
    const a = 32 * 4096 * 2048;
    const expected = (6 * n + 16 * a) / (8 * n + 16 * a) - 1; // forward, input gradients, recompute; weight gradients gone
    for (const meter of ['gpuHours', 'costUSD', 'energyKWh', 'co2eKg'] as const) {
      assert.ok(Math.abs(lora.result!.meters[meter].fraction!.point - expected) < 1e-9, `${meter} ${lora.result!.meters[meter].fraction!.point}`);
    }
    assert.equal(byId(ls, 'packing').skipped, 'the run already packs its sequences');
    assert.equal(byId(ls, 'fewer-epochs').skipped, 'the run trains a single epoch');
  });

  it('packing a padded recipe cuts every meter by at least 1/1.4; one epoch fewer of three by a third', () => {
    const ls = levers('llama-factory/train_lora/qwen3_lora_sft.yaml', { params: 4e9, gpuType: 'a100-80gb', gpus: 4 });
    const packing = byId(ls, 'packing');
    assert.ok(Math.abs(packing.result!.meters.gpuHours.fraction!.point - (1 / 1.4 - 1)) < 1e-9);
    assert.match(packing.note!, /1\.4-2× throughput/);
    const epochs = byId(ls, 'fewer-epochs');
    assert.equal(epochs.label, '2 epochs instead of 3');
    assert.ok(Math.abs(epochs.result!.meters.co2eKg.fraction!.point + 1 / 3) < 1e-9);
    assert.equal(byId(ls, 'lora').skipped, 'the run already trains LoRA adapters');
    const smaller = byId(ls, 'smaller-base');
    assert.ok(smaller.result!.meters.gpuHours.fraction!.point < -0.3, 'a base half the size costs far less');
  });

  it('a fine-tune gets no compute-optimal re-sizing lever; a pretraining run gets no fine-tune levers', () => {
    const ft = levers('openrlhf/train_sft.sh', { gpuType: 'h100', gpus: 8 });
    assert.match(byId(ft, 'compute-optimal').skipped!, /fine-tune/);
    const name = 'Megatron-LM/train_llama3_8b_h100_fp8.sh';
    const text = readFixture(name);
    const pre = leversFor(analyze(text, { fileName: name }), text, { fileName: name });
    assert.ok(!pre.some((l) => ['lora', 'packing', 'fewer-epochs', 'smaller-base'].includes(l.id)));
  });
});
