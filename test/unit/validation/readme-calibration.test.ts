// The README's calibration table is the headline validation of the estimator: leave-one-out on the published runs.
// It must be the table the code prints today (npm run docs), have a row for every run, and state figures that this
// test recomputes from the data: coverage at the nominal level, median and worst error, median range width.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PUBLISHED_RUNS } from '../../../src/core/data/published-runs';
import { leaveOneOut } from '../../../src/core/estimate/mfu-fit';

const ROOT = join(__dirname, '../../..');

function readmeSection(name: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = `<!-- ${name}:start -->`;
  const from = readme.indexOf(start);
  const to = readme.indexOf(`<!-- ${name}:end -->`);
  assert.ok(from >= 0 && to > from, `README has no ${name} section`);
  return readme.slice(from + start.length, to).trim();
}

describe('README calibration table (leave-one-out)', function () {
  this.timeout(30000);
  const section = readmeSection('calibration');
  const { summary } = leaveOneOut(PUBLISHED_RUNS);

  it('is the table the code prints today (run `npm run docs` after changing the model or the published runs)', () => {
    const printed = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/calibration-table.ts')], { encoding: 'utf8' });
    assert.equal(section, printed.trim());
  });

  it('has a row with the published figure, a projected point and a range for every published run', () => {
    const rows = section.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Run '));
    for (const run of PUBLISHED_RUNS) {
      const row = rows.find((r) => r.startsWith(`| ${run.label} |`));
      assert.ok(row, `no row for ${run.label}`);
      assert.match(row, /\| [\d.]+[kM]?( \[D\])? \| [\d.]+[kM]? \([\d.]+[kM]?-[\d.]+[kM]?\) \|/, `no point (low-high) in: ${row}`);
      assert.match(row, /\| MFU \d+%: [A-Z][\w]* BF16 base \d+%/, `no factor-by-factor MFU in: ${row}`);
    }
  });

  it('states the leave-one-out figures this test recomputes from the data', () => {
    const m =
      /Leave-one-out on (\d+) published runs, nominal (\d+)%: inside the range (\d+) of (\d+) \((\d+)%\); median error ×([\d.]+); worst ×([\d.]+) \((.+?)\); median range width ×([\d.]+)\./.exec(
        section,
      );
    assert.ok(m, 'no headline line');
    const [, runs, nominal, inside, of, , median, worst, worstRun, width] = m;
    assert.equal(Number(runs), summary.runs);
    assert.equal(Number(of), summary.runs);
    assert.equal(Number(nominal) / 100, summary.nominal);
    assert.equal(Number(inside), summary.inside);
    assert.equal(median, summary.medianErrorFactor.toFixed(2));
    assert.equal(worst, summary.worstErrorFactor.toFixed(2));
    assert.equal(worstRun, summary.worstRun);
    assert.equal(width, summary.medianWidthFactor.toFixed(2));
  });

  it('meets the goals: at least 40 runs, coverage at the nominal 80%, median error ≤ ×1.2, median width ≤ ×2', () => {
    assert.ok(summary.runs >= 40, `${summary.runs} runs`);
    assert.ok(summary.coverage >= summary.nominal, `coverage ${summary.inside}/${summary.runs}`);
    assert.ok(summary.medianErrorFactor <= 1.2, `median error ×${summary.medianErrorFactor}`);
    assert.ok(summary.medianWidthFactor <= 2, `median width ×${summary.medianWidthFactor}`);
  });
});
