// Every finding code the core can emit is documented (the editor links each diagnostic to its entry), and the
// README's Findings section is the table as generated.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { FINDING_DOCS, findingsMarkdown } from '../../../src/core/present/findings';

const ROOT = join(__dirname, '../../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const full = join(dir, e);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

describe('finding codes', () => {
  it('every code emitted under src/core is documented', () => {
    const emitted = new Set<string>();
    for (const file of sourceFiles(join(ROOT, 'src/core'))) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/(?:\bcode: '([a-z0-9-]+)',\s*severity|\.finding\('([a-z0-9-]+)')/g)) emitted.add((m[1] ?? m[2]) as string);
    }
    const documented = new Set(FINDING_DOCS.map((d) => d.code));
    const undocumented = [...emitted].filter((c) => !documented.has(c));
    assert.deepEqual(undocumented, [], `add these to src/core/present/findings.ts: ${undocumented.join(', ')}`);
    assert.ok(emitted.size >= 20, `only ${emitted.size} codes found: is the scan still matching?`);
  });

  it('the README lists every code with its anchor', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    assert.ok(readme.includes(findingsMarkdown()), 'README "Findings" is stale: regenerate it with `npm run docs`');
  });
});
