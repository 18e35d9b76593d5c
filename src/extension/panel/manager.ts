// The what-if panels: one per config URI (opening it again reveals it), restored after a window reload by the
// serializer, and reachable from tests through the same validation as the webview's messages.
import * as vscode from 'vscode';
import { PanelStateSchema, parseMessage } from '../../shared/protocol';
import { isCandidate } from '../selector';
import type { SettingsStore } from '../settingsStore';
import { PANEL_VIEW_TYPE } from '../ids';
import { FootprintPanel, webviewOptions, type PanelDeps } from './panel';

/** What tests may do with a panel: send it a message as the webview would, read what the host posted. */
export interface PanelTestHandle {
  receive(message: unknown): Promise<void>;
  readonly posted: readonly unknown[];
  readonly onDidPost: vscode.Event<unknown>;
}

export class PanelManager implements vscode.Disposable {
  private readonly panels = new Map<string, FootprintPanel>();
  private readonly log: vscode.OutputChannel;
  private readonly deps: PanelDeps;

  constructor(extensionUri: vscode.Uri, settings: SettingsStore, testMode = false) {
    this.log = vscode.window.createOutputChannel('Footprint Lens Panel');
    this.deps = { extensionUri, settings, log: this.log, keepPosted: testMode };
  }

  /** Opens (or reveals) the panel for a uri string, a Uri, or the active config editor. */
  async open(uri?: unknown): Promise<FootprintPanel | undefined> {
    const target = this.targetOf(uri);
    if (!target) {
      void vscode.window.showInformationMessage('Footprint: open a training config first.');
      return undefined;
    }
    const existing = this.panels.get(target.toString());
    if (existing) {
      existing.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(PANEL_VIEW_TYPE, 'What-if', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false }, webviewOptions(this.deps.extensionUri));
    return this.track(panel, target);
  }

  panelFor(uri: vscode.Uri | string): PanelTestHandle | undefined {
    return this.panels.get(typeof uri === 'string' ? uri : uri.toString());
  }

  private targetOf(uri: unknown): vscode.Uri | undefined {
    if (typeof uri === 'string' && uri) return vscode.Uri.parse(uri);
    if (uri instanceof vscode.Uri) return uri;
    const active = vscode.window.activeTextEditor?.document;
    return active && isCandidate(active) ? active.uri : undefined;
  }

  private track(panel: vscode.WebviewPanel, uri: vscode.Uri): FootprintPanel {
    const p = new FootprintPanel(panel, uri, this.deps);
    const key = uri.toString();
    this.panels.set(key, p);
    p.onDidDispose(() => {
      if (this.panels.get(key) === p) this.panels.delete(key);
    });
    return p;
  }

  /** Reopens a panel VS Code kept across a window reload (the serializer in lazy.ts calls this). */
  async restore(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const parsed = parseMessage(PanelStateSchema, state);
    if (!parsed.ok) {
      this.log.appendLine(`[panel] not restoring a panel with unreadable state: ${parsed.reason}`);
      panel.dispose();
      return;
    }
    const uri = vscode.Uri.parse(parsed.message.uri);
    if (this.panels.has(uri.toString())) {
      // Already open (restored twice): keep one panel per file.
      panel.dispose();
      return;
    }
    this.track(panel, uri);
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
    this.panels.clear();
    this.log.dispose();
  }
}
