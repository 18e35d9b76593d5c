// What activate() returns. Other extensions get one event, each analysis as it lands; the extension's own tests
// (context.extensionMode is Test) also get the parts they drive and wait on (the cache, the panels, the HEAD diffs,
// the Training Runs view), which a production API must not expose.
import type * as vscode from 'vscode';
import type { AnalysisCache, AnalyzedEvent } from './analysisCache';
import type { HeadDiffs } from './head/headDiffs';
import type { FixedHeadTexts } from './head/headTexts';
import type { PanelTestHandle } from './panel/manager';
import type { FootprintStatusBar } from './statusBar';
import type { RunsView } from './workspace/runsView';
import type { WorkspaceIndex } from './workspaceIndex';

/** The production API: tests and other extensions wait on analyses instead of sleeping. */
export interface FootprintApi {
  readonly onDidAnalyze: vscode.Event<AnalyzedEvent>;
}

/** What the integration tests get on top, in test mode only. */
export interface FootprintTestApi extends FootprintApi {
  cache: AnalysisCache;
  statusBar: FootprintStatusBar;
  /** The workspace's configs and what each references (built on first use; the runs view reads it too). */
  index: WorkspaceIndex;
  /** The what-if panel of a file, when open: tests send it messages through the same validation as the webview. */
  panelFor(uri: vscode.Uri | string): PanelTestHandle | undefined;
  /** Each open config against its committed text (the "vs HEAD" lenses read this). */
  headDiffs: HeadDiffs;
  /** The Explorer's Training Runs view and its workspace index. */
  runs: RunsView;
  /** Replaces git as the source of committed texts with texts the test gives (VS Code for the Web has no git). */
  headTextsForTests(): FixedHeadTexts;
}

/** The production API, or in test mode the test API: nothing of the second reaches a production caller. */
export function exportsFor(testMode: boolean, parts: FootprintTestApi): FootprintApi {
  if (testMode) return parts;
  return { onDidAnalyze: parts.onDidAnalyze };
}
