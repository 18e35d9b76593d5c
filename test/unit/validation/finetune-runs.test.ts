// The fine-tune projection against published fine-tuning runs, each rebuilt from its published facts alone: what
// the README's fine-tuning validation table shows, and the ratios the per-method FLOPs must get right.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkFineTunes, summarise } from '../../../src/core/estimate/finetune-validation';
import { PUBLISHED_FINETUNES } from '../../../src/core/data/published-finetunes';

const ROOT = join(__dirname, '../../..');

describe('validation: published fine-tuning runs', () => {
  const checks = checkFineTunes();

  it('projects every published run, with a range around a finite point', () => {
    assert.equal(checks.length, PUBLISHED_FINETUNES.length);
    for (const c of checks) {
      assert.ok(Number.isFinite(c.gpuHours.point) && c.gpuHours.low <= c.gpuHours.point && c.gpuHours.point <= c.gpuHours.high, c.run.id);
      assert.ok(c.run.source && c.run.year > 2000, `${c.run.id} says where it came from`);
    }
  });

  it('LoRA over full fine-tuning time on GPT-3 175B: within 15% of the published 43.1 vs 32.5 tokens/s', () => {
    const { projected, published } = summarise(checks).loraOverFull;
    assert.ok(Math.abs(projected / published - 1) < 0.15, `${projected} vs ${published}`);
  });

  it('the median error stays under 2× (a regression guard, not a fit: nothing here is tuned to these runs)', () => {
    assert.ok(summarise(checks).medianErrorFactor < 2, String(summarise(checks).medianErrorFactor));
  });

  it('the README table is the one the code prints today (run `npm run docs`)', () => {
    const table = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/finetune-calibration-table.ts')], { encoding: 'utf8' }).trim();
    assert.ok(readFileSync(join(ROOT, 'README.md'), 'utf8').includes(table), 'README fine-tuning validation table is stale');
  });
});
