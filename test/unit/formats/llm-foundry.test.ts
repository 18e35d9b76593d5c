// llm-foundry YAML -> run specs: MPT dimensions, Composer durations, `${variables.x}` references followed to their
// literal, precision and sharding; detection against OLMo and ordinary YAML.
import assert from 'node:assert/strict';
import { llmFoundryYaml } from '../../../src/core/formats/llm-foundry';
import { detectFormat } from '../../../src/core/formats/registry';
import { countParams } from '../../../src/core/model/params';
import { parseYaml } from '../../../src/core/parse/yaml';
import type { RunSpec } from '../../../src/core/types';
import { readFixture } from '../helpers/fixtures';
import { golden } from '../helpers/golden';

function extract(name: string): RunSpec {
  return llmFoundryYaml.extract(parseYaml(readFixture(name)), name);
}

function extractText(text: string): RunSpec {
  return llmFoundryYaml.extract(parseYaml(text), 'run.yaml');
}

describe('llm-foundry: detection', () => {
  it('claims both MPT fixtures', () => {
    for (const f of ['llm-foundry/mpt-7b.yaml', 'llm-foundry/mpt-30b.yaml']) assert.equal(detectFormat(parseYaml(readFixture(f)), f)?.id, 'llm-foundry-yaml', f);
  });

  it('does not claim OLMo, NeoX or NeMo YAML, nor docker-compose or a workflow', () => {
    for (const f of ['OLMo/OLMo-1B.yaml', 'gpt-neox/20B.yml', 'NeMo/megatron_gpt_config.yaml', 'litgpt/tinyllama.yaml']) {
      assert.ok(llmFoundryYaml.detect(parseYaml(readFixture(f)), f) < 0.3, f);
    }
    const compose = 'services:\n  trainer:\n    image: mosaicml/llm-foundry:latest\n    command: composer train.py\n';
    const workflow = 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n';
    assert.ok(llmFoundryYaml.detect(parseYaml(compose), 'docker-compose.yml') < 0.3);
    assert.ok(llmFoundryYaml.detect(parseYaml(workflow), 'ci.yml') < 0.3);
  });
});

describe('llm-foundry: real configs', () => {
  it('mpt-7b.yaml: dims, 4·d GELU, tied, 63900 batches of 1024, bf16, FSDP full shard, recompute', () => {
    const run = extract('llm-foundry/mpt-7b.yaml');
    golden(run.arch.hiddenSize, 4096, 'file', 17);
    golden(run.arch.heads, 32, 'file', 18);
    golden(run.arch.layers, 32, 'file', 19);
    golden(run.arch.ffnHiddenSize, 16384, 'derived', 20);
    golden(run.arch.vocabSize, 50368, 'file', 22);
    golden(run.arch.tiedEmbeddings, true, 'default');
    golden(run.trainIters, 63900, 'file', 77);
    golden(run.globalBatch, 1024, 'file', 81);
    golden(run.microBatch, 8, 'file', 86);
    golden(run.precision, 'bf16', 'file', 88);
    golden(run.zeroStage, 3, 'file', 92);
    golden(run.recompute, 'full', 'file', 94);
    assert.equal(run.tokens, undefined, 'tokens follow from steps × batch × sequence in run completion');
    assert.equal(run.gpus, undefined);
    const params = countParams(run.arch);
    assert.ok(params && Math.abs(params.total - 6_649_286_656) / 6_649_286_656 < 0.01, `${params?.total}`);
  });

  it('`model.max_seq_len: ${variables.max_seq_len}` resolves to 2048 with the span of the variable (line 4)', () => {
    const run = extract('llm-foundry/mpt-7b.yaml');
    golden(run.seqLength, 2048, 'file', 4);
    assert.match(run.seqLength?.detail ?? '', /variables\.max_seq_len/);
    const ref = run.keys.find((k) => k.role === 'seqLength');
    assert.equal(ref?.key, 'model.max_seq_len');
    assert.equal(ref?.span.line, 20, 'the key is the one that was read');
    assert.equal(ref?.valueSpan?.line, 3, 'write-back edits the variable, where the number is written');
    assert.ok(!run.findings.some((f) => f.code === 'unresolved-reference'));
  });

  it('mpt-30b.yaml: 143100 batches of 2048; about 30B parameters', () => {
    const run = extract('llm-foundry/mpt-30b.yaml');
    golden(run.arch.hiddenSize, 7168, 'file', 17);
    golden(run.trainIters, 143100, 'file', 77);
    golden(run.globalBatch, 2048, 'file', 81);
    const params = countParams(run.arch);
    assert.ok(params && Math.abs(params.total - 29_955_408_896) / 29_955_408_896 < 0.01, `${params?.total}`);
  });
});

describe('llm-foundry: durations and edits', () => {
  const base = readFixture('llm-foundry/mpt-7b.yaml');

  it('"134B" and "1e9tok" are tokens; "2000000sp" samples; "1ep" needs the dataset size', () => {
    golden(extractText(base.replace('63900ba', '134B')).tokens, 134e9, 'file', 77);
    golden(extractText(base.replace('63900ba', '1e9tok')).tokens, 1e9, 'file', 77);
    golden(extractText(base.replace('63900ba', '2000000sp')).trainSamples, 2_000_000, 'file', 77);
    const ep = extractText(base.replace('63900ba', '1ep'));
    assert.equal(ep.trainIters, undefined);
    assert.equal(ep.tokens, undefined);
    assert.ok(ep.findings.some((f) => f.code === 'duration-in-epochs' && /line 77/.test(f.message)));
  });

  it('a duration that is not one is reported, not guessed', () => {
    const run = extractText(base.replace('63900ba', 'forever'));
    assert.equal(run.trainIters, undefined);
    assert.ok(run.findings.some((f) => f.code === 'not-a-number' && f.key === 'max_duration'));
  });

  it('amp_fp8 is FP8; a microbatch of "auto" is left to the trainer with an info finding', () => {
    const run = extractText(base.replace('precision: amp_bf16', 'precision: amp_fp8').replace('device_train_microbatch_size: 8', 'device_train_microbatch_size: auto'));
    golden(run.precision, 'fp8', 'file', 88);
    assert.equal(run.microBatch, undefined);
    assert.ok(run.findings.some((f) => f.code === 'value-deferred' && f.key === 'device_train_microbatch_size'));
  });

  it('a reference to a missing variable is a warning naming it', () => {
    const run = extractText(base.replace('  max_seq_len: 2048\n', ''));
    assert.equal(run.seqLength, undefined);
    assert.ok(run.findings.some((f) => f.code === 'unresolved-reference' && /variables\.max_seq_len/.test(f.message)));
  });
});
