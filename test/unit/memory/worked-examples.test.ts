// The memory worked examples (reference memory-worked-examples.md) as exact oracles, through the estimator's own
// functions: ZeRO's model states, Korthikanti's activations, Megatron's distributed optimizer, DeepSpeed's offload
// estimates, LoRA adapters, QLoRA's NF4 constants and 8-bit Adam.
import { strict as assert } from 'node:assert';
import { NF4_BYTES_PER_PARAM, OPTIMIZER_STATE_BYTES } from '../../../src/core/data/memory';
import { inFlight, layerActivation, storedPerLayer } from '../../../src/core/memory/activations';
import { adapterParamsPerLayer, stateBytes } from '../../../src/core/memory/states';
import type { MemoryInputs, MemoryShape } from '../../../src/core/memory/types';
import { flatShape } from '../helpers/memoryShapes';

const GB = 1e9;
const GIB = 2 ** 30;

function inputs(shape: MemoryShape, extra: Partial<MemoryInputs> = {}): MemoryInputs {
  return {
    shape,
    seqLength: 2048,
    microBatch: 1,
    microBatchesPerStep: 1,
    tp: 1,
    pp: 1,
    cp: 1,
    ep: 1,
    dp: 1,
    virtualPipeline: 1,
    sequenceParallel: false,
    precision: 'fp16',
    optimizer: 'adam',
    convention: 'zero',
    zeroStage: 0,
    shardGroup: 1,
    recompute: 'none',
    flashAttention: false,
    dropout: true,
    logitsBytesPerElement: 4,
    frameworkOverheadBytes: 0,
    fragmentationFraction: 0,
    ...extra,
  };
}

const modelStates = (i: MemoryInputs) => {
  const s = stateBytes(i, 'only');
  return s.weights + s.gradients + s.optimizer;
};

describe('memory worked example 1-2, 4: ZeRO model states (ZeRO §1, §5)', () => {
  const cases: Array<[number, number, number, number]> = [
    // Ψ, N_d, stage, GB
    [7.5e9, 64, 0, 120],
    [7.5e9, 64, 1, 31.40625],
    [7.5e9, 64, 2, 16.640625],
    [7.5e9, 64, 3, 1.875],
    [7.5e9, 4, 1, 52.5],
    [7.5e9, 16, 2, 21.5625],
    [128e9, 1024, 1, 513.5],
    [128e9, 256, 3, 8],
    [1e12, 64, 2, 2218.75],
    [1e12, 1024, 3, 15.625],
  ];
  for (const [params, d, stage, expected] of cases) {
    it(`Ψ = ${params / 1e9}B, N_d = ${d}, stage ${stage}: ${expected} GB`, () => {
      const got = modelStates(inputs(flatShape(params), { zeroStage: stage, shardGroup: d, dp: d }));
      assert.equal(Number((got / GB).toFixed(6)), expected);
    });
  }
  it('GPT-2 1.5B: 24 GB of model states, 3 GB of fp16 weights (ZeRO §3)', () => {
    const s = stateBytes(inputs(flatShape(1.5e9)), 'only');
    assert.equal((s.weights + s.gradients + s.optimizer) / GB, 24);
    assert.equal(s.weights / GB, 3);
  });
  it('Stanford Alpaca: fp32 fine-tuning of 7B with Adam is 7 × 4 × 4 = 112 GB', () => {
    assert.equal(modelStates(inputs(flatShape(7e9), { precision: 'fp32' })) / GB, 112);
  });
});

