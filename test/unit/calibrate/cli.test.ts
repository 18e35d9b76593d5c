// `footprint-lens calibrate` and `estimate --calibration` as a user runs them, on the real Pythia and MPT configs
// and the CodeCarbon files in test/fixtures/measurements. Expected values are worked out from the tool's own
// estimate of the same config (FLOPs, tokens) and the raw measurement, not copied from its output.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli';
import { FIXTURES_DIR } from '../helpers/fixtures';

const PYTHIA = join(FIXTURES_DIR, 'pythia/pythia-160m.yml');
const MPT = join(FIXTURES_DIR, 'llm-foundry/mpt-7b.yaml');
const MEASUREMENTS = join(__dirname, '../../fixtures/measurements');
const MODERN = join(MEASUREMENTS, 'codecarbon-2.8-pythia-160m.csv');
const OLD = join(MEASUREMENTS, 'codecarbon-1.2-pythia-160m.csv');
const REORDERED = join(MEASUREMENTS, 'codecarbon-reordered-crlf.csv');
const A100x8 = ['--gpu', 'A100-40GB', '--gpus', '8'];
/** Dense FP16 peak of an A100, the figure MFU is measured against (NVIDIA A100 datasheet). */
const A100_PEAK = 312e12;
const H100_PEAK = 989e12;

interface EstimateJson {
  run: { tokens: { value: number }; trainIters: { value: number } };
  projection: { flops: number; gpuHours: number; energyKWh: number };
  assumptions: Array<{ name: string; value: number | string; source: string; detail: string }>;
}

interface CalibrateJson {
  calibration: { mfu: number; wattsPerGpu: number | null; systemWattsPerGpu: number | null; source: string; config: string };
  comparison: Array<{ label: string; measured: number | null }>;
  notes: string[];
}

function json<T>(...argv: string[]): T {
  const r = runCli(...argv);
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out) as T;
}

function close(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual / expected - 1) < 1e-6, `${what}: ${actual} vs ${expected}`);
}

function refused(...argv: string[]): string {
  const r = runCli(...argv);
  assert.equal(r.code, 2, `expected exit 2, got ${r.code}: ${r.out.slice(0, 300)}`);
  assert.equal(r.err.trim().split('\n').length, 1, `not one line: ${r.err}`);
  assert.doesNotMatch(r.err + r.out, /NaN|Infinity|undefined/);
  return r.err;
}

function tmp(name: string, text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'fl-cal-')), name);
  writeFileSync(file, text);
  return file;
}

