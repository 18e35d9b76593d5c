// NeMo and NeMo-launcher YAML -> run specs: golden values with their provenance and lines for each real file,
// interpolations resolved (or reported with why), both roots of launcher files, and detection.
import assert from 'node:assert/strict';
import { analyze } from '../../../src/core/analyze';
import { nemoYaml } from '../../../src/core/formats/nemo';
import { detectFormat } from '../../../src/core/formats/registry';
import { parseYaml } from '../../../src/core/parse/yaml';
import type { RunSpec } from '../../../src/core/types';
import { readFixture } from '../helpers/fixtures';
import { ORDINARY_YAML } from './ordinary-yaml';
import { golden } from '../helpers/golden';

function extract(name: string): RunSpec {
  return nemoYaml.extract(parseYaml(readFixture(name)), name);
}

const NEMO_FILES = [
  'NeMo/megatron_gpt_config.yaml',
  'NeMo/megatron_llama_config.yaml',
  'NeMo-Framework-Launcher/175b.yaml',
  'NeMo-Framework-Launcher/llama2_70b.yaml',
  'NeMo-Framework-Launcher/llama3_1_405b.yaml',
  'NeMo-Framework-Launcher/llama3_1_8b.yaml',
];

describe('nemo-yaml: detection', () => {
  it('claims every NeMo and launcher fixture', () => {
    for (const f of NEMO_FILES) assert.equal(detectFormat(parseYaml(readFixture(f)), f)?.id, 'nemo-yaml', f);
  });

  it('ordinary YAML (compose, workflow, k8s, a Lightning config without Megatron keys) scores below 0.3', () => {
    for (const [name, text] of Object.entries(ORDINARY_YAML)) assert.ok(nemoYaml.detect(parseYaml(text), name) < 0.3, name);
    const lightning = parseYaml('trainer:\n  max_epochs: 10\n  devices: 2\nmodel:\n  lr: 0.001\n  dropout: 0.1\n');
    assert.ok(nemoYaml.detect(lightning, 'config.yaml') < 0.3);
  });
});

