// The desktop (Node) extension host's entry point: dist/node/extension.js. Analyses run in worker threads.
import type * as vscode from 'vscode';
import { nodeWorkers } from './analysis/spawn.node';
import type { FootprintApi } from './api';
import { activateWith } from './extension';

export function activate(context: vscode.ExtensionContext): FootprintApi {
  // A context without the extension's folder (the activation benchmark's) analyses on the host's thread.
  const folder = context.extensionUri?.fsPath;
  return activateWith(context, folder ? nodeWorkers(folder) : undefined);
}

export { deactivate } from './extension';