describe('memory worked example 5-6: Korthikanti activations per layer', () => {
  const mha = (h: number, a: number): MemoryShape => ({ ...flatShape(0), hiddenSize: h, heads: a, kvHeads: a, ffnHiddenSize: 4 * h });
  it('5as/h is 80 for GPT-3 and 64 for MT-NLG; selective recompute saves 70.2% and 65.3%', () => {
    for (const [h, a, ratio, share] of [
      [12288, 96, 80, 70.2],
      [20480, 128, 64, 65.3],
    ] as const) {
      const l = layerActivation(mha(h, a), 2048, 1, false);
      const sbh = 2048 * h;
      assert.equal(l.scores / sbh, ratio);
      assert.equal((l.replicated + l.split) / sbh, 34);
      assert.equal(Number(((100 * l.scores) / (l.scores + l.replicated + l.split)).toFixed(1)), share);
    }
  });

  // KORTH Table 2 on the Table 3 models, GB per layer per sequence, s = 2048, t = 8.
  const table: Array<[string, number, number, number[]]> = [
    ['22B', 6144, 64, [1.77, 0.331, 0.221, 0.164, 0.053, 0.025]],
    ['175B', 12288, 96, [2.869, 0.579, 0.359, 0.327, 0.107, 0.05]],
    ['530B', 20480, 128, [4.11, 0.881, 0.514, 0.545, 0.178, 0.084]],
    ['1T', 25600, 160, [5.138, 1.101, 0.642, 0.682, 0.223, 0.105]],
  ];
  const columns: Array<[string, Partial<MemoryInputs>]> = [
    ['no parallelism', { tp: 1 }],
    ['TP', { tp: 8 }],
    ['TP + SP', { tp: 8, sequenceParallel: true }],
    ['TP + selective', { tp: 8, recompute: 'selective' }],
    ['TP + SP + selective', { tp: 8, sequenceParallel: true, recompute: 'selective' }],
    ['full recompute', { tp: 8, recompute: 'full' }],
  ];
  for (const [name, h, a, expected] of table) {
    it(`${name}: ${expected.join(' / ')} GB`, () => {
      const got = columns.map(([, c]) => Number((storedPerLayer(inputs(mha(h, a), c), false) / GB).toFixed(3)));
      assert.deepEqual(got, expected);
    });
  }

  it('1F1B: the first stage holds p micro-batches (L layers in all); interleaving ×1.292 (175B) and ×1.324 (530B)', () => {
    const base = inputs(mha(12288, 96), { pp: 8, microBatchesPerStep: 64 });
    assert.equal(inFlight(base, 'first'), 8);
    assert.equal(inFlight(base, 'last'), 1);
    assert.equal(inFlight({ ...base, microBatchesPerStep: 3 }, 'first'), 3);
    assert.equal(Number((inFlight({ ...base, virtualPipeline: 3 }, 'first') / 8).toFixed(3)), 1.292);
    assert.equal(Number((inFlight({ ...base, pp: 35, virtualPipeline: 3 }, 'first') / 35).toFixed(3)), 1.324);
  });
});

describe('memory worked example 8: Megatron distributed optimizer bytes per parameter', () => {
  for (const [d, distributed, expected] of [
    [1, false, 18],
    [64, false, 18],
    [8, true, 7.5],
    [64, true, 6.1875],
    [1e6, true, 6.000012],
  ] as const) {
    it(`bf16 + fp32 grads, d = ${d}${distributed ? ', distributed' : ''}: ${expected} B/param`, () => {
      const got = modelStates(inputs(flatShape(1e9), { precision: 'bf16', convention: 'megatron', zeroStage: distributed ? 1 : 0, shardGroup: d, dp: d }));
      assert.equal(Number((got / 1e9).toFixed(6)), expected);
    });
  }
  it('fp16 params and grads: 20 B/param, 4 + 16/d distributed; fp32: 16, 8 + 8/d', () => {
    const at = (precision: 'fp16' | 'fp32', d: number, stage: number) => modelStates(inputs(flatShape(1e9), { precision, convention: 'megatron', zeroStage: stage, shardGroup: d })) / 1e9;
    assert.equal(at('fp16', 1, 0), 20);
    assert.equal(at('fp16', 8, 1), 6);
    assert.equal(at('fp32', 1, 0), 16);
    assert.equal(at('fp32', 8, 1), 9);
  });
});

describe('memory worked example 9: DeepSpeed offload estimates, t5-3b on 8 GPUs (GiB)', () => {
  // 2851M parameters whose largest layer is the 32M-parameter embedding: 89 equal blocks of the rest.
  const shape = flatShape((2851e6 - 32e6) / 89, { layers: 89, vocabSize: 32_000, hiddenSize: 1000, embeddingParams: 32e6 });
  const t5 = (extra: Partial<MemoryInputs>) => inputs(shape, { dp: 8, shardGroup: 8, ...extra });
  const gpu = (i: MemoryInputs) => {
    const s = stateBytes(i, 'only');
    return Number(((s.weights + s.gradients + s.optimizer + s.temporary) / GIB).toFixed(2));
  };
  it('ZeRO-2, offload_optimizer=cpu: 5.31 GB per GPU (fp16 weights only)', () => {
    assert.equal(gpu(t5({ zeroStage: 2, offloadOptimizer: 'cpu' })), 5.31);
  });
  it('ZeRO-3, offload_param=none, offload_optimizer=cpu: 0.78 GB (2P/G + 4 × largest layer)', () => {
    assert.equal(gpu(t5({ zeroStage: 3, offloadOptimizer: 'cpu' })), 0.78);
  });
  it('ZeRO-3, offload_param=cpu, offload_optimizer=cpu: 0.12 GB (the gathered layer only)', () => {
    assert.equal(gpu(t5({ zeroStage: 3, offloadOptimizer: 'cpu', offloadParams: 'cpu' })), 0.12);
  });
  it('offloaded states are counted as host memory, not dropped: 16P/G with ZeRO-3 and both offloaded', () => {
    const s = stateBytes(t5({ zeroStage: 3, offloadOptimizer: 'cpu', offloadParams: 'cpu' }), 'only');
    assert.equal(Math.round(s.hostBytes), Math.round((16 * 2851e6) / 8));
  });
});

