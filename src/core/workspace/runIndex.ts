// The lazy index of every config in a workspace: built on first use, one file at a time in short slices so the host
// stays responsive, then kept current file by file (a watcher's change, create or delete). The host does the I/O
// (VS Code's workspace.fs, Node's fs for the CLI and the bench) and hands texts in; the index analyses and remembers.
// One module for the Explorer view, `footprint-lens estimate <folder>` and the bench, so they can never disagree.
import { analyze, type Analysis, type AnalyzeOptions } from '../analyze';
import type { IndexedRun } from './runs';

export interface IndexHost {
  /** Every candidate file, as ids the host understands (URI strings, paths). */
  list(): Promise<string[]>;
  /** The file's text; undefined when it cannot be read or is over the size limit. */
  read(id: string): Promise<string | undefined>;
  /** The workspace-relative path shown to the user, with forward slashes. */
  pathOf(id: string): string;
  analyzeOptions(id: string): AnalyzeOptions;
  /**
   * Where the host analyses off its own thread (the editor's workers), it says how; without it the index analyses
   * here, one file per slice.
   */
  analyze?(text: string, options: AnalyzeOptions): Promise<Analysis>;
}

export interface RunIndexOptions {
  /** Work this long before yielding to the host's event loop. */
  sliceMs?: number;
  /** How to yield (a zero timeout by default). */
  pause?: () => Promise<void>;
  /** Reads in flight at once. */
  concurrency?: number;
  now?: () => number;
}

const DEFAULT_SLICE_MS = 10;
const DEFAULT_CONCURRENCY = 8;

export class RunIndex {
  private readonly runs = new Map<string, IndexedRun>();
  private build: Promise<void> | undefined;
  private generation = 0;
  private readonly listeners = new Set<() => void>();
  private readonly sliceMs: number;
  private readonly pause: () => Promise<void>;
  private readonly concurrency: number;
  private readonly now: () => number;

  constructor(
    private readonly host: IndexHost,
    options: RunIndexOptions = {},
  ) {
    this.sliceMs = options.sliceMs ?? DEFAULT_SLICE_MS;
    this.pause = options.pause ?? (() => new Promise((resolve) => setTimeout(resolve, 0)));
    this.concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    this.now = options.now ?? (() => Date.now());
  }

  /** True once a build has been asked for (the index is lazy: nothing is read before). */
  get started(): boolean {
    return this.build !== undefined;
  }

  /** Builds the index the first time; later calls wait for that build. */
  ready(): Promise<void> {
    this.build ??= this.buildAll(this.generation);
    return this.build;
  }

  /** Everything again (settings changed, the user asked): the build in progress is abandoned. */
  rebuild(): Promise<void> {
    this.generation += 1;
    this.runs.clear();
    this.build = this.buildAll(this.generation);
    return this.build;
  }

  /** The runs indexed so far (configs only), in no particular order. */
  all(): IndexedRun[] {
    return [...this.runs.values()].filter((r) => r.analysis.format !== null);
  }

  /** Re-reads one file (changed or created on disk). Ignored before the first build: it will be read then. */
  async refresh(id: string): Promise<void> {
    if (!this.started) return;
    const generation = this.generation;
    const text = await this.host.read(id);
    if (generation !== this.generation) return;
    if (text === undefined) {
      this.runs.delete(id);
      this.changed();
      return;
    }
    const analysis = await this.analyzed(text, id);
    if (generation !== this.generation) return;
    this.runs.set(id, { id, path: this.host.pathOf(id), analysis });
    this.changed();
  }

  remove(id: string): void {
    if (this.runs.delete(id)) this.changed();
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  private analyzed(text: string, id: string): Analysis | Promise<Analysis> {
    const options = this.host.analyzeOptions(id);
    return this.host.analyze ? this.host.analyze(text, options) : analyze(text, options);
  }

  private async buildAll(generation: number): Promise<void> {
    const ids = await this.host.list();
    let sliceStart = this.now();
    for (let i = 0; i < ids.length; i += this.concurrency) {
      const batch = ids.slice(i, i + this.concurrency);
      const texts = await Promise.all(batch.map((id) => this.host.read(id)));
      if (generation !== this.generation) return;
      const inWorkers = this.host.analyze?.bind(this.host);
      if (inWorkers) {
        // Off this thread: the whole batch at once, the workers share it out.
        const analyses = await Promise.all(batch.map((id, k) => (texts[k] === undefined ? Promise.resolve(undefined) : inWorkers(texts[k], this.host.analyzeOptions(id)))));
        if (generation !== this.generation) return;
        batch.forEach((id, k) => {
          const analysis = analyses[k];
          if (analysis) this.runs.set(id, { id, path: this.host.pathOf(id), analysis });
        });
        continue;
      }
      for (let k = 0; k < batch.length; k++) {
        const id = batch[k]!;
        const text = texts[k];
        if (text !== undefined) this.runs.set(id, { id, path: this.host.pathOf(id), analysis: analyze(text, this.host.analyzeOptions(id)) });
        // One analysis at a time between yields: the editor never waits on more than one slice.
        if (this.now() - sliceStart >= this.sliceMs) {
          await this.pause();
          if (generation !== this.generation) return;
          sliceStart = this.now();
        }
      }
    }
    this.changed();
  }
}
