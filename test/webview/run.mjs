// Browser tests of the what-if panel: builds the webview bundle (the same esbuild target as esbuild.mjs, so no
// prior `npm run build` is needed), then runs panel.test.mjs in headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core), after the Node tests of its pure parts (model.test.ts). No network: the page and the bundle are served from 127.0.0.1. node:test sets a
// non-zero exit code when a test fails.
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ROOT } from './harness.mjs';

await esbuild.build({
  absWorkingDir: ROOT,
  entryPoints: ['webview/main.ts'],
  outfile: path.join(ROOT, 'dist/webview/panel.js'),
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  mainFields: ['module', 'main'],
  sourcemap: true,
  logLevel: 'warning',
});

// The panel's pure parts first (TypeScript, through tsx, in a child Node), then the browser.
const unit = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', 'test/webview/model.test.ts'], { cwd: ROOT, stdio: 'inherit' });
if (unit.status !== 0) process.exitCode = 1;
await import('./panel.test.mjs');
