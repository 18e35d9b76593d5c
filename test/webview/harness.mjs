// A stand-in for the VS Code webview host: a tiny HTTP server on 127.0.0.1 serving the built panel bundle, its CSS and
// a page with the same shape the extension generates (CSP default-src 'none', the script by nonce, styles from the
// page's own origin) plus a stub acquireVsCodeApi that records every posted message and the saved state.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const FILES = {
  '/dist/webview/panel.js': ['dist/webview/panel.js', 'text/javascript'],
  '/media/panel.css': ['media/panel.css', 'text/css'],
  '/test/theme.css': ['test/webview/theme.css', 'text/css'],
};

function page(origin, nonce, theme) {
  // The stub: the saved state comes from the URL hash (a "reloaded window"), everything posted is kept in order.
  const stub = `
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
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${origin}; font-src ${origin}; img-src ${origin}; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${origin}/test/theme.css">
<link rel="stylesheet" href="${origin}/media/panel.css">
<title>Footprint Lens what-if</title>
</head>
<body class="vscode-${theme}">
<main id="app"></main>
<script nonce="${nonce}">${stub}</script>
<script nonce="${nonce}" src="${origin}/dist/webview/panel.js"></script>
</body>
</html>`;
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
export async function fixture(relative) {
  const text = await readFile(path.join(ROOT, 'test/fixtures/configs', relative), 'utf8');
  return { uri: `file:///workspace/${relative}`, fileName: relative, text };
}
