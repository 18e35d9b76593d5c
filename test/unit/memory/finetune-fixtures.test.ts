// Memory per GPU on the real fine-tuning recipes: every recipe whose model (named or built), sequence length and
// micro-batch are fixed gets an itemised estimate with a verdict, as the pretraining configs do; the others say why not.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyze } from '../../../src/core/analyze';
import { memoryInputsOf } from '../../../src/core/memory/inputs';

const DIR = join(__dirname, '../../fixtures/finetune');
const files = (dir = DIR): string[] =>
  readdirSync(dir).flatMap((e) => {
    const full = join(dir, e);
    return statSync(full).isDirectory() ? files(full) : e.endsWith('.md') ? [] : [relative(DIR, full)];
  });

describe('memory per GPU on the shipped fine-tuning recipes', () => {
  it('every recipe that fixes its model, sequence and micro-batch has a total, a capacity and a verdict; the rest name what is missing', () => {
    let estimated = 0;
    for (const name of files()) {
      const a = analyze(readFileSync(join(DIR, name), 'utf8'), { fileName: name });
      const run = a.run;
      if (!run) continue;
      const fixed = run.arch.layers && run.arch.hiddenSize && run.arch.heads && run.arch.vocabSize && run.seqLength && run.microBatch;
      if (!fixed) {
        assert.equal(a.memory, null, `${name}: no estimate without the model and batch`);
        const missing = memoryInputsOf(run).missing;
        assert.ok(missing.length > 0, `${name}: knows what it lacks`);
        // A known model with the batch open: the user is told which value is missing, never left with silence.
        const told = a.findings.find((f) => f.code === 'memory-needs-inputs');
        if (run.arch.layers && run.arch.hiddenSize && run.arch.heads && run.arch.vocabSize) {
          assert.ok(told, `${name}: a finding says memory needs ${missing.join(', ')}`);
          for (const what of missing) assert.ok(told.message.includes(what), `${name}: "${told.message}" names ${what}`);
        } else assert.equal(told, undefined, `${name}: the model's own findings cover an unknown shape`);
        continue;
      }
      assert.equal(
        a.findings.find((f) => f.code === 'memory-needs-inputs'),
        undefined,
        `${name}: estimated, so nothing is missing`,
      );
      estimated++;
      const m = a.memory;
      assert.ok(m, `${name}: memory estimate`);
      assert.ok(Number.isFinite(m.busiest.totalBytes) && m.busiest.totalBytes > 0, name);
      for (const [k, v] of Object.entries(m.busiest.components)) assert.ok(Number.isFinite(v) && v >= 0, `${name}: ${k} = ${v}`);
      assert.ok(['fits', 'tight', 'does-not-fit'].includes(m.verdict), name);
      if (m.verdict === 'does-not-fit')
        assert.ok(
          a.findings.some((f) => f.code === 'will-not-fit' || f.code === 'memory-needs-gpus'),
          `${name}: says it does not fit`,
        );
    }
    assert.ok(estimated >= 15, `only ${estimated} recipes estimated`);
  });

  it('an adapter recipe holds frozen 16-bit (LoRA) or 4-bit (QLoRA) base weights, with no gradients for them', () => {
    const lora = analyze(readFileSync(join(DIR, 'axolotl/llama-3/lora-8b.yml'), 'utf8'), { fileName: 'lora-8b.yml' }).memory!;
    const qlora = analyze(readFileSync(join(DIR, 'litgpt/finetune/llama-2-7b/qlora.yaml'), 'utf8'), { fileName: 'qlora.yaml' }).memory!;
    assert.equal(lora.inputs.adapter?.kind, 'lora');
    assert.equal(qlora.inputs.adapter?.kind, 'qlora');
    assert.ok(lora.busiest.components.gradients < lora.busiest.components.weights / 50, 'adapter gradients only');
    const perParam = qlora.busiest.components.weights / 6.74e9;
    // NF4 with double-quantised constants (0.516 B) for the linear layers, 16-bit embedding and head, fp32 adapters.
    assert.ok(perParam > 0.5 && perParam < 0.65, `${perParam.toFixed(3)} B per base parameter`);
  });
});
