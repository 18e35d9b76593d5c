// Entry point for both extension hosts (desktop Node and web worker). Activation is cheap: it wires providers to one
// analysis cache; every registration is disposed with the extension.
import * as vscode from 'vscode';
import { AnalysisCache, type AnalyzedEvent } from './analysisCache';
import { FootprintCodeActions } from './codeActions';
import { FootprintCodeLensProvider } from './codeLens';
import { registerCommands } from './commands';
import { FootprintDiagnostics } from './diagnostics';
import { FootprintHoverProvider } from './hover';
import { COMMANDS } from './ids';
import { LazyPanels } from './panel/lazy';
import type { PanelTestHandle } from './panel/manager';
import { SELECTOR } from './selector';
import { SettingsStore } from './settingsStore';
import { FootprintStatusBar } from './statusBar';

/** What activate() returns: tests (and other extensions) wait on analyses instead of sleeping. */
export interface FootprintApi {
  onDidAnalyze: vscode.Event<AnalyzedEvent>;
  cache: AnalysisCache;
  statusBar: FootprintStatusBar;
  /** The what-if panel of a file, when open: tests send it messages through the same validation as the webview. */
  panelFor(uri: vscode.Uri | string): PanelTestHandle | undefined;
}

export function activate(context: vscode.ExtensionContext): FootprintApi {
  const settings = new SettingsStore();
  const cache = new AnalysisCache(settings);
  const lenses = new FootprintCodeLensProvider(cache, settings);
  const statusBar = new FootprintStatusBar(cache);
  const panels = new LazyPanels(context.extensionUri, settings);
  context.subscriptions.push(
    settings,
    cache,
    lenses,
    new FootprintDiagnostics(cache, settings),
    statusBar,
    vscode.languages.registerCodeLensProvider(SELECTOR, lenses),
    vscode.languages.registerHoverProvider(SELECTOR, new FootprintHoverProvider(cache, settings)),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new FootprintCodeActions(cache), { providedCodeActionKinds: FootprintCodeActions.kinds }),
    panels,
    vscode.commands.registerCommand(COMMANDS.openPanel, (uri?: unknown) => panels.open(uri)),
    ...registerCommands(cache),
  );
  return { onDidAnalyze: cache.onDidAnalyze, cache, statusBar, panelFor: (uri) => panels.panelFor(uri) };
}

export function deactivate(): void {
  // Everything lives in context.subscriptions.
}
