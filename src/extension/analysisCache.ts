// Analyses per document version: debounced while the user types, cached until the text or the settings change, and
// a generation counter per document so a result computed for an older version never replaces a newer one.
import * as vscode from 'vscode';
import { analyze, type Analysis } from '../core/analyze';
import type { Overrides } from '../core/types';
import { analyzeOptionsFor } from './analyzeOptions';
import { isCandidate } from './selector';
import type { SettingsStore } from './settingsStore';

/** Long enough to skip most keystrokes, short enough to feel live. */
export const DEBOUNCE_MS = 250;

interface Entry {
  version: number;
  analysis: Analysis;
}

export interface AnalyzedEvent {
  uri: vscode.Uri;
  analysis: Analysis;
}

export class AnalysisCache implements vscode.Disposable {
  private readonly results = new Map<string, Entry>();
  private readonly generations = new Map<string, number>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly emitter = new vscode.EventEmitter<AnalyzedEvent>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Fired after each fresh analysis (not on cache hits). The panel and the tests listen here. */
  readonly onDidAnalyze: vscode.Event<AnalyzedEvent> = this.emitter.event;

  constructor(private readonly settings: SettingsStore) {
    this.disposables.push(
      this.emitter,
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.schedule(e.document, DEBOUNCE_MS);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
      ...(settings.companions
        ? [
            // A companion arrived or changed: that document is analysed again (not every open one).
            settings.companions.onDidChange((uri) => {
              const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
              if (doc) {
                this.results.delete(uri.toString());
                this.schedule(doc, 0);
              }
            }),
          ]
        : []),
      settings.onDidChange(() => {
        // New defaults change every projection: re-analyse what is open.
        this.results.clear();
        for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
      }),
    );
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  /** The latest analysis of this document, whatever its version (undefined before the first one). */
  get(uri: vscode.Uri): Analysis | undefined {
    return this.results.get(uri.toString())?.analysis;
  }

  /** True when the cached analysis is of the document's current text. */
  isCurrent(document: vscode.TextDocument): boolean {
    return this.results.get(document.uri.toString())?.version === document.version;
  }

  /** Analyses now (or returns the cached result for this version); providers call this so they never wait. */
  analyzeNow(document: vscode.TextDocument, extra?: Overrides): Analysis {
    const key = document.uri.toString();
    const cached = this.results.get(key);
    if (!extra && cached && cached.version === document.version) return cached.analysis;
    const generation = this.bump(key);
    const analysis = this.run(document, extra);
    if (extra) return analysis;
    // Only the newest request for this document may store and announce its result.
    if (this.generations.get(key) === generation) {
      this.results.set(key, { version: document.version, analysis });
      this.emitter.fire({ uri: document.uri, analysis });
      // What the file names in other files is read in the background; its arrival re-analyses this document.
      this.settings.companions?.request(document, analysis);
    }
    return analysis;
  }

  private run(document: vscode.TextDocument, extra?: Overrides): Analysis {
    return analyze(document.getText(), analyzeOptionsFor(document, this.settings, extra));
  }

  private schedule(document: vscode.TextDocument, delayMs: number): void {
    if (!isCandidate(document)) return;
    const key = document.uri.toString();
    const generation = this.bump(key);
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        // A newer keystroke scheduled its own run: this one is stale.
        if (this.generations.get(key) !== generation || document.isClosed) return;
        this.analyzeNow(document);
      }, delayMs),
    );
  }

  private bump(key: string): number {
    const next = (this.generations.get(key) ?? 0) + 1;
    this.generations.set(key, next);
    return next;
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    this.timers.delete(key);
    this.results.delete(key);
    this.generations.delete(key);
    this.settings.companions?.forget(uri);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.results.clear();
    for (const d of this.disposables) d.dispose();
  }
}
