// One build script, every target: the extension for desktop (Node) and web (worker) hosts, the CLI, the webview
// bundle, and the integration-test bundle that runs inside VS Code for the Web. `--watch` rebuilds on change.
// A Node built-in reaching a browser target fails the build, on purpose: src/core and src/extension stay web-safe.
import * as esbuild from 'esbuild';
import { existsSync, readFileSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
// jsonc-parser's default (UMD) entry hides its requires from the bundler; its ESM entry bundles cleanly.
const common = { mainFields: ['module', 'main'], bundle: true, target: 'es2022', sourcemap: !production, minify: production, logLevel: 'warning' };

const targets = [
  { ...common, format: 'cjs', platform: 'node', entryPoints: ['src/extension/desktop.ts'], outfile: 'dist/node/extension.js', external: ['vscode'] },
  { ...common, format: 'cjs', platform: 'browser', entryPoints: ['src/extension/web.ts'], outfile: 'dist/web/extension.js', external: ['vscode'] },
  // The analysis workers the extension starts, one per host: the core alone, no `vscode`.
  { ...common, format: 'cjs', platform: 'node', entryPoints: ['src/extension/analysis/worker.node.ts'], outfile: 'dist/node/analysisWorker.js' },
  { ...common, format: 'iife', platform: 'browser', entryPoints: ['src/extension/analysis/worker.web.ts'], outfile: 'dist/web/analysisWorker.js' },
  {
    ...common,
    format: 'cjs',
    platform: 'node',
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    define: { FOOTPRINT_VERSION: JSON.stringify(version) },
  },
  { ...common, format: 'iife', platform: 'browser', entryPoints: ['webview/main.ts'], outfile: 'dist/webview/panel.js' },
  {
    ...common,
    format: 'cjs',
    platform: 'browser',
    entryPoints: ['test/integration/index.web.ts'],
    outfile: 'dist/web/test/suite/index.js',
    external: ['vscode'],
    define: { global: 'globalThis' },
  },
  // The same suite for desktop VS Code (`npm run test:desktop`); mocha's Node build stays external.
  { ...common, format: 'cjs', platform: 'node', entryPoints: ['test/integration/index.node.ts'], outfile: 'dist/node/test/suite/index.js', external: ['vscode', 'mocha'] },
].filter((t) => existsSync(t.entryPoints[0]));

if (watch) {
  for (const t of targets) await (await esbuild.context(t)).watch();
  console.log('watching...');
} else {
  await Promise.all(targets.map((t) => esbuild.build(t)));
  console.log(`built ${targets.map((t) => t.outfile).join(', ')}`);
}
