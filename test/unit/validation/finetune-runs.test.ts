// The fine-tune projection against published fine-tuning runs, each rebuilt from its published facts alone: what
// the README's fine-tuning validation table shows, and the ratios the per-method FLOPs must get right.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkFineTunes, fitFineTuneFactor, summarise } from '../../../src/core/estimate/finetune-validation';
import { PUBLISHED_FINETUNES } from '../../../src/core/data/published-finetunes';
import { FINETUNE_MFU } from '../../../src/core/data/finetune';
import { MFU_CEILING } from '../../../src/core/data/mfu-benchmarks';

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

  it('the shipped fine-tuning utilisation factor and range are the refit of these runs (rounded)', () => {
    const fit = fitFineTuneFactor(checks);
    assert.equal(Number(fit.factor.toFixed(2)), FINETUNE_MFU.factor);
    assert.equal(Number(fit.range.low.toFixed(2)), FINETUNE_MFU.range.low);
    assert.equal(Number(fit.range.high.toFixed(2)), FINETUNE_MFU.range.high);
  });

  it('out of sample, the range holds its nominal coverage and the median error stays under 1.25×', () => {
    const fit = fitFineTuneFactor(checks);
    assert.ok(fit.runs >= 10, `${fit.runs} runs kept`);
    assert.ok(fit.outOfSampleInside / fit.runs >= FINETUNE_MFU.nominal, `${fit.outOfSampleInside} of ${fit.runs} inside`);
    assert.ok(fit.outOfSampleMedianErrorFactor < 1.25, String(fit.outOfSampleMedianErrorFactor));
  });

  it('a run is left out only when its GPUs would beat the MFU ceiling or its tokens are a bound, and says why', () => {
    for (const c of checks) {
      if (!c.excluded) continue;
      const executed = Number(/execute (\d+)%/.exec(c.excluded)?.[1]);
      assert.ok(executed / 100 > MFU_CEILING.mfu, `${c.run.id}: ${c.excluded}`);
    }
    const kept = checks.filter((c) => !c.excluded && !c.run.tokensUpperBound).length;
    assert.equal(fitFineTuneFactor(checks).runs, kept);
  });

  it('the README table is the one the code prints today (run `npm run docs`)', () => {
    const table = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/finetune-calibration-table.ts')], { encoding: 'utf8' }).trim();
    assert.ok(readFileSync(join(ROOT, 'README.md'), 'utf8').includes(table), 'README fine-tuning validation table is stale');
  });
});
