// DeepSpeed JSON -> run specs: golden values and lines for the real configs, "auto" as deferred, and detection that
// leaves ordinary JSON files alone.
import assert from 'node:assert/strict';
import { analyze } from '../../../src/core/analyze';
import { deepspeedJson } from '../../../src/core/formats/deepspeed';
import { detectFormat } from '../../../src/core/formats/registry';
import { parseJson } from '../../../src/core/parse/json';
import type { RunSpec } from '../../../src/core/types';
import { readFixture } from '../helpers/fixtures';
import { golden } from '../helpers/golden';

function extract(name: string): RunSpec {
  return deepspeedJson.extract(parseJson(readFixture(name)), name);
}

describe('deepspeed-json: detection', () => {
  it('claims both DeepSpeed fixtures', () => {
    for (const f of ['DeepSpeedExamples/ds_config.json', 'stanford_alpaca/default_offload_opt_param.json']) {
      assert.equal(detectFormat(parseJson(readFixture(f)), f)?.id, 'deepspeed-json', f);
    }
  });

  it('package.json and tsconfig.json score 0', () => {
    const pkg = parseJson('{"name":"x","version":"1.0.0","scripts":{"test":"mocha"},"dependencies":{"yaml":"2.8.1"}}');
    const ts = parseJson('{"compilerOptions":{"strict":true,"target":"ES2022"},"include":["src"]}');
    assert.equal(deepspeedJson.detect(pkg, 'package.json'), 0);
    assert.equal(deepspeedJson.detect(ts, 'tsconfig.json'), 0);
    assert.equal(detectFormat(pkg, 'package.json'), undefined);
  });

  it('a JSON that only mentions fp16 stays below the threshold', () => {
    const cfg = parseJson('{"fp16": {"enabled": true}, "name": "export settings"}');
    assert.ok(deepspeedJson.detect(cfg, 'export.json') < 0.3);
  });
});

describe('deepspeed-json: real configs', () => {
  it('DeepSpeedExamples pipeline config: batch 256, micro 8, fp32 by default, keys recorded', () => {
    const run = extract('DeepSpeedExamples/ds_config.json');
    golden(run.globalBatch, 256, 'file', 2);
    golden(run.microBatch, 8, 'file', 3);
    assert.equal(run.gradAccum, undefined, 'accumulation is not in the file');
    golden(run.precision, 'fp32', 'default');
    assert.equal(run.zeroStage, undefined);
    assert.equal(run.gpus, undefined, 'the file says nothing about GPUs');
    const roles = run.keys.map((k) => `${k.role}:${k.key}:${k.span.line + 1}`);
    assert.deepEqual(roles, ['globalBatch:train_batch_size:2', 'microBatch:train_micro_batch_size_per_gpu:3', 'optimizer:optimizer.type:6']);
    assert.equal(run.memory?.optimizer?.value, 'adam', 'optimizer.type Adam is read for the memory estimate');
    const batchKey = run.keys[0];
    assert.ok(batchKey?.valueSpan);
    assert.equal(readFixture('DeepSpeedExamples/ds_config.json').slice(batchKey.valueSpan.start, batchKey.valueSpan.end), '256');
  });

  it('Alpaca offload config: "auto" is deferred to the trainer (info, not an error); ZeRO-3 read', () => {
    const run = extract('stanford_alpaca/default_offload_opt_param.json');
    golden(run.zeroStage, 3, 'file', 24);
    assert.equal(run.globalBatch, undefined);
    assert.equal(run.microBatch, undefined);
    assert.equal(run.gradAccum, undefined);
    assert.equal(run.precision, undefined, 'bf16 "auto" is decided by the trainer');
    const deferred = run.findings.filter((f) => f.code === 'value-deferred');
    assert.deepEqual(deferred.map((f) => `${f.key}@${(f.span?.line ?? -1) + 1}`).sort(), [
      'bf16.enabled@3',
      'gradient_accumulation_steps@43',
      'train_batch_size@46',
      'train_micro_batch_size_per_gpu@47',
    ]);
    assert.ok(deferred.every((f) => f.severity === 'info'));
    assert.ok(!run.findings.some((f) => f.severity === 'error' || f.severity === 'warning'), JSON.stringify(run.findings));
    assert.ok(run.keys.some((k) => k.role === 'precision' && k.key === 'bf16.enabled'));
  });
});

describe('deepspeed-json: settings a user writes', () => {
  it('all three batch numbers set: completion can derive DP; bf16 and checkpointing read', () => {
    const text = [
      '{',
      '  "train_batch_size": 1024,',
      '  "train_micro_batch_size_per_gpu": 4,',
      '  "gradient_accumulation_steps": 8,',
      '  "bf16": { "enabled": true },',
      '  "fp16": { "enabled": false },',
      '  "zero_optimization": { "stage": 0 },',
      '  "activation_checkpointing": { "partition_activations": true }',
      '}',
    ].join('\n');
    const run = deepspeedJson.extract(parseJson(text), 'ds.json');
    golden(run.globalBatch, 1024, 'file', 2);
    golden(run.microBatch, 4, 'file', 3);
    golden(run.gradAccum, 8, 'file', 4);
    golden(run.precision, 'bf16', 'file', 5);
    golden(run.zeroStage, 0, 'file', 7);
    golden(run.recompute, 'full', 'file', 8);
  });

  it('fp16 enabled gives fp16; a negative batch is reported, not used', () => {
    const run = deepspeedJson.extract(parseJson('{"train_batch_size": -8, "fp16": {"enabled": true, "loss_scale": 0}}'), 'ds.json');
    golden(run.precision, 'fp16', 'file', 1);
    assert.equal(run.globalBatch, undefined);
    assert.ok(run.findings.some((f) => f.code === 'implausible-value' && f.key === 'train_batch_size'));
  });
});

describe('deepspeed-json: through analysis', () => {
  it('train_batch_size ÷ (micro × accumulation) gives the data-parallel size and the GPU count', () => {
    const text = '{\n  "train_batch_size": 512,\n  "train_micro_batch_size_per_gpu": 4,\n  "gradient_accumulation_steps": 2,\n  "bf16": {"enabled": true}\n}\n';
    const a = analyze(text, { fileName: 'ds_config.json' });
    assert.equal(a.format, 'deepspeed-json');
    assert.equal(a.run?.parallel.dp?.value, 64);
    assert.equal(a.run?.gpus?.value, 64);
    assert.equal(a.run?.gpus?.source, 'derived');
  });

  it('the Alpaca all-"auto" file is a run with everything missing, not an error', () => {
    const a = analyze(readFixture('stanford_alpaca/default_offload_opt_param.json'), { fileName: 'default_offload_opt_param.json' });
    assert.equal(a.format, 'deepspeed-json');
    assert.ok(a.run?.missing.includes('params'));
    assert.ok(a.run?.missing.includes('gpus'));
    assert.ok(!a.findings.some((f) => f.severity === 'error'));
  });
});
