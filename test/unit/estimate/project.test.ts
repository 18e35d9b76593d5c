// project(): what a user sees change when an input changes, what it says when one is missing, and the published
// runs it has real configs for, read from the fixture files through the core's own analyze().
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyze } from '../../../src/core/analyze';
import { computeOptimalBasic, project, type ProjectOptions } from '../../../src/core/estimate/project';
import type { Projection, Range } from '../../../src/core/estimate/types';
import type { Overrides, RunSpec, Sourced } from '../../../src/core/types';

const set = <T>(value: T): Sourced<T> => ({ value, source: 'setting', detail: 'test input' });

function run(fields: Partial<RunSpec>): RunSpec {
  return { format: 'megatron-shell', label: 'test', arch: {}, parallel: {}, keys: [], findings: [], missing: [], ...fields };
}

/** A 7B run on 256 H100 for 2T tokens, with nothing else stated. */
function base(extra: Partial<RunSpec> = {}): RunSpec {
  return run({ params: set(7e9), activeParams: set(7e9), tokens: set(2e12), gpuType: set('h100'), gpus: set(256), ...extra });
}

const METERS = ['gpuHours', 'wallClockHours', 'energyKWh', 'co2eKg', 'costUSD'] as const;

function assertSane(p: Projection): void {
  for (const meter of METERS) {
    const r = p[meter];
    if (!r) continue;
    for (const v of [r.low, r.point, r.high]) assert.ok(Number.isFinite(v) && v >= 0, `${meter} ${v}`);
    assert.ok(r.low <= r.point && r.point <= r.high, meter);
  }
}

const ratio = (a: Range | null | undefined, b: Range | null | undefined) => a!.point / b!.point;

describe('project(): missing inputs', () => {
  it('without params or tokens: every meter null and findings say what to set', () => {
    const { projection, findings } = project(run({ gpuType: set('h100'), gpus: set(8) }));
    assert.equal(projection.flops, null);
    for (const meter of METERS) assert.equal(projection[meter], null);
    const codes = findings.map((f) => f.code);
    assert.ok(codes.includes('missing-params') && codes.includes('missing-tokens'), codes.join());
  });

  it('without a GPU count: GPU-hours projected, wall-clock null with a missing-gpus finding', () => {
    const { projection, findings } = project(base({ gpus: undefined }));
    assert.ok(projection.gpuHours && projection.gpuHours.point > 0);
    assert.equal(projection.wallClockHours, null);
    assert.ok(findings.some((f) => f.code === 'missing-gpus'));
  });

  it('without a GPU type: the default GPU with default provenance, said in a finding and the assumptions', () => {
    const { projection, findings } = project(base({ gpuType: undefined }));
    const gpu = projection.assumptions.find((a) => a.name === 'gpuType')!;
    assert.equal(gpu.value, 'h100-sxm');
    assert.equal(gpu.source, 'default');
    assert.ok(findings.some((f) => f.code === 'default-gpu'));
    assert.ok(projection.gpuHours);
  });

  it('with an unknown GPU name: no GPU-hours, and the finding lists the known GPUs', () => {
    const { projection, findings } = project(base({ gpuType: set('rtx 9999') }));
    assert.equal(projection.gpuHours, null);
    const f = findings.find((x) => x.code === 'unknown-gpu')!;
    assert.match(f.message, /h100-sxm/);
    assert.equal(projection.flops, 6 * 7e9 * 2e12);
  });

  it('never produces NaN, Infinity or negatives from absurd inputs', () => {
    const absurd = [
      base({ gpus: set(0) }),
      base({ gpus: set(-8) }),
      base({ tokens: set(Number.NaN) }),
      base({ params: set(1e300), activeParams: set(1e300) }),
      base({ mfu: set(7) }),
      base({ pue: set(-1) }),
      base({ priceUSDPerGpuHour: set(-3) }),
      base({ gridGPerKWh: set(Number.POSITIVE_INFINITY) }),
    ];
    for (const r of absurd) {
      const { projection } = project({ ...r, spotDiscount: set(5), restartOverhead: set(-1) });
      assertSane(projection);
      const text = JSON.stringify(projection);
      assert.ok(!/NaN|Infinity|null,"low":-/.test(text), text.slice(0, 200));
    }
  });
});

