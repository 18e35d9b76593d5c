// Test entry for the desktop extension host (Node), used by `npm run test:desktop`: the same suite as the web entry,
// run by mocha's Node build (left external, resolved from node_modules when VS Code loads this bundle).
import Mocha from 'mocha';
import { useTestSettings } from './testSettings';

export function run(): Promise<void> {
  // No runner takes screenshots on the desktop: snapshot() returns at once instead of waiting for one.
  (globalThis as { __footprintNoSnapshots?: boolean }).__footprintNoSnapshots = true;
  const mocha = new Mocha({ ui: 'tdd', reporter: 'spec', timeout: 30000, color: false });
  mocha.suite.emit('pre-require', globalThis, 'extension.test', mocha);
  // Loaded after the interface is installed so that suite()/test() exist (esbuild bundles this require).
  require('./extension.test');
  require('./panel.test');
  require('./head.test');
  require('./runs.test');
  require('./responsive.test');
  return new Promise((resolve, reject) => {
    useTestSettings().then(
      () => mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} tests failed.`)) : resolve())),
      (err: unknown) => reject(err instanceof Error ? err : new Error(String(err))),
    );
  });
}
