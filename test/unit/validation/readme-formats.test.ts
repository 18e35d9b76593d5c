// The README's "Formats understood" table tells a reader what each shipped config yields on opening it: it must be
// what the code derives today (`npm run docs` regenerates it), with a row for every fixture.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtureNames } from '../helpers/fixtures';

const ROOT = join(__dirname, '../../..');

describe('README formats table', function () {
  this.timeout(30000);
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('<!-- formats:start -->') + '<!-- formats:start -->'.length, readme.indexOf('<!-- formats:end -->')).trim();

  it('is the table the code prints today (run `npm run docs` after changing an extractor)', () => {
    const printed = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/formats-table.ts')], { encoding: 'utf8' });
    assert.equal(section, printed.trim());
  });

  it('has a row for every shipped config, none of them unrecognised', () => {
    for (const name of fixtureNames()) {
      const row = section.split('\n').find((l) => l.startsWith(`| ${name} |`));
      assert.ok(row, `no row for ${name}`);
      assert.doesNotMatch(row, /not a training config/);
    }
  });
});
