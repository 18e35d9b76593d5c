// The editor's companions: what a config names in other files, read through workspace.fs (desktop, web and virtual
// workspaces alike; an open editor's unsaved text wins over the disk), models from a local folder, the Hugging Face
// cache (desktop only: it is a folder of the machine) and, with footprint.modelLookup = hub in a trusted workspace,
// the Hub (cached in the extension's global storage). Resolution is asynchronous and never blocks typing: an analysis
// uses what is known now, and the cache re-analyses when a companion arrives or changes.
import * as vscode from 'vscode';
import {
  configCandidates,
  hfCacheRepoDir,
  hfHubCacheDir,
  hubConfigUrl,
  hubIdsFor,
  localModelCandidates,
  MAX_COMPANION_ROUNDS,
  unresolvedReferences,
  type HfEnvironment,
} from '../core/companions/locate';
import { referenceKey, type Companion, type Reference } from '../core/companions/types';
import type { Analysis } from '../core/analyze';
import { findOpenModel } from '../core/data/open-models';
import { resolveDataset } from './datasets';
import type { WorkspaceIndex } from './workspaceIndex';

/** Largest companion read: a DeepSpeed JSON or a launch script is a few kB; anything this big is not one. */
const MAX_COMPANION_BYTES = 2 * 1024 * 1024;
const HUB_TIMEOUT_MS = 15_000;

interface DocState {
  version: number;
  rounds: number;
  known: Map<string, Companion>;
  /** Files whose users were looked for, and the users found (several: the user picks one). */
  users?: vscode.Uri[];
  pending: boolean;
}

export interface CompanionOptions {
  modelLookup: () => 'offline' | 'hub';
  /** Where Hub answers are kept between sessions (the extension's global storage). */
  storage?: vscode.Uri;
  index?: WorkspaceIndex;
}

/** The environment of the desktop extension host; undefined in a browser. */
function hostEnv(): (HfEnvironment & { HF_ENDPOINT?: string; HF_TOKEN?: string }) | undefined {
  const p = (globalThis as { process?: { env?: Record<string, string | undefined>; versions?: { node?: string } } }).process;
  return p?.versions?.node ? (p.env as HfEnvironment) : undefined;
}

export class CompanionStore implements vscode.Disposable {
  private readonly docs = new Map<string, DocState>();
  /** Companion uri → the documents that used it, for re-analysis when it changes. */
  private readonly dependents = new Map<string, Set<string>>();
  /** The user's pick among several scripts that reference one file. */
  private readonly chosenUser = new Map<string, string>();
  /** A config companion's name as the analysis knows it (workspace-relative) → where it was read. */
  private readonly configUris = new Map<string, vscode.Uri>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  /** Fired with a document whose companions changed: it should be analysed again. */
  readonly onDidChange = this.emitter.event;
  private readonly disposables: vscode.Disposable[] = [this.emitter];

