// Where the committed text of an open file comes from: VS Code's built-in git extension (its API, never a git process
// of ours), cached per commit and file, so typing never reaches git; a HEAD move (commit, checkout) drops the cache.
// Where there is no git extension (VS Code for the Web, a virtual workspace) or the file is not under git, there is
// no committed text and the "vs HEAD" lenses stay away: a clear no-op, said once in the source's `kind`.
import * as vscode from 'vscode';

/** The committed text of a file at HEAD; `commit` names it, so a comparison knows when it went stale. */
export interface HeadText {
  commit: string;
  text: string;
}

export interface HeadTextSource extends vscode.Disposable {
  /** git: the built-in git extension answers; none: no git here (web, virtual workspace, git disabled); test: a seam. */
  readonly kind: 'git' | 'none' | 'test';
  /** Undefined when the file is not under git, not in HEAD, or there is no git. */
  headOf(uri: vscode.Uri): Promise<HeadText | undefined>;
  /** Fired when HEAD moves or repositories appear: committed texts may differ now. */
  readonly onDidChangeHead: vscode.Event<void>;
}

// The part of the git extension's API (extensions/git/src/api/git.d.ts, version 1) this module reads.
interface GitBranch {
  readonly commit?: string;
}
interface GitRepository {
  readonly rootUri: vscode.Uri;
  readonly state: { readonly HEAD: GitBranch | undefined; readonly onDidChange: vscode.Event<void> };
  show(ref: string, path: string): Promise<string>;
}
interface GitApi {
  readonly state: 'uninitialized' | 'initialized';
  readonly onDidChangeState: vscode.Event<'uninitialized' | 'initialized'>;
  readonly onDidOpenRepository: vscode.Event<GitRepository>;
  getRepository(uri: vscode.Uri): GitRepository | null;
}
interface GitExtension {
  readonly enabled: boolean;
  getAPI(version: 1): GitApi;
}

export const GIT_EXTENSION_ID = 'vscode.git';

export class GitHeadTexts implements HeadTextSource {
  private api: Promise<GitApi | undefined> | undefined;
  private resolvedKind: 'git' | 'none';
  /** `${commit}\0${uri}` → the committed text (undefined: not in that commit). One git read per commit and file. */
  private readonly texts = new Map<string, Promise<string | undefined>>();
  private readonly headOfRepo = new Map<string, string | undefined>();
  private readonly emitter = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.emitter];
  readonly onDidChangeHead = this.emitter.event;

  constructor() {
    this.resolvedKind = vscode.extensions.getExtension(GIT_EXTENSION_ID) ? 'git' : 'none';
  }

  get kind(): 'git' | 'none' {
    return this.resolvedKind;
  }

  async headOf(uri: vscode.Uri): Promise<HeadText | undefined> {
    // The git extension reads files on disk only.
    if (uri.scheme !== 'file') return undefined;
    const api = await this.gitApi();
    const repo = api?.getRepository(uri);
    if (!repo) return undefined;
    this.watch(repo);
    const commit = repo.state.HEAD?.commit;
    if (!commit) return undefined;
    const key = `${commit}\u0000${uri.toString()}`;
    let text = this.texts.get(key);
    if (!text) {
      text = repo.show(commit, uri.fsPath).then(
        (t) => t,
        () => undefined, // not in HEAD (a new file), or ignored
      );
      this.texts.set(key, text);
    }
    const committed = await text;
    return committed === undefined ? undefined : { commit, text: committed };
  }

  private gitApi(): Promise<GitApi | undefined> {
    this.api ??= (async () => {
      const ext = vscode.extensions.getExtension<GitExtension>(GIT_EXTENSION_ID);
      if (!ext) return undefined;
      try {
        const exports = ext.isActive ? ext.exports : await ext.activate();
        if (!exports?.enabled) {
          this.resolvedKind = 'none';
          return undefined;
        }
        const api = exports.getAPI(1);
        // Repositories found after activation: the open files may be under one of them.
        this.disposables.push(
          api.onDidChangeState(() => this.emitter.fire()),
          api.onDidOpenRepository(() => this.emitter.fire()),
        );
        return api;
      } catch {
        this.resolvedKind = 'none';
        return undefined;
      }
    })();
    return this.api;
  }

  /** The repository's state changes on every status refresh; only a new HEAD commit matters. */
  private watch(repo: GitRepository): void {
    const root = repo.rootUri.toString();
    if (this.headOfRepo.has(root)) return;
    this.headOfRepo.set(root, repo.state.HEAD?.commit);
    this.disposables.push(
      repo.state.onDidChange(() => {
        const commit = repo.state.HEAD?.commit;
        if (commit === this.headOfRepo.get(root)) return;
        this.headOfRepo.set(root, commit);
        for (const key of this.texts.keys()) if (!key.startsWith(`${commit}\u0000`)) this.texts.delete(key);
        this.emitter.fire();
      }),
    );
  }

  dispose(): void {
    this.texts.clear();
    for (const d of this.disposables) d.dispose();
  }
}

/** The test seam (extension test mode only): committed texts given by the test, by URI. */
export class FixedHeadTexts implements HeadTextSource {
  readonly kind = 'test';
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeHead = this.emitter.event;
  private readonly texts = new Map<string, string>();

  set(uri: vscode.Uri, text: string | undefined): void {
    if (text === undefined) this.texts.delete(uri.toString());
    else this.texts.set(uri.toString(), text);
    this.emitter.fire();
  }

  async headOf(uri: vscode.Uri): Promise<HeadText | undefined> {
    const text = this.texts.get(uri.toString());
    return text === undefined ? undefined : { commit: 'test', text };
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
