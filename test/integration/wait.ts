// Waiting on events, never on time: each helper resolves when VS Code reports the state the test needs, and fails
// with what it last saw after a generous deadline.
import * as vscode from 'vscode';
import type { Analysis } from '../../src/core/analyze';
import type { FootprintTestApi } from '../../src/extension/api';
import type { HeadComparison } from '../../src/extension/head/headDiffs';

const DEADLINE_MS = 15000;
const SNAPSHOT_DEADLINE_MS = 20000;

function withDeadline<T>(what: string, start: (done: (v: T) => void) => vscode.Disposable, last: () => string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let sub: vscode.Disposable | undefined;
    const timer = setTimeout(() => {
      sub?.dispose();
      reject(new Error(`timed out waiting for ${what}; last seen: ${last()}`));
    }, DEADLINE_MS);
    sub = start((v) => {
      clearTimeout(timer);
      sub?.dispose();
      resolve(v);
    });
  });
}

/** The analysis of this document once it satisfies `accept` (at once when the cached one already does). */
export function analysisWhere(api: FootprintTestApi, doc: vscode.TextDocument, accept: (a: Analysis) => boolean): Promise<Analysis> {
  const current = api.cache.get(doc.uri);
  if (current && api.cache.isCurrent(doc) && accept(current)) return Promise.resolve(current);
  let seen = current;
  return withDeadline(
    `an analysis of ${doc.uri.path}`,
    (done) =>
      api.onDidAnalyze(({ uri, analysis }) => {
        if (uri.toString() !== doc.uri.toString()) return;
        seen = analysis;
        if (accept(analysis)) done(analysis);
      }),
    () => (seen ? seen.findings.map((f) => f.code).join(',') : 'nothing'),
  );
}

/** Our diagnostics of this document once they satisfy `accept`. */
export function diagnosticsWhere(uri: vscode.Uri, accept: (d: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  const ours = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'footprint');
  if (accept(ours())) return Promise.resolve(ours());
  return withDeadline(
    `diagnostics of ${uri.path}`,
    (done) =>
      vscode.languages.onDidChangeDiagnostics((e) => {
        if (e.uris.some((u) => u.toString() === uri.toString()) && accept(ours())) done(ours());
      }),
    () =>
      ours()
        .map((d) => codeOf(d))
        .join(','),
  );
}

/** The status-bar text once it satisfies `accept` (undefined: the item is hidden). */
export function statusBarWhere(api: FootprintTestApi, accept: (text: string | undefined) => boolean): Promise<string | undefined> {
  if (accept(api.statusBar.text)) return Promise.resolve(api.statusBar.text);
  return withDeadline(
    'the status-bar item',
    (done) =>
      api.statusBar.onDidRefresh((text) => {
        if (accept(text)) done(text);
      }),
    () => String(api.statusBar.text),
  );
}

/**
 * Resolves when the runner has taken the screenshot: it calls globalThis.__footprintSnapshotDone(name) in this worker.
 * Outside that runner (no one calls back), it gives up quietly after the deadline: screenshots are not assertions.
 */
export function snapshot(name: string, waitFor?: 'lenses'): Promise<void> {
  const g = globalThis as { __footprintSnapshotDone?: (n: string) => void; __footprintNoSnapshots?: boolean };
  if (g.__footprintNoSnapshots) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(finish, SNAPSHOT_DEADLINE_MS);
    function finish() {
      clearTimeout(timer);
      g.__footprintSnapshotDone = undefined;
      resolve();
    }
    g.__footprintSnapshotDone = (n) => {
      if (n === name) finish();
    };
    console.log(`[[footprint:snapshot:${name}${waitFor ? `|${waitFor}` : ''}]]`);
  });
}

export function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code);
}

/** The document's comparison with HEAD once it satisfies `accept` (undefined: nothing to compare). */
export function headComparisonWhere(api: FootprintTestApi, doc: vscode.TextDocument, accept: (h: HeadComparison | undefined) => boolean): Promise<HeadComparison | undefined> {
  const settled = () => api.cache.isCurrent(doc) && accept(api.headDiffs.for(doc));
  if (settled()) return Promise.resolve(api.headDiffs.for(doc));
  return withDeadline(
    `a comparison of ${doc.uri.path} with HEAD`,
    (done) =>
      api.headDiffs.onDidCompare((uri) => {
        if (uri.toString() === doc.uri.toString() && settled()) done(api.headDiffs.for(doc));
      }),
    () => String(api.headDiffs.for(doc)?.comparison.status),
  );
}

/** Resolves once this document's analysis is in flight (at once when it already is). */
export function analysisInFlight(api: FootprintTestApi, doc: vscode.TextDocument): Promise<void> {
  if (api.cache.isAnalysing(doc.uri)) return Promise.resolve();
  return withDeadline(
    `an analysis of ${doc.uri.path} to start`,
    (done) =>
      api.cache.onDidStartAnalysis((uri) => {
        if (uri.toString() === doc.uri.toString()) done(undefined);
      }),
    () => `in flight: ${api.cache.isAnalysing(doc.uri)}`,
  );
}

/**
 * Reverts every modified document, each shown first: the revert command acts on the active editor, and on a busy
 * machine the active editor is not always the one the test last opened. Fails if one stays modified.
 */
export async function revertAll(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty && !d.isUntitled)) {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    if (doc.isDirty) throw new Error(`${doc.uri.path} is still modified after a revert`);
  }
}

/**
 * The quick fixes on our diagnostic `code` once they satisfy `accept`: asked again each time the document's
 * diagnostics are published, since VS Code offers actions only for the markers it holds at the moment it asks (a
 * document closed and reopened between tests has none until its analysis lands again).
 */
export function codeActionsWhere(doc: vscode.TextDocument, code: string, accept: (a: vscode.CodeAction[]) => boolean): Promise<vscode.CodeAction[]> {
  let seen: vscode.CodeAction[] = [];
  const ask = async (): Promise<vscode.CodeAction[] | undefined> => {
    const target = vscode.languages.getDiagnostics(doc.uri).find((d) => d.source === 'footprint' && codeOf(d) === code);
    if (!target) return undefined;
    seen = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, target.range);
    return accept(seen) ? seen : undefined;
  };
  return withDeadline(
    `quick fixes on ${code} in ${doc.uri.path}`,
    (done) => {
      void ask().then((a) => a && done(a));
      return vscode.languages.onDidChangeDiagnostics((e) => {
        if (e.uris.some((u) => u.toString() === doc.uri.toString())) void ask().then((a) => a && done(a));
      });
    },
    () => JSON.stringify(seen.map((a) => a.title)),
  );
}
