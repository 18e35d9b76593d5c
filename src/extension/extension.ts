// Activation for both extension hosts (desktop Node and web worker; their entry points, desktop.ts and web.ts, say how
// analysis workers start there). Activation is cheap: it wires providers to one analysis cache; every registration is
// disposed with the extension.
import * as vscode from 'vscode';
import { AnalysisRunner, type SpawnWorker } from './analysis/runner';
import { AnalysisCache } from './analysisCache';
import { exportsFor, type FootprintApi } from './api';
import { FootprintCodeActions } from './codeActions';
import { FootprintCodeLensProvider } from './codeLens';
import { registerCommands } from './commands';
import { FootprintDiagnostics } from './diagnostics';
import { FootprintHoverProvider } from './hover';
import { COMMANDS } from './ids';
import { LazyPanels } from './panel/lazy';
import { SELECTOR } from './selector';
import { SettingsStore } from './settingsStore';
import { FootprintStatusBar } from './statusBar';
import { HeadDiffs } from './head/headDiffs';
import { HeadHoverProvider, HeadLensProvider } from './head/headLenses';
import { FixedHeadTexts, GitHeadTexts } from './head/headTexts';
import { RunsView } from './workspace/runsView';
import { CompanionStore } from './companions';
import { WorkspaceIndex } from './workspaceIndex';

/** Wires the extension; `workers` starts the analysis workers (undefined: analyses run on the host's thread). */
export function activateWith(context: vscode.ExtensionContext, workers: SpawnWorker | undefined): FootprintApi {
  const testMode = context.extensionMode === vscode.ExtensionMode.Test;
  const settings = new SettingsStore();
  const index = new WorkspaceIndex();
  const companions = new CompanionStore({
    // Read at each lookup: the setting is per machine or workspace, and turning it on takes effect at once.
    modelLookup: () => (vscode.workspace.getConfiguration('footprint').get('modelLookup') === 'hub' ? 'hub' : 'offline'),
    storage: context.globalStorageUri,
    index,
  });
  settings.companions = companions;
  const cache = new AnalysisCache(settings, new AnalysisRunner(workers, { log: (line) => settings.warn(line) }));
  const lenses = new FootprintCodeLensProvider(cache, settings);
  const statusBar = new FootprintStatusBar(cache);
  const panels = new LazyPanels(context.extensionUri, settings, testMode);
  const headDiffs = new HeadDiffs(cache, settings, new GitHeadTexts());
  const headLenses = new HeadLensProvider(headDiffs, settings);
  const runs = new RunsView(settings, cache.inBackground);
  context.subscriptions.push(
    index,
    companions,
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
    headDiffs,
    headLenses,
    vscode.languages.registerCodeLensProvider(SELECTOR, headLenses),
    vscode.languages.registerHoverProvider(SELECTOR, new HeadHoverProvider(headDiffs)),
    runs,
    vscode.commands.registerCommand(COMMANDS.chooseCompanion, (uri?: unknown, pick?: unknown) => chooseCompanion(companions, uri, pick)),
  );
  return exportsFor(testMode, {
    onDidAnalyze: cache.onDidAnalyze,
    cache,
    statusBar,
    index,
    panelFor: (uri) => panels.panelFor(uri),
    headDiffs,
    runs,
    headTextsForTests: () => {
      const fixed = new FixedHeadTexts();
      headDiffs.useSource(fixed);
      return fixed;
    },
  });
}

/** Several scripts use one DeepSpeed JSON: the user picks whose model and schedule fill it (tests pass `pick`). */
async function chooseCompanion(companions: CompanionStore, uri: unknown, pick: unknown): Promise<void> {
  const target = typeof uri === 'string' ? vscode.Uri.parse(uri) : uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
  if (!target) return;
  const users = companions.usersOf(target);
  if (users.length === 0) return;
  const chosen =
    typeof pick === 'string'
      ? users.find((u) => u.toString() === pick || vscode.workspace.asRelativePath(u, false) === pick)
      : (
          await vscode.window.showQuickPick(
            users.map((u) => ({ label: vscode.workspace.asRelativePath(u, false), uri: u })),
            { title: 'Which launch script or recipe runs this file?' },
          )
        )?.uri;
  if (chosen) companions.chooseUser(target, chosen);
}

export function deactivate(): void {
  // Everything lives in context.subscriptions.
}
