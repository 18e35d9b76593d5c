// Lenses at the top of a run: the summary, the compute-optimal status, and (footprint.codeLens.detail = "keys") the
// marginal cost of each key that drives cost. Fired again only when an analysis lands, not on every keystroke.
import * as vscode from 'vscode';
import type { Analysis } from '../core/analyze';
import type { AnalysisCache } from './analysisCache';
import { analyzeOptionsFor } from './analyzeOptions';
import { toRange } from './convert';
import { COMMANDS } from './ids';
import { COST_ROLES, marginalOfDoubling, marginalOfPrecision, marginalTitle } from './marginal';
import type { SettingsStore } from './settingsStore';
import { computeOptimalTitle, missingTitle, rangeTooltip, summaryTitle } from './summary';

export class FootprintCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.emitter.event;
  private readonly listeners: vscode.Disposable[];

  constructor(
    private readonly cache: AnalysisCache,
    private readonly settings: SettingsStore,
  ) {
    this.listeners = [cache.onDidAnalyze(() => this.emitter.fire()), settings.onDidChange(() => this.emitter.fire())];
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const s = this.settings.for(document);
    if (s.codeLensDetail === 'off') return [];
    const analysis = this.cache.analyzeNow(document);
    const top = new vscode.Range(0, 0, 0, 0);
    const open = (title: string, tooltip?: string): vscode.Command => ({ title, tooltip, command: COMMANDS.openPanel, arguments: [document.uri.toString()] });

    const tooLarge = analysis.findings.find((f) => f.code === 'file-too-large');
    if (tooLarge) return [new vscode.CodeLens(top, { title: 'Footprint: file too large to analyse in the editor', tooltip: tooLarge.message, command: '' })];
    if (!analysis.format || !analysis.run) return [];

    const lenses: vscode.CodeLens[] = [];
    const summary = summaryTitle(analysis);
    if (summary) lenses.push(new vscode.CodeLens(top, open(summary, rangeTooltip(analysis))));
    else {
      const missing = missingTitle(analysis) ?? 'Footprint: not enough inputs to project';
      lenses.push(new vscode.CodeLens(top, open(missing, 'Open the what-if panel to give the missing values')));
    }
    const co = computeOptimalTitle(analysis);
    if (co) lenses.push(new vscode.CodeLens(top, open(`${co} · explain`, 'Compute-optimal tokens per parameter (Chinchilla) and what the ratio means')));
    if (analysis.run.missing.includes('gpus')) {
      lenses.push(new vscode.CodeLens(top, { title: 'Set GPU count…', command: COMMANDS.setGpuCount, arguments: [document.uri.toString()] }));
    }
    if (s.codeLensDetail === 'keys') lenses.push(...this.keyLenses(document, analysis));
    return lenses;
  }

  private keyLenses(document: vscode.TextDocument, analysis: Analysis): vscode.CodeLens[] {
    const text = document.getText();
    const options = analyzeOptionsFor(document, this.settings);
    const lenses: vscode.CodeLens[] = [];
    const seen = new Set<number>();
    for (const key of analysis.run?.keys ?? []) {
      if (seen.has(key.span.line)) continue;
      let title: string;
      let tooltip: string;
      if (key.role === 'precision') {
        const m = marginalOfPrecision(text, options, analysis);
        if (!m) continue;
        title = marginalTitle(m, m.precision.toUpperCase());
        tooltip = `What training in ${m.precision.toUpperCase()} instead would do to this run`;
      } else if (COST_ROLES.has(key.role)) {
        const m = marginalOfDoubling(text, options, analysis, key);
        if (!m) continue;
        title = marginalTitle(m);
        tooltip = `What doubling ${key.key} would do to this run`;
      } else continue;
      seen.add(key.span.line);
      lenses.push(
        new vscode.CodeLens(toRange(document, key.span), {
          title,
          tooltip,
          command: COMMANDS.openPanel,
          arguments: [document.uri.toString()],
        }),
      );
    }
    return lenses;
  }

  dispose(): void {
    for (const l of this.listeners) l.dispose();
    this.emitter.dispose();
  }
}
