// The MFU prior against every published run (issue 3 item 1): the published GPU-hours must lie inside the projected
// range for at least 80% of runs, and the median error of the point must be under 25%.
import { strict as assert } from 'node:assert';
import { PUBLISHED_RUNS } from '../../../src/core/data/published-runs';
import { calibrationRow, type CalibrationRow } from '../../../src/core/estimate/calibration';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

describe('MFU prior calibration on the published runs', () => {
  const rows = PUBLISHED_RUNS.map((run) => calibrationRow(run));

  it('projects every published run', () => {
    assert.deepEqual(
      PUBLISHED_RUNS.filter((_, i) => rows[i] === undefined).map((r) => r.id),
      [],
    );
  });

  const done = rows.filter((r): r is CalibrationRow => r !== undefined);

  it('has the published GPU-hours inside the projected range for at least 80% of runs', () => {
    const inside = done.filter((r) => r.inside).length / done.length;
    const outside = done.filter((r) => !r.inside).map((r) => `${r.run.id} ${(r.error * 100).toFixed(0)}%`);
    assert.ok(inside >= 0.8, `coverage ${(inside * 100).toFixed(0)}%; outside: ${outside.join(', ')}`);
  });

  it('has a median |error| of the point under 25%', () => {
    const err = median(done.map((r) => Math.abs(r.error)));
    assert.ok(err < 0.25, `median |error| ${(err * 100).toFixed(1)}%`);
  });

  it('projects every run within a factor of 2 of its published GPU-hours (no run is wildly off)', () => {
    const far = done.filter((r) => r.error > 1 || r.error < -0.5).map((r) => `${r.run.id} ${(r.error * 100).toFixed(0)}%`);
    assert.deepEqual(far, []);
  });

  it('includes the MoE and FP8 runs at their active parameters and FP8 peak', () => {
    const dsv3 = done.find((r) => r.run.id === 'deepseek-v3');
    assert.ok(dsv3 && dsv3.inside, 'DeepSeek-V3 inside its range');
    // MFU against the FP8 peak is well under the BF16 prior of the same GPU.
    assert.ok(dsv3.mfu.point < 0.25);
  });

  it('gives ranges that are ranges: low < point < high, all finite and positive', () => {
    for (const r of done) {
      assert.ok(r.gpuHours.low > 0 && r.gpuHours.low < r.gpuHours.point && r.gpuHours.point < r.gpuHours.high, r.run.id);
      assert.ok(Number.isFinite(r.gpuHours.high), r.run.id);
    }
  });
});
