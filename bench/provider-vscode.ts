// A minimal stand-in for the `vscode` module, so `npm run bench` can time the real providers (src/extension) and the
// real bundle's activate() in plain Node. It implements only what they touch while providing lenses, hovers and
// diagnostics; any other member is a no-op returning a disposable, so new registrations never break the benchmark.
import Module, { createRequire } from 'node:module';

class Position {
  constructor(
    readonly line: number,
    readonly character: number,
  ) {}
  translate(lineDelta = 0, charDelta = 0): Position {
    return new Position(this.line + lineDelta, this.character + charDelta);
  }
}

class Range {
  readonly start: Position;
  readonly end: Position;
  constructor(a: Position | number, b: Position | number, c?: number, d?: number) {
    this.start = typeof a === 'number' ? new Position(a, b as number) : a;
    this.end = typeof a === 'number' ? new Position(c ?? 0, d ?? 0) : (b as Position);
  }
}

class Disposable {
  constructor(private readonly fn: () => void = () => undefined) {}
  dispose(): void {
    this.fn();
  }
}

const disposable = () => new Disposable();

class EventEmitter<T> {
  private listeners: Array<(e: T) => void> = [];
  readonly event = (listener: (e: T) => void) => {
    this.listeners.push(listener);
    return new Disposable(() => (this.listeners = this.listeners.filter((l) => l !== listener)));
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) l(e);
  }
  dispose(): void {
    this.listeners = [];
  }
}

class MarkdownString {
  isTrusted: unknown;
  supportHtml = false;
  constructor(
    public value = '',
    readonly supportThemeIcons = false,
  ) {}
  appendMarkdown(text: string): this {
    this.value += text;
    return this;
  }
  appendText(text: string): this {
    this.value += text;
    return this;
  }
}

class Uri {
  constructor(
    readonly scheme: string,
    readonly path: string,
  ) {}
  static parse(text: string): Uri {
    const m = /^([\w+.-]+):(.*)$/.exec(text);
    return m ? new Uri(m[1]!, m[2]!) : new Uri('file', text);
  }
  static file(path: string): Uri {
    return new Uri('file', path);
  }
  toString(): string {
    return `${this.scheme}://${this.path.replace(/^\/\//, '')}`;
  }
}

/** A text document over a string, with the offset ↔ position arithmetic the providers use. */
export class BenchDocument {
  readonly uri: Uri;
  /** Bumped by the benchmark to stand for an edit: the cache then analyses again. */
  version = 1;
  readonly isClosed = false;
  private readonly lineStarts: number[] = [0];
  constructor(
    path: string,
    private readonly text: string,
    readonly languageId: string,
  ) {
    this.uri = Uri.file(`/bench/${path}`);
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }
  get lineCount(): number {
    return this.lineStarts.length;
  }
  getText(): string {
    return this.text;
  }
  positionAt(offset: number): Position {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return new Position(lo, offset - this.lineStarts[lo]!);
  }
  offsetAt(p: Position): number {
    return (this.lineStarts[p.line] ?? this.text.length) + p.character;
  }
  lineAt(line: number): { range: Range; text: string } {
    const start = this.lineStarts[line] ?? 0;
    const end = (this.lineStarts[line + 1] ?? this.text.length + 1) - 1;
    return { range: new Range(line, 0, line, end - start), text: this.text.slice(start, end) };
  }
}

/** What `getConfiguration('footprint').get(key)` answers; the benchmark sets `codeLens.detail`, `maxFileSizeKB`. */
export const benchSettings: Record<string, unknown> = {};

/** Any member not defined here: a callable no-op whose result is disposable. */
function namespace<T extends object>(members: T): T {
  return new Proxy(members, {
    get: (target, prop) => (prop in target ? (target as Record<string | symbol, unknown>)[prop] : disposable),
  });
}

const diagnosticCollection = () => ({ set: () => undefined, delete: () => undefined, clear: () => undefined, dispose: () => undefined });

