#!/usr/bin/env node
// Runs Footprint Lens's integration tests (test/integration, built for Node as dist/node/test/suite/index.js) in
// desktop VS Code through @vscode/test-electron's runTests(). Desktop VS Code is downloaded into .vscode-test/ on
// the first run, so this needs network access once; set VSCODE_EXECUTABLE_PATH to use an installed VS Code instead.
// Offline, it stops with one line saying so (`npm run test:web` needs no download). Build first (`npm run build`).
// The workspace is a temporary copy of test/integration-workspace, because the desktop host writes to real files.
'use strict';

const path = require('path');
const fs = require('fs');
const os = require('os');

const root = path.resolve(__dirname, '..');
const SUITE = path.join(root, 'dist/node/test/suite/index.js');
const WORKSPACE = path.join(root, 'test/integration-workspace');
const VERSION = process.env.VSCODE_TEST_VERSION || 'stable';

function fail(message) {
  process.stderr.write(`[desktop tests] ${message}\n`);
  process.exit(1);
}

/** The first line of an error, without the stack: what went wrong, not where in test-electron. */
function oneLine(e) {
  const text = e && e.message ? e.message : String(e);
  return text.split('\n').find((l) => l.trim() !== '') || text;
}

function looksOffline(e) {
  const text = `${e && e.code ? e.code : ''} ${e && e.message ? e.message : e}`;
  return /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|EHOSTUNREACH|getaddrinfo|socket hang up|timeout|Failed to get|download/i.test(text);
}

async function main() {
  if (!fs.existsSync(SUITE)) fail(`${path.relative(root, SUITE)} is missing: run \`npm run build\` first.`);
  let runTests;
  try {
    ({ runTests } = require('@vscode/test-electron'));
  } catch {
    fail('@vscode/test-electron is not installed: run `npm ci`.');
  }
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'footprint-desktop-workspace-'));
  fs.cpSync(WORKSPACE, workspace, { recursive: true });
  const executable = process.env.VSCODE_EXECUTABLE_PATH;
  try {
    await runTests({
      ...(executable ? { vscodeExecutablePath: executable } : { version: VERSION }),
      extensionDevelopmentPath: root,
      extensionTestsPath: SUITE,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
      // test-electron retries a failed download; one timeout is enough to know the network is not there.
      timeout: Number(process.env.VSCODE_DOWNLOAD_TIMEOUT_MS || 15000),
    });
    process.stdout.write('[desktop tests] passed\n');
  } catch (e) {
    if (!executable && looksOffline(e)) {
      fail(`cannot download desktop VS Code ${VERSION} (${oneLine(e)}); needs network once, or set VSCODE_EXECUTABLE_PATH. Offline, use \`npm run test:web\`.`);
    }
    fail(`failed: ${oneLine(e)}`);
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((e) => fail(oneLine(e)));
