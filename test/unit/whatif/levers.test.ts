// What-ifs on real configs, as a user reads them in the panel: which meters each lever moves, and by how much.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyze, type AnalyzeOptions } from '../../../src/core/analyze';
import { formatCount } from '../../../src/core/present/units';
import { scalingAnalysis } from '../../../src/core/scaling';
import { METERS, regionsComparison, regionsFrom, standardLevers, whatIf, type Lever, type WhatIfResult } from '../../../src/core/whatif';

const FIXTURES = path.join(__dirname, '../../fixtures/configs');
const read = (rel: string) => readFileSync(path.join(FIXTURES, rel), 'utf8');

const LLAMA3_8B = 'Megatron-LM/train_llama3_8b_h100_fp8.sh';
const BLOOM = 'bigscience/tr11-176B-ml.slurm';
const NEMO_8B = 'NeMo-Framework-Launcher/llama3_1_8b.yaml';

function lever(levers: Lever[], id: Lever['id']): Lever {
  const l = levers.find((x) => x.id === id);
  assert.ok(l, `lever ${id}`);
  return l;
}

function fractionOf(r: WhatIfResult, meter: (typeof METERS)[number]): number {
  const f = r.meters[meter].fraction;
  assert.ok(f, `${meter} has a fraction`);
  return f.point;
}