describe('memory worked example 11: LoRA on GPT-3 175B', () => {
  const gpt3: MemoryShape = { ...flatShape(175e9), hiddenSize: 12288, heads: 96, kvHeads: 96, layers: 96 };
  it('r = 4 on W_q, W_v: 18.9M adapter parameters, 37.7 MB in fp16; r = 1 and r = 8: 4.7M and 37.7M (LoRA Table 4)', () => {
    const params = (r: number) => adapterParamsPerLayer(gpt3, r, ['q', 'v']) * 96;
    assert.equal(params(4), 18_874_368);
    assert.equal(Number(((params(4) * 2) / 1e6).toFixed(1)), 37.7);
    assert.equal(Number((params(1) / 1e6).toFixed(1)), 4.7);
    assert.equal(Number((params(8) / 1e6).toFixed(1)), 37.7);
  });
  it('frozen 16-bit weights: 350 GB, and no gradients or optimizer states for them', () => {
    const s = stateBytes(inputs({ ...gpt3, layers: 1 }, { precision: 'bf16', adapter: { kind: 'lora', rank: 4, targets: ['q', 'v'], doubleQuant: true } }), 'only');
    const adapters = adapterParamsPerLayer(gpt3, 4, ['q', 'v']);
    assert.equal(Math.round(s.weights - adapters * 4), 350e9);
    assert.equal(s.gradients, adapters * 4);
    assert.equal(s.optimizer, adapters * 8);
  });
});

describe('memory worked example 12: QLoRA NF4 storage', () => {
  it('double quantisation: 0.126953125 bits of constants, saving 0.373046875 bits; 4.127 bits = 0.5159 B/param', () => {
    const dq = NF4_BYTES_PER_PARAM.withDoubleQuant.value * 8 - 4;
    const plain = NF4_BYTES_PER_PARAM.withoutDoubleQuant.value * 8 - 4;
    assert.equal(dq, 0.126953125);
    assert.equal(plain - dq, 0.373046875);
    assert.equal(Number(NF4_BYTES_PER_PARAM.withDoubleQuant.value.toFixed(4)), 0.5159);
    assert.equal(NF4_BYTES_PER_PARAM.withoutDoubleQuant.value, 0.5625);
  });
  it('about 3 GB saved for a 65B model; 65.2B NF4 weights take 33.6 GB', () => {
    assert.equal(Number(((65e9 * 0.373046875) / 8 / GB).toFixed(2)), 3.03);
    const s = stateBytes(inputs(flatShape(65.2e9), { precision: 'bf16', adapter: { kind: 'qlora', rank: 8, targets: [], doubleQuant: true } }), 'only');
    assert.equal(Number((s.weights / GB).toFixed(1)), 33.6);
  });
});

describe('memory worked example 13: 8-bit optimizer states', () => {
  it('1B parameters: Adam 8 GB in 32 bit, 2 GB (+0.0039 GB of block constants) in 8 bit', () => {
    const states = (optimizer: MemoryInputs['optimizer']) => stateBytes(inputs(flatShape(1e9), { precision: 'fp32', optimizer }), 'only').optimizer;
    assert.equal(states('adam') / GB, 8);
    assert.equal(Number((states('adam-8bit') / GB).toFixed(4)), 2.0039);
    assert.equal(OPTIMIZER_STATE_BYTES['sgd-momentum'].value, 4);
    assert.equal(states('sgd-momentum') / GB, 4);
  });
  it('GPT-2 1.5B Adam states are 11.2 GiB', () => {
    assert.equal(Number(((1.5e9 * OPTIMIZER_STATE_BYTES.adam.value) / GIB).toFixed(1)), 11.2);
  });
});
