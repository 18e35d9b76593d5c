// One pinned value of a run read from a real config: its value, its source and the line it was read from. The
// fixture snapshots (test/unit/snapshots) pin every value; a format's tests pin the ones its story is about.
import assert from 'node:assert/strict';
import type { Sourced } from '../../../src/core/types';

export function golden<T>(s: Sourced<T> | undefined, value: T, source: Sourced<T>['source'], line?: number): void {
  assert.ok(s, `expected ${String(value)}`);
  assert.equal(s.value, value);
  assert.equal(s.source, source, `${String(value)}: ${s.detail}`);
  if (line !== undefined) assert.equal(s.span ? s.span.line + 1 : undefined, line, `${String(value)}: ${s.detail}`);
}
