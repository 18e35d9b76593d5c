// OLMo trainer YAML -> run specs: SwiGLU width from mlp_ratio, padded embedding size, durations in steps or tokens,
// provenance and lines; detection against llm-foundry and ordinary YAML.
import assert from 'node:assert/strict';
import { olmoYaml } from '../../../src/core/formats/olmo';
import { detectFormat } from '../../../src/core/formats/registry';
import { countParams } from '../../../src/core/model/params';
import { parseYaml } from '../../../src/core/parse/yaml';
import type { RunSpec } from '../../../src/core/types';
import { readFixture } from '../helpers/fixtures';
import { golden } from '../helpers/golden';

const FIXTURE = 'OLMo/OLMo-1B.yaml';

function extractText(text: string): RunSpec {
  return olmoYaml.extract(parseYaml(text), 'OLMo-1B.yaml');
}

describe('olmo: detection', () => {
  it('claims the OLMo fixture', () => {
    assert.equal(detectFormat(parseYaml(readFixture(FIXTURE)), FIXTURE)?.id, 'olmo-yaml');
  });

  it('does not claim llm-foundry, NeoX or LitGPT YAML, nor ordinary YAML', () => {
    for (const f of ['llm-foundry/mpt-7b.yaml', 'gpt-neox/20B.yml', 'litgpt/tinyllama.yaml', 'smollm/stage1_8T.yaml']) {
      assert.ok(olmoYaml.detect(parseYaml(readFixture(f)), f) < 0.3, f);
    }
    const compose = 'version: "3"\nservices:\n  app:\n    image: python:3.12\n    volumes:\n      - .:/app\n';
    assert.ok(olmoYaml.detect(parseYaml(compose), 'docker-compose.yml') < 0.3);
  });
});

describe('olmo: OLMo-1B.yaml', () => {
  const run = extractText(readFixture(FIXTURE));

  it('architecture: SwiGLU with mlp_ratio 8 gives gated width 8192; embedding 50304 (padded from 50280); tied', () => {
    assert.equal(run.label, 'OLMo-1B');
    golden(run.arch.hiddenSize, 2048, 'file', 10);
    golden(run.arch.heads, 16, 'file', 11);
    golden(run.arch.layers, 16, 'file', 12);
    golden(run.arch.ffnHiddenSize, 8192, 'derived', 13);
    golden(run.arch.ffnActivation, 'swiglu', 'file', 27);
    golden(run.arch.vocabSize, 50304, 'file', 32);
    assert.match(run.arch.vocabSize?.detail ?? '', /50280/);
    golden(run.arch.tiedEmbeddings, true, 'file', 14);
    const params = countParams(run.arch);
    assert.ok(params && Math.abs(params.total - 1_176_764_416) / 1_176_764_416 < 0.01, `${params?.total}`);
  });

  it('schedule: 739_328 steps of 2048 sequences of 2048 tokens; micro 8; amp_bf16', () => {
    golden(run.trainIters, 739_328, 'file', 69);
    golden(run.globalBatch, 2048, 'file', 70);
    golden(run.microBatch, 8, 'file', 71);
    golden(run.seqLength, 2048, 'file', 30);
    golden(run.precision, 'bf16', 'file', 73);
    assert.equal(run.tokens, undefined, 'tokens follow from steps × batch × sequence in run completion');
    assert.equal(run.gpus, undefined);
    assert.deepEqual(run.findings, []);
  });
});

describe('olmo: edits a user makes', () => {
  const base = readFixture(FIXTURE);

  it('a token duration "3.1e12T" is read as tokens', () => {
    golden(extractText(base.replace('max_duration: 739_328', 'max_duration: 3.1e12T')).tokens, 3.1e12, 'file', 69);
  });

  it('"1ep" is reported as needing the dataset size', () => {
    const run = extractText(base.replace('max_duration: 739_328', 'max_duration: 1ep'));
    assert.equal(run.trainIters, undefined);
    assert.ok(run.findings.some((f) => f.code === 'duration-in-epochs'));
  });

  it('gelu without gating keeps the full mlp_ratio width; whole_layer checkpointing is full recompute', () => {
    const run = extractText(base.replace('activation_type: swiglu', 'activation_type: gelu').replace('max_grad_norm: 1.0', 'max_grad_norm: 1.0\nactivation_checkpointing: whole_layer'));
    golden(run.arch.ffnHiddenSize, 8 * 2048, 'derived');
    golden(run.arch.ffnActivation, 'gelu', 'file');
    golden(run.recompute, 'full', 'file', 80);
  });

  it('a device microbatch given as a reference is followed to its literal', () => {
    const run = extractText(base.replace('device_train_microbatch_size: 8', 'device_train_microbatch_size: ${global_train_batch_size}'));
    golden(run.microBatch, 2048, 'file', 70);
  });

  it('without embedding_size the vocabulary is vocab_size', () => {
    const run = extractText(base.replace('  embedding_size: 50304\n', ''));
    golden(run.arch.vocabSize, 50280, 'file', 31);
  });
});