describe('calibrate: achieved MFU and power from a CodeCarbon file', () => {
  const est = json<EstimateJson>('estimate', PYTHIA, ...A100x8, '--json');

  it('backs out MFU = FLOPs done / (GPUs × peak × seconds) from a modern file covering 2,000 steps', () => {
    const cal = json<CalibrateJson>('calibrate', PYTHIA, MODERN, ...A100x8, '--steps-done', '2000', '--json');
    const seconds = 1690.2; // the last cumulative row of the run
    const expected = (est.projection.flops * (2000 / est.run.trainIters.value)) / (8 * A100_PEAK * seconds);
    close(cal.calibration.mfu, expected, 'MFU');
    assert.ok(cal.calibration.mfu > 0.1 && cal.calibration.mfu < 0.6, 'a plausible MFU for a 160M model on A100s');
    // gpu_power was ~2.64 kW for the node's 8 GPUs
    assert.ok(cal.calibration.wattsPerGpu !== null && cal.calibration.wattsPerGpu > 320 && cal.calibration.wattsPerGpu < 340);
    assert.ok(cal.calibration.systemWattsPerGpu !== null && cal.calibration.systemWattsPerGpu > cal.calibration.wattsPerGpu!);
    // the measured GPU-hours are the 2,000 steps' time scaled to 143,000
    const gpuHours = cal.comparison.find((r) => r.label === 'GPU-hours')?.measured;
    close(gpuHours ?? 0, (8 * seconds * (est.run.trainIters.value / 2000)) / 3600, 'whole-run GPU-hours');
  });

  it('prints the table of projected vs measured, says how rows were combined and which grid the file used', () => {
    const r = runCli('calibrate', PYTHIA, MODERN, ...A100x8, '--steps-done', '2000');
    assert.equal(r.code, 0, r.err);
    for (const label of ['achieved MFU', 'power per GPU', 'whole-system draw', 'GPU-hours', 'wall-clock', 'IT energy', 'emissions']) {
      assert.match(r.out, new RegExp(label), label);
    }
    assert.match(r.out, /3 rows of one run_id: the last cumulative row taken/);
    assert.match(r.out, /2,000 of 143,000 steps/);
    assert.match(r.out, /grid intensity in the file 379 gCO2e\/kWh/);
    assert.doesNotMatch(r.out, /NaN|Infinity|undefined/);
  });

  it('reads an old file (no run_id, no GPU energy): sessions summed, power from the whole-system energy', () => {
    const cal = json<CalibrateJson>('calibrate', PYTHIA, OLD, ...A100x8, '--steps-done', '2000', '--json');
    const expected = (est.projection.flops * (2000 / est.run.trainIters.value)) / (8 * A100_PEAK * (1012.6 + 694.9));
    close(cal.calibration.mfu, expected, 'MFU');
    assert.equal(cal.calibration.wattsPerGpu, null);
    assert.ok(cal.calibration.systemWattsPerGpu !== null && cal.calibration.systemWattsPerGpu > 350);
    assert.ok(cal.notes.some((n) => /2 rows summed/.test(n)));
    assert.ok(cal.notes.some((n) => /no gpu_count/.test(n)));
    const text = runCli('calibrate', PYTHIA, OLD, ...A100x8, '--steps-done', '2000').out;
    assert.match(text, /unknown \(no gpu_energy column\)/);
  });

  it('reads a file with reordered columns, CRLF and a BOM (MPT-7B, 100 steps on 8 H100s)', () => {
    const mpt = json<EstimateJson>('estimate', MPT, '--gpu', 'H100', '--gpus', '8', '--json');
    const cal = json<CalibrateJson>('calibrate', MPT, REORDERED, '--gpu', 'H100', '--gpus', '8', '--steps-done', '100', '--json');
    close(cal.calibration.mfu, (mpt.projection.flops * (100 / mpt.run.trainIters.value)) / (8 * H100_PEAK * 3605), 'MFU');
    close(cal.calibration.wattsPerGpu ?? 0, 4960 / 8, 'GPU watts');
  });

  it("scales one node's measurement to a job on more GPUs than the tracker saw", () => {
    const oneNode = json<CalibrateJson>('calibrate', PYTHIA, MODERN, ...A100x8, '--steps-done', '2000', '--json');
    const twoNodes = json<CalibrateJson>('calibrate', PYTHIA, MODERN, '--gpu', 'A100-40GB', '--gpus', '16', '--steps-done', '2000', '--json');
    const energy = (c: CalibrateJson) => c.comparison.find((r) => r.label.startsWith('IT energy'))?.measured ?? 0;
    close(energy(twoNodes), 2 * energy(oneNode), 'whole-job energy on twice the GPUs');
    // Pythia's global batch is micro batch × data parallel: on 16 GPUs each step does twice the work in the same
    // measured time on twice the GPUs, so the utilisation is the same; power per GPU is the node's own.
    close(twoNodes.calibration.mfu, oneNode.calibration.mfu, 'MFU');
    close(twoNodes.calibration.wattsPerGpu ?? 0, oneNode.calibration.wattsPerGpu ?? 1, 'watts per GPU');
    assert.ok(twoNodes.notes.some((n) => /tracker saw 8 GPUs of the job's 16/.test(n)));
  });

  it('accepts a logged whole-job throughput instead of a CSV', () => {
    const cal = json<CalibrateJson>('calibrate', PYTHIA, ...A100x8, '--tokens-per-second', '600k', '--json');
    close(cal.calibration.mfu, (est.projection.flops * 600_000) / (est.run.tokens.value * 8 * A100_PEAK), 'MFU');
    assert.equal(cal.calibration.wattsPerGpu, null);
    assert.match(cal.calibration.source, /--tokens-per-second/);
    assert.match(runCli('calibrate', PYTHIA, ...A100x8, '--tokens-per-second', '600k').out, /power per GPU +not measured \(a throughput carries no energy\)/);
  });

  it('takes --tokens-done as the fraction of the run measured', () => {
    const tokensDone = 2000 * 256 * 2048; // the same 2,000 steps, in tokens
    const byTokens = json<CalibrateJson>('calibrate', PYTHIA, MODERN, ...A100x8, '--tokens-done', String(tokensDone), '--json');
    const bySteps = json<CalibrateJson>('calibrate', PYTHIA, MODERN, ...A100x8, '--steps-done', '2000', '--json');
    close(byTokens.calibration.mfu, bySteps.calibration.mfu, 'MFU by tokens vs steps');
  });
});

describe('calibrate --save, then estimate --calibration', () => {
  it('the estimate uses the measured MFU and power, labelled as calibrated from the file', () => {
    const saved = join(mkdtempSync(join(tmpdir(), 'fl-cal-')), 'pythia.calibration.json');
    const r = runCli('calibrate', PYTHIA, MODERN, ...A100x8, '--steps-done', '2000', '--save', saved);
    assert.equal(r.code, 0, r.err);
    const file = JSON.parse(readFileSync(saved, 'utf8')) as CalibrateJson['calibration'] & { measuredAt: string };
    assert.equal(file.config, 'pythia-160m.yml');
    assert.equal(file.source, 'codecarbon-2.8-pythia-160m.csv');
    assert.equal(file.measuredAt, '2026-03-02T09:30:54');

    const before = json<EstimateJson>('estimate', PYTHIA, ...A100x8, '--json');
    const after = json<EstimateJson>('estimate', PYTHIA, ...A100x8, '--calibration', saved, '--json');
    const mfu = after.assumptions.find((a) => a.name === 'mfu');
    assert.equal(mfu?.source, 'setting');
    assert.equal(mfu?.detail, `calibrated from ${saved}`);
    close(Number(mfu?.value), file.mfu, 'MFU used');
    // The projection now matches the measurement: the run's time at the measured rate
    close(after.projection.gpuHours, (8 * 1690.2 * (143_000 / 2000)) / 3600, 'calibrated GPU-hours');
    assert.notEqual(after.projection.gpuHours, before.projection.gpuHours);
    const power = after.assumptions.find((a) => a.name === 'gpuPowerKW');
    assert.match(power?.detail ?? '', /calibrated from/);
    close(Number(power?.value), (file.systemWattsPerGpu ?? 0) / 1000, 'power per GPU');
  });

  it('an explicit --mfu still wins over the calibration', () => {
    const saved = tmp('c.json', JSON.stringify({ schemaVersion: 1, mfu: 0.3, wattsPerGpu: 300, source: 'x.csv', measuredAt: '2026-01-01', config: 'y.yml' }));
    const after = json<EstimateJson>('estimate', PYTHIA, ...A100x8, '--calibration', saved, '--mfu', '0.5', '--json');
    const mfu = after.assumptions.find((a) => a.name === 'mfu');
    assert.equal(mfu?.value, 0.5);
  });

  it('warns when the calibration was measured on another GPU', () => {
    const saved = tmp('c.json', JSON.stringify({ schemaVersion: 1, mfu: 0.3, wattsPerGpu: 300, gpuType: 'h100-sxm', source: 'x.csv', measuredAt: '2026-01-01', config: 'y.yml' }));
    const r = runCli('estimate', PYTHIA, ...A100x8, '--calibration', saved);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /calibration-gpu-mismatch/);
  });
});

describe('calibrate: bad input is one line and exit 2', () => {
  it('a missing, column-less, garbage or zero-duration file', () => {
    assert.match(refused('calibrate', PYTHIA, join(MEASUREMENTS, 'nope.csv'), ...A100x8), /does not exist/);
    assert.match(refused('calibrate', PYTHIA, tmp('a.csv', 'step,loss\n1,2\n'), ...A100x8), /no "duration" column/);
    assert.match(refused('calibrate', PYTHIA, tmp('b.csv', 'duration,energy_consumed\nabc,1\n'), ...A100x8), /not a usable number/);
    assert.match(refused('calibrate', PYTHIA, tmp('c.csv', 'duration,energy_consumed\n0,1\n'), ...A100x8), /not a positive time/);
    assert.match(refused('calibrate', PYTHIA, tmp('d.csv', 'duration,energy_consumed\n-10,1\n'), ...A100x8), /not a usable number/);
  });

  it('what the config lacks: the GPU count', () => {
    // MPT-7B's file sets its global batch but not its GPU count
    assert.match(refused('calibrate', MPT, REORDERED, '--gpu', 'H100', '--steps-done', '100'), /GPU count is unknown \(set --gpus\)/);
  });

  it('a span that would mean more than 100% MFU, or more steps than the run has', () => {
    assert.match(refused('calibrate', PYTHIA, MODERN, ...A100x8), /too short for this work/);
    assert.match(refused('calibrate', PYTHIA, MODERN, ...A100x8, '--steps-done', '200000'), /more than the run's 143000 steps/);
  });

  it('bad flags', () => {
    assert.match(refused('calibrate', PYTHIA, ...A100x8), /needs a config file and a CodeCarbon emissions.csv/);
    assert.match(refused('calibrate', PYTHIA, MODERN, ...A100x8, '--steps-done', '2.5'), /whole number/);
    assert.match(refused('calibrate', PYTHIA, MODERN, ...A100x8, '--steps-done', '10', '--tokens-done', '1e9'), /not both/);
    assert.match(refused('calibrate', PYTHIA, ...A100x8, '--tokens-per-second=-3'), /--tokens-per-second expects/);
    assert.match(refused('calibrate', PYTHIA, ...A100x8, '--tokens-per-second', 'fast'), /--tokens-per-second expects/);
    assert.match(refused('estimate', PYTHIA, '--save', 'x.json'), /goes with the calibrate command/);
    assert.match(refused('calibrate', PYTHIA, MODERN, '--calibration', 'x.json'), /goes with the estimate command/);
  });

  it('a saved calibration that is not one', () => {
    assert.match(refused('estimate', PYTHIA, '--calibration', join(MEASUREMENTS, 'nope.json')), /does not exist/);
    assert.match(refused('estimate', PYTHIA, '--calibration', tmp('x.json', 'mfu=0.4')), /not JSON/);
    assert.match(refused('estimate', PYTHIA, '--calibration', tmp('y.json', '{"schemaVersion":1,"mfu":4,"wattsPerGpu":300,"source":"a","measuredAt":"b","config":"c"}')), /mfu/);
    assert.match(refused('estimate', PYTHIA, '--calibration', MODERN), /not JSON/);
  });
});