describe('project(): levers move the meters they should', () => {
  const ref = project(base()).projection;

  it('every meter has a range around its point', () => {
    assertSane(ref);
    for (const meter of METERS) assert.ok(ref[meter]!.low < ref[meter]!.high, meter);
  });

  it('a cleaner region moves only carbon', () => {
    const us = project(base({ region: set('us') })).projection;
    const fr = project(base({ region: set('fr') })).projection;
    assert.equal(fr.gpuHours!.point, us.gpuHours!.point);
    assert.equal(fr.energyKWh!.point, us.energyKWh!.point);
    assert.equal(fr.costUSD!.point, us.costUSD!.point);
    assert.ok(Math.abs(ratio(us.co2eKg, fr.co2eKg) - 369.5 / 56.0) < 1e-9);
  });

  it('FP8 on an H100 needs fewer GPU-hours than BF16, but not 2× fewer (MFU against the FP8 peak is lower)', () => {
    const fp8 = project(base({ precision: set('fp8') })).projection;
    const r = ratio(ref.gpuHours, fp8.gpuHours);
    assert.ok(r > 1.1 && r < 1.5, String(r));
  });

  it('FP8 on an A100 falls back to the BF16 peak and says so', () => {
    const { projection, findings } = project(base({ gpuType: set('a100'), precision: set('fp8') }));
    const bf16 = project(base({ gpuType: set('a100'), precision: set('bf16') })).projection;
    assert.equal(projection.gpuHours!.point, bf16.gpuHours!.point);
    assert.ok(findings.some((f) => f.code === 'precision-fallback'));
  });

  it('the measured energy preset changes energy and carbon, not GPU-hours or cost', () => {
    const measured = project(base({ energyMethod: set('measured') })).projection;
    assert.equal(measured.gpuHours!.point, ref.gpuHours!.point);
    assert.equal(measured.costUSD!.point, ref.costUSD!.point);
    // H100: 76% of 700 W + 150 W server share = 682 W vs 700 W rated.
    assert.ok(Math.abs(ratio(measured.energyKWh, ref.energyKWh) - 682 / 700) < 1e-9);
  });

  it('spot pricing lowers only cost; a restart overhead raises every meter by the same fraction', () => {
    const spot = project(base({ spotDiscount: set(0.6) })).projection;
    assert.ok(Math.abs(ratio(spot.costUSD, ref.costUSD) - 0.4) < 1e-9);
    assert.equal(spot.energyKWh!.point, ref.energyKWh!.point);
    const restarts = project(base({ restartOverhead: set(0.08) })).projection;
    for (const meter of METERS) assert.ok(Math.abs(ratio(restarts[meter], ref[meter]) - 1.08) < 1e-9, meter);
  });

  it('PUE and price from the run replace the defaults and are reported with their provenance', () => {
    const { projection } = project(base({ pue: set(1.5), priceUSDPerGpuHour: set(2) }));
    assert.ok(Math.abs(ratio(projection.energyKWh, ref.energyKWh) - 1.5 / 1.1) < 1e-9);
    assert.equal(projection.costUSD!.point, projection.gpuHours!.point * 2);
    const pue = projection.assumptions.find((a) => a.name === 'pue')!;
    assert.equal(pue.source, 'setting');
  });

  it('embodied carbon is off by default, and adds a labelled share when asked for', () => {
    assert.equal(ref.embodiedCo2eKg, undefined);
    const options: ProjectOptions = { embodied: { lifetimeYears: 4 } };
    const withEmbodied = project(base(), options).projection;
    // 164 kg per H100 over 4 years at 85% use.
    const perHour = 164 / (4 * 8760 * 0.85);
    assert.ok(Math.abs(withEmbodied.embodiedCo2eKg!.point - withEmbodied.gpuHours!.point * perHour) < 1e-6);
    assert.ok(Math.abs(withEmbodied.co2eKg!.point - ref.co2eKg!.point - withEmbodied.embodiedCo2eKg!.point) < 1e-6);
    assert.ok(withEmbodied.assumptions.some((a) => a.name === 'embodiedKgPerGpuHour' && /embodied/.test(a.detail)));
  });

  it('a market-based factor is reported beside, not instead of, location-based carbon', () => {
    const { projection } = project(base({ marketGPerKWh: set(0) }));
    assert.equal(projection.marketCo2eKg!.point, 0);
    assert.equal(projection.co2eKg!.point, ref.co2eKg!.point);
    const viaOverrides = project(base({ marketGPerKWh: set(50) })).projection;
    assert.ok(Math.abs(viaOverrides.marketCo2eKg!.point - (viaOverrides.energyKWh!.point * 50) / 1000) < 1e-6);
  });

  it('embodied carbon can be switched on by the run input the settings layer sets, over the default 4-year life', () => {
    const on = project(base({ includeEmbodied: set(true) })).projection;
    const perHour = 164 / (4 * 8760 * 0.85);
    assert.ok(Math.abs(on.embodiedCo2eKg!.point - on.gpuHours!.point * perHour) < 1e-6);
  });
});

