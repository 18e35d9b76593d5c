// Parallel layouts that cannot fit the GPU count: the finding points at the line the user would change.
import assert from 'node:assert/strict';
import { analyze } from '../../../src/core/analyze';
import { readFixture } from '../helpers/fixtures';

describe('parallelism that does not divide the GPUs', () => {
  it('Megatron GPT-3 175B script: 1 node × 8 GPUs cannot hold TP 8 × PP 16, reported on NUM_NODES', () => {
    const text = readFixture('Megatron-LM/train_gpt3_175b_distributed.sh');
    const a = analyze(text, { fileName: 'train_gpt3_175b_distributed.sh' });
    const f = a.findings.find((x) => x.code === 'parallelism-mismatch');
    assert.ok(f?.span, JSON.stringify(a.findings));
    assert.equal(f.message, '8 GPUs cannot be split into model-parallel groups of TP 8 × PP 16 = 128.');
    assert.equal(text.split('\n')[f.span.line], 'NUM_NODES=1');
  });

  it('the same script on 16 nodes (128 GPUs) fits and says nothing', () => {
    const text = readFixture('Megatron-LM/train_gpt3_175b_distributed.sh').replace('NUM_NODES=1', 'NUM_NODES=16');
    const a = analyze(text, { fileName: 'train_gpt3_175b_distributed.sh' });
    assert.equal(a.run?.gpus?.value, 128);
    assert.ok(!a.findings.some((x) => x.code === 'parallelism-mismatch'));
  });
});
