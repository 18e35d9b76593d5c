// Analyses run off the extension host's thread, in a small pool of workers (Web Workers in the web host, worker
// threads on desktop), so a file that takes its whole budget never delays a hover, a lens or a keystroke elsewhere.
// A request named by a key (a document) supersedes the previous one of that key: queued, it is dropped; running, its
// worker is ended (the only way to stop synchronous work in another thread) and a fresh one takes its place. A worker
// that outlives its budget by far is ended too (the budget's checkpoints are cooperative; this is the backstop).
// Where no worker can start, analyses run on the host's thread, as before, and one log line says so.
import { analyze, unreadAnalysis, type Analysis } from '../../core/analyze';
import { DEFAULT_ANALYSIS_BUDGET_MS, tooComplex } from '../../core/limits';
import { finding } from '../../core/present/findings';
import { isAnalyzeReply, READY, type AnalyzeRequest, type WorkerAnalyzeOptions } from './protocol';

/** One worker as the runner sees it, whatever the thread API (spawn.web.ts, spawn.node.ts). */
export interface WorkerPort {
  post(request: AnalyzeRequest): void;
  terminate(): void;
}

/** Starts a worker; `onMessage` gets what it posts, `onFailure` a load error, a crash or an exit. */
export type SpawnWorker = (onMessage: (message: unknown) => void, onFailure: (why: string) => void) => WorkerPort;

/** A request dropped because a newer one of the same key replaced it (or the runner was disposed). */
export class Superseded extends Error {
  constructor() {
    super('superseded');
  }
}

/** Two workers: one pathological file never holds up the next file, and two cores are not oversubscribed. */
export const DEFAULT_POOL_SIZE = 2;

/** How long past its budget a worker may run before it is ended: generous, as a busy machine is slow to stop. */
export function watchdogMs(budgetMs: number): number {
  return budgetMs * 2 + 2000;
}

/** Workers that fail before they say they are ready, in a row, before the runner stops trying to start them. */
const STARTS_BEFORE_GIVING_UP = 2;

interface Job {
  id: number;
  key: string | undefined;
  text: string;
  options: WorkerAnalyzeOptions;
  /** Queued behind every foreground job. */
  background: boolean;
  resolve: (a: Analysis) => void;
  reject: (e: Error) => void;
}

interface Slot {
  port: WorkerPort;
  ready: boolean;
  job?: Job;
  watchdog?: ReturnType<typeof setTimeout>;
}

export interface RunnerEvents {
  /** One line for the output log (why analyses left the workers). */
  log?: (line: string) => void;
}

export class AnalysisRunner {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private failedStarts = 0;
  private inThread: boolean;
  private disposed = false;
  private readonly spawn: SpawnWorker | undefined;
  private readonly log: ((line: string) => void) | undefined;

  constructor(spawn: SpawnWorker | undefined, events: RunnerEvents = {}) {
    this.spawn = spawn;
    this.log = events.log;
    this.inThread = spawn === undefined;
  }

  /** True while analyses run in workers (false after workers failed to start, or when none were given). */
  get usesWorkers(): boolean {
    return !this.inThread;
  }

  /** Analyses `text`; with a key, any earlier request of that key is superseded (its promise rejects). */
  run(text: string, options: WorkerAnalyzeOptions, key?: string): Promise<Analysis> {
    return this.enqueue(text, options, key, false);
  }

  /**
   * Analyses `text` behind every request the editor is waiting on (an open document, a hover's what-if): the Training
   * Runs view's index of the workspace, which may queue thousands.
   */
  runInBackground(text: string, options: WorkerAnalyzeOptions): Promise<Analysis> {
    return this.enqueue(text, options, undefined, true);
  }

  private enqueue(text: string, options: WorkerAnalyzeOptions, key: string | undefined, background: boolean): Promise<Analysis> {
    if (key !== undefined) this.cancel(key);
    return new Promise<Analysis>((resolve, reject) => {
      if (this.disposed) return reject(new Superseded());
      const job: Job = { id: this.nextId++, key, text, options, background, resolve, reject };
      const firstBackground = background ? -1 : this.queue.findIndex((j) => j.background);
      if (firstBackground < 0) this.queue.push(job);
      else this.queue.splice(firstBackground, 0, job);
      this.pump();
    });
  }

