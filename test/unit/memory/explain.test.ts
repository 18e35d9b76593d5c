// What a key does to memory per GPU, as its hover says it: the breakdown with the parts the key moves, the total with
// the key changed the way users change it (the estimate re-run), and the inputs' provenance.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../src/core/analyze';
import { stagesOf } from '../../../src/core/memory/estimate';
import { MEMORY_ROLES, memoryEffectOf, whatIfLine } from '../../../src/core/memory/explain';
import { memoryTitle } from '../../../src/core/memory/text';
import { readFixture } from '../helpers/fixtures';

const of = (name: string) => analyze(readFixture(name), { fileName: name });
const recipe = (name: string) => analyze(readFileSync(join(__dirname, '../../fixtures/finetune', name), 'utf8'), { fileName: name });

describe('memory per GPU on the hover of the keys that drive it', () => {
  const megatron = of('Megatron-LM/train_llama3_8b_h100_fp8.sh').memory!;

  it('the micro-batch moves activations and logits; halving and doubling it are the estimate re-run', () => {
    const e = memoryEffectOf('microBatch', megatron)!;
    assert.equal(e.title, memoryTitle(megatron), "the lens's words");
    assert.match(e.title, /^✗ \d+ GB\/GPU on H100 SXM5 80GB: \d+ GB over$/);
    const moved = e.parts.filter((p) => p.moved).map((p) => p.name);
    assert.deepEqual(moved, ['activations', 'logits and loss']);
    assert.match(e.effect, /^Activations and logits scale with the micro-batch: activations, logits and loss — \d+ GB of the \d+ GB\.$/);
    const b = megatron.inputs.microBatch;
    const doubled = e.whatIfs.find((w) => w.change === `micro-batch ${b} → ${b * 2}`)!;
    const direct = Math.max(...stagesOf({ ...megatron.inputs, microBatch: b * 2 }).map((s) => s.totalBytes));
    assert.equal(doubled.totalBytes, direct);
    assert.ok(doubled.totalBytes > megatron.busiest.totalBytes);
    assert.match(whatIfLine(doubled), /^micro-batch \d+ → \d+: \d+ GB, does not fit$/);
  });

  it('recompute names the activations and every other setting; full recomputation brings Llama 3 8B at 8k under 80 GB', () => {
    const e = memoryEffectOf('recompute', megatron)!;
    const full = e.whatIfs.find((w) => /→ full$/.test(w.change))!;
    assert.notEqual(full.verdict, 'does-not-fit');
    assert.ok(
      e.sources.some((s) => s.name === 'recompute'),
      'where the recompute value came from',
    );
    assert.ok(
      e.sources.some((s) => s.name === 'frameworkOverhead'),
      'the overhead default is always named',
    );
  });

  it('the ZeRO stage names the sharded states and the stage on each side', () => {
    const m = of('torchtitan/llama3_8b.toml').memory!;
    const e = memoryEffectOf('zeroStage', m)!;
    assert.deepEqual(
      e.parts.filter((p) => p.moved).map((p) => p.name),
      ['weights', 'gradients', 'optimizer states', 'gathered or dequantised layer'],
    );
    assert.deepEqual(
      e.whatIfs.map((w) => w.change),
      ['ZeRO stage 3 → 2'],
    );
    assert.ok(e.whatIfs[0]!.totalBytes > m.busiest.totalBytes, 'less sharding, more memory');
    const said = e.sources.find((s) => s.name === 'zeroStage')!;
    assert.equal(said.source, 'default');
    assert.match(said.detail, /FSDP2/);
  });

  it('the LoRA rank counts the adapters and prices doubling them', () => {
    const m = recipe('axolotl/llama-3/lora-8b.yml').memory!;
    const e = memoryEffectOf('loraRank', m)!;
    assert.match(e.effect, /\(\d+(\.\d+)?M adapter parameters\)/);
    assert.deepEqual(
      e.whatIfs.map((w) => w.change),
      [`rank ${m.inputs.adapter!.rank} → ${m.inputs.adapter!.rank * 2}`],
    );
    assert.ok(e.whatIfs[0]!.totalBytes > m.busiest.totalBytes);
  });

  it('every memory key of every estimated fixture gets an effect with finite figures', () => {
    const analyses = [
      ...['NeMo-Framework-Launcher/175b.yaml', 'bigscience/tr11-176B-ml.slurm', 'gpt-neox/20B.yml', 'torchtitan/llama3_70b.toml'].map(of),
      ...['axolotl/llama-3/lora-8b.yml', 'litgpt/finetune/llama-2-7b/qlora.yaml'].map(recipe),
    ];
    for (const a of analyses) {
      const name = a.run!.label;
      for (const k of a.run!.keys.filter((k) => MEMORY_ROLES.has(k.role))) {
        const e = memoryEffectOf(k.role, a.memory!)!;
        assert.ok(e, `${name}: ${k.key}`);
        for (const w of e.whatIfs) assert.ok(Number.isFinite(w.totalBytes) && w.totalBytes > 0, `${name}: ${k.key} ${w.change}`);
        assert.doesNotMatch(e.effect + e.whatIfs.map(whatIfLine).join(), /NaN|Infinity|undefined/);
      }
    }
  });
});
