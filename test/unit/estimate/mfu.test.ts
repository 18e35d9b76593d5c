// The MFU model on the inputs a config gives: each factor moves the point the way the published runs and benchmarks
// say, the explanation names every factor, and the range is the leave-one-out band.
import { strict as assert } from 'node:assert';
import { findGpu } from '../../../src/core/data/gpus';
import { MFU_BENCHMARKS, MFU_CEILING, MFU_RANGE } from '../../../src/core/data/mfu-benchmarks';
import { mfuPrior, type MfuInput } from '../../../src/core/estimate/mfu';

const h100: MfuInput = { generation: 'hopper', precision: 'bf16', activeParams: 7e9, seqLength: 4096 };

describe('MFU model', () => {
  it('an unknown config gets the generation base, and A100 runs reach a higher share of peak than H100 runs', () => {
    const bare = mfuPrior({ generation: 'hopper', precision: 'bf16' });
    assert.deepEqual(bare.factors, ['Hopper BF16 base 26%']);
    assert.ok(mfuPrior({ generation: 'ampere', precision: 'bf16' }).point > bare.point);
  });

  it('each input moves the point the way the data say, and names itself in the explanation', () => {
    const ref = mfuPrior(h100).point;
    const cases: Array<[Partial<MfuInput>, RegExp, 'lower' | 'higher']> = [
      [{ precision: 'fp8' }, /FP8 peak ×0\.6/, 'lower'],
      [{ activeParams: 1e9 }, /1B active ×0\.\d\d/, 'lower'],
      [{ activeParams: 405e9 }, /405B active ×1\.\d\d/, 'higher'],
      [{ seqLength: 131072 }, /131k context ×0\.\d\d/, 'lower'],
      [{ pipeline: { depth: 16, microbatches: 64 } }, /16-way pipeline with 64 micro-batches ×0\.81/, 'lower'],
      [{ pipeline: { depth: 8 } }, /8-way pipeline with 64 micro-batches \(assumed\) ×0\.90/, 'lower'],
    ];
    for (const [change, words, direction] of cases) {
      const p = mfuPrior({ ...h100, ...change });
      assert.match(p.explanation, words, JSON.stringify(change));
      assert.ok(direction === 'lower' ? p.point < ref : p.point > ref, `${JSON.stringify(change)}: ${p.point} vs ${ref}`);
    }
  });

  it('a mixture of experts is taken at its active parameters and says so', () => {
    const p = mfuPrior({ ...h100, activeParams: 37e9, moe: { experts: 256, topK: 8, shared: 1 } });
    assert.equal(p.point, mfuPrior({ ...h100, activeParams: 37e9 }).point);
    assert.match(p.explanation, /MoE 256 experts, top-8 \+ 1 shared ×1\.00 \(taken at the active parameters\)/);
  });

  it('FP16 on an A100 is below BF16, and a Volta run, FP16 by nature, is not penalised twice', () => {
    assert.ok(mfuPrior({ generation: 'ampere', precision: 'fp16' }).point < mfuPrior({ generation: 'ampere', precision: 'bf16' }).point);
    assert.doesNotMatch(mfuPrior({ generation: 'volta', precision: 'fp16' }).explanation, /FP16 mixed precision/);
  });

  it('method factors (a fine-tuning method) join the same product and explanation', () => {
    const p = mfuPrior({ ...h100, methodFactors: [{ label: 'QLoRA dequantisation', multiplier: 1 / 1.35, source: 'finetune table' }] });
    assert.ok(Math.abs(p.point - mfuPrior(h100).point / 1.35) < 1e-12);
    assert.match(p.explanation, /QLoRA dequantisation ×0\.74$/);
  });

  it('the explanation is the product: the base times every factor is the point', () => {
    const p = mfuPrior({ ...h100, activeParams: 70e9, pipeline: { depth: 4, microbatches: 16 }, seqLength: 16384 });
    const product = p.terms.reduce((x, t) => x * t.multiplier, 1);
    assert.ok(Math.abs(product - p.point) < 1e-12);
    assert.match(p.explanation, /^MFU \d+%: Hopper BF16 base 26%, 70B active ×1\.\d\d, 4-way pipeline with 16 micro-batches ×0\.84, 16.4k context ×0\.93$/);
  });

  it('the range is the leave-one-out band around the point', () => {
    const p = mfuPrior(h100);
    assert.ok(Math.abs(p.low / p.point - MFU_RANGE.low) < 1e-12);
    assert.ok(Math.abs(p.high / p.point - MFU_RANGE.high) < 1e-12);
  });

  it('never promises more than the framework benchmarks achieve in steady state', () => {
    for (const b of MFU_BENCHMARKS) {
      const gpu = findGpu(b.gpuId)!;
      const prior = mfuPrior({ generation: gpu.generation, precision: b.precision, activeParams: b.params, seqLength: b.seqLength });
      assert.ok(prior.point <= b.mfu, `${b.system}: prior ${prior.point.toFixed(3)} > benchmark ${b.mfu}`);
    }
  });

  it('stays a fraction: floors and the ceiling hold at extremes', () => {
    const extreme = mfuPrior({ ...h100, activeParams: 1, seqLength: 1e7, pipeline: { depth: 1000 } });
    assert.ok(extreme.low > 0 && extreme.high < 1);
    const huge = mfuPrior({ generation: 'ampere', precision: 'bf16', activeParams: 1e15 });
    assert.ok(huge.high <= MFU_CEILING.mfu);
  });
});
