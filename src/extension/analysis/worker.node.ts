// The analysis worker of the desktop extension host (a worker thread): dist/node/analysisWorker.js.
import { parentPort } from 'node:worker_threads';
import { READY } from './protocol';
import { answer } from './serve';

parentPort?.on('message', (message: unknown) => {
  const reply = answer(message);
  if (reply) parentPort?.postMessage(reply);
});
parentPort?.postMessage(READY);