describe('nemo-yaml: launcher files', () => {
  it('GPT-3 175B: 128 × 8 GPUs, FFN from ${multiply:4, ${.hidden_size}}, GPT-2 vocabulary padded to 512, bf16', () => {
    const run = extract('NeMo-Framework-Launcher/175b.yaml');
    golden(run.nodes, 128, 'file', 16);
    golden(run.gpusPerNode, 8, 'file', 17);
    golden(run.precision, 'bf16', 'file', 19);
    golden(run.trainIters, 75000, 'file', 24);
    golden(run.microBatch, 1, 'file', 58);
    golden(run.globalBatch, 2048, 'file', 59);
    golden(run.parallel.cp, 1, 'file', 61);
    golden(run.parallel.tp, 4, 'file', 62);
    golden(run.parallel.pp, 8, 'file', 63);
    golden(run.seqLength, 2048, 'file', 67);
    golden(run.arch.layers, 96, 'file', 69);
    golden(run.arch.hiddenSize, 12288, 'file', 70);
    golden(run.arch.ffnHiddenSize, 49152, 'derived', 71);
    assert.match(run.arch.ffnHiddenSize?.detail ?? '', /\$\{multiply:4, \$\{\.hidden_size\}\} = 49,152/);
    golden(run.arch.heads, 96, 'file', 72);
    assert.equal(run.arch.kvHeads, undefined, 'num_query_groups: null is plain multi-head attention');
    golden(run.arch.ffnActivation, 'gelu', 'default');
    golden(run.arch.tiedEmbeddings, true, 'default');
    golden(run.arch.vocabSize, 50688, 'derived', 114);
    golden(run.recompute, 'none', 'file', 99);
    const ffnKey = run.keys.find((k) => k.key === 'model.ffn_hidden_size');
    assert.equal(ffnKey?.value, 49152);
    assert.equal(ffnKey?.valueSpan, undefined, 'an interpolation is not a literal to overwrite');
    assert.deepEqual(run.findings, [], 'null model keys (num_query_groups, kv_channels) are "not used", not findings');
  });

  it('Llama 2 70B: GQA 8, fast-swiglu gated, untied, SentencePiece vocabulary named through ${data_dir}', () => {
    const run = extract('NeMo-Framework-Launcher/llama2_70b.yaml');
    golden(run.nodes, 128, 'file', 15);
    golden(run.gpusPerNode, 8, 'file', 16);
    golden(run.arch.layers, 80, 'file', 64);
    golden(run.arch.ffnHiddenSize, 28672, 'file', 66);
    golden(run.arch.kvHeads, 8, 'file', 68);
    golden(run.arch.ffnActivation, 'swiglu', 'file', 84);
    golden(run.arch.tiedEmbeddings, false, 'file', 93);
    golden(run.arch.vocabSize, 32256, 'derived', 97);
    golden(run.seqLength, 4096, 'file', 62);
    golden(run.trainIters, 300000, 'file', 23);
  });

  it('Llama 3.1 405B: 576 × 8 GPUs, TP 8 × PP 9 × CP 2, 16 query groups as written', () => {
    const run = extract('NeMo-Framework-Launcher/llama3_1_405b.yaml');
    golden(run.nodes, 576, 'file', 15);
    golden(run.gpusPerNode, 8, 'file', 16);
    golden(run.parallel.tp, 8, 'file', 60);
    golden(run.parallel.pp, 9, 'file', 61);
    golden(run.parallel.cp, 2, 'file', 63);
    golden(run.seqLength, 8192, 'file', 64);
    golden(run.globalBatch, 2016, 'file', 58);
    golden(run.arch.layers, 126, 'file', 66);
    golden(run.arch.hiddenSize, 16384, 'file', 67);
    golden(run.arch.ffnHiddenSize, 53248, 'file', 68);
    golden(run.arch.heads, 128, 'file', 69);
    golden(run.arch.kvHeads, 16, 'file', 70);
    golden(run.arch.vocabSize, 129024, 'derived', 99);
  });

  it('Llama 3.1 8B: vocabulary from the HF tokenizer name, already a multiple of 128 × TP 1', () => {
    const run = extract('NeMo-Framework-Launcher/llama3_1_8b.yaml');
    golden(run.arch.vocabSize, 128256, 'companion', 100);
    golden(run.nodes, 16, 'file', 15);
    golden(run.parallel.cp, 2, 'file', 63);
  });

  it('the same launcher file nested under `training:` reads the same', () => {
    const flat = readFixture('NeMo-Framework-Launcher/175b.yaml');
    const nested =
      'training:\n' +
      flat
        .split('\n')
        .map((l) => (l.trim() ? `  ${l}` : l))
        .join('\n');
    const cfg = parseYaml(nested);
    assert.ok(nemoYaml.detect(cfg, '175b.yaml') >= 0.5);
    const run = nemoYaml.extract(cfg, '175b.yaml');
    golden(run.nodes, 128, 'file', 17);
    golden(run.arch.layers, 96, 'file', 70);
    golden(run.arch.ffnHiddenSize, 49152, 'derived', 72);
    assert.equal(run.keys.find((k) => k.role === 'layers')?.key, 'training.model.num_layers');
  });
});

describe('nemo-yaml: NeMo example configs', () => {
  it('megatron_gpt_config: 1 × 1 device, bf16, GPT-2 vocabulary padded to 50304, tied', () => {
    const run = extract('NeMo/megatron_gpt_config.yaml');
    golden(run.gpusPerNode, 1, 'file', 8);
    golden(run.nodes, 1, 'file', 9);
    golden(run.precision, 'bf16', 'file', 11);
    golden(run.trainIters, 100000, 'file', 16);
    golden(run.microBatch, 4, 'file', 81);
    golden(run.globalBatch, 8, 'file', 82);
    golden(run.seqLength, 512, 'file', 90);
    golden(run.arch.layers, 12, 'file', 92);
    golden(run.arch.hiddenSize, 768, 'file', 93);
    golden(run.arch.ffnActivation, 'gelu', 'file', 111);
    golden(run.arch.tiedEmbeddings, true, 'file', 119);
    golden(run.arch.vocabSize, 50304, 'derived', 137);
  });

  it('megatron_llama_config: precision 32 is fp32; fp8_hybrid alone does not switch fp8 on; vocabulary unknown', () => {
    const run = extract('NeMo/megatron_llama_config.yaml');
    golden(run.precision, 'fp32', 'file', 6);
    golden(run.arch.kvHeads, 32, 'file', 88);
    golden(run.arch.ffnActivation, 'swiglu', 'file', 77);
    assert.equal(run.arch.vocabSize, undefined, 'the SentencePiece model is ??? in the file');
  });
});

