// The CLI finds and measures the datasets a recipe names, in temporary folders laid out as the projects lay them
// out, with real public recipes and dataset files (test/fixtures/finetune, test/fixtures/datasets, SOURCES.md):
// LLaMA-Factory names through data/dataset_info.json, axolotl and Trainer paths beside the recipe, a file too large
// to read whole sampled from its start, and a Hub id read from a temporary datasets cache.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DATASET_SAMPLE_BYTES } from '../../../src/core/data/datasets';
import type { AnalysisJson } from '../../../src/core/present/json';
import { runCli } from '../helpers/cli';

const FT = join(__dirname, '../../fixtures/finetune');
const DATA = join(__dirname, '../../fixtures/datasets');

function json(...argv: string[]): AnalysisJson {
  const r = runCli('estimate', '--json', '--gpu', 'H100', '--gpus', '8', ...argv);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out) as AnalysisJson;
}

function inTemp<T>(body: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'fp-data-'));
  try {
    return body(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** LLaMA-Factory's layout: examples/train_lora/<recipe>, data/dataset_info.json and the files it names. */
function llamaFactory(dir: string, files = ['dataset_info.json', 'identity.json', 'alpaca_en_demo.json']): string {
  mkdirSync(join(dir, 'examples/train_lora'), { recursive: true });
  mkdirSync(join(dir, 'data'));
  for (const f of files) copyFileSync(join(DATA, 'llama-factory', f), join(dir, 'data', f));
  const recipe = join(dir, 'examples/train_lora/qwen3_lora_sft.yaml');
  copyFileSync(join(FT, 'llama-factory/train_lora/qwen3_lora_sft.yaml'), recipe);
  return recipe;
}

describe('CLI datasets', () => {
  it('a LLaMA-Factory recipe finds its datasets through data/dataset_info.json and is priced from their text', () => {
    inTemp((dir) => {
      const a = json(llamaFactory(dir));
      const tokens = a.run!.tokens!;
      assert.equal(tokens.source, 'derived');
      assert.match(tokens.detail, /^3 epochs × 198k tokens per epoch \(identity: 91 rows/);
      assert.match(tokens.detail, /alpaca_en_demo: 999 rows, 787k characters .* in .*data\/alpaca_en_demo\.json/);
      assert.ok(Math.abs((tokens.value as number) / (3 * 198_000) - 1) < 0.01, `${tokens.value}`);
      assert.equal(a.fineTune!.dataset!.examples, 1090);
      assert.ok(a.fineTune!.dataset!.tokensRange[0] < a.fineTune!.dataset!.tokens && a.fineTune!.dataset!.tokens < a.fineTune!.dataset!.tokensRange[1]);
      assert.ok(a.projection!.gpuHours! > 0 && a.projection!.costUSD! > 0 && a.projection!.co2eKg! > 0);
      assert.ok(!a.findings.some((f) => f.code === 'needs-dataset-size'));
      assert.deepEqual(
        a.companions.map((c) => c.replace(/^.*fp-data-[^/]+\//, '')),
        ['data/identity.json', 'data/alpaca_en_demo.json'],
      );
      const refs = a.references.filter((r) => r.kind === 'dataset');
      assert.deepEqual(
        refs.map((r) => [r.target, r.key, r.line]),
        [
          ['identity', 'dataset', 13],
          ['alpaca_en_demo', 'dataset', 13],
        ],
      );
    });
  });

  it('a name missing from dataset_info.json, or no registry at all, is said by name and keeps the upper bound', () => {
    inTemp((dir) => {
      const recipe = llamaFactory(dir, ['dataset_info.json', 'identity.json']);
      const a = json(recipe);
      const f = a.findings.find((x) => x.code === 'dataset-unknown');
      assert.ok(f, 'alpaca_en_demo.json is absent');
      assert.match(f!.message, /`alpaca_en_demo`/);
      assert.equal(a.run!.tokens!.value, 3 * 2 * 1000 * 2048, 'max_samples bound, as before');
    });
    inTemp((dir) => {
      mkdirSync(join(dir, 'r'));
      const recipe = join(dir, 'r/qwen3_lora_sft.yaml');
      copyFileSync(join(FT, 'llama-factory/train_lora/qwen3_lora_sft.yaml'), recipe);
      const a = json(recipe);
      assert.match(a.findings.find((x) => x.code === 'dataset-unknown')!.message, /no data\/dataset_info\.json was found beside/);
    });
  });

  it('an axolotl recipe whose datasets[].path is a local JSON Lines file beside it', () => {
    inTemp((dir) => {
      const recipe = join(dir, 'lora-8b.yml');
      const text = readFileSync(join(FT, 'axolotl/llama-3/lora-8b.yml'), 'utf8').replace('path: mhenrichsen/alpaca_2k_test', 'path: ./data/train.jsonl');
      writeFileSync(recipe, text);
      mkdirSync(join(dir, 'data'));
      const rows = (JSON.parse(readFileSync(join(DATA, 'llama-factory/alpaca_en_demo.json'), 'utf8')) as unknown[]).map((r) => JSON.stringify(r));
      writeFileSync(join(dir, 'data/train.jsonl'), rows.join('\n') + '\n');
      const a = json(recipe);
      assert.match(a.run!.tokens!.detail, /^4 epochs × .* \(\.\/data\/train\.jsonl: 999 rows/);
      // axolotl packs (sample_packing: true): no padding counted.
      assert.match(a.run!.tokens!.detail, /packed: sequences filled with examples, no padding/);
    });
  });

  it(`a dataset file over ${DATASET_SAMPLE_BYTES / 1048576} MB is read from its start only, extrapolated by size, and says so`, () => {
    inTemp((dir) => {
      const recipe = join(dir, 'train.sh');
      writeFileSync(recipe, readFileSync(join(FT, 'fastchat/train_vicuna_7b.sh'), 'utf8').replace('~/datasets/sharegpt_20230422_clean_lang_split_identity.json', './big.jsonl'));
      const rows = (JSON.parse(readFileSync(join(DATA, 'llama-factory/alpaca_en_demo.json'), 'utf8')) as unknown[]).map((r) => JSON.stringify(r));
      const body = Array.from({ length: 8 }, () => rows.join('\n')).join('\n') + '\n';
      writeFileSync(join(dir, 'big.jsonl'), body);
      assert.ok(Buffer.byteLength(body) > DATASET_SAMPLE_BYTES);
      const a = json(recipe);
      const detail = a.run!.tokens!.detail;
      assert.match(detail, /from the first 4\.0 MB of \d\.\d MB \([\d,.k]+ rows measured, the rest extrapolated by size\)/);
      const examples = a.fineTune!.dataset!.examples;
      assert.ok(Math.abs(examples / 7992 - 1) < 0.03, `${examples} of 7,992 rows`);
    });
  });

  it('a Hub id found in the datasets cache reads its dataset_info.json before the shipped table', () => {
    inTemp((dir) => {
      const info = join(dir, 'HuggingFaceH4___ultrachat_200k/default/0.0.0/8049631c405ae6576f93f445c6b8166f76f5505a');
      mkdirSync(info, { recursive: true });
      // The card's dataset_info for the two SFT splits, as the datasets library writes it, with a train_sft a tenth the size.
      writeFileSync(
        join(info, 'dataset_info.json'),
        JSON.stringify({
          builder_name: 'parquet',
          dataset_name: 'ultrachat_200k',
          config_name: 'default',
          splits: { train_sft: { name: 'train_sft', num_bytes: 139705855, num_examples: 20786 }, test_sft: { name: 'test_sft', num_bytes: 154695659, num_examples: 23110 } },
        }),
      );
      const saved = process.env.HF_DATASETS_CACHE;
      process.env.HF_DATASETS_CACHE = dir;
      try {
        const a = json(join(FT, 'alignment-handbook/zephyr-7b-beta/sft/config_full.yaml'));
        assert.match(a.run!.tokens!.detail, /20\.8k examples and 140M bytes of text in its train_sft split \(.*dataset_info\.json\)/);
        assert.ok(Math.abs((a.run!.tokens!.value as number) / (139705855 / 4) - 1) < 1e-9);
      } finally {
        if (saved === undefined) delete process.env.HF_DATASETS_CACHE;
        else process.env.HF_DATASETS_CACHE = saved;
      }
      // Without the cache, the shipped table's row for the same id answers.
      const b = json(join(FT, 'alignment-handbook/zephyr-7b-beta/sft/config_full.yaml'));
      assert.match(b.run!.tokens!.detail, /HuggingFaceH4\/ultrachat_200k: 207,865 examples in train_sft/);
    });
  });
});
