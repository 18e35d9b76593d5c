// A stand-in for the VS Code webview host: a tiny HTTP server on 127.0.0.1 serving the built panel bundle, its CSS and
// the page the extension generates (the same pageHtml: CSP default-src 'none', the script by nonce, styles from the
// page's own origin) plus a stub acquireVsCodeApi that records every posted message and the saved state.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const FILES = {
  '/dist/webview/panel.js': ['dist/webview/panel.js', 'text/javascript'],
  '/media/panel.css': ['media/panel.css', 'text/css'],
  '/test/theme.css': ['test/webview/theme.css', 'text/css'],
};

// The host's own page builder (TypeScript, loaded through tsx): the tests see the CSP and markup users get.
const { pageHtml } = await tsImport('../../src/extension/panel/page.ts', import.meta.url);

// The stub: the saved state comes from the URL hash (a "reloaded window"), everything posted is kept in order.
const STUB = `
    window.__posted = [];
    window.__state = location.hash.length > 1 ? JSON.parse(decodeURIComponent(location.hash.slice(1))) : undefined;
    let acquired = false;
    window.acquireVsCodeApi = () => {
      if (acquired) throw new Error('acquireVsCodeApi called twice');
      acquired = true;
      return {
        postMessage: (m) => window.__posted.push(JSON.parse(JSON.stringify(m))),
        getState: () => window.__state,
        setState: (s) => { window.__state = JSON.parse(JSON.stringify(s)); },
      };
    };`;

function page(origin, nonce, theme) {
  return pageHtml({
    cspSource: origin,
    nonce,
    scriptUri: `${origin}/dist/webview/panel.js`,
    styleUris: [`${origin}/test/theme.css`, `${origin}/media/panel.css`],
    inlineScripts: [STUB],
    bodyClass: `vscode-${theme}`,
  });
}

/** Starts the server; `url(theme, state?)` gives a fresh page address. */
export async function startHarness() {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const origin = `http://127.0.0.1:${server.address().port}`;
    if (url.pathname === '/panel.html') {
      const nonce = randomBytes(16).toString('base64');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page(origin, nonce, url.searchParams.get('theme') === 'dark' ? 'dark' : 'light'));
      return;
    }
    // Browsers ask for a favicon; answer "nothing" so a 404 never shows up as a console error.
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    const file = FILES[url.pathname];
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    try {
      const body = await readFile(path.join(ROOT, file[0]));
      res.writeHead(200, { 'content-type': file[1] });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    url: (theme = 'light', state) => `${origin}/panel.html?theme=${theme}${state ? `#${encodeURIComponent(JSON.stringify(state))}` : ''}`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** A fixture file's text and name, as the host would send it. */
/** The `traces` message the host posts after `ready`: the shipped grid traces, read and parsed as the host does. */
export async function gridTracesMessage() {
  const { GRID_TRACES } = await tsImport('../../src/core/data/grid-traces.ts', import.meta.url);
  const { parseGridTrace } = await tsImport('../../src/core/schedule/trace.ts', import.meta.url);
  const traces = [];
  for (const row of GRID_TRACES) {
    const parsed = parseGridTrace(await readFile(path.join(ROOT, 'data/grid-traces', row.file), 'utf8'), row.file);
    if (!parsed.ok) throw new Error(parsed.message);
    traces.push({ code: parsed.trace.code, year: parsed.trace.year, startUtcMs: parsed.trace.startUtcMs, values: [...parsed.trace.values] });
  }
  return { type: 'traces', traces };
}

export async function fixture(relative) {
  const text = await readFile(path.join(ROOT, 'test/fixtures/configs', relative), 'utf8');
  return { uri: `file:///workspace/${relative}`, fileName: relative, text };
}
