// What `npm run package` ships: only the bundles, the media, the README, the licence and package.json. vsce's own
// file lister reads .vscodeignore exactly as packaging does.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listFiles, PackageManager } from '@vscode/vsce';
import { SETTING_KEYS } from '../../../src/core/inputs/registry';
import { COMMANDS, PANEL_VIEW_TYPE } from '../../../src/extension/ids';

const ROOT = join(__dirname, '../../..');
const ALLOWED = [
  /^package\.json$/,
  /^README\.md$/,
  /^LICENSE$/,
  /^CHANGELOG\.md$/,
  /^media\/[\w.-]+\.(png|svg|css)$/,
  /^dist\/(node|web)\/(extension|analysisWorker)\.js$/,
  /^dist\/webview\/[\w.-]+\.(js|css)$/,
  /^data\/grid-traces\/([\w-]+\.txt|NOTICE\.md|README\.md)$/,
];

describe('packaged extension (.vsix)', function () {
  this.timeout(60000);
  let files: string[];
  before(async () => {
    files = (await listFiles({ cwd: ROOT, packageManager: PackageManager.None })).map((f) => f.replace(/\\/g, '/'));
  });

  it('holds nothing but bundles, media, README, LICENSE and package.json', () => {
    const stray = files.filter((f) => !ALLOWED.some((re) => re.test(f)));
    assert.deepEqual(stray, [], `unexpected files in the VSIX: ${stray.join(', ')}`);
  });

  it('holds the manifest, docs and icon, and every bundle the manifest points at once built', () => {
    for (const f of ['package.json', 'README.md', 'LICENSE', 'media/icon.png', 'data/grid-traces/NOTICE.md', 'data/grid-traces/us-pjm-2022.txt']) assert.ok(files.includes(f), `${f} is packaged`);
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { main: string; browser: string };
    for (const entry of [manifest.main, manifest.browser]) {
      const rel = entry.replace(/^\.\//, '');
      // Bundles exist only after `npm run build`; when they do, they must ship.
      if (existsSync(join(ROOT, rel))) assert.ok(files.includes(rel), `${rel} is packaged`);
    }
  });

  it('never ships sources, tests, fixtures, node_modules or source maps', () => {
    const bad = files.filter((f) => /^(src|test|bench|scripts|webview|node_modules)\//.test(f) || f.endsWith('.map') || f.endsWith('.ts'));
    assert.deepEqual(bad, []);
  });
});

describe('extension manifest', () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as Record<string, any>;

  it('activates on the languages it serves, never on everything', () => {
    assert.ok(!manifest.activationEvents.includes('*'));
    for (const lang of ['yaml', 'json', 'shellscript']) assert.ok(manifest.activationEvents.includes(`onLanguage:${lang}`));
  });

  it('runs in untrusted and virtual workspaces, on desktop and web', () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, true);
    assert.equal(manifest.capabilities.virtualWorkspaces, true);
    assert.equal(manifest.main, './dist/node/extension.js');
    assert.equal(manifest.browser, './dist/web/extension.js');
  });

  it('declares every command the extension registers, under the Footprint category', () => {
    const ids = Object.values(COMMANDS);
    const declared = (manifest.contributes.commands as Array<{ command: string; category: string }>).map((c) => c.command);
    assert.ok(ids.length >= 8);
    for (const id of ids) assert.ok(declared.includes(id!), `${id} is declared in package.json`);
    for (const c of manifest.contributes.commands) assert.equal(c.category, 'Footprint');
  });

  it('activates for the panel it restores after a reload', () => {
    assert.ok((manifest.activationEvents as string[]).includes(`onWebviewPanel:${PANEL_VIEW_TYPE}`));
  });

  it('declares every setting the extension reads', () => {
    // The settings are generated from the input registry; test/unit/inputs checks they are current.
    for (const k of SETTING_KEYS) assert.ok(`footprint.${k}` in manifest.contributes.configuration.properties, `${k} is declared`);
    assert.ok(SETTING_KEYS.length >= 15);
  });
});
