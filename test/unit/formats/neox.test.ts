// GPT-NeoX / Pythia YAML -> run specs: hyphen and underscore spellings, NeoX's SwiGLU sizing, vocabulary from the
// named tokenizer with NeoX's padding, provenance and lines; detection against ordinary YAML.
import assert from 'node:assert/strict';
import { neoxYaml } from '../../../src/core/formats/neox';
import { detectFormat } from '../../../src/core/formats/registry';
import { countParams } from '../../../src/core/model/params';
import { parseYaml } from '../../../src/core/parse/yaml';
import type { RunSpec } from '../../../src/core/types';
import { readFixture } from '../helpers/fixtures';
import { golden } from '../helpers/golden';

function extract(name: string): RunSpec {
  return neoxYaml.extract(parseYaml(readFixture(name)), name);
}

const NEOX_FIXTURES = ['gpt-neox/20B.yml', 'gpt-neox/llama2/7B.yml', 'gpt-neox/llama2/70B.yml', 'pythia/pythia-12b.yml', 'pythia/pythia-6.9b.yml', 'pythia/pythia-160m.yml'];

const ORDINARY_YAML: Record<string, string> = {
  'docker-compose.yml': 'version: "3.8"\nservices:\n  web:\n    image: nginx:1.25\n    ports:\n      - "80:80"\n    environment:\n      - NUM_LAYERS=4\n  db:\n    image: postgres:16\n',
  '.github/workflows/ci.yml': 'name: CI\non: [push, pull_request]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci && npm test\n',
  'mkdocs.yml': 'site_name: Docs\ntheme:\n  name: material\nnav:\n  - Home: index.md\n',
  'hparams.yaml': 'hidden_size: 256\nnum_layers: 2\nlearning_rate: 0.001\n',
};

describe('neox: detection', () => {
  it('claims every GPT-NeoX and Pythia fixture', () => {
    for (const f of NEOX_FIXTURES) assert.equal(detectFormat(parseYaml(readFixture(f)), f)?.id, 'neox-yaml', f);
  });

  it('docker-compose, a GitHub workflow, mkdocs and a small hparams file score below 0.3', () => {
    for (const [name, text] of Object.entries(ORDINARY_YAML)) assert.ok(neoxYaml.detect(parseYaml(text), name) < 0.3, name);
  });

  it('does not claim NeMo or llm-foundry YAML, whose model keys are nested', () => {
    for (const f of ['NeMo/megatron_gpt_config.yaml', 'llm-foundry/mpt-7b.yaml', 'OLMo/OLMo-1B.yaml']) {
      assert.ok(neoxYaml.detect(parseYaml(readFixture(f)), f) < 0.3, f);
    }
  });
});

