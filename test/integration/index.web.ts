// Test entry for the web extension host (a worker in the browser page): mocha's browser build defines `mocha`.
import 'mocha/mocha';
import { useTestSettings } from './testSettings';

export function run(): Promise<void> {
  return new Promise((resolve, reject) => {
    mocha.setup({ ui: 'tdd', reporter: 'spec', timeout: 30000, color: false });
    // Loaded after setup so that suite()/test() exist (esbuild bundles these requires).
    require('./extension.test');
    require('./panel.test');
    require('./head.test');
    require('./runs.test');
    require('./companions.test');
    require('./responsive.test');
    useTestSettings().then(
      () => mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} tests failed.`)) : resolve())),
      (err: unknown) => {
        console.error(err);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}
