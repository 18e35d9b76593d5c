// Model-architecture JSON -> run specs: DeepSeek-V3's model-args file (MoE and MLA), a Hugging Face config.json, and
// detection that leaves other JSON alone. Parameter counts are checked against the published sizes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hfModelJson } from '../../../src/core/formats/hf-model';
import { detectFormat } from '../../../src/core/formats/registry';
import { countParams } from '../../../src/core/model/params';
import { parseJson } from '../../../src/core/parse/json';
import type { RunSpec } from '../../../src/core/types';
import { readFixture } from '../helpers/fixtures';
import { golden } from '../helpers/golden';

const EXTRA = join(__dirname, '../../fixtures/extra');

function extractText(text: string, name: string): RunSpec {
  return hfModelJson.extract(parseJson(text), name);
}

describe('hf-model-json: detection', () => {
  it('claims DeepSeek-V3 model args and an HF config.json', () => {
    const ds = 'DeepSeek-V3/config_671B.json';
    assert.equal(detectFormat(parseJson(readFixture(ds)), ds)?.id, 'hf-model-json');
    const hf = readFileSync(join(EXTRA, 'llama3_8b_hf_config.json'), 'utf8');
    assert.equal(detectFormat(parseJson(hf), 'config.json')?.id, 'hf-model-json');
  });

  it('does not claim DeepSpeed configs, package.json or a JSON naming one size', () => {
    assert.equal(hfModelJson.detect(parseJson(readFixture('DeepSpeedExamples/ds_config.json')), 'ds_config.json'), 0);
    assert.equal(hfModelJson.detect(parseJson('{"name":"x","version":"1.0.0","main":"index.js"}'), 'package.json'), 0);
    assert.equal(hfModelJson.detect(parseJson('{"hidden_size": 12, "theme": "dark"}'), 'settings.json'), 0);
  });
});

describe('hf-model-json: DeepSeek-V3 model args', () => {
  const run = extractText(readFixture('DeepSeek-V3/config_671B.json'), 'DeepSeek-V3/config_671B.json');

  it("dense dimensions with their lines; SwiGLU and untied head from DeepSeek's code", () => {
    golden(run.arch.layers, 61, 'file', 6);
    golden(run.arch.hiddenSize, 7168, 'file', 3);
    golden(run.arch.ffnHiddenSize, 18432, 'file', 4);
    golden(run.arch.heads, 128, 'file', 8);
    golden(run.arch.vocabSize, 129280, 'file', 2);
    golden(run.arch.ffnActivation, 'swiglu', 'default');
    golden(run.arch.tiedEmbeddings, false, 'default');
    golden(run.precision, 'fp8', 'file', 21);
  });

  it('MoE: 256 routed experts, top-8, 1 shared, width 2048, 58 MoE layers after 3 dense ones', () => {
    const moe = run.arch.moe;
    assert.ok(moe);
    golden(moe.experts, 256, 'file', 9);
    golden(moe.topK, 8, 'file', 11);
    golden(moe.sharedExperts, 1, 'file', 10);
    golden(moe.expertFfnHiddenSize, 2048, 'file', 5);
    golden(moe.moeLayers, 58, 'derived', 7);
  });

  it('MLA ranks and head dims', () => {
    const mla = run.arch.mla;
    assert.ok(mla);
    assert.deepEqual([mla.qLoraRank, mla.kvLoraRank, mla.qkNopeHeadDim, mla.qkRopeHeadDim, mla.vHeadDim], [1536, 512, 128, 64, 128]);
    assert.equal(mla.source.span?.line, 16);
  });

  it('counts 671B total and about 37B active parameters (DeepSeek-V3 technical report)', () => {
    const p = countParams(run.arch);
    assert.ok(p);
    assert.ok(Math.abs(p.total / 671e9 - 1) < 0.01, `total ${p.total}`);
    assert.ok(Math.abs(p.active / 37e9 - 1) < 0.03, `active ${p.active}`);
  });

  it('every architecture key is recorded with its role', () => {
    const keys = new Set(run.keys.map((k) => k.key));
    for (const k of [
      'n_layers',
      'dim',
      'inter_dim',
      'moe_inter_dim',
      'n_heads',
      'n_routed_experts',
      'n_shared_experts',
      'n_activated_experts',
      'n_dense_layers',
      'vocab_size',
      'kv_lora_rank',
      'dtype',
    ]) {
      assert.ok(keys.has(k), k);
    }
    assert.equal(run.keys.find((k) => k.key === 'n_activated_experts')?.role, 'topK');
  });
});

