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
      assert.ok(Number.isFinite(c.predicted) && c.predicted > 0, c.row.id);
      assert.match(c.row.source, /^https:\/\/github\.com\/[^/]+\/[^/]+\/blob\/[0-9a-f]{7,40}\//, `${c.row.id} cites a file at a commit`);
      assert.ok(c.row.year >= 2019 && c.row.year <= 2026, c.row.id);
    }
    assert.equal(new Set(checks.map((c) => c.row.id)).size, checks.length, 'ids are unique');
  });

  it('counts the runs that stopped out of memory apart, by the verdict the estimate gives them', () => {
    const oom = checks.filter((c) => c.row.measuredValue === 'oom');
    assert.ok(oom.length >= 3, 'the set holds runs that did not fit');
    const s = summariseMemory(checks);
    assert.equal(s.rows + oom.length + s.leftOut, checks.length);
    assert.equal(s.outOfMemory.doesNotFit + s.outOfMemory.tight + s.outOfMemory.fits, oom.length);
    assert.equal(s.falseFits, s.outOfMemory.fits, 'every published peak that ran fitted its GPU');
    for (const c of oom) assert.equal(c.error, null, `${c.row.id}: no peak to compare`);
  });

  it('no run that stopped out of memory is called "fits", the FSDP full fine-tunes included (no_sync keeps their gradients whole)', () => {
    const oom = checks.filter((c) => c.row.measuredValue === 'oom');
    assert.ok(oom.filter((c) => c.row.gpus > 1).length >= 2, 'multi-GPU runs that did not fit are in the set');
    for (const c of oom) assert.equal(c.estimate.verdict, 'does-not-fit', c.row.id);
  });

  it("a row is left out only when the source's own numbers say its figure cannot be the stated configuration's peak", () => {
    const left = checks.filter((c) => c.row.leftOut !== undefined);
    assert.ok(left.length <= 5, 'a few rows, each with its reason');
    const unit = (c: (typeof checks)[number]) => (c.row.measuredUnit === 'GiB' ? 2 ** 30 : 1e9);
    for (const c of left) {
      const m = c.row.measuredValue as number;
      if (/RTX 4090/.test(c.row.leftOut!)) {
        // The same recipe on the 4090, in the same table, measured half as much: both cannot be its peak.
        const twin = checks.find((t) => t.row.source === c.row.source && t.row.gpuId === 'rtx-4090' && t.row.note === c.row.note)!;
        assert.ok(twin && twin.row.leftOut === undefined, `${c.row.id}: its 4090 twin is counted`);
        assert.ok(m > 1.5 * (twin.row.measuredValue as number), `${c.row.id}: measured well over its twin`);
      } else {
        // Weights, gradients and optimizer states all live at the optimizer step: a peak cannot be below them.
        assert.ok(m * unit(c) < c.stepStatesBytes, `${c.row.id}: measured below its model states`);
      }
    }
    assert.equal(summariseMemory(checks).leftOut, left.length);
  });

  it('each technique a row adds lowers the estimate as it lowered the measurement (torchtune flags table, in order)', () => {
    const flags = checks.filter((c) => c.row.id.startsWith('tt-3b-') && !/lora/.test(c.row.id) && c.row.id !== 'tt-3b-compile');
    for (let i = 1; i < flags.length; i++) {
      assert.ok(flags[i]!.row.measuredValue < flags[i - 1]!.row.measuredValue);
      assert.ok(flags[i]!.predicted < flags[i - 1]!.predicted, `${flags[i]!.row.id} below ${flags[i - 1]!.row.id}`);
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
