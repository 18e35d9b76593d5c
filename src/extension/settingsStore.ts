// Reads `footprint.*` per document through the pure settingsFrom(), caches the result per document scope and drops
// the cache only when a `footprint.*` setting changes.
import * as vscode from 'vscode';
import { settingsFrom, type FootprintSettings, type HardwareEntry } from './settings';

/** Settings as seen from one document (folder and language overrides apply), cached until `footprint.*` changes. */
export class SettingsStore implements vscode.Disposable {
  private readonly cache = new Map<string, FootprintSettings>();
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly listener: vscode.Disposable;

  constructor() {
    this.listener = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('footprint')) return;
      this.cache.clear();
      this.emitter.fire();
    });
  }

  for(document: vscode.TextDocument): FootprintSettings {
    const key = `${document.uri.toString()}|${document.languageId}`;
    let s = this.cache.get(key);
    if (!s) {
      const config = vscode.workspace.getConfiguration('footprint', { uri: document.uri, languageId: document.languageId });
      s = settingsFrom((k) => config.get(k));
      this.cache.set(key, s);
    }
    return s;
  }

  /** The hardware a glob in footprint.hardwareByFile gives this document; later (more specific) entries win. */
  hardwareFor(document: vscode.TextDocument): HardwareEntry {
    const merged: HardwareEntry = {};
    for (const [glob, entry] of Object.entries(this.for(document).hardwareByFile)) {
      if (vscode.languages.match({ pattern: glob }, document) > 0) Object.assign(merged, entry);
    }
    return merged;
  }

  dispose(): void {
    this.listener.dispose();
    this.emitter.dispose();
    this.cache.clear();
  }
}