  /** Drops the queued or running request of this key, if any. */
  cancel(key: string): void {
    for (let i = this.queue.length - 1; i >= 0; i--) {
      const job = this.queue[i]!;
      if (job.key === key) {
        this.queue.splice(i, 1);
        job.reject(new Superseded());
      }
    }
    for (const slot of [...this.slots]) {
      if (slot.job?.key === key) {
        const job = slot.job;
        this.retire(slot);
        job.reject(new Superseded());
      }
    }
    this.pump();
  }

  private pump(): void {
    while (this.queue.length > 0 && !this.disposed) {
      if (this.inThread) {
        this.runInThread(this.queue.shift()!);
        continue;
      }
      const slot = this.slots.find((s) => !s.job) ?? (this.slots.length < DEFAULT_POOL_SIZE ? this.open() : undefined);
      if (!slot) return;
      this.start(slot, this.queue.shift()!);
    }
  }

  /** The fallback, and the unit tests' and benchmarks' mode: on the host's thread, at once, as before workers. */
  private runInThread(job: Job): void {
    job.resolve(analyze(job.text, job.options));
  }

  private open(): Slot | undefined {
    const slot: Slot = { port: undefined as unknown as WorkerPort, ready: false };
    try {
      slot.port = this.spawn!(
        (m) => this.onMessage(slot, m),
        (why) => this.onFailure(slot, why),
      );
    } catch (e) {
      this.giveUpOnWorkers(e instanceof Error ? e.name : 'error');
      return undefined;
    }
    this.slots.push(slot);
    return slot;
  }

  private start(slot: Slot, job: Job): void {
    slot.job = job;
    slot.port.post({ id: job.id, text: job.text, options: job.options });
    // A worker still loading its bundle (seconds on a busy machine) has not begun the job: its clock starts at ready.
    if (slot.ready) this.armWatchdog(slot, job);
  }

  private armWatchdog(slot: Slot, job: Job): void {
    const budgetMs = job.options.budgetMs ?? DEFAULT_ANALYSIS_BUDGET_MS;
    slot.watchdog = setTimeout(() => {
      if (slot.job !== job) return;
      this.retire(slot);
      job.resolve(unreadAnalysis(job.options.fileName, [tooComplex(`the analysis did not stop within ${Math.round(budgetMs)} ms and was ended`)]));
      this.pump();
    }, watchdogMs(budgetMs));
  }

  private onMessage(slot: Slot, message: unknown): void {
    if (message === READY) {
      slot.ready = true;
      this.failedStarts = 0;
      if (slot.job && !slot.watchdog) this.armWatchdog(slot, slot.job);
      return;
    }
    const job = slot.job;
    if (!job || !isAnalyzeReply(message) || message.id !== job.id) return;
    this.finish(slot);
    job.resolve(message.analysis);
    this.pump();
  }

  private onFailure(slot: Slot, why: string): void {
    if (!this.slots.includes(slot)) return;
    const job = slot.job;
    const wasReady = slot.ready;
    this.retire(slot);
    if (!wasReady) {
      // The worker never loaded: its job goes back to the front, and after repeated failures the host's thread runs it.
      if (job) this.queue.unshift(job);
      if (++this.failedStarts >= STARTS_BEFORE_GIVING_UP) this.giveUpOnWorkers(why);
    } else if (job) {
      // A worker that ran before and stopped mid-analysis (out of memory, a crash): that file is not retried.
      this.log?.(`an analysis worker stopped (${why}) while analysing ${job.options.fileName}`);
      job.resolve(unreadAnalysis(job.options.fileName, [finding('internal-error', { fileName: job.options.fileName })]));
    }
    this.pump();
  }

  /** `why`: the first failure's words (an error's name, "exit 1"). */
  private giveUpOnWorkers(why: string): void {
    if (this.inThread) return;
    this.inThread = true;
    this.log?.(`analysis workers do not start here (${why}): analyses run on the extension host's thread instead.`);
  }

  /** The slot's job is done: it may take the next. */
  private finish(slot: Slot): void {
    if (slot.watchdog) clearTimeout(slot.watchdog);
    slot.watchdog = undefined;
    slot.job = undefined;
  }

  /** Ends the slot's worker; the pool opens a fresh one when it next needs it. */
  private retire(slot: Slot): void {
    this.finish(slot);
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    try {
      slot.port.terminate();
    } catch {
      // Already gone.
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const job of this.queue.splice(0)) job.reject(new Superseded());
    for (const slot of [...this.slots]) {
      const job = slot.job;
      this.retire(slot);
      job?.reject(new Superseded());
    }
  }
}
