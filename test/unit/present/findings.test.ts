// Every finding code is declared once, in FINDINGS (src/core/present/findings.ts), with its severity, meaning, fix and
// message template; every finding is made from that row (the editor links each diagnostic to its README entry), and
// the README's Findings section is the table as generated.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyze } from '../../../src/core/analyze';
import { fixtureNames, readFixture } from '../helpers/fixtures';
import { FINDINGS, FINDING_DOCS, finding, findingAnchor, findingsMarkdown, isFindingCode, type FindingCode } from '../../../src/core/present/findings';

const ROOT = join(__dirname, '../../..');
const TABLE = 'src/core/present/findings.ts';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const full = join(dir, e);
    return statSync(full).isDirectory() ? sourceFiles(full) : full.endsWith('.ts') ? [full] : [];
  });
}

const SOURCES = [...sourceFiles(join(ROOT, 'src')), ...sourceFiles(join(ROOT, 'webview'))]
  .map((f) => ({ file: relative(ROOT, f).replace(/\\/g, '/'), text: readFileSync(f, 'utf8') }))
  .filter(({ file }) => file !== TABLE);

describe('finding codes', () => {
  it('no finding is built outside the table: its severity and words come from the code’s row', () => {
    // An object literal with a severity or a code next to its message is a finding made by hand.
    const byHand = SOURCES.flatMap(({ file, text }) =>
      [...text.matchAll(/\bseverity:\s*'(?:error|warning|info|hint)'|\bcode:\s*'[a-z0-9-]+',\s*(?:severity|message):/g)].map((m) => `${file}: ${m[0]}`),
    );
    assert.deepEqual(byHand, [], 'create findings with finding(code, args) from src/core/present/findings.ts');
  });

  it('every code in the table is one the code emits (no dead rows)', () => {
    const mentioned = new Set(SOURCES.flatMap(({ text }) => [...text.matchAll(/'([a-z0-9]+(?:-[a-z0-9]+)+)'/g)].map((m) => m[1]!)));
    const dead = (Object.keys(FINDINGS) as FindingCode[]).filter((code) => !mentioned.has(code));
    assert.deepEqual(dead, []);
  });

  it('every code a finding carries is in the table, over every fixture', () => {
    const seen = new Set<string>();
    for (const name of fixtureNames()) {
      for (const f of analyze(readFixture(name), { fileName: name }).findings) {
        seen.add(f.code);
        assert.ok(isFindingCode(f.code), `${f.code} (${name})`);
      }
    }
    assert.ok(seen.size >= 15, `only ${seen.size} codes seen over the fixtures`);
  });

  it('a row gives the severity and the message; the anchor is the code’s', () => {
    const f = finding('duplicate-key', { key: 'train_batch_size', line: 3 }, { key: 'train_batch_size', span: { start: 0, end: 1, line: 2 } });
    assert.deepEqual(f, {
      code: 'duplicate-key',
      severity: 'warning',
      message: 'Key `train_batch_size` appears more than once (line 3); the last one is used.',
      key: 'train_batch_size',
      span: { start: 0, end: 1, line: 2 },
    });
    assert.equal(finding('missing-gpus').message, 'GPU count unknown: set nodes × GPUs per node, or --gpus, to project wall-clock time.');
    assert.equal(finding('resumed-stage', { key: 'load', from: 5000, line: 4, to: 4000, trainsNothing: true }).severity, 'warning');
    assert.equal(finding('resumed-stage', { key: 'load', from: 1000, line: 4, to: 4000, trainsNothing: false }).severity, 'info');
    assert.equal(findingAnchor('batch-arithmetic'), 'finding-batch-arithmetic');
  });

  it('the README lists every code with its anchor', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    assert.ok(readme.includes(findingsMarkdown()), 'README "Findings" is stale: regenerate it with `npm run docs`');
    assert.equal(FINDING_DOCS.length, Object.keys(FINDINGS).length);
  });
});