describe('what-if levers on real configs', () => {
  const text = read(BLOOM);
  const options: AnalyzeOptions = { fileName: BLOOM };
  const levers = standardLevers(text, options);

  it('the region lever moves only carbon; the MFU lever moves GPU-hours, energy, cost and carbon together', () => {
    const region = lever(levers, 'cleanest-region').result!;
    for (const meter of ['gpuHours', 'wallClockHours', 'energyKWh', 'costUSD'] as const) {
      assert.equal(fractionOf(region, meter), 0, `region lever leaves ${meter} alone`);
    }
    assert.ok(fractionOf(region, 'co2eKg') < -0.5, 'a much cleaner grid cuts carbon');

    const mfu = lever(levers, 'mfu').result!;
    const moves = (['gpuHours', 'energyKWh', 'costUSD', 'co2eKg'] as const).map((m) => fractionOf(mfu, m));
    for (const f of moves) {
      assert.ok(f < -0.05, `MFU lever cuts every meter (${f})`);
      assert.ok(Math.abs(f - moves[0]!) < 1e-9, 'by the same share');
    }
  });

  it('twice the GPUs halves the wall-clock and leaves GPU-hours about the same, and says so', () => {
    const more = lever(levers, 'more-gpus');
    const r = more.result!;
    assert.ok(fractionOf(r, 'wallClockHours') < -0.4);
    assert.ok(Math.abs(fractionOf(r, 'gpuHours')) < 0.1);
    assert.match(more.note ?? '', /Wall-clock falls/);
    assert.equal(r.after.run?.gpus?.value, 2 * r.baseline.run!.gpus!.value);
  });

  it('FP8 is skipped on A100s (BLOOM) with the reason, and applied on H100s', () => {
    const fp8 = lever(levers, 'fp8');
    assert.equal(fp8.result, null);
    assert.match(fp8.skipped ?? '', /no FP8/);
    const h100 = lever(standardLevers(read(NEMO_8B), { fileName: NEMO_8B }), 'fp8');
    assert.equal(h100.skipped, null, h100.skipped ?? '');
    assert.ok(fractionOf(h100.result!, 'gpuHours') < 0, 'FP8 saves GPU-hours');
  });

  it('a newer GPU (A100 → H100 for BLOOM) cuts GPU-hours by more than it raises the hourly price', () => {
    const newer = lever(levers, 'newer-gpu');
    assert.match(newer.label, /H100/);
    const r = newer.result!;
    assert.equal(r.after.run?.gpuType?.value, 'h100-sxm');
    assert.ok(fractionOf(r, 'gpuHours') < -0.3);
    assert.ok(fractionOf(r, 'costUSD') > fractionOf(r, 'gpuHours'), 'each H100 hour costs more than an A100 hour');
  });

  it('spot capacity cuts the price but adds the 8% restart overhead to GPU-hours, energy and carbon', () => {
    const r = lever(levers, 'spot').result!;
    assert.ok(Math.abs(fractionOf(r, 'gpuHours') - 0.08) < 1e-9);
    assert.ok(Math.abs(fractionOf(r, 'co2eKg') - 0.08) < 1e-9);
    assert.ok(fractionOf(r, 'costUSD') < -0.5);
  });

  it('25% fewer tokens cuts every meter by about a quarter, and says how much the predicted loss rises', () => {
    const l = lever(levers, 'fewer-tokens');
    const r = l.result!;
    // Only the data term B/D^β of the Epoch refit moves: B/D^β · (0.75^-β − 1).
    const D = r.baseline.run!.tokens!.value;
    const rise = (2085.43 / D ** 0.3658) * (0.75 ** -0.3658 - 1);
    assert.equal(l.note, `Predicted loss rises by ${rise.toFixed(3)} (Chinchilla fit, Epoch AI refit).`);
    assert.ok(rise > 0.005, `a visible rise (${rise})`);
    for (const meter of ['gpuHours', 'energyKWh', 'costUSD', 'co2eKg'] as const) {
      assert.ok(Math.abs(fractionOf(r, meter) + 0.25) < 0.03, `${meter} ${fractionOf(r, meter)}`);
    }
  });

  it('right-sizing the over-trained Llama-3-8B run: a larger model on far fewer tokens reaches the same loss for far fewer GPU-hours', () => {
    const l = lever(standardLevers(read(LLAMA3_8B), { fileName: LLAMA3_8B }), 'compute-optimal');
    const r = l.result!;
    const before = r.baseline.run!;
    const after = r.after.run!;
    assert.ok(after.params!.value > 3 * before.params!.value);
    assert.ok(after.tokens!.value < before.tokens!.value / 10);
    const lossBefore = scalingAnalysis(before, r.baseline.projection).predictedLoss!;
    const lossAfter = scalingAnalysis(after, r.after.projection).predictedLoss!;
    assert.ok(Math.abs(lossAfter - lossBefore) < 2e-3, `same predicted loss: ${lossBefore} vs ${lossAfter}`);
    assert.ok(fractionOf(r, 'gpuHours') < -0.5, 'most of an 8B-on-15T run buys no lower loss');
  });

  describe('right-sizing the GPT-3 175B run (under-trained: 175B on 300B tokens)', () => {
    const rel = 'NeMo-Framework-Launcher/175b.yaml';
    const baseline = analyze(read(rel), { fileName: rel });
    const scaling = scalingAnalysis(baseline.run!, baseline.projection);
    const l = lever(standardLevers(read(rel), { fileName: rel }), 'compute-optimal');

    it('is the model of the same predicted loss, named with its size and tokens, and it saves GPU-hours', () => {
      const same = scaling.equalLossOptimum!;
      assert.equal(l.label, `Compute-optimal size for the same loss (${formatCount(same.params)} params, ${formatCount(same.tokens)} tokens)`);
      assert.match(l.label, /\(42\.5B params, 802B tokens\)/, 'the size the scaling explanation names');
      assert.match(scaling.explanation, /42\.5B-parameter model on 802B tokens would reach the same loss with 38% less compute/);
      const hours = fractionOf(l.result!, 'gpuHours');
      assert.ok(hours < -0.15, `right-sizing saves GPU-hours, not costs them: ${hours}`);
      for (const meter of ['energyKWh', 'costUSD', 'co2eKg'] as const) assert.ok(fractionOf(l.result!, meter) < -0.15, meter);
    });

    it("keeps the iso-compute optimum as the plot's marker, named in the note, a different size from the lever", () => {
      const iso = scaling.optimal!;
      assert.ok(iso.params > 1.2 * scaling.equalLossOptimum!.params, 'at the same compute the optimum is larger than at the same loss');
      assert.match(l.note ?? '', new RegExp(`Same predicted loss ${scaling.predictedLoss!.toFixed(3)} .* with 38% less 6·N·D compute`));
      assert.match(l.note ?? '', new RegExp(`optimum is ${formatCount(iso.params)} params on ${formatCount(iso.tokens)} tokens, loss ${iso.loss.toFixed(3)}: the plot's marker`));
    });
  });

  it('a run already at the compute-optimal point gets the lever skipped, saying so', () => {
    const rel = 'NeMo-Framework-Launcher/175b.yaml';
    const a = analyze(read(rel), { fileName: rel });
    const opt = scalingAnalysis(a.run!, a.projection).optimal!;
    const l = lever(standardLevers(read(rel), { fileName: rel, overrides: { params: opt.params, tokens: opt.tokens } }), 'compute-optimal');
    assert.equal(l.result, null);
    assert.match(l.skipped ?? '', /already compute-optimal/);
  });

  it('every meter delta carries a range, and no lever produces NaN or a negative meter', () => {
    for (const l of levers) {
      if (!l.result) continue;
      for (const meter of METERS) {
        const m = l.result.meters[meter];
        if (!m.after) continue;
        assert.ok(m.after.low >= 0 && m.after.point >= 0, `${l.id} ${meter}`);
        assert.ok(m.delta && Number.isFinite(m.delta.low) && Number.isFinite(m.delta.high));
      }
      assert.ok(!/NaN|Infinity/.test(JSON.stringify(l.result.meters)), l.id);
    }
  });

  it('a config the projection cannot price yet gets every lever skipped with what to set', () => {
    const rel = 'pythia/pythia-6.9b.yml';
    const skipped = standardLevers(read(rel), { fileName: rel });
    assert.deepEqual(
      skipped.map((l) => l.label),
      ['MFU +10 points', 'FP8 training', 'Newer GPU', '2× GPUs', 'Compute-optimal size', '25% fewer tokens', 'Cleanest region', 'Spot capacity'],
      'every lever is listed, by name',
    );
    for (const l of skipped) {
      assert.equal(l.result, null);
      assert.match(l.skipped ?? '', /tokens/);
    }
  });

  it("whatIf layers the change over the caller's own overrides", () => {
    const r = whatIf(text, { fileName: BLOOM, overrides: { mfu: 0.3 } }, { region: 'fr' });
    assert.equal(r.after.run?.mfu?.value, 0.3, "the caller's MFU stays");
    assert.equal(fractionOf(r, 'gpuHours'), 0);
  });
});

