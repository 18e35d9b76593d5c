// A fine-tune's tokens from the datasets it names: what a host measured of the files is handed to the core as
// companions, and the recipe's "needs the dataset size" gives way to epochs × the datasets' tokens, each example cut
// at the sequence length and padded to the longest of its micro-batch unless packed. Real LLaMA-Factory recipe and
// data files (test/fixtures/finetune, test/fixtures/datasets).
import { strict as assert } from 'node:assert';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, type Analysis } from '../../../src/core/analyze';
import type { Companion } from '../../../src/core/companions/types';
import { CHARS_PER_TOKEN } from '../../../src/core/data/datasets';
import { measureDataset } from '../../../src/core/datasets/measure';

const FT = join(__dirname, '../../fixtures/finetune');
const DATA = join(__dirname, '../../fixtures/datasets/llama-factory');
const RECIPE = 'llama-factory/train_lora/qwen3_lora_sft.yaml';
const recipe = readFileSync(join(FT, RECIPE), 'utf8');

function measured(target: string, file: string): Companion {
  const path = join(DATA, file);
  const r = measureDataset(readFileSync(path, 'utf8'), { fileName: path, totalBytes: statSync(path).size });
  assert.ok('measure' in r);
  return { kind: 'dataset', target, fileName: `data/${file}`, dataset: r.measure };
}

const COMPANIONS = [measured('identity', 'identity.json'), measured('alpaca_en_demo', 'alpaca_en_demo.json')];

function run(text: string, companions: Companion[] = COMPANIONS): Analysis {
  return analyze(text, { fileName: RECIPE, companions, overrides: { gpuType: 'h100-sxm', gpus: 1 } });
}

describe('dataset tokens in a fine-tune', () => {
  it("LLaMA-Factory qwen3_lora_sft.yaml beside its data: 3 epochs × the two datasets' characters ÷ 4, with the files and the range named", () => {
    const a = run(recipe);
    const chars = COMPANIONS.reduce((n, c) => n + c.dataset!.characters, 0);
    const perEpoch = chars / CHARS_PER_TOKEN.range.point;
    // No example of either dataset is longer than cutoff_len 2,048 tokens, and micro-batch 1 pads nothing.
    assert.ok(Math.abs(a.run!.tokens!.value / (3 * perEpoch) - 1) < 1e-9, a.run!.tokens!.detail);
    const detail = a.run!.tokens!.detail;
    assert.match(detail, /^3 epochs × 198k tokens per epoch/);
    assert.match(detail, /identity: 91 rows, .* in data\/identity\.json/);
    assert.match(detail, /alpaca_en_demo: 999 rows, 787k characters of instruction, input, output \(every row measured\) in data\/alpaca_en_demo\.json/);
    assert.match(detail, /÷ 4 per token \(OpenAI Help Center.*÷ 4\.5 to ÷ 3\.5 for English BPE vocabularies gives 176k-227k/);
    assert.match(detail, /not packed: micro-batch 1, so no padding/);
    assert.ok(!a.findings.some((f) => f.code === 'needs-dataset-size' || f.code === 'examples-at-full-length'));
    assert.ok(a.projection!.gpuHours!.point > 0 && a.projection!.co2eKg!.point > 0 && a.projection!.costUSD!.point > 0, 'a cost, not a lens asking for the dataset size');
    assert.deepEqual(a.companionsUsed, ['data/identity.json', 'data/alpaca_en_demo.json']);
    // Without the files the recipe keeps its upper bound: 3 epochs × 1,000 max_samples × 2 datasets × 2,048.
    const alone = analyze(recipe, { fileName: RECIPE });
    assert.equal(alone.run!.tokens!.value, 3 * 2 * 1000 * 2048);
    assert.ok(a.run!.tokens!.value < alone.run!.tokens!.value / 20, 'the measured text is far below the bound');
  });

  it("max_samples caps each dataset: 100 of alpaca_en_demo's 999 rows count", () => {
    const a = run(recipe.replace('max_samples: 1000', 'max_samples: 100'));
    const alpaca = a.run!.fineTune!.dataset!.parts.find((p) => p.name === 'alpaca_en_demo')!;
    assert.equal(alpaca.examples, 100);
    assert.ok(Math.abs(alpaca.tokens / (COMPANIONS[1]!.dataset!.characters / 4 / 9.99) - 1) < 1e-9);
    assert.match(alpaca.detail, /capped at max_samples 100/);
  });

  it('a short cutoff cuts long examples off, and says by how much', () => {
    const full = run(recipe);
    const cut = run(recipe.replace('cutoff_len: 2048', 'cutoff_len: 128'));
    assert.ok(cut.run!.tokens!.value < full.run!.tokens!.value * 0.8, `${cut.run!.tokens!.value} vs ${full.run!.tokens!.value}`);
    assert.ok(cut.run!.tokens!.value <= 3 * 1090 * 128, 'no example longer than the cut');
    assert.match(cut.run!.tokens!.detail, /cut off by the sequence length 128/);
  });

  it('padding: micro-batches of 8 pad to their longest example unless packed, and packing removes it', () => {
    const padded = run(recipe.replace('per_device_train_batch_size: 1', 'per_device_train_batch_size: 8'));
    const packed = run(recipe.replace('per_device_train_batch_size: 1', 'per_device_train_batch_size: 8').replace('### dataset', '### dataset\npacking: true'));
    assert.match(padded.run!.tokens!.detail, /not packed: each micro-batch of 8 padded to its longest example \([\d.]+k padding tokens per epoch/);
    assert.match(packed.run!.tokens!.detail, /packed: sequences filled with examples, no padding/);
    // alpaca rows vary from a few dozen to thousands of characters: padding to the longest of 8 more than doubles the work.
    assert.ok(padded.run!.tokens!.value > 2 * packed.run!.tokens!.value, `${padded.run!.tokens!.value} vs ${packed.run!.tokens!.value}`);
    assert.ok(padded.run!.tokens!.value < 8 * packed.run!.tokens!.value);
  });

  it('a dataset nobody can size says so by name, and the recipe keeps its one "needs the dataset size" finding', () => {
    const text = recipe.replace('max_samples: 1000\n', '');
    const a = run(text, [COMPANIONS[0]!, { kind: 'dataset', target: 'alpaca_en_demo', fileName: 'data/dataset_info.json', problem: 'is not defined in data/dataset_info.json' }]);
    assert.equal(a.run!.tokens, undefined);
    const unknown = a.findings.filter((f) => f.code === 'dataset-unknown');
    assert.equal(unknown.length, 1);
    assert.match(unknown[0]!.message, /`alpaca_en_demo` \(dataset\) cannot be sized: alpaca_en_demo is not defined in data\/dataset_info\.json/);
    assert.equal(unknown[0]!.span?.line, 12, 'on the dataset line');
    assert.equal(a.findings.filter((f) => f.code === 'needs-dataset-size').length, 1);
  });

  it('mostly Chinese text gets a finding that the ÷ 4 rule undercounts it', () => {
    const a = run(recipe);
    const f = a.findings.find((x) => x.code === 'dataset-not-english');
    assert.match(f!.message, /of the text of `identity` is Chinese, Japanese or Korean/);
  });
});
