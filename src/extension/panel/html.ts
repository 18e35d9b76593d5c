// The panel's page (markup and CSP in page.ts): a strict CSP (nothing but our own script by nonce, our stylesheet and fonts from the extension),
// resources only from dist/webview and media.
import * as vscode from 'vscode';
import { pageHtml } from './page';

/** Where the page may load from; nothing else of the extension is reachable by the webview. */
export function resourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')];
}

/** 128 random bits as hex, from the platform's CSPRNG (the global `crypto` exists in web workers and Node ≥ 20). */
export function makeNonce(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri, nonce = makeNonce()): string {
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', 'panel.js'));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'panel.css'));
  return pageHtml({ cspSource: webview.cspSource, nonce, scriptUri: script.toString(), styleUris: [style.toString()] });
}
