// The analysis workers as the desktop extension host runs them (real worker threads over the worker's own source):
// the same analyses as on the host's thread, a second file answered while a pathological one runs, typing again
// ending the stale analysis's worker, the backstop for a worker that never answers, and the fallback where none start.
// Every wait is on a promise settling; no assertion is about how long anything took.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyze } from '../../../src/core/analyze';
import { TOO_COMPLEX } from '../../../src/core/limits';
import { READY, type AnalyzeRequest } from '../../../src/extension/analysis/protocol';
import { AnalysisRunner, Superseded, watchdogMs, type SpawnWorker } from '../../../src/extension/analysis/runner';
import { workerThreads } from '../../../src/extension/analysis/spawn.node';
import { readFixture } from '../helpers/fixtures';

const SOURCE = join(__dirname, '../../../src/extension/analysis/worker.node.ts');
/** The worker's TypeScript source, loaded through tsx as mocha loads the tests. */
const BOOT = `require('tsx/cjs/api').register(); require(${JSON.stringify(SOURCE)});`;

/** Real worker threads, counted as they start and end. */
function countedWorkers(): { spawn: SpawnWorker; started: () => number; ended: () => number } {
  const real = workerThreads(BOOT, { eval: true });
  let started = 0;
  let ended = 0;
  const spawn: SpawnWorker = (onMessage, onFailure) => {
    started++;
    const port = real(onMessage, onFailure);
    return { post: (r) => port.post(r), terminate: () => (ended++, port.terminate()) };
  };
  return { spawn, started: () => started, ended: () => ended };
}

/** A shell script whose analysis takes many seconds unbudgeted: 2 MB of unclosed quotes and backticks. */
function pathologicalScript(): string {
  return '`"\'$'.repeat(512 * 1024);
}

/** Settles to 'pending' if `p` has not settled by the time already-settled work has run (no clock involved). */
async function stateOf(p: Promise<unknown>): Promise<'settled' | 'pending'> {
  const marker = Symbol('pending');
  const r = await Promise.race([
    p.then(
      () => 'settled' as const,
      () => 'settled' as const,
    ),
    Promise.resolve(marker),
  ]);
  return r === marker ? 'pending' : 'settled';
}

