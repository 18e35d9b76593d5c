// What activate() hands out: a production caller gets the analyses event and nothing else; the parts the integration
// tests drive (the cache, the panels, HEAD texts) are handed out in the extension's test mode only.
import assert from 'node:assert/strict';
import { exportsFor, type FootprintTestApi } from '../../../src/extension/api';

const parts = {
  onDidAnalyze: () => ({ dispose() {} }),
  cache: {},
  statusBar: {},
  index: {},
  panelFor: () => undefined,
  headDiffs: {},
  runs: {},
  headTextsForTests: () => ({}),
} as unknown as FootprintTestApi;

describe('extension API', () => {
  it('outside test mode is the analyses event alone', () => {
    const api = exportsFor(false, parts);
    assert.deepEqual(Object.keys(api), ['onDidAnalyze']);
    assert.equal(api.onDidAnalyze, parts.onDidAnalyze);
  });

  it('in test mode also carries the seams the integration tests use', () => {
    const api = exportsFor(true, parts) as FootprintTestApi;
    for (const seam of ['cache', 'panelFor', 'headDiffs', 'runs', 'headTextsForTests'] as const) assert.ok(api[seam], seam);
  });
});
