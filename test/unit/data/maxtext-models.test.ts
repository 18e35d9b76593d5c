// The shipped MaxText table: exactly the derivation of the copies of MaxText's own base.yml and model files
// (scripts/reference/maxtext), the test fixtures byte-equal to those copies, and every model MaxText ships that has a
// Hugging Face release counted within 3% of that release's count (the open-models table's, from its config.json).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { deriveMaxTextTable, REFERENCE_DIR, serialise, TABLE_PATH } from '../../../scripts/derive-maxtext-models';
import { maxtextTable, parameterScales, shippedModelText, tpuSlice } from '../../../src/core/data/maxtext';
import { findOpenModel } from '../../../src/core/data/open-models';
import { analyze } from '../../../src/core/analyze';
import { readFixture } from '../helpers/fixtures';

describe('MaxText table', () => {
  it('is the derivation of scripts/reference/maxtext (run `npx tsx scripts/derive-maxtext-models.ts` when it is not)', () => {
    assert.equal(readFileSync(TABLE_PATH, 'utf8'), serialise(deriveMaxTextTable()));
    assert.equal(maxtextTable().models.length, 78);
    assert.match(maxtextTable().source.commit, /^[0-9a-f]{40}$/);
  });

  it('the fixtures are the same files as the reference copies', () => {
    for (const f of ['base.yml', 'models/llama2-7b.yml', 'models/mixtral-8x7b.yml', 'models/deepseek3-671b.yml', 'models/gemma2-9b.yml']) {
      assert.equal(readFixture(`maxtext/${f}`), readFileSync(join(REFERENCE_DIR, f), 'utf8'), f);
    }
  });

  it('rebuilds a model file with each size key on the line the real file writes it', () => {
    const real = readFixture('maxtext/models/llama2-7b.yml').split('\n');
    const shipped = shippedModelText('llama2-7b')!.split('\n');
    for (const [i, line] of shipped.entries()) {
      if (line === '') continue;
      const [key, value] = line.split(': ');
      assert.ok(real[i]!.startsWith(`${key}:`), `line ${i + 1}: ${line} vs ${real[i]}`);
      assert.equal(JSON.stringify(JSON.parse(value!)).replace(/"/g, ''), real[i]!.slice(key!.length + 1).trim().replace(/[" ]/g, ''));
    }
    assert.equal(shippedModelText('no-such-model'), undefined);
  });

  it('counts every MaxText model with a Hugging Face release within 3% of that release (39 models)', () => {
    const misses: string[] = [];
    const rows = maxtextTable().models.filter((m) => m.publishedAs);
    assert.equal(rows.length, 39);
    for (const m of rows) {
      const hf = findOpenModel(m.publishedAs!);
      assert.ok(hf, m.publishedAs);
      const a = analyze(shippedModelText(m.name)!, { fileName: `models/${m.name}.yml` });
      assert.equal(a.format, 'maxtext-yaml', m.name);
      const error = a.run!.params!.value / hf.paramsComputed - 1;
      if (Math.abs(error) > 0.03) misses.push(`${m.name}: ${a.run!.params!.value} vs ${hf.paramsComputed}`);
    }
    assert.deepEqual(misses, []);
  });

  it('grows a model by global_parameter_scale as get_individual_scales does, and refuses what is not a power of two', () => {
    assert.deepEqual(parameterScales(1), { emb: 0, heads: 0, mlp: 0, layers: 0 });
    // log2(128) = 7 = 3·2 + 1: layers and width ×4, heads and MLP ×8.
    assert.deepEqual(parameterScales(128), { emb: 2, heads: 3, mlp: 3, layers: 2 });
    assert.deepEqual(parameterScales(16), { emb: 1, heads: 2, mlp: 2, layers: 1 });
    assert.deepEqual(parameterScales(32), { emb: 2, heads: 2, mlp: 2, layers: 1 });
    assert.equal(parameterScales(24), undefined);
    assert.equal(parameterScales(0), undefined);
  });

  it('counts the chips of a slice name: TensorCores for v4 and v5p, chips for v5e and v6e', () => {
    assert.deepEqual(tpuSlice('v5p-512'), { generation: 'v5p', gpuType: 'tpu-v5p', chips: 256 });
    assert.deepEqual(tpuSlice('v4-128'), { generation: 'v4', gpuType: 'tpu-v4', chips: 64 });
    assert.deepEqual(tpuSlice('v5e-256'), { generation: 'v5e', gpuType: 'tpu-v5e', chips: 256 });
    assert.equal(tpuSlice('v6e-256')?.gpuType, undefined);
    assert.equal(tpuSlice('h100-8'), undefined);
  });
});
