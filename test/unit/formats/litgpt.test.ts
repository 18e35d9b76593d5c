// LitGPT YAML -> run specs: model_name resolved through LitGPT's model table, model_config overrides, train.* batch
// and token budget, devices "auto"; detection against other YAML.
import assert from 'node:assert/strict';
import { litgptYaml } from '../../../src/core/formats/litgpt';
import { detectFormat } from '../../../src/core/formats/registry';
import { countParams } from '../../../src/core/model/params';
import { parseYaml } from '../../../src/core/parse/yaml';
import type { RunSpec } from '../../../src/core/types';
import { readFixture } from '../helpers/fixtures';
import { golden } from '../helpers/golden';

const FIXTURE = 'litgpt/tinyllama.yaml';

function extractText(text: string): RunSpec {
  return litgptYaml.extract(parseYaml(text), 'tinyllama.yaml');
}

describe('litgpt: detection', () => {
  it('claims the TinyLlama fixture', () => {
    assert.equal(detectFormat(parseYaml(readFixture(FIXTURE)), FIXTURE)?.id, 'litgpt-yaml');
  });

  it('does not claim OLMo, llm-foundry or NeoX YAML, nor a Kubernetes manifest or workflow', () => {
    for (const f of ['OLMo/OLMo-1B.yaml', 'llm-foundry/mpt-7b.yaml', 'gpt-neox/20B.yml', 'NeMo/megatron_gpt_config.yaml']) {
      assert.ok(litgptYaml.detect(parseYaml(readFixture(f)), f) < 0.3, f);
    }
    const k8s = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: trainer\nspec:\n  containers:\n    - name: train\n      image: litgpt:latest\n';
    const workflow = 'name: train\non: workflow_dispatch\njobs:\n  train:\n    runs-on: gpu\n    steps:\n      - run: litgpt pretrain --config tinyllama.yaml\n';
    assert.ok(litgptYaml.detect(parseYaml(k8s), 'pod.yaml') < 0.3);
    assert.ok(litgptYaml.detect(parseYaml(workflow), 'train.yml') < 0.3);
  });
});

describe('litgpt: tinyllama.yaml', () => {
  const run = extractText(readFixture(FIXTURE));

  it('model_name tiny-llama-1.1b gives 22 layers, d 2048, 4 query groups, FFN 5632, vocab 32000, untied, ~1.1B', () => {
    golden(run.arch.layers, 22, 'companion', 3);
    golden(run.arch.hiddenSize, 2048, 'companion');
    golden(run.arch.heads, 32, 'companion');
    golden(run.arch.kvHeads, 4, 'companion');
    golden(run.arch.ffnHiddenSize, 5632, 'companion');
    golden(run.arch.ffnActivation, 'swiglu', 'companion');
    golden(run.arch.vocabSize, 32000, 'companion');
    golden(run.arch.tiedEmbeddings, false, 'companion');
    assert.match(run.arch.layers?.detail ?? '', /tiny-llama-1\.1b.*litgpt config\.py/);
    const params = countParams(run.arch);
    assert.ok(params && Math.abs(params.total - 1_100_048_384) / 1_100_048_384 < 0.01, `${params?.total}`);
  });

  it('3T tokens, global batch 512, micro 4, sequence 2048, bf16-mixed; devices "auto" is left to the launcher', () => {
    golden(run.tokens, 3e12, 'file', 50);
    golden(run.globalBatch, 512, 'file', 38);
    golden(run.microBatch, 4, 'file', 41);
    golden(run.seqLength, 2048, 'file', 56);
    golden(run.precision, 'bf16', 'file', 14);
    golden(run.nodes, 1, 'file');
    assert.equal(run.gpusPerNode, undefined);
    assert.equal(run.trainIters, undefined, 'an empty `max_steps:` is not set');
    const deferred = run.findings.filter((f) => f.code === 'value-deferred');
    assert.deepEqual(
      deferred.map((f) => f.key),
      ['devices'],
      'only "auto" is reported, not the empty keys',
    );
  });
});

describe('litgpt: edits a user makes', () => {
  const base = readFixture(FIXTURE);

  it('model_config overrides the preset key by key, with file provenance', () => {
    const run = extractText(base.replace('model_config:\n', 'model_config:\n  n_layer: 24\n  intermediate_size: 6144\n'));
    golden(run.arch.layers, 24, 'file', 8);
    golden(run.arch.ffnHiddenSize, 6144, 'file', 9);
    golden(run.arch.hiddenSize, 2048, 'companion');
  });

  it('an unknown model name is a warning; devices 8 × 4 nodes is read', () => {
    const run = extractText(base.replace('model_name: tiny-llama-1.1b', 'model_name: my-model-7b').replace('devices: auto', 'devices: 8').replace('num_nodes: 1', 'num_nodes: 4'));
    assert.ok(run.findings.some((f) => f.code === 'unknown-preset' && /line 3/.test(f.message)));
    assert.equal(run.arch.layers, undefined);
    golden(run.gpusPerNode, 8, 'file');
    golden(run.nodes, 4, 'file');
  });

  it('transformer-engine precision is FP8; max_steps is read when set', () => {
    const run = extractText(base.replace('precision: bf16-mixed', 'precision: transformer-engine').replace('  max_steps:\n', '  max_steps: 100000\n'));
    golden(run.precision, 'fp8', 'file', 14);
    golden(run.trainIters, 100000, 'file', 53);
  });
});
