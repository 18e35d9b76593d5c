// The MFU model's constants are its fit on the published runs, and the set it is fitted on is the one the
// validation promises: 40+ runs from primary sources, several MoE granularities, 1-3B runs, an FP8 run, and more
// than one lab per hardware generation.
import assert from 'node:assert/strict';
import { findGpu } from '../../../src/core/data/gpus';
import { MFU_FIT, MFU_RANGE } from '../../../src/core/data/mfu-benchmarks';
import { PUBLISHED_RUNS } from '../../../src/core/data/published-runs';
import { FITTED_MFU_PARAMS, mfuPrior } from '../../../src/core/estimate/mfu';
import { fitMfu, leaveOneOut, mfuInputOf } from '../../../src/core/estimate/mfu-fit';
import { calibrationRow } from '../../../src/core/estimate/calibration';

describe('MFU model fit on the published runs', () => {
  it('the stored constants are the least-squares fit (to their rounding)', () => {
    const fit = fitMfu(PUBLISHED_RUNS);
    assert.ok(Math.abs(Math.exp(fit.lnAmpere) - MFU_FIT.ampere) < 0.0006, `ampere ${Math.exp(fit.lnAmpere)}`);
    assert.ok(Math.abs(Math.exp(fit.lnHopper) - MFU_FIT.hopper) < 0.0006, `hopper ${Math.exp(fit.lnHopper)}`);
    assert.ok(Math.abs(Math.exp(fit.lnFp16) - MFU_FIT.fp16) < 0.0006, `fp16 ${Math.exp(fit.lnFp16)}`);
    assert.ok(Math.abs(fit.sizeSlopePerDecade - MFU_FIT.sizeSlopePerDecade) < 0.0006, `slope ${fit.sizeSlopePerDecade}`);
  });

  it('the range every projection carries is the band of the leave-one-out residuals', () => {
    const { band } = leaveOneOut(PUBLISHED_RUNS).summary;
    assert.ok(Math.abs(band.low - MFU_RANGE.low) < 0.006, `low ${band.low}`);
    assert.ok(Math.abs(band.high - MFU_RANGE.high) < 0.006, `high ${band.high}`);
  });

  it('the product projects each published run with the model (its config through project(), same MFU)', () => {
    for (const run of PUBLISHED_RUNS) {
      const row = calibrationRow(run);
      assert.ok(row, run.id);
      const expected = mfuPrior(mfuInputOf(run)!, FITTED_MFU_PARAMS).point;
      assert.ok(Math.abs(row.mfu.point - expected) < 1e-12, `${run.id}: ${row.mfu.point} vs ${expected}`);
    }
  });

  it('every leave-one-out prediction explains its MFU factor by factor', () => {
    for (const r of leaveOneOut(PUBLISHED_RUNS).rows) {
      assert.match(r.prior.explanation, /^MFU \d+%: \w+ BF16 base \d+%/, r.run.id);
      const product = r.prior.terms.reduce((x, t) => x * t.multiplier, 1);
      assert.ok(Math.abs(product - r.prior.point) / r.prior.point < 1e-9 || r.prior.factors.some((f) => /ceiling/.test(f)), r.run.id);
    }
  });
});

describe('the published-runs set', () => {
  it('has at least 40 runs, each with a source, a year, a lab and GPU-hours on a known GPU', () => {
    assert.ok(PUBLISHED_RUNS.length >= 40, `${PUBLISHED_RUNS.length}`);
    assert.equal(new Set(PUBLISHED_RUNS.map((r) => r.id)).size, PUBLISHED_RUNS.length, 'ids are unique');
    for (const r of PUBLISHED_RUNS) {
      assert.ok(r.source.length > 10 && r.year >= 2020 && r.lab && r.publishedGpuHours > 0, r.id);
      assert.ok(findGpu(r.gpuId), `${r.id}: ${r.gpuId}`);
      assert.ok(r.activeParams <= r.params && r.tokens > 0, r.id);
    }
  });

  it('covers MoE runs of several granularities, 1-3B runs, FP8, and more than one lab per hardware generation', () => {
    const granularities = new Set(PUBLISHED_RUNS.filter((r) => r.moe).map((r) => `${r.moe!.experts}/${r.moe!.topK}`));
    assert.ok(granularities.size >= 4, [...granularities].join());
    assert.ok(PUBLISHED_RUNS.filter((r) => r.activeParams >= 1e9 && r.activeParams <= 3.1e9).length >= 5);
    assert.ok(PUBLISHED_RUNS.some((r) => r.precision === 'fp8'));
    for (const generation of ['ampere', 'hopper']) {
      const labs = new Set(PUBLISHED_RUNS.filter((r) => findGpu(r.gpuId)?.generation === generation).map((r) => r.lab));
      assert.ok(labs.size >= 3, `${generation}: ${[...labs].join()}`);
    }
  });
});
