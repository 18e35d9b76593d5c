// Webview entry (bundled to dist/webview/panel.js): registers the vscode-elements it uses, validates every message
// from the host, and says `ready` once it can listen — the host posts nothing before that.
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-label/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { HostMessageSchema, parseMessage } from '../src/shared/protocol';
import { Panel } from './panel';
import { post } from './vscode-api';

function start(): void {
  // The host's page may or may not give a mount point; the panel brings its own.
  const root = document.getElementById('app') ?? document.body.appendChild(document.createElement('main'));
  const panel = new Panel(root);
  window.addEventListener('message', (event: MessageEvent) => {
    const parsed = parseMessage(HostMessageSchema, event.data);
    if (!parsed.ok) {
      console.warn(`Footprint Lens panel: ignored an invalid message (${parsed.reason})`);
      return;
    }
    panel.handle(parsed.message);
  });
  // Only now can a `load` be received: say so.
  post({ type: 'ready' });
}

// A script in <head> runs before <body> exists.
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();
