// The budget planner on real configs: which cap binds, what each cap allows, and the lever that relaxes it.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyze, type Analysis } from '../../../src/core/analyze';
import { budgetPlan, hasCaps } from '../../../src/core/plan';
import { SPOT_DISCOUNT, SPOT_RESTART_OVERHEAD } from '../../../src/core/data/levers';
import { computeOptimalFor, scalingAnalysis } from '../../../src/core/scaling';
import { formatCount } from '../../../src/core/present/units';

const FIXTURES = path.join(__dirname, '../../fixtures/configs');
function analysed(rel: string): Analysis {
  return analyze(readFileSync(path.join(FIXTURES, rel), 'utf8'), { fileName: rel });
}

const BLOOM = 'bigscience/tr11-176B-ml.slurm';

describe('budget planner', () => {
  const a = analysed(BLOOM);
  const p = a.projection!;
  const cost = p.costUSD!.point;
  const tco2e = p.co2eKg!.point / 1000;
  const days = p.wallClockHours!.point / 24;

  it('the cap with the smallest cap/projected ratio binds, and each cap allows its share of the compute and tokens', () => {
    const plan = budgetPlan(a, { maxUSD: cost / 2, maxTCO2e: tco2e * 3 });
    assert.equal(plan.binding, 'usd');
    const usd = plan.caps.find((c) => c.kind === 'usd')!;
    const carbon = plan.caps.find((c) => c.kind === 'tco2e')!;
    assert.ok(Math.abs(usd.ratio! - 0.5) < 1e-9);
    assert.equal(usd.fits, false);
    assert.equal(carbon.fits, true);
    assert.ok(Math.abs(usd.allowedFlops! - p.flops! / 2) < 1e-6 * p.flops!);
    assert.ok(Math.abs(usd.allowedTokens! - a.run!.tokens!.value / 2) < 1);
    // The largest useful model for half the compute: the compute-optimal one.
    const opt = computeOptimalFor(3 * a.run!.params!.value * a.run!.tokens!.value)!;
    assert.ok(Math.abs(usd.allowedOptimal!.params / opt.params - 1) < 1e-9);
    assert.equal(
      plan.summary,
      "The USD cap binds: it allows 50% of the run's compute (225B tokens at this model size); the run does not fit. " +
        "Best lever: Spot capacity (60% off, +8% GPU-hours); relaxes dollars only; it would make the run fit (116% of the run's compute).",
    );
  });

  it('a tiny cap reads as a share with two significant digits, never as 0%', () => {
    const plan = budgetPlan(a, { maxUSD: cost * 0.0091 });
    assert.match(plan.summary, /allows 0\.91% of the run's compute \(4\.1B tokens at this model size\)/);
    assert.match(plan.summary, /relax the cap \(2\.1% of the run's compute\)/);
  });

  it('a binding cost cap is relaxed by spot capacity, higher MFU or right-sizing, spot first when it saves more', () => {
    const plan = budgetPlan(a, { maxUSD: cost * 0.6 });
    const levers = plan.relax.map((r) => r.lever);
    assert.deepEqual([...levers].sort(), ['mfu', 'right-size', 'spot']);
    assert.ok(plan.relax[0]!.meterFactor <= plan.relax[1]!.meterFactor);
    const spot = plan.relax.find((r) => r.lever === 'spot')!;
    assert.ok(Math.abs(spot.meterFactor - (1 - SPOT_DISCOUNT.value) * (1 + SPOT_RESTART_OVERHEAD.value)) < 1e-9);
    assert.equal(spot.fitsAfter, true, 'a 60% cap fits once the price is cut by more than 40%');
  });

  it('a binding carbon cap is relaxed most by a cleaner grid', () => {
    const plan = budgetPlan(a, { maxTCO2e: tco2e / 10, maxUSD: cost * 10 });
    assert.equal(plan.binding, 'tco2e');
    assert.equal(plan.relax[0]?.lever, 'cleanest-region');
    assert.ok(plan.relax.some((r) => r.lever === 'lower-pue'));
  });

  it('right-sizing is the compute-optimal model of the same loss: its share of the compute, relaxing every cap', () => {
    const plan = budgetPlan(a, { maxGpuHours: p.gpuHours!.point / 2 });
    const right = plan.relax.find((r) => r.lever === 'right-size')!;
    const scaling = scalingAnalysis(a.run!, p);
    const same = scaling.equalLossOptimum!;
    assert.ok(Math.abs(right.meterFactor - scaling.equalLossCompute! / scaling.flops!) < 1e-9, 'the same loss for less compute');
    assert.ok(right.meterFactor < 0.9, 'BLOOM 176B on 450B tokens is under-trained: a smaller model on more tokens is cheaper');
    assert.match(right.label, new RegExp(`same predicted loss \\(${formatCount(same.params)} params on ${formatCount(same.tokens)} tokens`));
    assert.deepEqual(right.relaxes, ['usd', 'tco2e', 'gpuHours', 'days']);
  });

  it('right-sizing is not offered for a mixture of experts (the loss fit is dense)', () => {
    const moe = analysed('Megatron-LM/train_mixtral_8x7b_distributed.sh');
    const plan = budgetPlan(moe, { maxGpuHours: 1 });
    assert.ok(!plan.relax.some((r) => r.lever === 'right-size'), plan.relax.map((r) => r.lever).join());
  });

  it('a binding days cap asks for the GPUs that would meet it', () => {
    const plan = budgetPlan(a, { maxDays: days / 4 });
    assert.equal(plan.binding, 'days');
    const more = plan.relax.find((r) => r.lever === 'more-gpus')!;
    assert.match(more.label, /768 GPUs instead of 192/);
    assert.equal(more.fitsAfter, true);
  });

  it('no caps, or caps on meters that cannot be projected, give a reason instead of numbers', () => {
    assert.equal(budgetPlan(a, {}).binding, null);
    assert.equal(hasCaps({ maxUSD: -1 }), false);
    assert.equal(hasCaps({ maxUSD: Number.NaN }), false);
    const pythia = analysed('pythia/pythia-6.9b.yml');
    const plan = budgetPlan(pythia, { maxUSD: 1e6 });
    assert.equal(plan.binding, null);
    assert.match(plan.reason ?? '', /tokens/);
    assert.ok(!/NaN|Infinity/.test(JSON.stringify(plan)));
  });
});