describe('regions comparison', () => {
  it('places the run in several regions: carbon follows the grid, nothing else moves', () => {
    const text = read(NEMO_8B);
    const placements = regionsComparison(text, { fileName: NEMO_8B }, ['fr', 'pl', 'us', 'nowhere']);
    assert.deepEqual(
      placements.map((p) => p.region.code),
      ['fr', 'pl', 'us'],
      'unknown codes are left out',
    );
    const co2 = placements.map((p) => p.result.after.projection!.co2eKg!.point);
    const grid = placements.map((p) => p.region.gCO2ePerKWh);
    // Carbon proportional to grid intensity (no embodied carbon by default).
    assert.ok(Math.abs(co2[1]! / co2[0]! - grid[1]! / grid[0]!) < 1e-9);
    for (const p of placements) {
      for (const meter of ['gpuHours', 'energyKWh', 'costUSD'] as const) assert.equal(p.result.meters[meter].fraction?.point, 0);
    }
  });

  it('the placements can reuse the analysis the caller already has, and agree with a fresh one', () => {
    const text = read(NEMO_8B);
    const options: AnalyzeOptions = { fileName: NEMO_8B, overrides: { gpus: 256 } };
    const baseline = analyze(text, options);
    const shared = regionsFrom(baseline, text, options, ['fr', 'pl']);
    const fresh = regionsComparison(text, options, ['fr', 'pl']);
    assert.equal(shared[0]!.result.baseline, baseline, 'no second baseline analysis');
    assert.deepEqual(
      shared.map((p) => p.result.after.projection!.co2eKg),
      fresh.map((p) => p.result.after.projection!.co2eKg),
    );
    assert.equal(shared[0]!.result.after.run?.gpus?.value, 256, "the caller's overrides stay");
  });

  it('a grid the user gave does not survive the move to another region', () => {
    const text = read(NEMO_8B);
    const [fr] = regionsComparison(text, { fileName: NEMO_8B, overrides: { gridGPerKWh: 900 } }, ['fr']);
    assert.ok(fr);
    const grid = fr.result.after.projection!.assumptions.find((a) => a.name === 'gridGPerKWh');
    assert.equal(grid?.value, fr.region.gCO2ePerKWh);
  });
});