describe('analysis workers', function () {
  this.timeout(60000);
  const runners: AnalysisRunner[] = [];
  const runnerOf = (spawn: SpawnWorker | undefined, log?: (l: string) => void) => {
    const r = new AnalysisRunner(spawn, { log });
    runners.push(r);
    return r;
  };
  afterEach(() => {
    for (const r of runners.splice(0)) r.dispose();
  });

  it('give the analysis the host would have made itself', async () => {
    const name = 'NeMo-Framework-Launcher/llama2_70b.yaml';
    const text = readFixture(name);
    const runner = runnerOf(countedWorkers().spawn);
    const inWorker = await runner.run(text, { fileName: name });
    assert.ok(runner.usesWorkers);
    assert.ok(inWorker.projection?.gpuHours, 'projected');
    assert.deepEqual(inWorker, analyze(text, { fileName: name }));
  });

  it('answer a second file while a pathological one is still being analysed', async () => {
    const workers = countedWorkers();
    const runner = runnerOf(workers.spawn);
    // A budget of minutes: left alone, this analysis would run far longer than the rest of the test.
    const slow = runner.run(pathologicalScript(), { fileName: 'train.sh', budgetMs: 600_000 }, 'slow');
    const name = 'DeepSpeedExamples/ds_config.json';
    const other = await runner.run(readFixture(name), { fileName: name }, 'other');
    assert.equal(other.format, 'deepspeed-json');
    assert.equal(await stateOf(slow), 'pending', 'the pathological analysis is still running');
    runner.cancel('slow');
    await assert.rejects(slow, Superseded);
  });

  it('end the stale analysis of a document when a newer text of it arrives', async () => {
    const workers = countedWorkers();
    const runner = runnerOf(workers.spawn);
    const stale = runner.run(pathologicalScript(), { fileName: 'train.sh', budgetMs: 600_000 }, 'doc');
    const script = readFixture('Megatron-LM/train_gpt3_175b_distributed.sh');
    const fresh = runner.run(script, { fileName: 'train.sh' }, 'doc');
    await assert.rejects(stale, Superseded);
    const analysis = await fresh;
    assert.equal(analysis.format, 'megatron-shell', 'the newer text is analysed');
    assert.equal(workers.ended(), 1, "the stale analysis's worker was ended, not left running");
  });

  it('end a worker that never answers, with one too-complex finding', async () => {
    let ended = false;
    const silent: SpawnWorker = (onMessage) => {
      queueMicrotask(() => onMessage(READY));
      return { post: () => undefined, terminate: () => void (ended = true) };
    };
    const runner = runnerOf(silent);
    const analysis = await runner.run('num_layers: 2\n', { fileName: 'c.yaml', budgetMs: 1 });
    assert.deepEqual(
      analysis.findings.map((f) => f.code),
      [TOO_COMPLEX],
    );
    assert.match(analysis.findings[0]!.message, /did not stop within 1 ms and was ended/);
    assert.ok(ended);
  });

  it('start the clock of a worker still loading its bundle only when it says it is ready', async () => {
    let say: (message: unknown) => void = () => undefined;
    let posted: AnalyzeRequest | undefined;
    const slowToLoad: SpawnWorker = (onMessage) => {
      say = onMessage;
      return { post: (r) => void (posted = r), terminate: () => undefined };
    };
    // The watchdog's timers, recorded: which delays were armed, and when.
    const armed: number[] = [];
    const realSetTimeout = globalThis.setTimeout;
    globalThis.setTimeout = ((fn: () => void, ms?: number) => (armed.push(ms ?? 0), realSetTimeout(fn, ms))) as typeof setTimeout;
    try {
      const runner = runnerOf(slowToLoad);
      const name = 'DeepSpeedExamples/ds_config.json';
      const text = readFixture(name);
      const pending = runner.run(text, { fileName: name, budgetMs: 1 });
      assert.ok(posted, 'the job is handed to the loading worker');
      assert.deepEqual(armed, [], 'no clock runs while the worker loads');
      say(READY);
      assert.deepEqual(armed, [watchdogMs(1)], 'the clock starts at ready');
      say({ id: posted.id, analysis: analyze(text, { fileName: name }) });
      assert.equal((await pending).format, 'deepspeed-json');
    } finally {
      globalThis.setTimeout = realSetTimeout;
    }
  });

  it("queue the workspace index's analyses behind every request the editor waits on", async () => {
    const posted: AnalyzeRequest[] = [];
    const replies: Array<(message: unknown) => void> = [];
    const held: SpawnWorker = (onMessage) => {
      replies.push(onMessage);
      queueMicrotask(() => onMessage(READY));
      return { post: (r) => void posted.push(r), terminate: () => undefined };
    };
    const runner = runnerOf(held);
    const name = 'DeepSpeedExamples/ds_config.json';
    const text = readFixture(name);
    const answer = analyze(text, { fileName: name });
    const background = ['w1.json', 'w2.json', 'w3.json', 'w4.json'].map((fileName) => runner.runInBackground(text, { fileName }));
    const editor = runner.run(text, { fileName: 'open.json' }, 'open');
    // Two workers took the first two background files; the open document is next, ahead of w3 and w4.
    assert.deepEqual(
      posted.map((r) => r.options.fileName),
      ['w1.json', 'w2.json'],
    );
    replies[0]!({ id: posted[0]!.id, analysis: answer });
    await background[0];
    assert.equal(posted[2]?.options.fileName, 'open.json');
    replies[0]!({ id: posted[2]!.id, analysis: answer });
    assert.equal((await editor).format, 'deepspeed-json');
  });

  it("analyse on the host's thread, and say so once, where workers cannot start", async () => {
    const lines: string[] = [];
    const broken: SpawnWorker = (_onMessage, onFailure) => {
      queueMicrotask(() => onFailure('the worker script failed to load'));
      return { post: () => undefined, terminate: () => undefined };
    };
    const runner = runnerOf(broken, (l) => lines.push(l));
    const name = 'DeepSpeedExamples/ds_config.json';
    const analysis = await runner.run(readFixture(name), { fileName: name });
    assert.equal(analysis.format, 'deepspeed-json');
    assert.ok(!runner.usesWorkers);
    assert.equal(lines.length, 1);
    assert.match(lines[0]!, /analysis workers do not start here \(the worker script failed to load\): analyses run on the extension host's thread instead\./);
  });
});
