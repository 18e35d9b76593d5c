// Reads the calibration named by footprint.calibrationFile through vscode.workspace.fs (so it works in web hosts and
// virtual workspaces), keeps it until the file changes, and says once when it cannot be used. Loading is async: the
// first analysis runs without it and onDidChange triggers the re-analysis once it has arrived.
import * as vscode from 'vscode';
import { calibrationOverride, type CalibrationOverride } from '../core/calibrate/saved';

interface Watched {
  watcher: vscode.FileSystemWatcher;
  listeners: vscode.Disposable[];
}

export class CalibrationStore implements vscode.Disposable {
  /** Resolved file → its calibration, or null when it could not be used (then the estimate goes without). */
  private readonly loaded = new Map<string, CalibrationOverride | null>();
  private readonly loading = new Set<string>();
  private readonly warned = new Set<string>();
  private readonly watched = new Map<string, Watched>();
  private readonly emitter = new vscode.EventEmitter<void>();
  /** Fired when a calibration arrives, changes or goes away. */
  readonly onDidChange = this.emitter.event;

  constructor(private readonly warn: (message: string) => void = (m) => void vscode.window.showWarningMessage(m)) {}

  /** The calibration for a path relative to this folder; undefined until it is read, or when it is unusable. */
  get(folder: vscode.Uri, relativePath: string): CalibrationOverride | undefined {
    const uri = vscode.Uri.joinPath(folder, relativePath);
    const key = uri.toString();
    this.watch(folder, relativePath, key);
    if (this.loaded.has(key)) return this.loaded.get(key) ?? undefined;
    if (!this.loading.has(key)) void this.load(uri, relativePath, key);
    return undefined;
  }

  /** The setting changed: forget everything, so a new path (or the same one) is read afresh and may warn again. */
  reset(): void {
    this.loaded.clear();
    this.warned.clear();
    for (const w of this.watched.values()) disposeWatched(w);
    this.watched.clear();
  }

  private async load(uri: vscode.Uri, relativePath: string, key: string): Promise<void> {
    this.loading.add(key);
    let result: CalibrationOverride | null = null;
    try {
      const bytes = await vscode.workspace.fs.readFile(uri);
      const r = calibrationOverride(new TextDecoder('utf-8').decode(bytes), relativePath);
      if (r.ok) result = r.calibration;
      else this.warnOnce(key, `Footprint Lens: footprint.calibrationFile: ${r.message}. Estimates go on without it.`);
    } catch (e) {
      const why = e instanceof vscode.FileSystemError ? e.code || e.message : String((e as Error)?.message ?? e);
      this.warnOnce(key, `Footprint Lens: cannot read footprint.calibrationFile ${relativePath} (${why}). Estimates go on without it.`);
    } finally {
      this.loading.delete(key);
    }
    // A reset while reading means the setting moved on: this result belongs to nobody.
    if (!this.watched.has(key)) return;
    this.loaded.set(key, result);
    if (result) this.emitter.fire();
  }

  private warnOnce(key: string, message: string): void {
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.warn(message);
  }

  private watch(folder: vscode.Uri, relativePath: string, key: string): void {
    if (this.watched.has(key)) return;
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, relativePath));
    const changed = () => {
      const had = this.loaded.get(key);
      this.loaded.delete(key);
      this.warned.delete(key);
      // Re-read now; fire so the analyses drop a calibration that is gone (a new one fires again when read).
      void this.load(vscode.Uri.joinPath(folder, relativePath), relativePath, key);
      if (had) this.emitter.fire();
    };
    this.watched.set(key, { watcher, listeners: [watcher.onDidChange(changed), watcher.onDidCreate(changed), watcher.onDidDelete(changed)] });
  }

  dispose(): void {
    this.reset();
    this.emitter.dispose();
  }
}

function disposeWatched(w: Watched): void {
  for (const l of w.listeners) l.dispose();
  w.watcher.dispose();
}
