// One snapshot per real config in test/fixtures/configs: what a user sees read from the file — every value of the run
// (its field, the key it was read from, the value, its source and line) and every finding (code, severity, line,
// message). A change in what is read shows up as a diff of test/unit/snapshots/fixtures/ under review.
// Regenerate after an intended change: UPDATE_SNAPSHOTS=1 npx mocha test/unit/snapshots/fixtures.test.ts
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { analyze } from '../../../src/core/analyze';
import type { KeyRef, RunSpec, Sourced } from '../../../src/core/types';
import { fixtureNames, readFixture } from '../helpers/fixtures';

const SNAPSHOTS_DIR = join(__dirname, 'fixtures');
const UPDATE = process.env.UPDATE_SNAPSHOTS === '1';

interface ValueRow {
  field: string;
  key?: string;
  value: unknown;
  source: Sourced<unknown>['source'];
  line: number | null;
}

function isSourced(v: unknown): v is Sourced<unknown> {
  return typeof v === 'object' && v !== null && 'value' in v && 'source' in v && 'detail' in v;
}

/** Every Sourced value of the run, depth first in declaration order, with the key it was read from when one was. */
function valuesOf(run: RunSpec): ValueRow[] {
  const keyAt = new Map<string, string>();
  for (const k of run.keys as KeyRef[]) for (const span of [k.span, k.valueSpan]) if (span) keyAt.set(`${span.line}:${span.start}`, k.key);
  const rows: ValueRow[] = [];
  const walk = (node: unknown, path: string) => {
    if (isSourced(node)) {
      const key = node.span ? keyAt.get(`${node.span.line}:${node.span.start}`) : undefined;
      rows.push({ field: path, ...(key ? { key } : {}), value: node.value, source: node.source, line: node.span ? node.span.line + 1 : null });
      return;
    }
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return;
    for (const [k, v] of Object.entries(node)) walk(v, path ? `${path}.${k}` : k);
  };
  for (const [k, v] of Object.entries(run)) if (k !== 'keys' && k !== 'findings' && k !== 'missing') walk(v, k);
  return rows;
}

function snapshotFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const full = join(dir, e);
    return statSync(full).isDirectory() ? snapshotFiles(full) : [relative(SNAPSHOTS_DIR, full).replace(/\\/g, '/')];
  });
}

function snapshotOf(name: string): string {
  const analysis = analyze(readFixture(name), { fileName: name });
  const snapshot = {
    fixture: name,
    format: analysis.format,
    values: analysis.run ? valuesOf(analysis.run) : [],
    findings: analysis.findings.map((f) => ({ code: f.code, severity: f.severity, line: f.span ? f.span.line + 1 : null, message: f.message })),
  };
  // One row per line, so a review diff shows the values and findings that changed, each whole.
  const rows = (list: unknown[]) => (list.length === 0 ? '[]' : `[\n${list.map((r) => `    ${JSON.stringify(r)}`).join(',\n')}\n  ]`);
  return `{\n  "fixture": ${JSON.stringify(snapshot.fixture)},\n  "format": ${JSON.stringify(snapshot.format)},\n  "values": ${rows(snapshot.values)},\n  "findings": ${rows(snapshot.findings)}\n}\n`;
}

describe('fixture snapshots (UPDATE_SNAPSHOTS=1 rewrites them)', () => {
  const names = fixtureNames();

  it('covers every fixture, and keeps no snapshot of a fixture that is gone', () => {
    assert.ok(names.length >= 30, `only ${names.length} fixtures found`);
    const stored = existsSync(SNAPSHOTS_DIR) ? snapshotFiles(SNAPSHOTS_DIR) : [];
    const orphans = stored.filter((f) => !names.includes(f.replace(/\.json$/, '')));
    assert.deepEqual(orphans, [], 'delete these snapshots (their fixtures are gone)');
  });

  for (const name of names) {
    it(name, () => {
      const file = join(SNAPSHOTS_DIR, `${name}.json`);
      const actual = snapshotOf(name);
      if (UPDATE) {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, actual);
        return;
      }
      assert.ok(existsSync(file), `no snapshot for ${name}: run UPDATE_SNAPSHOTS=1 npx mocha test/unit/snapshots/fixtures.test.ts and commit test/unit/snapshots/fixtures/`);
      // Compared as parsed JSON so the failure shows the changed rows; the message says how to accept the change.
      assert.deepEqual(
        JSON.parse(actual),
        JSON.parse(readFileSync(file, 'utf8')),
        `${name} reads differently: if that is intended, run UPDATE_SNAPSHOTS=1 npx mocha test/unit/snapshots/fixtures.test.ts and commit the diff`,
      );
    });
  }
});
