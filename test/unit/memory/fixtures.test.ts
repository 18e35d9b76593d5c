// Memory per GPU on the real public configs: every fixture that fixes its model and batch gets an itemised estimate
// with a verdict, and the estimate reads each format's own keys (distributed optimizer, sequence parallel, FSDP, the
// BF16 optimizer, dropout, pipeline stages).
import { strict as assert } from 'node:assert';
import { analyze } from '../../../src/core/analyze';
import { fixtureNames, readFixture } from '../helpers/fixtures';

const GIB = 2 ** 30;
const of = (name: string) => analyze(readFixture(name), { fileName: name });
const gib = (bytes: number) => Number((bytes / GIB).toFixed(1));

describe('memory per GPU on the shipped configs', () => {
  it('every config that fixes its model shape, sequence and micro-batch has a total, a capacity and a verdict', () => {
    let counted = 0;
    for (const name of fixtureNames()) {
      const a = of(name);
      const run = a.run;
      const fixed = run?.arch.layers && run.arch.hiddenSize && run.arch.heads && run.arch.vocabSize && run.seqLength && run.microBatch;
      if (!fixed) {
        assert.equal(a.memory, null, `${name}: no estimate without the model and batch`);
        continue;
      }
      counted++;
      const m = a.memory;
      assert.ok(m, `${name}: memory estimate`);
      assert.ok(Number.isFinite(m.busiest.totalBytes) && m.busiest.totalBytes > 0, name);
      for (const [k, v] of Object.entries(m.busiest.components)) assert.ok(Number.isFinite(v) && v >= 0, `${name}: ${k} = ${v}`);
      assert.ok(m.capacityBytes > 0);
      assert.ok(['fits', 'tight', 'does-not-fit'].includes(m.verdict));
    }
    assert.ok(counted >= 20, `only ${counted} configs estimated`);
  });

  it('Megatron-LM Llama 3 8B (FP8, TP 1, 8 GPUs): bf16 weights 2 B, fp32 main grads 4 B, distributed optimizer 12/8 B per parameter; does not fit at 8k with no recomputation', () => {
    const a = of('Megatron-LM/train_llama3_8b_h100_fp8.sh');
    const m = a.memory!;
    const params = a.run!.params!.value;
    const c = m.busiest.components;
    assert.equal(Math.round(c.weights), 2 * params);
    assert.equal(Math.round(c.gradients), 4 * params);
    assert.equal(Math.round(c.optimizer), Math.round((12 * params) / 8));
    assert.equal(m.inputs.sequenceParallel, true);
    assert.equal(m.inputs.dropout, false, '--attention-dropout 0.0 and --hidden-dropout 0.0');
    assert.equal(m.verdict, 'does-not-fit');
    const f = a.findings.find((x) => x.code === 'will-not-fit');
    assert.ok(f && f.severity === 'error');
    assert.match(f.message, /GB over/);
    assert.equal(f.key, '--micro-batch-size');
    assert.ok(f.span, 'the diagnostic sits on the micro-batch flag');
  });

  it('NeMo GPT-3 175B (TP 4, PP 8, SP, distributed Adam): the first pipeline stage is the busiest and fits on 80 GB', () => {
    const m = of('NeMo-Framework-Launcher/175b.yaml').memory!;
    assert.equal(m.busiest.stage, 'first');
    assert.equal(m.inputs.convention, 'megatron');
    assert.equal(m.inputs.zeroStage, 1, 'distributed_fused_adam shards the optimizer');
    assert.equal(m.inputs.sequenceParallel, true);
    const [first, last] = m.stages;
    assert.ok(first!.components.activations > last!.components.activations, 'stage 0 holds p micro-batches');
    assert.ok(last!.components.logits > 0 && first!.components.logits === 0, 'the logits live on the last stage');
    assert.equal(m.verdict, 'fits');
  });

  it('BLOOM 176B (Megatron-DeepSpeed, bf16, ZeRO stage 0): the BF16 optimizer shards like ZeRO-1, so it fits on A100 80GB', () => {
    const m = of('bigscience/tr11-176B-ml.slurm').memory!;
    assert.equal(m.inputs.zeroStage, 1);
    assert.ok(m.assumptions.some((x) => x.name === 'zeroStage' && /BF16_Optimizer/.test(x.detail)));
    assert.equal(m.gpu.id, 'a100-80gb');
    assert.notEqual(m.verdict, 'does-not-fit');
  });

  it('GPT-NeoX 20B: NeoX attention stores the scores (no flash named), PP 4 with full recomputation', () => {
    const m = of('gpt-neox/20B.yml').memory!;
    assert.equal(m.inputs.flashAttention, false);
    assert.equal(m.inputs.recompute, 'full');
    assert.equal(m.inputs.pp, 4);
    assert.equal(m.inputs.zeroStage, 1);
  });

  it('torchtitan Llama 3 8B: FSDP2 shards everything over the GPUs; with no GPU count one 8-GPU node is assumed and said', () => {
    const m = of('torchtitan/llama3_8b.toml').memory!;
    assert.equal(m.inputs.zeroStage, 3);
    assert.equal(m.inputs.dp, 8);
    assert.ok(m.assumptions.some((x) => x.name === 'dataParallel' && x.source === 'default'));
    assert.ok(m.busiest.components.temporary > 0, 'one gathered layer');
  });

  it('torchtitan Llama 3 70B (TP 8, no GPU count): no false alarm; says from how many GPUs it fits', () => {
    const a = of('torchtitan/llama3_70b.toml');
    assert.equal(
      a.findings.some((f) => f.code === 'will-not-fit'),
      false,
    );
    const f = a.findings.find((x) => x.code === 'memory-needs-gpus');
    assert.ok(f, 'memory-needs-gpus');
    assert.match(f.message, /fits on NVIDIA H100 SXM5 80GB from \d+ GPUs/);
  });

  it('a larger micro-batch raises activations linearly and the model states not at all', () => {
    const text = readFixture('NeMo-Framework-Launcher/llama2_70b.yaml');
    const one = analyze(text, { fileName: 'a.yaml' }).memory!;
    const two = analyze(text.replace(/micro_batch_size: 1\b/, 'micro_batch_size: 2'), { fileName: 'a.yaml' }).memory!;
    const [c1, c2] = [one.busiest.components, two.busiest.components];
    assert.equal(c2.weights + c2.gradients + c2.optimizer, c1.weights + c1.gradients + c1.optimizer);
    assert.ok(Math.abs(c2.activations / c1.activations - 2) < 0.01, `${gib(c1.activations)} → ${gib(c2.activations)}`);
  });

  it('the framework overhead is a declared input: 2 GB by default, changed by the flag/setting and said so', () => {
    const name = 'NeMo-Framework-Launcher/llama2_70b.yaml';
    const base = of(name).memory!;
    const more = analyze(readFixture(name), { fileName: name, overrides: { memoryOverheadGB: 5 } }).memory!;
    assert.equal(Math.round((more.busiest.components.overhead - base.busiest.components.overhead) / GIB), 3);
    const said = more.assumptions.find((x) => x.name === 'frameworkOverhead')!;
    assert.equal(said.source, 'override');
    assert.match(said.detail, /--memory-overhead/);
    assert.equal(base.assumptions.find((x) => x.name === 'frameworkOverhead')!.source, 'default');
  });

  describe('each JAX and PyTorch-native format shards its states as its framework does (per parameter of the model shape)', () => {
    /** Parameters the estimate holds on one stage before sharding: weights at 2 B each (bf16) divide back to it. */
    const perParam = (name: string) => {
      const m = of(name).memory!;
      const c = m.busiest.components;
      const i = m.inputs;
      const params = i.shape.embeddingParams + i.shape.layers * (i.shape.attentionParamsPerLayer + i.shape.denseFfnParamsPerLayer);
      return { m, i, weights: c.weights / params, optimizer: c.optimizer / params, gradients: c.gradients / params };
    };
    const near = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual / expected - 1) < 0.01, `${what}: ${actual} B/param, expected ${expected}`);

    it('llm-foundry (FSDP FULL_SHARD over one 8-GPU node): 2, 2 and 12 B per parameter, each an eighth', () => {
      const { i, weights, gradients, optimizer } = perParam('llm-foundry/hf-llama-3.1-8B.yaml');
      assert.equal(i.zeroStage, 3);
      assert.equal(i.shardGroup, 8);
      near(weights, 2 / 8, 'weights');
      near(gradients + weights, (2 + 2) / 8, 'weights and gradients');
      near(optimizer, 12 / 8, 'fp32 master and Adam states');
    });

    it('MaxText on a TPU slice (v5e 16B, 256 chips, FSDP over all): every state sharded 256 ways', () => {
      const { i, weights, optimizer } = perParam('maxtext/tpu/v5e/16b.sh');
      assert.equal(i.shardGroup, 256, 'ici_fsdp_parallelism over the whole slice');
      near(weights, 2 / 256, 'weights');
      near(optimizer, 12 / 256, 'optimizer states');
    });

    it('Levanter (fsdp_axis "embed" by default) and OLMo (FSDP FULL_SHARD by default) shard every state over the data-parallel GPUs', () => {
      // The Levanter file writes its fsdp_axis; the OLMo file leaves the strategy to OLMo's default.
      for (const [name, source] of [
        ['levanter/llama2_7b.yaml', 'file'],
        ['OLMo/OLMo-1B.yaml', 'default'],
      ] as const) {
        const { m, i, weights, optimizer } = perParam(name);
        assert.equal(i.zeroStage, 3, name);
        assert.equal(i.shardGroup, 8, `${name}: one 8-GPU node assumed`);
        assert.equal(m.assumptions.find((x) => x.name === 'zeroStage')!.source, source, name);
        near(weights, 2 / 8, `${name} weights`);
        near(optimizer, 12 / 8, `${name} optimizer`);
      }
      const unsharded = readFixture('levanter/llama2_7b.yaml').replace(/^(\s*)fsdp_axis:.*$/m, '$1fsdp_axis: null');
      assert.notEqual(unsharded, readFixture('levanter/llama2_7b.yaml'));
      const m = analyze(unsharded, { fileName: 'llama2_7b.yaml' }).memory!;
      assert.equal(m.inputs.zeroStage, 0, 'trainer.fsdp_axis: null shards nothing');
      assert.equal(m.assumptions.find((x) => x.name === 'zeroStage')!.source, 'file');
    });
  });
});
