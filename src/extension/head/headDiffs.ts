// Each open config against its committed text: when an analysis of the document lands, the HEAD text (cached per
// commit by the source) is analysed with the same settings, compared, and the changed keys priced; the lenses and
// the hover read the result. A result is of one document version: one computed for an older version is dropped.
import * as vscode from 'vscode';
import type { Analysis } from '../../core/analyze';
import { compareAnalyses, type RunComparison } from '../../core/diff/index';
import { keyCostOf, revertedTexts, type KeyCost } from '../../core/diff/keyCost';
import type { AnalysisCache } from '../analysisCache';
import { analyzeOptionsFor } from '../analyzeOptions';
import { isCandidate } from '../selector';
import type { SettingsStore } from '../settingsStore';
import type { HeadTextSource } from './headTexts';

export interface HeadComparison {
  uri: vscode.Uri;
  /** The document version the comparison is of: its key spans index that text. */
  version: number;
  commit: string;
  comparison: RunComparison;
  /** The changed keys that move a headline meter, each with its own share. */
  keyCosts: KeyCost[];
}

interface HeadAnalysis {
  commit: string;
  text: string;
  analysis: Analysis;
}

export class HeadDiffs implements vscode.Disposable {
  private readonly results = new Map<string, HeadComparison>();
  private readonly heads = new Map<string, HeadAnalysis>();
  private readonly generations = new Map<string, number>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  private sourceListener: vscode.Disposable;
  /** Fired after each comparison (or its removal) of a document. Lenses and tests listen here. */
  readonly onDidCompare: vscode.Event<vscode.Uri> = this.emitter.event;

  constructor(
    private readonly cache: AnalysisCache,
    private readonly settings: SettingsStore,
    private source: HeadTextSource,
  ) {
    this.sourceListener = source.onDidChangeHead(() => this.refreshAll());
    this.disposables.push(
      cache.onDidAnalyze(({ uri, analysis }) => {
        const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        if (document) void this.update(document, analysis);
      }),
      settings.onDidChange(() => this.heads.clear()),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
    );
  }

  /** Where committed texts come from: git, none (no git here) or test. */
  get sourceKind(): HeadTextSource['kind'] {
    return this.source.kind;
  }

  /** The comparison of the document's current version with HEAD; undefined when unchanged, not under git, or not yet. */
  for(document: vscode.TextDocument): HeadComparison | undefined {
    const r = this.results.get(document.uri.toString());
    return r && r.version === document.version ? r : undefined;
  }

  /** Replaces the source (the test seam); the old one is disposed and open documents compared again. */
  useSource(source: HeadTextSource): void {
    this.sourceListener.dispose();
    this.source.dispose();
    this.source = source;
    this.heads.clear();
    this.sourceListener = source.onDidChangeHead(() => this.refreshAll());
    this.refreshAll();
  }

  private refreshAll(): void {
    for (const document of vscode.workspace.textDocuments) {
      if (!isCandidate(document)) continue;
      void this.cache.analysis(document).then((analysis) => {
        if (analysis) void this.update(document, analysis);
      });
    }
  }

  private async update(document: vscode.TextDocument, analysis: Analysis): Promise<void> {
    const key = document.uri.toString();
    const generation = (this.generations.get(key) ?? 0) + 1;
    this.generations.set(key, generation);
    const version = document.version;
    const head = await this.source.headOf(document.uri);
    // A newer analysis (or a closed document) took over while git answered.
    if (this.generations.get(key) !== generation || document.isClosed || document.version !== version) return;
    const text = document.getText();
    let result: HeadComparison | undefined;
    if (head && head.text !== text && analysis.format) {
      const options = analyzeOptionsFor(document, this.settings);
      // The committed text and each key put back are analysed in the workers, never on this thread.
      const before = await this.headAnalysis(key, head, options);
      const comparison = compareAnalyses(before, analysis);
      if (comparison.status === 'changed' || comparison.status === 'added') {
        const reverted = revertedTexts(head.text, text, comparison);
        const costs = await Promise.all(reverted.map(async (r) => keyCostOf(r.change, comparison.after!, await this.cache.whatIf(r.text, options))));
        result = { uri: document.uri, version, commit: head.commit, comparison, keyCosts: costs.filter((c): c is KeyCost => c !== undefined) };
      }
      if (this.generations.get(key) !== generation || document.isClosed || document.version !== version) return;
    }
    if (result) this.results.set(key, result);
    else this.results.delete(key);
    this.emitter.fire(document.uri);
  }

  /** The committed text's analysis, made once per commit and settings (the text at HEAD does not change as one types). */
  private async headAnalysis(key: string, head: { commit: string; text: string }, options: ReturnType<typeof analyzeOptionsFor>): Promise<Analysis> {
    const cached = this.heads.get(key);
    if (cached && cached.commit === head.commit && cached.text === head.text) return cached.analysis;
    const analysis = await this.cache.whatIf(head.text, options);
    this.heads.set(key, { commit: head.commit, text: head.text, analysis });
    return analysis;
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.results.delete(key);
    this.heads.delete(key);
    this.generations.delete(key);
  }

  dispose(): void {
    this.sourceListener.dispose();
    this.source.dispose();
    for (const d of this.disposables) d.dispose();
    this.results.clear();
    this.heads.clear();
  }
}
