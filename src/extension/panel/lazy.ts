// The what-if panels, loaded on first use. The panel's code and zod (which validates every panel message) are most of
// the extension bundle's load time, and most sessions never open a panel, so activation only registers the serializer
// (VS Code needs it at activation to restore panels after a reload) and the panel code is imported when needed.
import * as vscode from 'vscode';
import { PANEL_VIEW_TYPE } from '../ids';
import type { SettingsStore } from '../settingsStore';
import type { PanelManager, PanelTestHandle } from './manager';

export class LazyPanels implements vscode.Disposable {
  private manager: Promise<PanelManager> | undefined;
  private loaded: PanelManager | undefined;
  private readonly serializer: vscode.Disposable;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly settings: SettingsStore,
    /** The extension's test mode: panels keep what they post, for the integration tests to read. */
    private readonly testMode = false,
  ) {
    this.serializer = vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => (await this.load()).restore(panel, state),
    });
  }

  /** Opens (or reveals) the panel for a uri string, a Uri, or the active config editor; true when one is showing. */
  async open(uri?: unknown): Promise<boolean> {
    return (await (await this.load()).open(uri)) !== undefined;
  }

  /** The open panel of a file (tests); undefined before any panel was opened. */
  panelFor(uri: vscode.Uri | string): PanelTestHandle | undefined {
    return this.loaded?.panelFor(uri);
  }

  private load(): Promise<PanelManager> {
    this.manager ??= import('./manager').then(({ PanelManager }) => (this.loaded = new PanelManager(this.extensionUri, this.settings, this.testMode)));
    return this.manager;
  }

  dispose(): void {
    this.serializer.dispose();
    this.loaded?.dispose();
  }
}
