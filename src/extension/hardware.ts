// Stores the hardware a user picks for one file: an annotation comment in YAML, shell and TOML files (the core reads
// it back), and an entry in footprint.hardwareByFile for JSON, which cannot carry a comment its tools accept.
import * as vscode from 'vscode';
import { syntaxOf } from '../core/formats/registry';
import { formatSize, upsertAnnotation } from '../core/parse/annotations';
import { fileNameOf } from './analyzeOptions';
import { toTextEdit } from './convert';
import type { HardwareEntry } from './settings';

export interface HardwareChoice {
  gpu?: string;
  gpus?: number;
  region?: string;
  /** Training tokens and model size, for a recipe that cannot say them (written as annotations only). */
  tokens?: number;
  params?: number;
}

/** The edit that writes the choice into the file, or undefined for JSON (see storeHardware). */
export function annotationEdit(document: vscode.TextDocument, choice: HardwareChoice): vscode.TextEdit | undefined {
  const text = document.getText();
  const syntax = syntaxOf(text, fileNameOf(document.uri));
  if (syntax === 'json') return undefined;
  const changes: Record<string, string | undefined> = {};
  if (choice.gpu !== undefined) changes.gpu = choice.gpu;
  if (choice.gpus !== undefined) changes.gpus = String(choice.gpus);
  if (choice.region !== undefined) changes.region = choice.region;
  if (choice.tokens !== undefined) changes.tokens = formatSize(choice.tokens);
  if (choice.params !== undefined) changes.params = formatSize(choice.params);
  const edit = upsertAnnotation(text, syntax, changes);
  if (edit.start === edit.end && edit.newText === '') return undefined;
  return toTextEdit(document, edit);
}

/** Writes the choice where this file keeps it; resolves once the edit or setting is in place. */
export async function storeHardware(document: vscode.TextDocument, choice: HardwareChoice): Promise<boolean> {
  const edit = annotationEdit(document, choice);
  if (edit) {
    const we = new vscode.WorkspaceEdit();
    we.replace(document.uri, edit.range, edit.newText);
    return vscode.workspace.applyEdit(we);
  }
  if (syntaxOf(document.getText(), fileNameOf(document.uri)) !== 'json') return false;
  // footprint.hardwareByFile holds where a JSON config runs, not what it trains.
  if (choice.tokens !== undefined || choice.params !== undefined) return false;
  const config = vscode.workspace.getConfiguration('footprint', document.uri);
  const current = { ...(config.get<Record<string, HardwareEntry>>('hardwareByFile') ?? {}) };
  // Globs match the absolute path; `**/` keeps the key readable and valid wherever the workspace is mounted.
  const glob = `**/${vscode.workspace.asRelativePath(document.uri, false)}`;
  const entry: HardwareEntry = { ...current[glob] };
  if (choice.gpu !== undefined) entry.gpuType = choice.gpu;
  if (choice.gpus !== undefined) entry.gpus = choice.gpus;
  if (choice.region !== undefined) entry.region = choice.region;
  current[glob] = entry;
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  await config.update('hardwareByFile', current, target);
  return true;
}
