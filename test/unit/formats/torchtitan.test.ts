// torchtitan job TOML -> run specs: flavors resolved to their dimensions, batch/steps/parallelism/precision with
// provenance and lines, detection against ordinary TOML files.
import assert from 'node:assert/strict';
import { MODEL_PRESETS } from '../../../src/core/data/model-presets';
import { torchtitanToml } from '../../../src/core/formats/torchtitan';
import { detectFormat } from '../../../src/core/formats/registry';
import { countParams } from '../../../src/core/model/params';
import { parseToml } from '../../../src/core/parse/toml';
import type { RunSpec } from '../../../src/core/types';
import { readFixture } from '../helpers/fixtures';
import { golden } from '../helpers/golden';

function extract(name: string): RunSpec {
  return torchtitanToml.extract(parseToml(readFixture(name)), name);
}

describe('torchtitan: detection', () => {
  it('claims every torchtitan fixture', () => {
    for (const f of ['llama3_8b', 'llama3_70b', 'llama3_405b', 'deepseek_v3_671b']) {
      const name = `torchtitan/${f}.toml`;
      assert.equal(detectFormat(parseToml(readFixture(name)), name)?.id, 'torchtitan-toml', name);
    }
  });

  it('pyproject.toml, Cargo.toml and a TOML with a stray [model] table score below 0.3', () => {
    const pyproject = '[build-system]\nrequires = ["setuptools"]\n\n[project]\nname = "x"\nversion = "0.1"\n\n[tool.ruff]\nline-length = 100\n';
    const cargo = '[package]\nname = "demo"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nserde = "1"\n';
    const stray = '[model]\nname = "resnet"\n\n[data]\npath = "x"\n';
    for (const [n, t] of [
      ['pyproject.toml', pyproject],
      ['Cargo.toml', cargo],
      ['app.toml', stray],
    ] as const) {
      const cfg = parseToml(t);
      assert.ok(torchtitanToml.detect(cfg, n) < 0.3, n);
      assert.equal(detectFormat(cfg, n), undefined, n);
    }
  });
});

