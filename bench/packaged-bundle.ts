// The extension bundled as `npm run package` ships it (minified, no source map): what the activation benchmark loads
// and what the bundle-size test inspects, built the same way for both.
import { join } from 'node:path';
import type { BuildOptions } from 'esbuild';

export function packagedExtensionBuild(outfile: string): BuildOptions {
  return {
    entryPoints: [join(__dirname, '../src/extension/desktop.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    mainFields: ['module', 'main'],
    external: ['vscode'],
    minify: true,
    target: 'es2022',
    outfile,
    logLevel: 'error',
  };
}
