// Reference worked example §2 ("plan to a budget: which cap binds") as an end-to-end oracle: a real DeepSpeed config
// analysed with the example's inputs as overrides, then the budget planner with its caps ($20M, 2,000 tCO2e).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyze, type Analysis } from '../../../src/core/analyze';
import { budgetPlan } from '../../../src/core/plan';
import type { Overrides } from '../../../src/core/types';
import { findGpu } from '../../../src/core/data/gpus';
import { FP8_MFU_RATIO } from '../../../src/core/data/mfu-benchmarks';

const CONFIG = 'DeepSpeedExamples/ds_config.json';
const PFLOP_DAY = 1e15 * 86400;
// The example's useful compute, 4.5e5 PFLOP-days, as 6·N·D of a model and token count chosen to give exactly it.
const PARAMS = 3.24e11;
const TOKENS = 2e13;
// The example rounds the H100's 989 TFLOP/s dense BF16 peak to 0.99 PFLOP/s; the product uses the table's 989.
// Compute figures are compared after undoing that rounding (× 990/989), so they match the example to the unit.
const EXAMPLE_PEAK_OVER_OURS = 990 / 989;

const CAPS = { maxUSD: 20e6, maxTCO2e: 2000 };

function analysed(extra: Overrides = {}): Analysis {
  const text = readFileSync(path.join(__dirname, '../../fixtures/configs', CONFIG), 'utf8');
  return analyze(text, {
    fileName: CONFIG,
    overrides: {
      gpuType: 'H100',
      gpus: 8192,
      params: PARAMS,
      tokens: TOKENS,
      precision: 'bf16',
      // The example's "tuned FP8 efficiency" is MFU 0.5 × 1.6 effective FP8 throughput. The product models FP8 as the
      // FP8 peak (2× BF16 on an H100) at 0.6 of the BF16 MFU, i.e. ×1.2, not ×1.6; to test the planner at the
      // example's own effective throughput the run is given BF16 at MFU 0.8 (= 0.5 × 1.6).
      mfu: 0.8,
      pue: 1.12,
      gridGPerKWh: 369,
      priceUSDPerGpuHour: 2.5,
      energyMethod: 'rated',
      ...extra,
    },
  });
}

describe('worked example 2: plan to a budget, which cap binds', () => {
  const a = analysed();
  const plan = budgetPlan(a, CAPS);
  const usd = plan.caps.find((c) => c.kind === 'usd')!;
  const carbon = plan.caps.find((c) => c.kind === 'tco2e')!;

  it("the inputs are the example's: 4.5e5 PFLOP-days of useful compute on an H100 at 0.7 kW", () => {
    assert.equal(Math.round(a.projection!.flops! / PFLOP_DAY), 450_000);
    const gpuPowerKW = a.projection!.assumptions.find((x) => x.name === 'gpuPowerKW')?.value;
    assert.equal(gpuPowerKW, 0.7);
  });

  it('the $20M cap allows 8,000,000 GPU-hours, i.e. 264,000 PFLOP-days of useful compute', () => {
    assert.equal(Math.round(usd.allowedGpuHours!), 8_000_000);
    assert.equal(Math.round((usd.allowedFlops! * EXAMPLE_PEAK_OVER_OURS) / PFLOP_DAY), 264_000);
    assert.equal(usd.fits, false);
  });

  it('the 2,000 tCO2e cap allows 5.42 GWh, 6,913,334 GPU-hours, 228,140 PFLOP-days', () => {
    assert.equal(Math.round(carbon.allowedGpuHours!), 6_913_334);
    const allowedGWh = (carbon.allowedGpuHours! * 0.7 * 1.12) / 1e6;
    assert.equal(allowedGWh.toFixed(2), '5.42');
    assert.equal(Math.round((carbon.allowedFlops! * EXAMPLE_PEAK_OVER_OURS) / PFLOP_DAY), 228_140);
  });

  it('the carbon cap binds first, and the summary says so', () => {
    assert.equal(plan.binding, 'tco2e');
    assert.ok(carbon.ratio! < usd.ratio!);
    assert.match(plan.summary, /tCO2e cap binds/);
  });

  it('a cleaner grid is listed as relaxing carbon only; FP8 (and MFU) relax both caps', () => {
    const grid = plan.relax.find((r) => r.lever === 'cleanest-region')!;
    assert.ok(grid, 'a cleaner grid relaxes the binding carbon cap');
    assert.deepEqual(grid.relaxes, ['tco2e']);
    assert.match(grid.label, /relaxes carbon only/);
    // MFU 0.8 is past the MFU lever's cap (the best published MFU), so at these inputs FP8 is the efficiency lever.
    const fp8 = plan.relax.find((r) => r.lever === 'fp8')!;
    assert.ok(fp8.relaxes.includes('usd') && fp8.relaxes.includes('tco2e'));
    assert.ok(fp8.ratioAfter > carbon.ratio!);
    assert.match(fp8.label, /relaxes dollars, carbon, GPU-hours and days/);
  });

  it('what the levers claim holds when applied: a cleaner grid leaves dollars alone, higher MFU raises both caps', () => {
    const cleaner = budgetPlan(analysed({ gridGPerKWh: 30 }), CAPS);
    const cheaper = budgetPlan(analysed({ mfu: 0.5 * 1.6 * 1.25 }), CAPS);
    const ratio = (p: typeof plan, kind: string) => p.caps.find((c) => c.kind === kind)!.ratio!;
    assert.ok(Math.abs(ratio(cleaner, 'usd') / usd.ratio! - 1) < 1e-12, 'dollar cap untouched by the grid');
    assert.ok(ratio(cleaner, 'tco2e') > carbon.ratio! * 12, 'carbon relaxed 369/30 = 12.3×');
    assert.equal(cleaner.binding, 'usd', 'with the cleaner grid the dollar cap binds instead');
    assert.ok(Math.abs(ratio(cheaper, 'usd') / usd.ratio! - 1.25) < 1e-9);
    assert.ok(Math.abs(ratio(cheaper, 'tco2e') / carbon.ratio! - 1.25) < 1e-9);
  });
});

describe('worked example 2 at the tuned BF16 point (MFU 0.5): every efficiency lever is offered', () => {
  it('the plan lists the MFU and FP8 levers, each relaxing both caps, and the grid relaxing carbon only', () => {
    const plan = budgetPlan(analysed({ mfu: 0.5 }), CAPS);
    assert.equal(plan.binding, 'tco2e');
    const byLever = new Map(plan.relax.map((r) => [r.lever, r.relaxes]));
    assert.deepEqual(byLever.get('cleanest-region'), ['tco2e']);
    for (const lever of ['mfu', 'fp8'] as const) {
      const relaxes = byLever.get(lever);
      assert.ok(relaxes?.includes('usd') && relaxes.includes('tco2e'), `${lever}: ${String(relaxes)}`);
    }
  });

  it("the FP8 lever uses the product's FP8 model (FP8 peak × the FP8 MFU ratio, about ×1.2 on an H100), not the example's ×1.6", () => {
    const plan = budgetPlan(analysed({ mfu: 0.5 }), CAPS);
    const h100 = findGpu('H100')!;
    const speedup = (h100.peakTFlops.fp8! / h100.peakTFlops.bf16!) * FP8_MFU_RATIO.ratio;
    const fp8 = plan.relax.find((r) => r.lever === 'fp8')!;
    assert.ok(Math.abs(fp8.meterFactor * speedup - 1) < 1e-12);
    assert.ok(speedup > 1 && speedup < 1.6, `×${speedup.toFixed(2)}`);
  });
});
