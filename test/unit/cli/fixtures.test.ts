// Every shipped real config through the CLI, as a CI job would run it: recognised, exit 0, one JSON object of
// schema 1, no NaN, Infinity or negative number anywhere, and a readable table with provenance.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { runCli } from '../helpers/cli';
import { FIXTURES_DIR, fixtureNames } from '../helpers/fixtures';

describe('CLI over every fixture', () => {
  for (const name of fixtureNames()) {
    it(`estimates ${name}`, () => {
      const file = join(FIXTURES_DIR, name);
      const json = runCli('estimate', file, '--json');
      assert.equal(json.code, 0, json.err);
      assert.doesNotMatch(json.out, /NaN|Infinity/);
      const parsed = JSON.parse(json.out) as { schemaVersion: number; format: string | null; projection: Record<string, unknown> | null };
      assert.equal(parsed.schemaVersion, 1);
      assert.ok(parsed.format, `${name} not recognised`);
      const walk = (v: unknown, path: string): void => {
        if (typeof v === 'number') assert.ok(v >= 0 || path.includes('line'), `${path} = ${v}`);
        else if (v && typeof v === 'object') for (const [k, c] of Object.entries(v)) walk(c, `${path}.${k}`);
      };
      walk(parsed.projection, 'projection');

      const table = runCli('estimate', file);
      assert.equal(table.code, 0, table.err);
      assert.doesNotMatch(table.out, /NaN|Infinity|undefined|\[object Object\]/);
      assert.match(table.out, /(file|derived|companion|default|setting): /, 'provenance shown');
    });
  }

  it('reads several files into one JSON array, in order', () => {
    const names = ['NeMo-Framework-Launcher/llama2_70b.yaml', 'pythia/pythia-12b.yml'];
    const r = runCli('estimate', ...names.map((n) => join(FIXTURES_DIR, n)), '--json');
    assert.equal(r.code, 0, r.err);
    const parsed = JSON.parse(r.out) as Array<{ file: string }>;
    assert.deepEqual(
      parsed.map((p) => p.file),
      names.map((n) => join(FIXTURES_DIR, n)),
    );
  });

  it('exits 1 and says by how much when a budget is exceeded', () => {
    const file = join(FIXTURES_DIR, 'NeMo-Framework-Launcher/llama2_70b.yaml');
    const r = runCli('estimate', file, '--gpu', 'A100-80GB', '--max-usd', '100k', '--max-tco2e', '1e9');
    assert.equal(r.code, 1);
    assert.match(r.err, /cost \$[\d,.]+[kMB]? exceeds the budget of \$100,000 \(command-line flag --max-usd\) by/);
    assert.doesNotMatch(r.err, /emissions/);
    const ok = runCli('estimate', file, '--gpu', 'A100-80GB', '--max-usd', '1e12');
    assert.equal(ok.code, 0, ok.err);
  });
});
