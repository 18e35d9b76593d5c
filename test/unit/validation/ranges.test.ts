// Issue 3 item 1: every projection gives a point and a low-high range for GPU-hours, wall-clock days, kWh, tCO2e
// and dollars, on every shipped config, in the JSON and in the table a user reads.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCli } from '../helpers/cli';
import { FIXTURES_DIR, fixtureNames } from '../helpers/fixtures';

const METERS = ['gpuHours', 'wallClockHours', 'energyKWh', 'co2eKg', 'costUSD'] as const;
const TABLE_LABELS = ['GPU-hours', 'wall-clock', 'energy', 'emissions', 'cost'];

type ProjectionJson = Record<string, number | [number, number] | null>;

describe('every projection is a point with a range', () => {
  let checked = 0;
  for (const name of fixtureNames()) {
    // A GPU count so wall-clock can be projected for configs that leave it to the launcher.
    const argv = ['estimate', join(FIXTURES_DIR, name), '--gpus', '64'];
    const result = runCli(...argv, '--json');
    const parsed = result.code === 0 ? (JSON.parse(result.out) as { projection: ProjectionJson | null }) : undefined;
    if (!parsed?.projection || parsed.projection.gpuHours === null) continue; // configs without a size or length say so elsewhere
    const projection = parsed.projection;
    checked += 1;

    it(`${name}: the five meters have low ≤ point ≤ high, finite and positive, in JSON and in the table`, () => {
      for (const meter of METERS) {
        const point = projection[meter];
        const range = projection[`${meter}Range`];
        assert.ok(typeof point === 'number' && point > 0 && Number.isFinite(point), `${meter} point ${String(point)}`);
        assert.ok(Array.isArray(range), `${meter} has no range`);
        const [low, high] = range;
        assert.ok(low > 0 && low <= point && point <= high && Number.isFinite(high), `${meter}: ${low} ≤ ${point} ≤ ${high}`);
        assert.ok(high > low, `${meter}: the range is a range (${low}-${high})`);
      }
      const table = runCli(...argv).out;
      for (const label of TABLE_LABELS) {
        const line = table.split('\n').find((l) => l.trimStart().startsWith(label));
        assert.ok(line, `no ${label} line`);
        assert.match(line, /\(.+–.+\)/, `no range on: ${line}`);
      }
    });
  }
  it('checks the shipped configs, not an empty list', () => {
    assert.ok(checked >= fixtureNames().length / 2, `only ${checked} configs projected`);
  });
});
