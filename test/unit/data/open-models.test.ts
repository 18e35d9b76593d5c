// The shipped table of open models: exactly the derivation of the committed reference (scripts/reference/models.json),
// every row carrying its sources, and found by the ids configs write.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { deriveOpenModels, readReference, serialise, TABLE_PATH } from '../../../scripts/derive-open-models';
import { findOpenModel, openModels } from '../../../src/core/data/open-models';

describe('open-models table', () => {
  it('is the derivation of scripts/reference/models.json (run `npx tsx scripts/derive-open-models.ts` when it is not)', () => {
    const derived = serialise(deriveOpenModels(readReference()));
    assert.equal(readFileSync(TABLE_PATH, 'utf8'), derived);
  });

  it('keeps every reference row, each with its sources, counts and year', () => {
    const reference = readReference();
    const table = openModels();
    assert.equal(table.models.length, reference.models.length);
    for (const m of table.models) {
      assert.match(m.source, /^(github:|hf:|compiler's knowledge)/, m.id);
      assert.ok(m.paramsComputed > 1e6 && m.paramsPublished > 1e6, m.id);
      assert.ok(m.paramsSource.length > 0, m.id);
      assert.equal(m.year, 2026);
      assert.equal(typeof m.config.vocab_size, 'number', m.id);
    }
  });

  it('finds a model by canonical id, alias, any case, and a local path ending in it', () => {
    assert.equal(findOpenModel('mistralai/Mistral-7B-v0.1')?.id, 'mistralai/Mistral-7B-v0.1');
    assert.equal(findOpenModel('MISTRALAI/mistral-7b-v0.1')?.id, 'mistralai/Mistral-7B-v0.1');
    assert.equal(findOpenModel('meta-llama/Llama-2-7b-chat-hf')?.id, 'meta-llama/Llama-2-7b-hf');
    assert.equal(findOpenModel('checkpoints/meta-llama/Llama-2-7b-hf/')?.id, 'meta-llama/Llama-2-7b-hf');
    assert.equal(findOpenModel('/data/llama-2-7b-hf/')?.id, 'meta-llama/Llama-2-7b-hf');
    assert.equal(findOpenModel('EleutherAI/gpt-neo-125M')?.id, 'EleutherAI/gpt-neo-125m');
  });

  it('does not guess: an unknown id, an empty name and a bare word shared by two models find nothing', () => {
    assert.equal(findOpenModel('acme/secret-model-7b'), undefined);
    assert.equal(findOpenModel('  '), undefined);
    assert.equal(findOpenModel('/checkpoints/run-42'), undefined);
  });
});