describe('nemo-yaml: edits a user makes', () => {
  const base = (extra: string) =>
    `trainer:\n  num_nodes: 2\n  devices: 8\n  precision: 16-mixed\n  max_steps: 1000\nmodel:\n  micro_batch_size: 1\n  global_batch_size: 64\n  num_layers: 4\n  hidden_size: 256\n  num_attention_heads: 4\n${extra}`;

  it('16-mixed is fp16; model.fp8 true wins; MoE experts with Megatron top-k default; full recompute', () => {
    let run = nemoYaml.extract(parseYaml(base('')), 'c.yaml');
    golden(run.precision, 'fp16', 'file', 4);
    run = nemoYaml.extract(parseYaml(base('  fp8: true\n  num_moe_experts: 8\n  activations_checkpoint_granularity: full\n')), 'c.yaml');
    golden(run.precision, 'fp8', 'file', 12);
    golden(run.arch.moe?.experts, 8, 'file', 13);
    golden(run.arch.moe?.topK, 2, 'default');
    golden(run.recompute, 'full', 'file', 14);
  });

  it('an unresolvable interpolation on a read key is reported with its reason, not guessed', () => {
    const run = nemoYaml.extract(parseYaml(base('  encoder_seq_length: ${oc.env:SEQ}\n  ffn_hidden_size: ${.ffn}\n  ffn: ${.ffn_hidden_size}\n')), 'c.yaml');
    assert.equal(run.seqLength, undefined);
    assert.equal(run.arch.ffnHiddenSize, undefined);
    const seq = run.findings.find((f) => f.key === 'model.encoder_seq_length');
    assert.equal(seq?.code, 'unresolved-reference');
    assert.match(seq?.message ?? '', /line 12.*oc\.env/);
    const ffn = run.findings.find((f) => f.key === 'model.ffn_hidden_size');
    assert.match(ffn?.message ?? '', /line 13.*cycle/);
  });

  it('devices -1 and max_steps -1 are deferred (info), not implausible', () => {
    const run = nemoYaml.extract(parseYaml(base('').replace('devices: 8', 'devices: -1').replace('max_steps: 1000', 'max_steps: -1')), 'c.yaml');
    assert.equal(run.gpusPerNode, undefined);
    assert.equal(run.trainIters, undefined);
    const deferred = run.findings.filter((f) => f.code === 'value-deferred').map((f) => f.key);
    assert.deepEqual(deferred.sort(), ['trainer.devices', 'trainer.max_steps']);
    assert.ok(!run.findings.some((f) => f.code === 'implausible-value'));
  });
});

describe('nemo-yaml: through analysis', () => {
  it('GPT-3 175B launcher: 1,024 GPUs and 75,000 × 2,048 × 2,048 = 315B tokens', () => {
    const a = analyze(readFixture('NeMo-Framework-Launcher/175b.yaml'), { fileName: '175b.yaml' });
    assert.equal(a.format, 'nemo-yaml');
    assert.equal(a.run?.gpus?.value, 1024);
    assert.equal(a.run?.tokens?.value, 75_000 * 2048 * 2048);
    const params = a.run?.params?.value ?? 0;
    assert.ok(Math.abs(params / 175e9 - 1) < 0.01, `GPT-3 175B (Brown et al. 2020): ${params}`);
  });
});

describe('nemo-yaml: batch ramp-up', () => {
  it('rampup_batch_size as a list is noted on the global batch, with an info finding for a step-bounded run', () => {
    const text = readFixture('NeMo/megatron_gpt_config.yaml').replace('rampup_batch_size: null', 'rampup_batch_size: [2, 2, 1000]');
    const run = nemoYaml.extract(parseYaml(text), 'megatron_gpt_config.yaml');
    assert.match(run.globalBatch?.detail ?? '', /ramps up from 2 by 2 over 1000 samples/);
    const f = run.findings.find((x) => x.code === 'batch-rampup');
    assert.equal(f?.key, 'model.rampup_batch_size.0');
    assert.equal(f?.span?.line, 82);
    assert.ok(!extract('NeMo/megatron_gpt_config.yaml').findings.some((x) => x.code === 'batch-rampup'), 'null is no ramp');
  });
});
