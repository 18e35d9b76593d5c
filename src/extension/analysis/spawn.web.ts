// Analysis workers in VS Code for the Web: Web Workers started by the extension's own worker (the web extension host
// supports nested workers, as the TypeScript and Pylance web servers use), from dist/web/analysisWorker.js.
import * as vscode from 'vscode';
import type { SpawnWorker } from './runner';

export function webWorkers(extensionUri: vscode.Uri): SpawnWorker | undefined {
  if (typeof Worker === 'undefined') return undefined;
  const script = vscode.Uri.joinPath(extensionUri, 'dist', 'web', 'analysisWorker.js').toString(true);
  return (onMessage, onFailure) => {
    const worker = new Worker(script);
    worker.onmessage = (e) => onMessage(e.data);
    worker.onerror = (e) => {
      e.preventDefault();
      onFailure('the worker script failed to load or threw');
    };
    worker.onmessageerror = () => onFailure('a message could not be read');
    return { post: (request) => worker.postMessage(request), terminate: () => worker.terminate() };
  };
}
