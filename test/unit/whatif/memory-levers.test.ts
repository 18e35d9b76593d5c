// The memory levers as what-if inputs: the micro-batch (the global batch kept, the accumulation steps following) and
// activation recomputation move the memory per GPU and its verdict, and write back into the file in its own keys.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../src/core/analyze';
import { planWriteBack } from '../../../src/core/edit/writeBack';
import { WhatIfSchema } from '../../../src/shared/protocol';

const NAME = 'Megatron-LM/train_llama3_8b_h100_fp8.sh';
const TEXT = readFileSync(join(__dirname, '../../fixtures/configs', NAME), 'utf8');
const whatIf = (overrides: object) => analyze(TEXT, { fileName: NAME, overrides, overridesFrom: 'what-if' });

describe('memory levers as what-if inputs', () => {
  const base = whatIf({});

  it('micro-batch 1 → 2 keeps the global batch of 128: accumulation 16 → 8, and each layer holds twice the activations', () => {
    assert.equal(base.run!.microBatch!.value, 1);
    assert.equal(base.run!.gradAccum!.value, 16);
    const two = whatIf({ microBatch: 2 });
    assert.equal(two.run!.microBatch!.source, 'override');
    assert.match(two.run!.microBatch!.detail, /what-if Micro-batch/);
    assert.equal(two.run!.globalBatch!.value, base.run!.globalBatch!.value);
    assert.equal(two.run!.gradAccum!.value, 8);
    const acts = (a: typeof base) => a.memory!.busiest.components.activations;
    assert.ok(Math.abs(acts(two) / acts(base) - 2) < 0.01, `${acts(two) / acts(base)}× the activations`);
    assert.equal(two.memory!.busiest.components.weights, base.memory!.busiest.components.weights, 'model states unchanged');
    assert.ok(!two.findings.some((f) => f.code === 'batch-arithmetic'), 'the batch arithmetic still adds up');
  });

  it('full recomputation turns the run that does not fit on an H100 into one that fits; the memory lens and diagnostic follow', () => {
    assert.equal(base.memory!.verdict, 'does-not-fit');
    const full = whatIf({ recompute: 'full' });
    assert.equal(full.run!.recompute!.value, 'full');
    assert.equal(full.memory!.verdict, 'fits');
    assert.ok(!full.findings.some((f) => f.code === 'will-not-fit'));
    assert.ok(full.memory!.busiest.components.activations < base.memory!.busiest.components.activations / 3);
  });

  it('the panel protocol takes them with their declared bounds and choices', () => {
    assert.equal(WhatIfSchema.safeParse({ microBatch: 4, recompute: 'selective' }).success, true);
    assert.equal(WhatIfSchema.safeParse({ microBatch: 0 }).success, false);
    assert.equal(WhatIfSchema.safeParse({ microBatch: 1.5 }).success, false);
    assert.equal(WhatIfSchema.safeParse({ recompute: 'sometimes' }).success, false);
  });

  it("writes back in the script's own flags: the micro-batch variable, and full recomputation beside the micro-batch flag", () => {
    const plan = planWriteBack(TEXT, NAME, { microBatch: 2, recompute: 'full' });
    assert.deepEqual(plan.skipped, []);
    let out = TEXT;
    for (const e of [...plan.edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
    const after = analyze(out, { fileName: NAME });
    assert.equal(after.run!.microBatch!.value, 2);
    assert.equal(after.run!.globalBatch!.value, base.run!.globalBatch!.value, 'the global batch flag is kept');
    assert.equal(after.run!.recompute!.value, 'full');
    assert.match(out, /--recompute-granularity full --recompute-method uniform --recompute-num-layers 1/);
    assert.equal(out.split('\n').length, TEXT.split('\n').length, 'no line added or lost');
  });

  it('turning recomputation off is left to the user, with the reason', () => {
    const full = TEXT.replace('--micro-batch-size $MICRO_BATCH_SIZE', '--micro-batch-size $MICRO_BATCH_SIZE --recompute-activations');
    const plan = planWriteBack(full, NAME, { recompute: 'none' });
    assert.equal(plan.edits.length, 0);
    assert.match(plan.skipped[0]!.reason, /by hand/);
  });
});
