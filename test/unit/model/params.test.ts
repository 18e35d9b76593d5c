// The parameter formula on architectures written out by hand from the models' papers, so the arithmetic is checked
// independently of any config reader.
import { strict as assert } from 'node:assert';
import { countParams } from '../../../src/core/model/params';
import type { Architecture, Sourced } from '../../../src/core/types';

const v = <T>(value: T): Sourced<T> => ({ value, source: 'file', detail: 'test' });

function within(got: number, want: number, tolerance: number): void {
  assert.ok(Math.abs(got - want) / want < tolerance, `${got} vs ${want}`);
}

describe('countParams', () => {
  it('Llama 2 7B (SwiGLU, untied): 6.74B', () => {
    const arch: Architecture = { layers: v(32), hiddenSize: v(4096), ffnHiddenSize: v(11008), ffnActivation: v('swiglu'), heads: v(32), vocabSize: v(32000) };
    within(countParams(arch)!.total, 6_738_415_616, 0.001);
  });

  it('GPT-3 175B (GELU, 4·d FFN by default, tied): 175B', () => {
    const arch: Architecture = { layers: v(96), hiddenSize: v(12288), heads: v(96), vocabSize: v(50257), tiedEmbeddings: v(true) };
    within(countParams(arch)!.total, 175e9, 0.01);
  });

  it('Llama 2 70B with grouped-query attention (8 KV heads): 69.0B', () => {
    const arch: Architecture = { layers: v(80), hiddenSize: v(8192), ffnHiddenSize: v(28672), ffnActivation: v('swiglu'), heads: v(64), kvHeads: v(8), vocabSize: v(32000) };
    within(countParams(arch)!.total, 68_976_648_192, 0.001);
  });

  it('Mixtral 8x7B: 46.7B total, 12.9B active (top-2 of 8 experts)', () => {
    const arch: Architecture = {
      layers: v(32),
      hiddenSize: v(4096),
      ffnHiddenSize: v(14336),
      ffnActivation: v('swiglu'),
      heads: v(32),
      kvHeads: v(8),
      vocabSize: v(32000),
      moe: { experts: v(8), topK: v(2) },
    };
    const c = countParams(arch)!;
    within(c.total, 46_702_792_704, 0.001);
    within(c.active, 12_879_921_152, 0.001);
  });

  it('DeepSeek-V3: 671B total, 37B active (MLA, 3 dense layers, 256 routed + 1 shared experts)', () => {
    const arch: Architecture = {
      layers: v(61),
      hiddenSize: v(7168),
      ffnHiddenSize: v(18432),
      ffnActivation: v('swiglu'),
      heads: v(128),
      vocabSize: v(129280),
      moe: { experts: v(256), topK: v(8), sharedExperts: v(1), expertFfnHiddenSize: v(2048), moeLayers: v(58) },
      mla: { qLoraRank: 1536, kvLoraRank: 512, qkNopeHeadDim: 128, qkRopeHeadDim: 64, vHeadDim: 128, source: v(true) },
    };
    const c = countParams(arch)!;
    within(c.total, 671e9, 0.01);
    within(c.active, 37e9, 0.02);
  });

  it('returns undefined when a dimension is missing, never NaN', () => {
    assert.equal(countParams({ layers: v(32), hiddenSize: v(4096), heads: v(32) }), undefined);
  });
});