export const fakeVscode = namespace({
  Position,
  Range,
  Selection: Range,
  Disposable,
  EventEmitter,
  MarkdownString,
  Uri,
  CodeLens: class {
    constructor(
      readonly range: Range,
      readonly command?: unknown,
    ) {}
  },
  Hover: class {
    constructor(
      readonly contents: unknown,
      readonly range?: Range,
    ) {}
  },
  Diagnostic: class {
    source?: string;
    code?: unknown;
    constructor(
      readonly range: Range,
      readonly message: string,
      readonly severity: number,
    ) {}
  },
  TextEdit: class {
    constructor(
      readonly range: Range,
      readonly newText: string,
    ) {}
  },
  CodeAction: class {
    constructor(
      readonly title: string,
      readonly kind?: unknown,
    ) {}
  },
  /** Records what a quick fix would change, so the tests can apply it to the text. */
  WorkspaceEdit: class {
    readonly edits: Array<{ uri: unknown; range: Range; newText: string }> = [];
    set(uri: unknown, edits: Array<{ range: Range; newText: string }>): void {
      for (const e of edits) this.edits.push({ uri, range: e.range, newText: e.newText });
    }
    replace(uri: unknown, range: Range, newText: string): void {
      this.edits.push({ uri, range, newText });
    }
  },
  CodeActionKind: { QuickFix: 'quickfix', Refactor: 'refactor' },
  DiagnosticSeverity: { Error: 0, Warning: 1, Information: 2, Hint: 3 },
  StatusBarAlignment: { Left: 1, Right: 2 },
  ViewColumn: { Active: -1, Beside: -2, One: 1 },
  ConfigurationTarget: { Global: 1, Workspace: 2, WorkspaceFolder: 3 },
  ExtensionMode: { Production: 1, Development: 2, Test: 3 },
  languages: namespace({ createDiagnosticCollection: diagnosticCollection, match: () => 0 }),
  workspace: namespace({
    textDocuments: [] as BenchDocument[],
    workspaceFolders: undefined,
    getConfiguration: () => ({ get: (key: string) => benchSettings[key], update: async () => undefined, inspect: () => undefined }),
    asRelativePath: (uri: Uri | string) => (typeof uri === 'string' ? uri : uri.path.replace(/^\/bench\//, '')),
  }),
  window: namespace({
    activeTextEditor: undefined,
    createStatusBarItem: () => ({ show: () => undefined, hide: () => undefined, dispose: () => undefined }),
    // The Training Runs view, never shown in the bench: its index is not built at activation.
    createTreeView: () => ({ visible: false, onDidChangeVisibility: disposable, dispose: () => undefined }),
  }),
  commands: namespace({}),
  env: namespace({}),
  extensions: namespace({}),
});

/** From now on, `require('vscode')` (in sources run by tsx and in the built bundle) gets the stand-in. */
export function installFakeVscode(): void {
  const mod = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const original = mod._load;
  mod._load = function (request: string, ...rest: unknown[]) {
    return request === 'vscode' ? fakeVscode : original.call(this, request, ...rest);
  };
}

/** The language VS Code gives a fixture by its name (.slurm and .sh are shell scripts). */
export function languageOf(name: string): string {
  if (/\.ya?ml$/.test(name)) return 'yaml';
  if (/\.json$/.test(name)) return 'json';
  if (/\.toml$/.test(name)) return 'toml';
  return 'shellscript';
}

/** The real providers (src/extension), loaded after the stand-in is installed, since they import `vscode`. */
export function loadProviders() {
  installFakeVscode();
  const load = createRequire(__filename);
  return {
    AnalysisCache: (load('../src/extension/analysisCache') as typeof import('../src/extension/analysisCache')).AnalysisCache,
    SettingsStore: (load('../src/extension/settingsStore') as typeof import('../src/extension/settingsStore')).SettingsStore,
    FootprintCodeLensProvider: (load('../src/extension/codeLens') as typeof import('../src/extension/codeLens')).FootprintCodeLensProvider,
    FootprintHoverProvider: (load('../src/extension/hover') as typeof import('../src/extension/hover')).FootprintHoverProvider,
    FootprintDiagnostics: (load('../src/extension/diagnostics') as typeof import('../src/extension/diagnostics')).FootprintDiagnostics,
    FootprintCodeActions: (load('../src/extension/codeActions') as typeof import('../src/extension/codeActions')).FootprintCodeActions,
    COST_ROLES: (load('../src/extension/marginal') as typeof import('../src/extension/marginal')).COST_ROLES,
  };
}
