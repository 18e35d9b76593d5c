// Entry point for both extension hosts (desktop Node and web worker). Activation is cheap: it wires providers to one
// analysis cache; every registration is disposed with the extension.
import * as vscode from 'vscode';
import { AnalysisCache, type AnalyzedEvent } from './analysisCache';
import { FootprintCodeActions } from './codeActions';
import { FootprintCodeLensProvider } from './codeLens';
import { registerCommands } from './commands';
import { FootprintDiagnostics } from './diagnostics';
import { FootprintHoverProvider } from './hover';
import { SELECTOR } from './selector';
import { SettingsStore } from './settingsStore';
import { FootprintStatusBar } from './statusBar';

/** What activate() returns: tests (and other extensions) wait on analyses instead of sleeping. */
export interface FootprintApi {
  onDidAnalyze: vscode.Event<AnalyzedEvent>;
  cache: AnalysisCache;
  statusBar: FootprintStatusBar;
}

export function activate(context: vscode.ExtensionContext): FootprintApi {
  const settings = new SettingsStore();
  const cache = new AnalysisCache(settings);
  const lenses = new FootprintCodeLensProvider(cache, settings);
  const statusBar = new FootprintStatusBar(cache);
  context.subscriptions.push(
    settings,
    cache,
    lenses,
    new FootprintDiagnostics(cache, settings),
    statusBar,
    vscode.languages.registerCodeLensProvider(SELECTOR, lenses),
    vscode.languages.registerHoverProvider(SELECTOR, new FootprintHoverProvider(cache, settings)),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new FootprintCodeActions(cache), { providedCodeActionKinds: FootprintCodeActions.kinds }),
    ...registerCommands(cache, { panelRegistered: false }),
  );
  return { onDidAnalyze: cache.onDidAnalyze, cache, statusBar };
}

export function deactivate(): void {
  // Everything lives in context.subscriptions.
}
