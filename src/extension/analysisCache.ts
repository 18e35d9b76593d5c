// Analyses per document version: debounced while the user types, run off the extension host's thread (runner.ts),
// cached until the text or the settings change. Typing again supersedes the analysis in flight (its worker is ended),
// and a generation counter per document means a result computed for an older version never replaces a newer one.
import * as vscode from 'vscode';
import type { Analysis, AnalyzeOptions } from '../core/analyze';
import type { Companion } from '../core/companions/types';
import { AnalysisRunner, Superseded } from './analysis/runner';
import { analyzeOptionsFor } from './analyzeOptions';
import { isCandidate } from './selector';
import type { SettingsStore } from './settingsStore';

/** Long enough to skip most keystrokes, short enough to feel live. */
export const DEBOUNCE_MS = 250;

/** Re-analyses of an unchanged text one request waits through before it gives up (each is a settings or companion change). */
const MAX_SAME_TEXT_ROUNDS = 8;

interface Entry {
  version: number;
  analysis: Analysis;
}

interface InFlight {
  version: number;
  generation: number;
  promise: Promise<Analysis | undefined>;
}

export interface AnalyzedEvent {
  uri: vscode.Uri;
  analysis: Analysis;
}

export class AnalysisCache implements vscode.Disposable {
  private readonly results = new Map<string, Entry>();
  private readonly inFlight = new Map<string, InFlight>();
  private readonly generations = new Map<string, number>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly emitter = new vscode.EventEmitter<AnalyzedEvent>();
  private readonly startEmitter = new vscode.EventEmitter<vscode.Uri>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Fired after each fresh analysis (not on cache hits). The panel and the tests listen here. */
  readonly onDidAnalyze: vscode.Event<AnalyzedEvent> = this.emitter.event;
  /** Fired when a document's analysis starts (in a worker, or on this thread where no worker runs). */
  readonly onDidStartAnalysis: vscode.Event<vscode.Uri> = this.startEmitter.event;

  constructor(
    private readonly settings: SettingsStore,
    /** Without one, analyses run on this thread (the benchmarks and unit tests, which have no workers). */
    private readonly runner: AnalysisRunner = new AnalysisRunner(undefined),
  ) {
    this.disposables.push(
      this.emitter,
      this.startEmitter,
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

  /** True while this document's analysis is queued or running. */
  isAnalysing(uri: vscode.Uri): boolean {
    return this.inFlight.has(uri.toString());
  }

  /** True when analyses run in workers, off this thread. */
  get usesWorkers(): boolean {
    return this.runner.usesWorkers;
  }

  /**
   * The analysis of the document's current text: the cached one, the one in flight for this version, or a new one.
   * Undefined when the document changed (or closed) before it was done: the caller's request is stale too.
   */
  async analysis(document: vscode.TextDocument): Promise<Analysis | undefined> {
    // A re-analysis of the same text (new settings, a companion file read) supersedes the one awaited: wait for it.
    for (let round = 0; round < MAX_SAME_TEXT_ROUNDS; round++) {
      const version = document.version;
      const analysis = await this.once(document);
      if (analysis || document.isClosed || document.version !== version) return analysis;
    }
    return undefined;
  }

  private once(document: vscode.TextDocument): Promise<Analysis | undefined> {
    const key = document.uri.toString();
    const cached = this.results.get(key);
    if (cached && cached.version === document.version) return Promise.resolve(cached.analysis);
    const pending = this.inFlight.get(key);
    if (pending && pending.version === document.version) return pending.promise;
    return this.start(document);
  }

  /** The companions this document's analyses are given now (the texts a quick fix may edit), and where each was read. */
  companionsOf(document: vscode.TextDocument): { companions: Companion[]; uriOf: (fileName: string) => vscode.Uri | undefined } {
    const store = this.settings.companions;
    return { companions: store?.for(document) ?? [], uriOf: (fileName) => store?.uriOfConfig(fileName) };
  }

  /** A what-if analysis (a key doubled, another precision) in the workers: neither cached nor announced. */
  readonly whatIf = (text: string, options: AnalyzeOptions): Promise<Analysis> => this.runner.run(text, options);

  /** A workspace file's analysis for the Training Runs view, in the workers behind everything the editor waits on. */
  readonly inBackground = (text: string, options: AnalyzeOptions): Promise<Analysis> => this.runner.runInBackground(text, options);

  private start(document: vscode.TextDocument): Promise<Analysis | undefined> {
    const key = document.uri.toString();
    const generation = this.bump(key);
    const version = document.version;
    this.startEmitter.fire(document.uri);
    const promise = this.runner.run(document.getText(), analyzeOptionsFor(document, this.settings), key).then(
      (analysis) => {
        // Only the newest request for this document may store and announce its result.
        if (this.generations.get(key) !== generation) return undefined;
        this.inFlight.delete(key);
        this.results.set(key, { version, analysis });
        this.emitter.fire({ uri: document.uri, analysis });
        // What the file names in other files is read in the background; its arrival re-analyses this document.
        this.settings.companions?.request(document, analysis);
        return document.version === version ? analysis : undefined;
      },
      (e: unknown) => {
        if (this.inFlight.get(key)?.generation === generation) this.inFlight.delete(key);
        if (e instanceof Superseded) return undefined;
        throw e;
      },
    );
    this.inFlight.set(key, { version, generation, promise });
    return promise;
  }

  private schedule(document: vscode.TextDocument, delayMs: number): void {
    if (!isCandidate(document)) return;
    const key = document.uri.toString();
    const generation = this.bump(key);
    // The text changed: what is being analysed now is of an older one.
    this.stop(key);
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        // A newer keystroke scheduled its own run: this one is stale.
        if (this.generations.get(key) !== generation || document.isClosed) return;
        void this.analysis(document);
      }, delayMs),
    );
  }

  /** Ends the analysis in flight for this document, if any. */
  private stop(key: string): void {
    if (!this.inFlight.has(key)) return;
    this.inFlight.delete(key);
    this.runner.cancel(key);
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
    this.stop(key);
    this.results.delete(key);
    this.generations.delete(key);
    this.settings.companions?.forget(uri);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.results.clear();
    this.inFlight.clear();
    this.runner.dispose();
    for (const d of this.disposables) d.dispose();
  }
}
