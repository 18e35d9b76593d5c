// Models a config names instead of building: the shipped table gives the architecture and a checked parameter count
// with its source; every decoder row read back through the HF config.json extractor counts within 3% of the table.
import assert from 'node:assert/strict';
import { analyze } from '../../../src/core/analyze';
import { openModels } from '../../../src/core/data/open-models';
import { modelFromTable } from '../../../src/core/model/named';
import { countParams } from '../../../src/core/model/params';
import { readFixture } from '../helpers/fixtures';

function within(actual: number, expected: number, fraction: number, what: string): void {
  assert.ok(Math.abs(actual / expected - 1) <= fraction, `${what}: ${actual} vs ${expected}`);
}

describe('models by name: the shipped table', () => {
  it('gives Mistral 7B its architecture and the table count, sourced', () => {
    const m = modelFromTable('mistralai/Mistral-7B-v0.1')!;
    assert.equal(m.arch.layers?.value, 32);
    assert.equal(m.arch.kvHeads?.value, 8);
    assert.equal(m.arch.ffnActivation?.value, 'swiglu');
    assert.equal(m.params?.source, 'companion');
    within(m.params!.value, 7.24e9, 0.01, 'Mistral 7B');
    assert.match(m.params!.detail, /shipped open-models table, 2026; config from github:/);
  });

  it('reads head_dim where hidden ÷ heads is not the head width (Qwen 3, Gemma)', () => {
    for (const id of ['Qwen/Qwen3-0.6B', 'google/gemma-7b']) {
      const m = modelFromTable(id)!;
      const counted = countParams(m.arch)!.total;
      within(counted, m.params!.value, 0.03, id);
    }
  });

  it('counts at least 90% of the decoder-only rows within 3% of the table from their config.json fields alone', () => {
    const rows = openModels().models.filter((m) => m.kind.startsWith('decoder-only'));
    const off: string[] = [];
    for (const row of rows) {
      const m = modelFromTable(row.id)!;
      const counted = countParams(m.arch)?.total ?? 0;
      if (Math.abs(counted / row.paramsComputed - 1) > 0.03) off.push(`${row.id} ${(counted / 1e9).toFixed(2)}B vs ${(row.paramsComputed / 1e9).toFixed(2)}B`);
    }
    assert.ok(off.length <= rows.length * 0.1, `${off.length} of ${rows.length} off by more than 3%:\n${off.join('\n')}`);
  });

  it('an llm-foundry recipe naming a Hugging Face model gets its size from the table, pointing at the key', () => {
    const name = 'llm-foundry/gpt-neo-125m.yaml';
    const a = analyze(readFixture(name), { fileName: name });
    assert.equal(a.model?.id, 'EleutherAI/gpt-neo-125m');
    within(a.run!.params!.value, 125.2e6, 0.01, 'GPT-Neo 125M');
    assert.equal(a.run!.params!.source, 'companion');
    assert.equal(a.run!.params!.span?.line, 20, 'the pretrained_model_name_or_path line');
  });

  it('resolves a model named through an OmegaConf variable (${variables.model_name})', () => {
    const name = 'llm-foundry/hf-llama-3.1-8B.yaml';
    const a = analyze(readFixture(name), { fileName: name });
    assert.equal(a.model?.id, 'meta-llama/Llama-3.1-8B');
    within(a.run!.params!.value, 8.03e9, 0.005, 'Llama 3.1 8B');
    assert.ok(a.projection || a.run!.missing.every((m) => m !== 'params'));
  });

  it('a tokenizer named by a local folder of a known model gives its vocabulary (Megatron-DeepSpeed --tokenizer-model)', () => {
    const name = 'Megatron-DeepSpeed/examples_deepspeed/finetune_hf_llama/finetune_llama.sh';
    const a = analyze(readFixture(name), { fileName: name });
    assert.equal(a.run!.arch.vocabSize?.source, 'companion');
    assert.match(a.run!.arch.vocabSize!.detail, /meta-llama\/Llama-2-7b-hf/);
    // 32,000 padded by Megatron to a multiple of 128 × TP 2.
    within(a.run!.params!.value, 6.74e9, 0.005, 'Llama 2 7B');
  });
});