  constructor(private readonly options: CompanionOptions) {
    this.disposables.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.companionChanged(e.document.uri);
      }),
    );
    if (options.index) this.disposables.push(options.index.onDidChange((uris) => uris.forEach((u) => this.companionChanged(u, true))));
  }

  /** The companions known for a document now (what its next analysis uses). */
  for(document: Pick<vscode.TextDocument, 'uri'>): Companion[] {
    const state = this.docs.get(document.uri.toString());
    return state ? [...state.known.values()] : [];
  }

  /** Other files that reference this one (its launch scripts), once the index has been asked. */
  usersOf(uri: vscode.Uri): vscode.Uri[] {
    return this.docs.get(uri.toString())?.users ?? [];
  }

  /** The user whose values fill this file's gaps: the one picked, else the nearest. */
  chosenUserOf(uri: vscode.Uri): vscode.Uri | undefined {
    const users = this.usersOf(uri);
    const chosen = this.chosenUser.get(uri.toString());
    return users.find((u) => u.toString() === chosen) ?? users[0];
  }

  /** Uses `user` as the file whose values fill this one's gaps (the quick pick's answer). */
  chooseUser(uri: vscode.Uri, user: vscode.Uri): void {
    this.chosenUser.set(uri.toString(), user.toString());
    const state = this.docs.get(uri.toString());
    if (state) {
      for (const [k, c] of state.known) if (c.kind === 'user') state.known.delete(k);
      state.rounds = 0;
    }
    this.emitter.fire(uri);
  }

  /**
   * After an analysis: resolve what it references and nothing answers yet (and, for a file that cannot be
   * projected alone, look for the files that use it). Fires onDidChange when something new was found.
   */
  request(document: vscode.TextDocument, analysis: Analysis): void {
    const key = document.uri.toString();
    let state = this.docs.get(key);
    if (!state) {
      state = { version: document.version, rounds: 0, known: new Map(), pending: false };
      this.docs.set(key, state);
    }
    if (state.version !== document.version) {
      state.version = document.version;
      state.rounds = 0;
      // New text may name other files: forget the answers to references it no longer makes.
      const live = new Set(analysis.references.map(referenceKey));
      for (const [k, c] of state.known) if (c.kind !== 'user' && !live.has(k)) state.known.delete(k);
    }
    if (state.pending || state.rounds >= MAX_COMPANION_ROUNDS || !analysis.format) return;
    const pending = unresolvedReferences(analysis, state.known);
    const wantsUsers = state.users === undefined && this.options.index !== undefined && needsUsers(analysis);
    if (pending.length === 0 && !wantsUsers) return;
    state.pending = true;
    state.rounds++;
    const s = state;
    void this.resolveAll(document.uri, pending, wantsUsers, s).then(
      (changed) => {
        s.pending = false;
        if (changed) this.emitter.fire(document.uri);
      },
      () => {
        s.pending = false;
      },
    );
  }

  private async resolveAll(uri: vscode.Uri, refs: Reference[], wantsUsers: boolean, state: DocState): Promise<boolean> {
    let changed = false;
    for (const ref of refs) {
      const c = await this.resolve(uri, ref).catch((): Companion => ({ kind: ref.kind, target: ref.target, fileName: ref.target }));
      state.known.set(referenceKey(ref), c);
      if (c.text !== undefined || c.problem || c.dataset) changed = true;
    }
    if (wantsUsers && this.options.index) {
      const users = (await this.options.index.usersOf(uri)).filter((u) => u.toString() !== uri.toString());
      state.users = users;
      const user = this.chosenUserOf(uri);
      if (users.length > 1) changed = true;
      if (user) {
        const text = await readText(user);
        if (text !== undefined) {
          state.known.set(`user:${user.toString()}`, { kind: 'user', target: user.toString(), fileName: vscode.workspace.asRelativePath(user, false), text });
          this.depend(user, uri);
          changed = true;
        }
      }
    }
    return changed;
  }

  private async resolve(from: vscode.Uri, ref: Reference): Promise<Companion> {
    const base = { kind: ref.kind, target: ref.target } as const;
    const fromUri = ref.in === vscode.workspace.asRelativePath(from, false) ? from : await this.uriOfCompanion(from, ref.in);
    const root = vscode.workspace.getWorkspaceFolder(fromUri)?.uri.path;
    if (ref.kind === 'config') {
      for (const path of configCandidates(ref.target, fromUri.path, root)) {
        const uri = fromUri.with({ path });
        // The analysed file itself (a script's DeepSpeed JSON, when that JSON is open): not its own companion.
        if (uri.toString() === from.toString()) return { ...base, fileName: vscode.workspace.asRelativePath(uri, false) };
        const text = await readText(uri);
        if (text === undefined) continue;
        this.depend(uri, from);
        const fileName = vscode.workspace.asRelativePath(uri, false);
        this.configUris.set(fileName, uri);
        return { ...base, fileName, text };
      }
      return { ...base, fileName: ref.target, problem: `is not found beside ${ref.in} or in the folders above it` };
    }
    if (ref.kind === 'dataset') {
      return resolveDataset(ref, { from: fromUri, root, env: hostEnv(), depend: (uri) => this.depend(uri, from), readText });
    }
    for (const path of localModelCandidates(ref.target, fromUri.path, root)) {
      const uri = fromUri.with({ path });
      const text = await readText(uri);
      if (text !== undefined) return { ...base, fileName: vscode.workspace.asRelativePath(uri, false), text, origin: 'local' };
    }
    const env = hostEnv();
    const cacheDir = env ? hfHubCacheDir(env) : undefined;
    for (const id of hubIdsFor(ref.target)) {
      const repo = cacheDir ? hfCacheRepoDir(cacheDir, id) : undefined;
      const found = repo ? await snapshotConfig(vscode.Uri.file(repo)) : undefined;
      if (found) return { ...base, fileName: found.uri.fsPath, text: found.text, origin: 'hf-cache' };
    }
    const hub = await this.fromHub(ref, env);
    return hub ?? { ...base, fileName: ref.target };
  }

  /** A reference made in a companion is resolved from that companion's folder. */
  private async uriOfCompanion(from: vscode.Uri, fileName: string): Promise<vscode.Uri> {
    const folder = vscode.workspace.getWorkspaceFolder(from);
    return folder ? vscode.Uri.joinPath(folder.uri, fileName) : from;
  }

  /** footprint.modelLookup = hub, trusted workspaces only, models the table does not know; answers cached. */
  private async fromHub(ref: Reference, env: ReturnType<typeof hostEnv>): Promise<Companion | undefined> {
    const id = ref.target.replace(/\/+$/, '');
    if (this.options.modelLookup() !== 'hub' || vscode.workspace.isTrusted !== true) return undefined;
    if (!/^[\w.-]+\/[\w.-]+$/.test(id) || findOpenModel(id)) return undefined;
    const base = { kind: ref.kind, target: ref.target } as const;
    const cached = this.options.storage ? vscode.Uri.joinPath(this.options.storage, 'hub', `models--${id.replace('/', '--')}`, 'config.json') : undefined;
    const hit = cached ? await readText(cached) : undefined;
    if (hit !== undefined) return { ...base, fileName: `${id} config.json (Hub, cached)`, text: hit, origin: 'hub' };
    const url = hubConfigUrl(id, env?.HF_ENDPOINT || undefined);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (env?.HF_TOKEN) headers.authorization = `Bearer ${env.HF_TOKEN}`;
    const response = await fetch(url, { headers, signal: AbortSignal.timeout(HUB_TIMEOUT_MS) });
    if (response.status === 401 || response.status === 403) return { ...base, fileName: ref.target, problem: 'is gated on the Hub (a token with access is needed: HF_TOKEN), so its size is unknown' };
    if (!response.ok) return undefined;
    const text = await response.text();
    if (text.length > MAX_COMPANION_BYTES) return undefined;
    if (cached) await vscode.workspace.fs.writeFile(cached, new TextEncoder().encode(text)).then(undefined, () => undefined);
    return { ...base, fileName: `${id} config.json (${url})`, text, origin: 'hub' };
  }

  private depend(companion: vscode.Uri, document: vscode.Uri): void {
    const key = companion.toString();
    let set = this.dependents.get(key);
    if (!set) this.dependents.set(key, (set = new Set()));
    set.add(document.toString());
  }

  /** A companion was edited (or changed on disk): its dependents read it again and are re-analysed. */
  private companionChanged(uri: vscode.Uri, onDisk = false): void {
    const users = this.dependents.get(uri.toString());
    if (!users) return;
    for (const docKey of users) {
      const state = this.docs.get(docKey);
      if (!state) continue;
      let userDropped = false;
      for (const [k, c] of state.known) {
        if (c.kind === 'user' ? c.target === uri.toString() : c.fileName === vscode.workspace.asRelativePath(uri, false)) {
          state.known.delete(k);
          if (c.kind === 'user') userDropped = true;
        }
      }
      state.rounds = 0;
      // A user (the launch script of a JSON) is read again with the users: without this an unsaved edit of the script
      // would leave the JSON with no script at all until the file is saved.
      if (onDisk || userDropped) state.users = undefined;
      this.emitter.fire(vscode.Uri.parse(docKey));
    }
  }

  /** Where a config companion the analyses name by `fileName` was read (a fix edits it there). */
  uriOfConfig(fileName: string): vscode.Uri | undefined {
    return this.configUris.get(fileName);
  }

  forget(uri: vscode.Uri): void {
    this.docs.delete(uri.toString());
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.docs.clear();
    this.dependents.clear();
  }
}

