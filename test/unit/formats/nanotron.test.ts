// nanotron YAML -> run spec: SmolLM3's stage-1 config read field by field with its lines, GPUs = dp × tp × pp as
// the file states them, and detection that leaves other YAML alone.
import assert from 'node:assert/strict';
import { analyze } from '../../../src/core/analyze';
import { nanotronYaml } from '../../../src/core/formats/nanotron';
import { detectFormat } from '../../../src/core/formats/registry';
import { countParams } from '../../../src/core/model/params';
import { parseYaml } from '../../../src/core/parse/yaml';
import { readFixture } from '../helpers/fixtures';
import { ORDINARY_YAML } from './ordinary-yaml';
import { golden } from '../helpers/golden';

const SMOLLM = 'smollm/stage1_8T.yaml';

describe('nanotron-yaml: detection', () => {
  it('claims the SmolLM3 config', () => {
    assert.equal(detectFormat(parseYaml(readFixture(SMOLLM)), SMOLLM)?.id, 'nanotron-yaml');
  });

  it('ordinary YAML and other training formats score below 0.3', () => {
    for (const [name, text] of Object.entries(ORDINARY_YAML)) assert.ok(nanotronYaml.detect(parseYaml(text), name) < 0.3, name);
    for (const f of ['NeMo-Framework-Launcher/175b.yaml', 'gpt-neox/20B.yml', 'OLMo/OLMo-1B.yaml', 'llm-foundry/mpt-7b.yaml']) {
      assert.ok(nanotronYaml.detect(parseYaml(readFixture(f)), f) < 0.3, f);
    }
  });
});

describe('nanotron-yaml: SmolLM3 stage 1', () => {
  const run = nanotronYaml.extract(parseYaml(readFixture(SMOLLM)), SMOLLM);

  it('architecture from model.model_config with lines', () => {
    golden(run.arch.layers, 36, 'file', 187);
    golden(run.arch.hiddenSize, 2048, 'file', 180);
    golden(run.arch.ffnHiddenSize, 11008, 'file', 182);
    golden(run.arch.heads, 16, 'file', 186);
    golden(run.arch.kvHeads, 4, 'file', 188);
    golden(run.arch.vocabSize, 128256, 'file', 198);
    golden(run.arch.tiedEmbeddings, true, 'file', 196);
    golden(run.arch.ffnActivation, 'swiglu', 'file', 179);
    assert.equal(run.arch.moe, undefined, 'moe_config: null');
    const p = countParams(run.arch);
    assert.ok(p && Math.abs(p.total / 3.075e9 - 1) < 0.01, `SmolLM3 3B (HF model card): ${p?.total}`);
  });

  it('384 GPUs = dp 192 × tp 2 × pp 1, stated by the file (derived, pointing at dp)', () => {
    golden(run.parallel.dp, 192, 'file', 225);
    golden(run.parallel.tp, 2, 'file', 231);
    golden(run.parallel.pp, 1, 'file', 228);
    golden(run.gpus, 384, 'derived', 225);
    assert.match(run.gpus?.detail ?? '', /parallelism\.dp: 192 × parallelism\.tp: 2 × parallelism\.pp: 1/);
  });

  it('schedule and batch from tokens:, bf16 from model.dtype, no recompute, ZeRO 0', () => {
    golden(run.trainIters, 4720000, 'file', 255);
    golden(run.microBatch, 3, 'file', 253);
    golden(run.gradAccum, 1, 'file', 250);
    golden(run.seqLength, 4096, 'file', 254);
    assert.equal(run.globalBatch, undefined, 'completion derives it from micro × accumulation × dp');
    golden(run.precision, 'bf16', 'file', 165);
    golden(run.recompute, 'none', 'file', 230);
    golden(run.zeroStage, 0, 'file', 222);
  });

  it("the evaluation block's own parallelism (lighteval.parallelism) is not read", () => {
    assert.ok(!run.keys.some((k) => k.key.startsWith('lighteval.')));
    assert.ok(run.keys.some((k) => k.key === 'parallelism.dp' && k.role === 'dp'));
  });
});

describe('nanotron-yaml: edits', () => {
  it('context parallelism multiplies the GPU count; MoE read from moe_config', () => {
    const text = [
      'model:',
      '  dtype: float16',
      '  model_config:',
      '    num_hidden_layers: 4',
      '    hidden_size: 256',
      '    moe_config:',
      '      num_experts: 8',
      '      top_k: 2',
      'parallelism:',
      '  dp: 4',
      '  tp: 2',
      '  pp: 2',
      '  context_parallel_size: 2',
      'tokens:',
      '  train_steps: 10',
      '  micro_batch_size: 1',
      '  batch_accumulation_per_replica: 4',
    ].join('\n');
    const run = nanotronYaml.extract(parseYaml(text), 'c.yaml');
    golden(run.gpus, 32, 'derived', 10);
    golden(run.precision, 'fp16', 'file', 2);
    golden(run.arch.moe?.experts, 8, 'file', 7);
    golden(run.arch.moe?.topK, 2, 'file', 8);
  });
});

describe('nanotron-yaml: through analysis', () => {
  it('global batch 3 × 1 × dp 192 = 576 sequences; tokens = steps × 576 × 4096', () => {
    const a = analyze(readFixture(SMOLLM), { fileName: SMOLLM });
    assert.equal(a.format, 'nanotron-yaml');
    assert.equal(a.run?.gpus?.value, 384);
    assert.equal(a.run?.globalBatch?.value, 576);
    assert.equal(a.run?.tokens?.value, 4_720_000 * 576 * 4096);
  });
});