describe('project(): FLOPs', () => {
  it('counts attention when layers, hidden size and sequence length are known', () => {
    const shaped = project(base({ arch: { layers: set(32), hiddenSize: set(4096) }, seqLength: set(4096) })).projection;
    const attention = 12 * 32 * 4096 * 4096 * 2e12;
    assert.equal(shaped.flops, 6 * 7e9 * 2e12 + attention);
  });

  it('full recomputation adds a third in hardware FLOPs (8·N·D vs 6·N·D); MFU is unchanged', () => {
    const full = project(base({ recompute: set('full') })).projection;
    assert.equal(full.hardwareFlops, (full.flops! * 4) / 3);
    assert.ok(Math.abs(full.hfu!.point / full.mfu!.point - 4 / 3) < 1e-12);
    assert.equal(full.gpuHours!.point, project(base()).projection.gpuHours!.point);
    const selective = project(base({ recompute: set('selective'), arch: { layers: set(32), hiddenSize: set(4096) }, seqLength: set(4096) })).projection;
    assert.ok(selective.hardwareFlops! > selective.flops! && selective.hardwareFlops! < (selective.flops! * 4) / 3);
  });

  it('reports the EU threshold at 1e25 FLOPs and the US one at 1e26', () => {
    const codes = (tokens: number) =>
      project(base({ params: set(1e11), activeParams: set(1e11), tokens: set(tokens) }))
        .findings.map((f) => f.code)
        .filter((c) => c.startsWith('flops-threshold'));
    assert.deepEqual(codes(1e13), []); // 6e24
    assert.deepEqual(codes(2e13), ['flops-threshold-eu']); // 1.2e25
    assert.deepEqual(codes(2e14), ['flops-threshold-eu', 'flops-threshold-us']); // 1.2e26
  });
});

describe('computeOptimalBasic', () => {
  it('Chinchilla 70B on 1.4T tokens is compute-optimal (20 tokens/param, factor 1)', () => {
    const c = computeOptimalBasic(run({ params: set(70e9), activeParams: set(70e9), tokens: set(1.4e12) }));
    assert.equal(c.tokensPerParam, 20);
    assert.ok(Math.abs(c.optimalParams! - 70e9) < 1);
    assert.ok(Math.abs(c.overTrainingFactor! - 1) < 1e-12);
  });

  it('Llama 3 8B on 15T tokens is over-trained about 94×', () => {
    const c = computeOptimalBasic(run({ params: set(8e9), activeParams: set(8e9), tokens: set(15e12) }));
    assert.equal(Math.round(c.overTrainingFactor!), 94);
    assert.ok(c.optimalParams! > 8e9 && c.optimalTokens! < 15e12);
  });

  it('says nothing when size or tokens are unknown', () => {
    assert.deepEqual(computeOptimalBasic(run({ tokens: set(1e12) })), { tokensPerParam: null, optimalTokens: null, optimalParams: null, overTrainingFactor: null });
  });
});

describe('project() on real configs of published runs', () => {
  const fixture = (rel: string) => path.join(__dirname, '../../fixtures/configs', rel);
  function projectFile(ctx: Mocha.Context, rel: string, overrides: Overrides) {
    const analysis = analyze(readFileSync(fixture(rel), 'utf8'), { fileName: rel, overrides });
    // The readers of each format are tested on their own; this suite starts where they deliver a run.
    if (!analysis.run) ctx.skip();
    return project(analysis.run!);
  }

  const cases = [
    { file: 'pythia/pythia-12b.yml', overrides: { gpuType: 'A100-40GB', gpus: 256 }, published: 72_300 },
    { file: 'pythia/pythia-6.9b.yml', overrides: { gpuType: 'a100 40gb', gpus: 128 }, published: 33_500 },
    { file: 'pythia/pythia-160m.yml', overrides: { gpuType: 'A100-SXM4-40GB', gpus: 32 }, published: 1030 },
    // The committed BLOOM script says 24 nodes and 450B tokens; the run used 48 nodes and stopped at 366B.
    { file: 'bigscience/tr11-176B-ml.slurm', overrides: { gpuType: 'A100-80GB', gpus: 384, tokens: 366e9 }, published: 1_082_990 },
  ];
  for (const c of cases) {
    it(`${c.file}: published ${c.published} GPU-hours inside the range, point within 1.5×`, function () {
      const { projection } = projectFile(this, c.file, c.overrides);
      const gh = projection.gpuHours!;
      assert.ok(gh.low <= c.published && c.published <= gh.high, `${gh.low}-${gh.high}`);
      assert.ok(gh.point / c.published < 1.5 && c.published / gh.point < 1.5, `${gh.point}`);
      assertSane(projection);
    });
  }
});
