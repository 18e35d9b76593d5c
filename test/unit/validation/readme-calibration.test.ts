// The README's calibration table is what a reader checks the estimator against (issue 3 item 1): it must be the
// table the code prints today (npm run docs), cover every published run with a point and a range, and state the
// goals it meets: the published figure inside the range for at least 80% of runs, median error under 25%.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PUBLISHED_RUNS } from '../../../src/core/data/published-runs';

const ROOT = join(__dirname, '../../..');

function readmeSection(name: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = `<!-- ${name}:start -->`;
  const from = readme.indexOf(start);
  const to = readme.indexOf(`<!-- ${name}:end -->`);
  assert.ok(from >= 0 && to > from, `README has no ${name} section`);
  return readme.slice(from + start.length, to).trim();
}

describe('README calibration table', () => {
  const section = readmeSection('calibration');

  it('is the table the code prints today (run `npm run docs` after changing the prior or the published runs)', () => {
    const printed = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/calibration-table.ts')], { encoding: 'utf8' });
    assert.equal(section, printed.trim());
  });

  it('has a row with the published figure, a projected point and a low-high range for every published run', () => {
    const rows = section.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Run '));
    for (const run of PUBLISHED_RUNS) {
      const row = rows.find((r) => r.startsWith(`| ${run.label} |`));
      assert.ok(row, `no row for ${run.label}`);
      assert.match(row, /\| [\d.]+[kM]? \([\d.]+[kM]?-[\d.]+[kM]?\) \|/, `no point (low-high) in: ${row}`);
    }
  });

  it('states coverage of at least 80% and a median error under 25%', () => {
    const m = /Inside the range: (\d+) of (\d+) \((\d+)%\); median \|error\| of the point: (\d+)%/.exec(section);
    assert.ok(m, 'no summary line');
    const [, inside, total, , medianPct] = m.map(Number);
    assert.equal(total, PUBLISHED_RUNS.length);
    assert.ok(inside! / total! >= 0.8, `coverage ${inside} of ${total}`);
    assert.ok(medianPct! < 25, `median error ${medianPct}%`);
  });
});