describe('torchtitan: real configs', () => {
  it('llama3_8b.toml: flavor "8B" gives Llama 3.1 8B dimensions with companion provenance at the flavor line', () => {
    const run = extract('torchtitan/llama3_8b.toml');
    assert.equal(run.label, 'Llama 3 8B training');
    golden(run.arch.layers, 32, 'companion', 19);
    golden(run.arch.hiddenSize, 4096, 'companion');
    golden(run.arch.ffnHiddenSize, 14336, 'companion');
    golden(run.arch.kvHeads, 8, 'companion');
    golden(run.arch.vocabSize, 128256, 'companion');
    golden(run.arch.tiedEmbeddings, false, 'companion');
    assert.match(run.arch.layers?.detail ?? '', /flavor "8B".*Llama 3\.1 8B/);
    golden(run.seqLength, 8192, 'file', 33);
    golden(run.microBatch, 1, 'file', 32);
    golden(run.trainIters, 1000, 'file', 35);
    assert.equal(run.parallel.dp, undefined, 'data_parallel_shard_degree = -1: DP comes from the GPU count');
    golden(run.parallel.tp, 1, 'file', 41);
    golden(run.precision, 'bf16', 'default');
    assert.match(run.precision?.detail ?? '', /mixed_precision_param/);
    golden(run.recompute, 'selective', 'file', 58);
    assert.equal(run.findings.length, 0, run.findings.map((f) => f.message).join('; '));
    const flavorRef = run.keys.find((k) => k.role === 'modelPreset' && k.key === 'model.flavor');
    assert.equal(flavorRef?.value, '8B');
  });

  it('Llama 3 flavors: the multiple_of rule gives FFN 14336 / 28672 / 53248 and the published parameter counts', () => {
    const published: Record<string, [number, number]> = {
      'torchtitan/llama3_8b.toml': [14336, 8_030_261_248],
      'torchtitan/llama3_70b.toml': [28672, 70_553_706_496],
      'torchtitan/llama3_405b.toml': [53248, 405_853_388_800],
    };
    for (const [f, [ffn, params]] of Object.entries(published)) {
      const run = extract(f);
      assert.equal(run.arch.ffnHiddenSize?.value, ffn, f);
      const count = countParams(run.arch);
      assert.ok(count && Math.abs(count.total - params) / params < 0.001, `${f}: ${count?.total}`);
    }
  });

  it('llama3_405b.toml: float8 converter means FP8 (line 21); TP 8; full recompute', () => {
    const run = extract('torchtitan/llama3_405b.toml');
    golden(run.precision, 'fp8', 'file', 21);
    golden(run.parallel.tp, 8, 'file', 41);
    golden(run.microBatch, 2, 'file', 32);
    golden(run.trainIters, 3000, 'file', 35);
    golden(run.recompute, 'full', 'file', 55);
  });

  it('llama3_70b.toml: a commented-out float8 converter leaves the bf16 default', () => {
    const run = extract('torchtitan/llama3_70b.toml');
    golden(run.precision, 'bf16', 'default');
    golden(run.microBatch, 8, 'file', 32);
  });

  it('deepseek_v3_671b.toml: MoE and MLA from the flavor; 671B total, ~37B active', () => {
    const run = extract('torchtitan/deepseek_v3_671b.toml');
    golden(run.arch.moe?.experts, 256, 'companion');
    golden(run.arch.moe?.topK, 8, 'companion');
    golden(run.arch.moe?.moeLayers, 58, 'companion');
    assert.equal(run.arch.mla?.kvLoraRank, 512);
    golden(run.trainIters, 10000, 'file', 41);
    golden(run.seqLength, 4096, 'file', 39);
    const count = countParams(run.arch);
    assert.ok(count);
    assert.ok(Math.abs(count.total - 671e9) / 671e9 < 0.02, `total ${count.total}`);
    assert.ok(Math.abs(count.active - 37e9) / 37e9 < 0.03, `active ${count.active}`);
  });

  it('the DeepSeek-V3 flavor matches the dimensions in DeepSeek-V3/config_671B.json', () => {
    const json = JSON.parse(readFixture('DeepSeek-V3/config_671B.json')) as Record<string, number>;
    const p = MODEL_PRESETS.find((x) => x.names.includes('deepseek_v3/671B'));
    assert.ok(p?.moe && p.mla);
    assert.deepEqual(
      [p.vocabSize, p.hiddenSize, p.ffnHiddenSize, p.moe.expertFfnHiddenSize, p.layers, p.moe.denseLayers, p.heads, p.moe.experts, p.moe.sharedExperts, p.moe.topK],
      [json.vocab_size, json.dim, json.inter_dim, json.moe_inter_dim, json.n_layers, json.n_dense_layers, json.n_heads, json.n_routed_experts, json.n_shared_experts, json.n_activated_experts],
    );
    assert.deepEqual(
      [p.mla.qLoraRank, p.mla.kvLoraRank, p.mla.qkNopeHeadDim, p.mla.qkRopeHeadDim, p.mla.vHeadDim],
      [json.q_lora_rank, json.kv_lora_rank, json.qk_nope_head_dim, json.qk_rope_head_dim, json.v_head_dim],
    );
  });
});

describe('torchtitan: edits a user makes', () => {
  it('an unknown flavor is a warning naming the line, and no dimensions are invented', () => {
    const text = readFixture('torchtitan/llama3_8b.toml').replace('flavor = "8B"', 'flavor = "13B"');
    const run = torchtitanToml.extract(parseToml(text), 'x.toml');
    const f = run.findings.find((x) => x.code === 'unknown-preset');
    assert.ok(f);
    assert.match(f.message, /line 19/);
    assert.equal(run.arch.layers, undefined);
  });

  it('explicit DP degrees multiply; an explicit mixed_precision_param is read from the file', () => {
    const text = readFixture('torchtitan/llama3_8b.toml')
      .replace('data_parallel_replicate_degree = 1', 'data_parallel_replicate_degree = 2')
      .replace('data_parallel_shard_degree = -1', 'data_parallel_shard_degree = 8')
      .replace('steps = 1000', 'steps = 1000\nmixed_precision_param = "float32"');
    const run = torchtitanToml.extract(parseToml(text), 'x.toml');
    golden(run.parallel.dp, 16, 'derived');
    golden(run.precision, 'fp32', 'file', 36);
  });

  it('a negative or zero batch is reported, not used', () => {
    const text = readFixture('torchtitan/llama3_8b.toml').replace('local_batch_size = 1', 'local_batch_size = 0');
    const run = torchtitanToml.extract(parseToml(text), 'x.toml');
    assert.equal(run.microBatch, undefined);
    assert.ok(run.findings.some((f) => f.code === 'implausible-value' && f.key === 'training.local_batch_size'));
  });
});
