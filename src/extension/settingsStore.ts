// Reads `footprint.*` per document through the pure settingsFrom(), caches the result per document scope and drops
// the cache only when a `footprint.*` setting changes.
import * as vscode from 'vscode';
import type { CalibrationOverride } from '../core/calibrate/saved';
import { CalibrationStore } from './calibrationStore';
import type { CompanionStore } from './companions';
import { settingsFrom, type FootprintSettings, type HardwareEntry } from './settings';

/** Settings as seen from one document (folder and language overrides apply), cached until `footprint.*` changes. */
/** What settings are read for: a document's URI and language (an open editor, or a file the workspace index reads). */
export type DocumentScope = Pick<vscode.TextDocument, 'uri' | 'languageId'>;

export class SettingsStore implements vscode.Disposable {
  private readonly cache = new Map<string, FootprintSettings>();
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.emitter.event;
  private readonly listener: vscode.Disposable;
  private readonly calibrations: CalibrationStore;
  private readonly calibrationListener: vscode.Disposable;
  /** Lines already logged since the last change, so a bad value is reported once, not once per document. */
  private readonly logged = new Set<string>();
  private log: vscode.LogOutputChannel | undefined;
  /** The run's other files (DeepSpeed JSONs, launch scripts, named models), when the extension resolves them. */
  companions: CompanionStore | undefined;

  constructor(calibrations: CalibrationStore = new CalibrationStore()) {
    this.calibrations = calibrations;
    this.listener = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('footprint')) return;
      this.cache.clear();
      this.logged.clear();
      if (e.affectsConfiguration('footprint.calibrationFile')) this.calibrations.reset();
      this.emitter.fire();
    });
    // A calibration read (or changed on disk) changes every projection, as a setting would.
    this.calibrationListener = this.calibrations.onDidChange(() => this.emitter.fire());
  }

  for(document: DocumentScope): FootprintSettings {
    const key = `${document.uri.toString()}|${document.languageId}`;
    let s = this.cache.get(key);
    if (!s) {
      const config = vscode.workspace.getConfiguration('footprint', { uri: document.uri, languageId: document.languageId });
      s = settingsFrom((k) => config.get(k));
      this.cache.set(key, s);
      this.report(s.ignored);
    }
    return s;
  }

  /** The saved calibration footprint.calibrationFile names, relative to the document's workspace folder. */
  calibrationFor(document: DocumentScope): CalibrationOverride | undefined {
    const path = this.for(document).calibrationFile;
    if (!path) return undefined;
    const folder = vscode.workspace.getWorkspaceFolder(document.uri) ?? vscode.workspace.workspaceFolders?.[0];
    return folder ? this.calibrations.get(folder.uri, path) : undefined;
  }

  /** One warning in the output log (once until the settings change). */
  warn(line: string): void {
    this.report([line]);
  }

  /** One log line per unusable value; the output channel is created only when there is something to say. */
  private report(lines: readonly string[]): void {
    for (const line of lines) {
      if (this.logged.has(line)) continue;
      this.logged.add(line);
      this.log ??= vscode.window.createOutputChannel('Footprint Lens', { log: true });
      this.log.warn(line);
    }
  }

  /** The hardware a glob in footprint.hardwareByFile gives this document; later (more specific) entries win. */
  hardwareFor(document: DocumentScope): HardwareEntry {
    return this.hardwareMatch(document).entry;
  }

  /** The hardware entries whose glob matches the document, merged, and the words naming where each value came from. */
  hardwareMatch(document: DocumentScope): { entry: HardwareEntry; from: Partial<Record<keyof HardwareEntry, string>> } {
    const entry: HardwareEntry = {};
    const from: Partial<Record<keyof HardwareEntry, string>> = {};
    for (const [glob, e] of Object.entries(this.for(document).hardwareByFile)) {
      // A pattern-only selector reads the URI (and the language) alone, so a file the index has not opened matches too.
      if (vscode.languages.match({ pattern: glob }, document as vscode.TextDocument) <= 0) continue;
      Object.assign(entry, e);
      for (const k of Object.keys(e) as Array<keyof HardwareEntry>) from[k] = `setting footprint.hardwareByFile "${glob}"`;
    }
    return { entry, from };
  }

  dispose(): void {
    this.listener.dispose();
    this.calibrationListener.dispose();
    this.calibrations.dispose();
    this.log?.dispose();
    this.emitter.dispose();
    this.cache.clear();
  }
}
