// One status-bar item with the active run's total; hidden for anything that is not a projected training config.
import * as vscode from 'vscode';
import type { AnalysisCache } from './analysisCache';
import { COMMANDS } from './ids';
import { isCandidate } from './selector';
import { rangeTooltip, statusText, summaryTitle } from './summary';

export class FootprintStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('footprint.total', vscode.StatusBarAlignment.Right, 100);
  private readonly listeners: vscode.Disposable[];
  private readonly emitter = new vscode.EventEmitter<string | undefined>();
  /** Fired after each refresh with the text shown (undefined when hidden): tests wait on it instead of sleeping. */
  readonly onDidRefresh = this.emitter.event;
  private shown: string | undefined;

  constructor(private readonly cache: AnalysisCache) {
    this.item.name = 'Footprint Lens';
    this.item.command = COMMANDS.estimate;
    this.listeners = [
      vscode.window.onDidChangeActiveTextEditor(() => this.refresh()),
      cache.onDidAnalyze(({ uri }) => {
        if (vscode.window.activeTextEditor?.document.uri.toString() === uri.toString()) this.refresh();
      }),
    ];
    this.refresh();
  }

  refresh(): void {
    const document = vscode.window.activeTextEditor?.document;
    const analysis = document && isCandidate(document) ? this.cache.get(document.uri) : undefined;
    const text = analysis && statusText(analysis);
    if (!analysis || !text) {
      this.item.hide();
      this.shown = undefined;
    } else {
      this.item.text = `$(pulse) ${text}`;
      this.item.tooltip = `${summaryTitle(analysis) ?? ''}\n${rangeTooltip(analysis)}`.trim();
      this.item.show();
      this.shown = this.item.text;
    }
    this.emitter.fire(this.shown);
  }

  /** The item's text while it is shown. */
  get text(): string | undefined {
    return this.shown;
  }

  dispose(): void {
    for (const l of this.listeners) l.dispose();
    this.emitter.dispose();
    this.item.dispose();
  }
}
