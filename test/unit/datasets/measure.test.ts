// A dataset file is measured as a trainer would read it: rows, and the characters of the text fields the model sees
// (not labels, roles or ids), on real public dataset files (test/fixtures/datasets, SOURCES.md). Expected counts were
// made independently with Python's json module (SOURCES.md); a sample of a file is extrapolated by size.
import { strict as assert } from 'node:assert';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DATASET_SAMPLE_ROWS } from '../../../src/core/data/datasets';
import { measureDataset, measureHfDatasetInfo, type DatasetMeasure } from '../../../src/core/datasets/measure';

const DIR = join(__dirname, '../../fixtures/datasets');
const text = (name: string) => readFileSync(join(DIR, name), 'utf8');
const size = (name: string) => statSync(join(DIR, name)).size;

function measure(name: string, body = text(name), totalBytes = size(name)): DatasetMeasure {
  const r = measureDataset(body, { fileName: name, totalBytes, bytesRead: Buffer.byteLength(body) });
  assert.ok('measure' in r, 'problem' in r ? r.problem : '');
  return r.measure;
}

describe('dataset files measured for their tokens', () => {
  it('LLaMA-Factory alpaca_en_demo.json (a JSON array of alpaca rows): 999 rows, the instruction, input and output text', () => {
    const m = measure('llama-factory/alpaca_en_demo.json');
    assert.equal(m.format, 'json');
    assert.equal(m.examples, 999);
    assert.deepEqual(m.fields, ['instruction', 'input', 'output']);
    // Python counts 786,622 code points; JavaScript counts UTF-16 units, so emoji count twice.
    assert.ok(Math.abs(m.characters - 786622) <= 10, `${m.characters}`);
    assert.equal(m.sampled, undefined, 'read whole: nothing extrapolated');
    assert.equal(m.pairwise, false);
    assert.equal(m.percentiles!.length, 101);
    assert.ok(m.percentiles![50]! < m.percentiles![100]!, 'a spread of lengths, longest last');
  });

  it('identity.json: 91 rows, and most of its text is Chinese (the ÷ 4 rule for English does not hold)', () => {
    const m = measure('llama-factory/identity.json');
    assert.equal(m.examples, 91);
    assert.ok(m.cjkShare > 0.3, `${m.cjkShare}`);
  });

  it('a CSV (transformers MRPC dev.csv): 6 rows, the two sentences counted and the label column left out', () => {
    const m = measure('transformers/MRPC/dev.csv');
    assert.equal(m.format, 'csv');
    assert.equal(m.examples, 6);
    assert.deepEqual(m.fields, ['sentence1', 'sentence2']);
    const rows = text('transformers/MRPC/dev.csv').trim().split('\n').length - 1;
    assert.equal(rows, 6);
    assert.ok(m.characters > 1000 && m.characters < 1354, 'less than the file: no header, labels, commas or quotes');
  });

  it('preference pairs in JSON Lines (v1_dpo_demo.jsonl): 10 rows, each counted as its chosen and rejected sequences', () => {
    const m = measure('llama-factory/v1_dpo_demo.jsonl');
    assert.equal(m.format, 'jsonl');
    assert.equal(m.examples, 10);
    assert.equal(m.pairwise, true);
    assert.ok(m.fields.some((f) => f.startsWith('chosen_messages')) && m.fields.some((f) => f.startsWith('rejected_messages')));
    assert.ok(!m.fields.some((f) => /role|type|loss_weight/.test(f)), 'roles, part types and weights are not text');
  });

  it('the first quarter of a file stands for the whole: rows and characters extrapolated by size, within 5%, and it says so', () => {
    const whole = text('llama-factory/alpaca_en_demo.json');
    const head = Buffer.from(whole)
      .subarray(0, Math.floor(size('llama-factory/alpaca_en_demo.json') / 4))
      .toString('utf8');
    const m = measure('llama-factory/alpaca_en_demo.json', head);
    assert.equal(m.sampled?.why, 'bytes');
    assert.equal(m.sampled?.totalBytes, 859893);
    assert.ok(m.rowsMeasured < 300, `${m.rowsMeasured} rows measured`);
    assert.ok(Math.abs(m.examples / 999 - 1) < 0.05, `${m.examples} rows extrapolated`);
    assert.ok(Math.abs(m.characters / 786622 - 1) < 0.05, `${m.characters} characters extrapolated`);
  });

  it(`stops at ${DATASET_SAMPLE_ROWS.toLocaleString('en-US')} rows and extrapolates the rest`, () => {
    // 20 copies of the 999 real rows, one a line: 19,980 rows … and 3 more copies past the cap.
    const rows = (JSON.parse(text('llama-factory/alpaca_en_demo.json')) as unknown[]).map((r) => JSON.stringify(r));
    const lines = Array.from({ length: 23 }, () => rows).flat();
    const body = lines.join('\n') + '\n';
    const m = measure('big.jsonl', body, Buffer.byteLength(body));
    assert.equal(m.rowsMeasured, DATASET_SAMPLE_ROWS);
    assert.equal(m.sampled?.why, 'rows');
    assert.ok(Math.abs(m.examples / lines.length - 1) < 0.02, `${m.examples} of ${lines.length}`);
  });

  it('says what it cannot measure, without throwing: parquet, compressed, broken JSON, a cut single object', () => {
    const problem = (body: string, fileName: string, totalBytes = body.length) => {
      const r = measureDataset(body, { fileName, totalBytes });
      assert.ok('problem' in r, fileName);
      return r.problem;
    };
    assert.match(problem('PAR1…', 'train.parquet'), /parquet file; only JSON, JSON Lines, CSV and text/);
    assert.match(problem('…', 'train.jsonl.gz'), /compressed/);
    assert.match(problem('[{"a": "b"}, {"a": ]', 'x.json'), /not valid JSON \(row 2\)/);
    assert.match(problem('{"data": [{"a": "b"', 'x.json', 10_000), /one JSON object too large/);
    assert.match(problem('', 'x.jsonl'), /no rows/);
  });

  it('a datasets-cache dataset_info.json gives the split the recipe trains on, else the train split', () => {
    // The ultrachat_200k card's dataset_info, as the datasets library writes it into its cache.
    const info = JSON.stringify({
      builder_name: 'parquet',
      dataset_name: 'ultrachat_200k',
      config_name: 'default',
      splits: {
        train_sft: { name: 'train_sft', num_bytes: 1397058554, num_examples: 207865, dataset_name: 'ultrachat_200k' },
        test_sft: { name: 'test_sft', num_bytes: 154695659, num_examples: 23110, dataset_name: 'ultrachat_200k' },
      },
    });
    const r = measureHfDatasetInfo(info);
    assert.ok('measure' in r);
    assert.deepEqual([r.measure.split, r.measure.examples, r.measure.characters], ['train_sft', 207865, 1397058554]);
    const test = measureHfDatasetInfo(info, 'test_sft');
    assert.ok('measure' in test && test.measure.examples === 23110);
    assert.ok('problem' in measureHfDatasetInfo('{"splits": {}}'));
    assert.ok('problem' in measureHfDatasetInfo('not json'));
  });
});
