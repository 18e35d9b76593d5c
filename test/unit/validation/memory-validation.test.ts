// The memory-per-GPU estimate against peak memory measured and published by the owners of real configurations:
// what the README's memory validation table shows, rebuilt from each row's configuration alone.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PUBLISHED_PEAK_MEMORY } from '../../../src/core/data/published-memory';
import { checkPeakMemory, inputsOfRow, summariseMemory } from '../../../src/core/memory/validation';

const ROOT = join(__dirname, '../../..');

describe('validation: measured peak memory per GPU', () => {
  const checks = checkPeakMemory();

  it('estimates every row from its configuration, with a finite figure and its source at a commit', () => {
    assert.equal(checks.length, PUBLISHED_PEAK_MEMORY.length);
    assert.ok(checks.length >= 15, 'a validation set worth a percentage');
    for (const c of checks) {
      assert.ok(Number.isFinite(c.predictedGiB) && c.predictedGiB > 0, c.row.id);
      assert.match(c.row.source, /^https:\/\/github\.com\/[^/]+\/[^/]+\/blob\/[0-9a-f]{7,40}\//, `${c.row.id} cites a file at a commit`);
      assert.ok(c.row.year >= 2019 && c.row.year <= 2026, c.row.id);
    }
    assert.equal(new Set(checks.map((c) => c.row.id)).size, checks.length, 'ids are unique');
  });

  it('never says "fits" for a run measured to need more than its GPU has', () => {
    assert.equal(summariseMemory(checks).falseFits, 0);
    for (const c of checks) assert.ok(c.row.measuredGiB * 2 ** 30 <= c.estimate.capacityBytes || !c.predictedFits, c.row.id);
  });

  it('each technique a row adds lowers the estimate as it lowered the measurement (torchtune flags table, in order)', () => {
    const flags = checks.filter((c) => c.row.id.startsWith('tt-3b-') && !/lora/.test(c.row.id) && c.row.id !== 'tt-3b-compile');
    for (let i = 1; i < flags.length; i++) {
      assert.ok(flags[i]!.row.measuredGiB < flags[i - 1]!.row.measuredGiB);
      assert.ok(flags[i]!.predictedGiB < flags[i - 1]!.predictedGiB, `${flags[i]!.row.id} below ${flags[i - 1]!.row.id}`);
    }
  });

  it('a row is read as its source states it: QLoRA stores NF4 base weights, FSDP shards over the GPUs, CPU offload leaves no states on the GPU', () => {
    const row = (id: string) => PUBLISHED_PEAK_MEMORY.find((r) => r.id === id)!;
    assert.equal(inputsOfRow(row('tt-405b-qlora')).adapter?.kind, 'qlora');
    assert.equal(inputsOfRow(row('tt-70b-lora')).shardGroup, 8);
    const offload = checks.find((c) => c.row.id === 'tt-70b-full')!.estimate.busiest;
    assert.equal(offload.components.weights + offload.components.gradients + offload.components.optimizer, 0);
    assert.ok(offload.hostBytes > 0);
  });

  it('the README table is the one the code prints today (run `npm run docs`)', () => {
    const table = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/memory-validation-table.ts')], { encoding: 'utf8' }).trim();
    assert.ok(readFileSync(join(ROOT, 'README.md'), 'utf8').includes(table), 'README memory validation table is stale');
  });
});
