// Megatron-LM --yaml-cfg -> run spec: a config laid out as Megatron-LM's examples/gpt3/gpt_config.yaml, read field
// by field with lines; Megatron's rules for SwiGLU width, GQA and vocabulary padding; detection.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { megatronYaml } from '../../../src/core/formats/megatron-yaml';
import { detectFormat } from '../../../src/core/formats/registry';
import { parseYaml } from '../../../src/core/parse/yaml';
import { readFixture } from '../helpers/fixtures';
import { ORDINARY_YAML } from './ordinary-yaml';
import { golden } from '../helpers/golden';

const FILE = 'megatron_gpt_yaml_cfg.yaml';
const TEXT = readFileSync(join(__dirname, '../../fixtures/extra', FILE), 'utf8');

describe('megatron-yaml: detection', () => {
  it('claims a --yaml-cfg file', () => {
    assert.equal(detectFormat(parseYaml(TEXT), FILE)?.id, 'megatron-yaml');
  });

  it('ordinary YAML and the other Megatron-style YAML formats score below 0.3', () => {
    for (const [name, text] of Object.entries(ORDINARY_YAML)) assert.ok(megatronYaml.detect(parseYaml(text), name) < 0.3, name);
    for (const f of ['NeMo-Framework-Launcher/175b.yaml', 'gpt-neox/20B.yml', 'smollm/stage1_8T.yaml']) {
      assert.ok(megatronYaml.detect(parseYaml(readFixture(f)), f) < 0.3, f);
    }
  });
});

describe('megatron-yaml: gpt_config-style file', () => {
  const run = megatronYaml.extract(parseYaml(TEXT), FILE);

  it('architecture from language_model: and flat keys', () => {
    golden(run.arch.layers, 24, 'file', 7);
    golden(run.arch.hiddenSize, 2048, 'file', 8);
    golden(run.arch.heads, 16, 'file', 9);
    golden(run.arch.kvHeads, 4, 'file', 10);
    golden(run.arch.ffnHiddenSize, 5632, 'file', 12);
    golden(run.arch.ffnActivation, 'swiglu', 'file', 136);
    golden(run.arch.tiedEmbeddings, false, 'file', 131);
    golden(run.arch.vocabSize, 32000, 'companion', 236);
    assert.equal(run.arch.moe, undefined, 'num_moe_experts: null');
  });

  it('parallelism and precision from model_parallel:', () => {
    golden(run.parallel.tp, 2, 'file', 77);
    golden(run.parallel.cp, 1, 'file', 78);
    golden(run.parallel.pp, 2, 'file', 79);
    golden(run.parallel.ep, 1, 'file', 82);
    golden(run.precision, 'bf16', 'file', 90);
    golden(run.recompute, 'selective', 'file', 48);
    assert.equal(run.gpus, undefined, 'GPUs come from the launcher');
  });

  it('batch and schedule: samples, not iterations (train_iters: null), with the ramp noted', () => {
    golden(run.microBatch, 2, 'file', 114);
    golden(run.globalBatch, 512, 'file', 115);
    assert.match(run.globalBatch?.detail ?? '', /ramps up from 32 by 32 over 65324160 samples/);
    golden(run.seqLength, 4096, 'file', 228);
    golden(run.trainSamples, 268554688, 'file', 241);
    assert.equal(run.trainIters, undefined);
    assert.ok(!run.findings.some((f) => f.code === 'value-deferred' || f.severity === 'warning'), JSON.stringify(run.findings));
  });
});

describe('megatron-yaml: Megatron rules on edits', () => {
  const edit = (from: string, to: string) => megatronYaml.extract(parseYaml(TEXT.replace(from, to)), FILE);

  it('ffn_hidden_size null: SwiGLU default int(4·h·2/3/64)·64 = 5440 for h 2048', () => {
    golden(edit('ffn_hidden_size: 5632', 'ffn_hidden_size: null').arch.ffnHiddenSize, 5440, 'default');
  });

  it('no SwiGLU anywhere: GELU, FFN 4·h', () => {
    const run = megatronYaml.extract(
      parseYaml(TEXT.replace('swiglu: True', 'swiglu: False').replace('activation_func: swiglu', 'activation_func: gelu').replace('ffn_hidden_size: 5632', 'ffn_hidden_size: null')),
      FILE,
    );
    golden(run.arch.ffnActivation, 'gelu', 'file', 25);
    golden(run.arch.ffnHiddenSize, 8192, 'default');
  });

  it('query groups without group_query_attention are ignored, with a finding', () => {
    const run = edit('group_query_attention: True', 'group_query_attention: False');
    assert.equal(run.arch.kvHeads, undefined);
    assert.ok(run.findings.some((f) => f.code === 'gqa-flag-missing' && f.span?.line === 9));
  });

  it('TP 4 pads the Llama vocabulary to a multiple of 512; fp8 hybrid wins over bf16; MoE with top-k', () => {
    const run = megatronYaml.extract(
      parseYaml(TEXT.replace('tensor_model_parallel_size: 2', 'tensor_model_parallel_size: 4').replace('fp8: null', 'fp8: hybrid').replace('num_moe_experts: null', 'num_moe_experts: 8')),
      FILE,
    );
    golden(run.arch.vocabSize, 32256, 'derived', 236);
    golden(run.precision, 'fp8', 'file', 54);
    golden(run.arch.moe?.experts, 8, 'file', 26);
    golden(run.arch.moe?.topK, 2, 'file', 68);
  });

  it('iterations with a ramp: an info finding that samples are overstated', () => {
    const run = megatronYaml.extract(parseYaml(TEXT.replace('train_iters: null', 'train_iters: 500000').replace('train_samples: 268554688', 'train_samples: null')), FILE);
    golden(run.trainIters, 500000, 'file', 201);
    assert.ok(run.findings.some((f) => f.code === 'batch-rampup'));
  });
});
