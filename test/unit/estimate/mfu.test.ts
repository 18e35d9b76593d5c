// The MFU prior's shape: each factor moves it the way the benchmarks say, and it never promises more than the best
// framework benchmarks deliver in steady state.
import { strict as assert } from 'node:assert';
import { findGpu } from '../../../src/core/data/gpus';
import { MFU_BENCHMARKS } from '../../../src/core/data/mfu-benchmarks';
import { mfuPrior } from '../../../src/core/estimate/mfu';

const h100 = { generation: 'hopper' as const, precision: 'bf16' as const };

describe('mfuPrior', () => {
  it('gives the generation median with a 0.6×-1.4× range when nothing else is known', () => {
    const p = mfuPrior(h100);
    assert.equal(p.point, 0.3);
    assert.ok(Math.abs(p.low - 0.18) < 1e-12 && Math.abs(p.high - 0.42) < 1e-12);
  });

  it('A100 runs reach a higher fraction of their (lower) peak than H100 runs', () => {
    assert.ok(mfuPrior({ generation: 'ampere', precision: 'bf16' }).point > mfuPrior(h100).point);
  });

  it('FP8 lowers MFU against the FP8 peak, small models, long context, scale-out and pipelines lower it', () => {
    const ref = mfuPrior({ ...h100, activeParams: 7e9, seqLength: 4096, gpus: 512 }).point;
    assert.ok(mfuPrior({ ...h100, precision: 'fp8', activeParams: 7e9, seqLength: 4096, gpus: 512 }).point < ref);
    assert.ok(mfuPrior({ ...h100, activeParams: 1e8, seqLength: 4096, gpus: 512 }).point < ref);
    assert.ok(mfuPrior({ ...h100, activeParams: 7e9, seqLength: 131072, gpus: 512 }).point < ref);
    assert.ok(mfuPrior({ ...h100, activeParams: 7e9, seqLength: 4096, gpus: 16384 }).point < ref);
    assert.ok(mfuPrior({ ...h100, activeParams: 7e9, seqLength: 4096, gpus: 512, pipelineDepth: 16 }).point < ref);
    // Above 1B and at ordinary context, size and length do not move it.
    assert.equal(mfuPrior({ ...h100, activeParams: 70e9, seqLength: 8192, gpus: 512 }).point, ref);
  });

  it('never promises more than the framework benchmarks achieve in steady state', () => {
    for (const b of MFU_BENCHMARKS) {
      const gpu = findGpu(b.gpuId)!;
      const prior = mfuPrior({ generation: gpu.generation, precision: b.precision, activeParams: b.params, seqLength: b.seqLength, gpus: b.gpus });
      assert.ok(prior.point <= b.mfu, `${b.system}: prior ${prior.point.toFixed(3)} > benchmark ${b.mfu}`);
    }
  });

  it('stays a fraction: floors and the ceiling hold at extremes', () => {
    const extreme = mfuPrior({ ...h100, activeParams: 1, seqLength: 1e7, gpus: 1e7, pipelineDepth: 1000 });
    assert.ok(extreme.low > 0 && extreme.high < 1);
    assert.ok(mfuPrior({ generation: 'ampere', precision: 'bf16' }).high <= 0.75);
  });
});