/** A DeepSpeed JSON or a model-only file: the run's model or length lives in a file that uses this one. */
function needsUsers(analysis: Analysis): boolean {
  const missing = analysis.run?.missing ?? [];
  return missing.includes('params') || missing.includes('tokens');
}

/** The text of a file: an open editor's (unsaved edits count), else the disk's; undefined when absent or too big. */
export async function readText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.type !== vscode.FileType.File || stat.size > MAX_COMPANION_BYTES) return undefined;
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

/** config.json of the snapshot refs/main points at, else of any snapshot that has one. */
async function snapshotConfig(repo: vscode.Uri): Promise<{ uri: vscode.Uri; text: string } | undefined> {
  const main = (await readText(vscode.Uri.joinPath(repo, 'refs', 'main')))?.trim();
  const tryRev = async (rev: string) => {
    const uri = vscode.Uri.joinPath(repo, 'snapshots', rev, 'config.json');
    const text = await readText(uri);
    return text === undefined ? undefined : { uri, text };
  };
  if (main && /^[\w.-]+$/.test(main)) {
    const hit = await tryRev(main);
    if (hit) return hit;
  }
  try {
    for (const [name, type] of await vscode.workspace.fs.readDirectory(vscode.Uri.joinPath(repo, 'snapshots'))) {
      if (type !== vscode.FileType.Directory) continue;
      const hit = await tryRev(name);
      if (hit) return hit;
    }
  } catch {
    // No such repo in the cache.
  }
  return undefined;
}
