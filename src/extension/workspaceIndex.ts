// A lazy index of the configs in the workspace: per file its format and the references it makes (DeepSpeed JSONs,
// included configs, models). Built once, in the background, the first time something asks (opening a DeepSpeed JSON
// that cannot be projected alone asks who uses it); kept current by a file watcher, never by a scan per keystroke.
// Other views (the workspace tree of runs) read the same entries.
import * as vscode from 'vscode';
import { configCandidates } from '../core/companions/locate';
import { scanConfig } from '../core/companions/scan';
import type { Reference } from '../core/companions/types';
import type { FormatId } from '../core/types';

/** Files a training run is written in. */
export const INDEXED_GLOB = '**/*.{sh,bash,slurm,sbatch,yaml,yml,json,jsonc,toml}';
const INDEXED = /\.(sh|bash|slurm|sbatch|ya?ml|jsonc?|toml)$/i;
/** Folders that hold no one's configs: dependencies, build output, caches, VCS. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', 'build', '.venv', 'venv', '__pycache__', '.mypy_cache', '.tox', 'site-packages', 'wandb', '.cache']);
/** Bounds: a monorepo of thousands of configs is indexed; a home folder opened by mistake is not walked forever. */
export const INDEX_LIMITS = { maxFiles: 5000, maxDepth: 12, maxBytes: 1024 * 1024, batch: 25 } as const;

export interface IndexEntry {
  uri: vscode.Uri;
  /** Workspace-relative path, as messages show it. */
  fileName: string;
  /** null: not a training config (it may still name a DeepSpeed JSON, e.g. a launcher for a format we do not read). */
  format: FormatId | null;
  references: Reference[];
}

export class WorkspaceIndex implements vscode.Disposable {
  private readonly entries = new Map<string, IndexEntry>();
  private built: Promise<void> | undefined;
  private watcher: vscode.FileSystemWatcher | undefined;
  private readonly emitter = new vscode.EventEmitter<vscode.Uri[]>();
  /** Files added, changed or removed after the first build. */
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private disposed = false;

  /** Builds the index on first call (in batches, yielding to the editor); later calls return at once. */
  ready(): Promise<void> {
    this.built ??= this.build();
    return this.built;
  }

  /** Every indexed file (after ready()). */
  all(): IndexEntry[] {
    return [...this.entries.values()];
  }

  /** The indexed files whose config references resolve to `uri` (its launch scripts and recipes), nearest first. */
  async usersOf(uri: vscode.Uri): Promise<vscode.Uri[]> {
    await this.ready();
    const name = uri.path.slice(uri.path.lastIndexOf('/') + 1).toLowerCase();
    const users: vscode.Uri[] = [];
    for (const e of this.entries.values()) {
      if (e.uri.toString() === uri.toString()) continue;
      const root = vscode.workspace.getWorkspaceFolder(e.uri)?.uri.path;
      const uses = e.references.some((r) => r.kind === 'config' && r.target.toLowerCase().endsWith(name) && configCandidates(r.target, e.uri.path, root).includes(uri.path));
      if (uses) users.push(e.uri);
    }
    const dir = uri.path.slice(0, uri.path.lastIndexOf('/'));
    const distance = (u: vscode.Uri) => (u.path.startsWith(`${dir}/`) ? u.path.split('/').length - dir.split('/').length : 100);
    return users.sort((a, b) => distance(a) - distance(b) || a.path.localeCompare(b.path));
  }

  private async build(): Promise<void> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    let files = 0;
    const walk = async (dir: vscode.Uri, depth: number): Promise<void> => {
      if (depth > INDEX_LIMITS.maxDepth || files >= INDEX_LIMITS.maxFiles || this.disposed) return;
      let children: [string, vscode.FileType][];
      try {
        children = await vscode.workspace.fs.readDirectory(dir);
      } catch {
        return;
      }
      for (const [name, type] of children) {
        if (files >= INDEX_LIMITS.maxFiles || this.disposed) return;
        const child = vscode.Uri.joinPath(dir, name);
        if (type & vscode.FileType.Directory) {
          if (!SKIPPED_DIRS.has(name) && !name.startsWith('.')) await walk(child, depth + 1);
        } else if (type & vscode.FileType.File && INDEXED.test(name)) {
          files++;
          await this.index(child);
          // Give the editor its turn between batches: a big workspace never blocks typing.
          if (files % INDEX_LIMITS.batch === 0) await new Promise((r) => setTimeout(r, 0));
        }
      }
    };
    for (const f of folders) await walk(f.uri, 0);
    if (this.disposed) return;
    this.watcher = vscode.workspace.createFileSystemWatcher(INDEXED_GLOB);
    this.disposables.push(
      this.watcher,
      this.watcher.onDidCreate((u) => this.schedule(u)),
      this.watcher.onDidChange((u) => this.schedule(u)),
      this.watcher.onDidDelete((u) => {
        this.entries.delete(u.toString());
        this.emitter.fire([u]);
      }),
    );
  }

  /** Re-reads a file shortly after it changes on disk (a save fires several events). */
  private schedule(uri: vscode.Uri): void {
    const key = uri.toString();
    const pending = this.timers.get(key);
    if (pending) clearTimeout(pending);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.index(uri).then(() => this.emitter.fire([uri]));
      }, 100),
    );
  }

  private async index(uri: vscode.Uri): Promise<void> {
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > INDEX_LIMITS.maxBytes) {
        this.entries.delete(uri.toString());
        return;
      }
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      const fileName = vscode.workspace.asRelativePath(uri, false);
      const scanned = scanConfig(text, fileName);
      if (scanned.format === null && scanned.references.length === 0) this.entries.delete(uri.toString());
      else this.entries.set(uri.toString(), { uri, fileName, ...scanned });
    } catch {
      this.entries.delete(uri.toString());
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const t of this.timers.values()) clearTimeout(t);
    for (const d of this.disposables) d.dispose();
    this.entries.clear();
  }
}
