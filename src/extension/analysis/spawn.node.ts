// Analysis workers on desktop: worker threads running dist/node/analysisWorker.js beside the extension's bundle.
import { join } from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import type { SpawnWorker } from './runner';

export function nodeWorkers(extensionPath: string): SpawnWorker {
  return workerThreads(join(extensionPath, 'dist', 'node', 'analysisWorker.js'));
}

/** Workers running `script` (the unit tests give code that loads the TypeScript source through tsx, `eval: true`). */
export function workerThreads(script: string, options?: WorkerOptions): SpawnWorker {
  return (onMessage, onFailure) => {
    const worker = new Worker(script, options);
    worker.on('message', onMessage);
    worker.on('error', (e) => onFailure(e.name));
    worker.on('exit', (code) => onFailure(`exit ${code}`));
    // A worker left running never keeps the extension host from exiting.
    worker.unref();
    return { post: (request) => worker.postMessage(request), terminate: () => void worker.terminate() };
  };
}