describe('neox: real configs', () => {
  it('20B.yml: dims, 4·d GELU FFN, untied, vocab from the 20B tokenizer padded to 50432, batch and parallelism', () => {
    const run = extract('gpt-neox/20B.yml');
    golden(run.arch.layers, 44, 'file', 20);
    golden(run.arch.hiddenSize, 6144, 'file');
    golden(run.arch.heads, 64, 'file');
    golden(run.arch.ffnActivation, 'gelu', 'default');
    golden(run.arch.ffnHiddenSize, 4 * 6144, 'derived');
    golden(run.arch.tiedEmbeddings, false, 'file', 28);
    golden(run.arch.vocabSize, 50432, 'companion', 7);
    assert.match(run.arch.vocabSize?.detail ?? '', /50277.*128.*model parallel 2/);
    golden(run.seqLength, 2048, 'file');
    golden(run.microBatch, 4, 'file', 64);
    golden(run.gradAccum, 32, 'file', 65);
    golden(run.trainIters, 150000, 'file', 93);
    golden(run.parallel.pp, 4, 'file', 16);
    golden(run.parallel.tp, 2, 'file', 17);
    assert.equal(run.parallel.dp, undefined, 'DP needs the GPU count, which the file does not give');
    assert.equal(run.globalBatch, undefined);
    golden(run.zeroStage, 1, 'file', 54);
    golden(run.precision, 'fp16', 'file', 84);
    golden(run.recompute, 'full', 'file', 70);
    const params = countParams(run.arch);
    assert.ok(params && Math.abs(params.total - 20_554_567_680) / 20_554_567_680 < 0.01, `${params?.total}`);
  });

  it('llama2/7B.yml: NeoX intermediate_size 32768 with swiglu is a gated width of 11008; Llama 2 vocab by shape', () => {
    const run = extract('gpt-neox/llama2/7B.yml');
    golden(run.arch.ffnActivation, 'swiglu', 'file', 25);
    golden(run.arch.ffnHiddenSize, 11008, 'derived', 9);
    assert.match(run.arch.ffnHiddenSize?.detail ?? '', /32768/);
    golden(run.arch.vocabSize, 32000, 'companion');
    assert.match(run.arch.vocabSize?.detail ?? '', /Llama 2 7B/);
    golden(run.arch.tiedEmbeddings, false, 'file');
    assert.equal(run.trainIters, undefined, 'an architecture-only file states no schedule');
    assert.equal(run.precision, undefined);
    const params = countParams(run.arch);
    assert.ok(params && Math.abs(params.total - 6_738_415_616) / 6_738_415_616 < 0.001, `${params?.total}`);
  });

  it('llama2/70B.yml: 86016 -> 28672, GQA with 8 KV heads, ~69B parameters', () => {
    const run = extract('gpt-neox/llama2/70B.yml');
    golden(run.arch.ffnHiddenSize, 28672, 'derived', 9);
    golden(run.arch.kvHeads, 8, 'file', 11);
    golden(run.arch.vocabSize, 32000, 'companion');
    const params = countParams(run.arch);
    assert.ok(params && Math.abs(params.total - 68_976_648_192) / 68_976_648_192 < 0.001, `${params?.total}`);
  });

  it('pythia-160m.yml: hyphenated keys, `gas` for accumulation, vocab 50304', () => {
    const run = extract('pythia/pythia-160m.yml');
    golden(run.arch.layers, 12, 'file', 7);
    golden(run.gradAccum, 1, 'file', 50);
    golden(run.microBatch, 32, 'file', 49);
    golden(run.trainIters, 143000, 'file', 77);
    golden(run.arch.vocabSize, 50304, 'companion', 96);
    golden(run.parallel.tp, 1, 'file', 4);
    const layersRef = run.keys.find((k) => k.role === 'layers');
    assert.equal(layersRef?.key, 'num-layers');
  });

  it('Pythia vocab padding follows the model-parallel size: 50304 (MP 1), 50432 (MP 2), 50688 (MP 4)', () => {
    assert.equal(extract('pythia/pythia-160m.yml').arch.vocabSize?.value, 50304);
    assert.equal(extract('pythia/pythia-6.9b.yml').arch.vocabSize?.value, 50432);
    assert.equal(extract('pythia/pythia-12b.yml').arch.vocabSize?.value, 50688);
  });

  it('pythia-12b.yml: its missing comma is reported with the line, and every key is still read', () => {
    const run = extract('pythia/pythia-12b.yml');
    const err = run.findings.find((f) => f.code === 'parse-error');
    assert.ok(err);
    assert.match(err.message, /line 21/);
    golden(run.arch.layers, 36, 'file', 7);
    golden(run.trainIters, 143000, 'file', 74);
    golden(run.parallel.tp, 4, 'file', 4);
    const params = countParams(run.arch);
    assert.ok(params && Math.abs(params.total - 11_846_072_320) / 11_846_072_320 < 0.01, `${params?.total}`);
  });
});

describe('neox: edits a user makes', () => {
  it('`precision: bfloat16` wins over the fp16 block; train_batch_size is read as the global batch', () => {
    const text = readFixture('gpt-neox/20B.yml').replace('"train_iters": 150000,', '"train_iters": 150000,\n  "precision": "bfloat16",\n  "train_batch_size": 1536,');
    const run = neoxYaml.extract(parseYaml(text), '20B.yml');
    golden(run.precision, 'bf16', 'file', 94);
    golden(run.globalBatch, 1536, 'file', 95);
  });

  it('an unknown tokenizer is an info finding and leaves the vocabulary open', () => {
    const text = readFixture('gpt-neox/20B.yml').replace('./20B_checkpoints/20B_tokenizer.json', './my_tokenizer.json');
    const run = neoxYaml.extract(parseYaml(text), '20B.yml');
    assert.equal(run.arch.vocabSize, undefined);
    assert.ok(run.findings.some((f) => f.code === 'unknown-tokenizer' && f.span?.line === 6));
  });

  it('pipe_parallel_size 0 (no pipeline) is one stage; num_gpus -1 is left to the launcher', () => {
    const text = readFixture('gpt-neox/llama2/7B.yml').replace('"pipe_parallel_size": 1', '"pipe_parallel_size": 0,\n  "num_gpus": -1');
    const run = neoxYaml.extract(parseYaml(text), '7B.yml');
    golden(run.parallel.pp, 1, 'file');
    assert.equal(run.gpusPerNode, undefined);
    assert.ok(!run.findings.some((f) => f.code === 'implausible-value'));
  });
});
