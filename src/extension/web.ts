// The web extension host's entry point (VS Code for the Web): dist/web/extension.js. Analyses run in Web Workers.
import type * as vscode from 'vscode';
import { webWorkers } from './analysis/spawn.web';
import type { FootprintApi } from './api';
import { activateWith } from './extension';

export function activate(context: vscode.ExtensionContext): FootprintApi {
  return activateWith(context, webWorkers(context.extensionUri));
}

export { deactivate } from './extension';
