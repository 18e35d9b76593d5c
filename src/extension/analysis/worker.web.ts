// The analysis worker of the web extension host (a Web Worker the extension's worker starts): dist/web/analysisWorker.js.
import { READY } from './protocol';
import { answer } from './serve';

const scope = self as unknown as { onmessage: ((e: MessageEvent) => void) | null; postMessage(m: unknown): void };
scope.onmessage = (e) => {
  const reply = answer(e.data);
  if (reply) scope.postMessage(reply);
};
scope.postMessage(READY);