describe('hf-model-json: Hugging Face config.json', () => {
  it('Llama 3 8B: GQA, SiLU = SwiGLU, untied, bf16 weights; 8.03B parameters (Meta model card)', () => {
    const run = extractText(readFileSync(join(EXTRA, 'llama3_8b_hf_config.json'), 'utf8'), 'config.json');
    golden(run.arch.layers, 32, 'file', 16);
    golden(run.arch.hiddenSize, 4096, 'file', 10);
    golden(run.arch.ffnHiddenSize, 14336, 'file', 12);
    golden(run.arch.heads, 32, 'file', 15);
    golden(run.arch.kvHeads, 8, 'file', 17);
    golden(run.arch.vocabSize, 128256, 'file', 26);
    golden(run.arch.ffnActivation, 'swiglu', 'file', 9);
    golden(run.arch.tiedEmbeddings, false, 'file', 22);
    golden(run.precision, 'bf16', 'file', 23);
    assert.equal(run.arch.moe, undefined);
    assert.equal(run.arch.mla, undefined);
    const p = countParams(run.arch);
    assert.ok(p && Math.abs(p.total / 8.03e9 - 1) < 0.01, `total ${p?.total}`);
  });

  it('Mixtral-style MoE: num_local_experts with num_experts_per_tok, expert width = intermediate_size', () => {
    const run = extractText(
      '{"model_type":"mixtral","hidden_act":"silu","hidden_size":4096,"intermediate_size":14336,"num_attention_heads":32,' +
        '"num_hidden_layers":32,"num_key_value_heads":8,"num_local_experts":8,"num_experts_per_tok":2,"vocab_size":32000,' +
        '"tie_word_embeddings":false}',
      'config.json',
    );
    assert.equal(run.arch.moe?.experts.value, 8);
    assert.equal(run.arch.moe?.topK.value, 2);
    const p = countParams(run.arch);
    assert.ok(p && Math.abs(p.total / 46.7e9 - 1) < 0.01, `Mixtral 8x7B total ${p?.total}`);
    assert.ok(p && Math.abs(p.active / 12.9e9 - 1) < 0.01, `Mixtral 8x7B active ${p?.active}`);
  });

  it('GPT-2 spelling with a GELU, tied by HF default; experts without top-k are reported', () => {
    const gpt2 = extractText('{"model_type":"gpt2","n_layer":12,"n_embd":768,"n_head":12,"n_inner":null,"vocab_size":50257,"activation_function":"gelu_new"}', 'config.json');
    assert.equal(gpt2.arch.ffnHiddenSize, undefined, 'n_inner: null is the 4·d default, left to the parameter count');
    assert.deepEqual(gpt2.findings, [], 'null is "not used" in a model config, not a deferred value');
    golden(gpt2.arch.layers, 12, 'file', 1);
    golden(gpt2.arch.ffnActivation, 'gelu', 'file', 1);
    golden(gpt2.arch.tiedEmbeddings, true, 'default');
    const moe = extractText('{"num_hidden_layers":4,"hidden_size":64,"num_attention_heads":4,"vocab_size":100,"num_experts":8}', 'config.json');
    assert.equal(moe.arch.moe, undefined);
    assert.ok(moe.findings.some((f) => f.code === 'params-underdetermined' && f.key === 'num_experts'));
  });
});
