// The what-if panel inside a real VS Code: opened from the summary lens, it writes a changed GPU count into the
// NeMo config's trainer.num_nodes (nothing else, comments intact) as one undoable edit, refuses an apply made against
// an older version of the file, and drops messages that do not fit the protocol.
import * as vscode from 'vscode';
import type { FootprintTestApi } from '../../src/extension/api';
import type { PanelTestHandle } from '../../src/extension/panel/manager';
import { equal, match, ok } from './assert';
import { analysisWhere, snapshot } from './wait';

const EXTENSION_ID = 'footprint-lens.footprint-lens';
const NEMO = 'NeMo-Framework-Launcher/llama2_70b.yaml';

let api: FootprintTestApi;

function uriOf(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  ok(folder, 'the test workspace is mounted');
  return vscode.Uri.joinPath(folder.uri, rel);
}

interface Posted {
  type: string;
  ok?: boolean;
  message?: string;
  version?: number;
  text?: string;
}

function lastPosted(panel: PanelTestHandle, type: string): Posted | undefined {
  return [...(panel.posted as Posted[])].reverse().find((m) => m.type === type);
}

/** Lines that differ between two texts of the same line count, as "before ⇒ after". */
function changedLines(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  equal(b.length, a.length, 'line count');
  return a.flatMap((l, i) => (l === b[i] ? [] : [`${l} ⇒ ${b[i]}`]));
}

/** Resolves once the document's text satisfies `accept` (undo and edits land asynchronously in the web host). */
function textWhere(doc: vscode.TextDocument, accept: (t: string) => boolean, what: string): Promise<void> {
  if (accept(doc.getText())) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out waiting for ${what}`));
    }, 15000);
    const sub = vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.uri.toString() === doc.uri.toString() && accept(e.document.getText())) {
        clearTimeout(timer);
        sub.dispose();
        resolve();
      }
    });
  });
}

/** The next `load` the host posts to this panel (or the one already posted). */
function loadPosted(panel: PanelTestHandle): Promise<Posted> {
  const seen = lastPosted(panel, 'load');
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error('timed out waiting for the webview to say ready (did the CSP block its script?)'));
    }, 20000);
    const sub = panel.onDidPost((m) => {
      if ((m as Posted).type !== 'load') return;
      clearTimeout(timer);
      sub.dispose();
      resolve(m as Posted);
    });
  });
}

suite('What-if panel: write-back in VS Code for the Web', () => {
  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<FootprintTestApi>(EXTENSION_ID);
    ok(ext, `${EXTENSION_ID} is installed in the host`);
    api = await ext.activate();
    ok(typeof api.panelFor === 'function', 'activate() exposes panelFor for tests');
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('from the lens: apply a GPU count, only trainer.num_nodes changes, one undo restores the bytes', async () => {
    const doc = await vscode.workspace.openTextDocument(uriOf(NEMO));
    await vscode.window.showTextDocument(doc);
    const original = doc.getText();

    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 1);
    const lens = lenses.find((l) => l.command?.command === 'footprint.openPanel');
    ok(lens?.command, 'a lens opens the what-if panel');
    await vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments ?? []));
    const panel = api.panelFor(doc.uri);
    ok(panel, 'the lens opened a panel for this file');

    // As the webview does once its script runs: the host answers with the text and its version.
    await panel.receive({ type: 'ready' });
    const load = lastPosted(panel, 'load');
    ok(load, 'the host posted load after ready');
    equal(load.version, doc.version, 'load carries the document version');
    equal(load.text, original, 'load carries the document text');

    await panel.receive({ type: 'apply', version: doc.version, whatIf: { gpus: 2048 } });
    const applied = lastPosted(panel, 'applied');
    ok(applied?.ok, `apply succeeded: ${applied?.message}`);
    match(applied.message, /num_nodes/, 'the message names the key written');
    await textWhere(doc, (t) => t !== original, 'the edit');
    const edited = doc.getText();
    const changes = changedLines(original, edited);
    equal(changes.length, 1, `one line changed (${changes.join(' | ')})`);
    match(changes[0], /^\s*num_nodes: 128\b.*⇒\s*num_nodes: 256\b/, 'trainer.num_nodes doubled');
    const comments = (t: string) => t.split('\n').filter((l) => l.includes('#'));
    equal(JSON.stringify(comments(edited).map((l) => l.slice(l.indexOf('#')))), JSON.stringify(comments(original).map((l) => l.slice(l.indexOf('#')))), 'every comment kept');

    // The lens follows the applied change: the summary now names the new GPU count.
    await analysisWhere(api, doc, (a) => a.run?.gpus?.value === 2048);
    const after = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 1);
    const summary = after.find((l) => l.command?.command === 'footprint.openPanel')?.command?.title ?? '';
    match(summary, / on 2,?048 × /, `the summary lens shows 2,048 GPUs: ${summary}`);

    // One undo step reverts the whole apply.
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    await textWhere(doc, (t) => t === original, 'undo to restore the original text');
    equal(doc.getText(), original, 'undo restores the exact text');
  });

  test('the real webview runs under the CSP: its own ready brings the load, and the panel follows edits', async () => {
    const doc = await vscode.workspace.openTextDocument(uriOf(NEMO));
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('footprint.openPanel', doc.uri);
    const panel = api.panelFor(doc.uri);
    ok(panel, 'the editor-title form of the command (a Uri) opened a panel');
    const first = await loadPosted(panel);
    equal(first.version, doc.version, 'the webview got the current version');
    // Opening again reveals the same panel instead of a second one.
    await vscode.commands.executeCommand('footprint.openPanel', doc.uri.toString());
    equal(api.panelFor(doc.uri), panel, 'one panel per file');
    await snapshot('panel-vscode');

    // An edit of the file reaches the webview (debounced) with the new version.
    const next = new Promise<Posted>((resolve) => {
      const sub = panel.onDidPost((m) => {
        if ((m as Posted).type === 'load' && (m as Posted).version !== first.version) {
          sub.dispose();
          resolve(m as Posted);
        }
      });
    });
    const at = doc.getText().indexOf('max_steps: 300000');
    ok(at >= 0, 'max_steps is in the file');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(at + 11), doc.positionAt(at + 17)), '150000');
    ok(await vscode.workspace.applyEdit(edit), 'edit applied');
    const reloaded = await next;
    equal(reloaded.version, doc.version, 'the reload carries the new version');
    match(reloaded.text, /max_steps: 150000/, 'and the new text');
    // Undo rather than a reverse edit: the document goes back to its saved state, not dirty with equal text.
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('undo');
    await textWhere(doc, (t) => t.includes('max_steps: 300000'), 'undo of the test edit');
  });

  test('export: the what-if run’s Markdown report opens beside the file, for the changed GPU count', async () => {
    const doc = await vscode.workspace.openTextDocument(uriOf(NEMO));
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('footprint.openPanel', doc.uri.toString());
    const panel = api.panelFor(doc.uri);
    ok(panel, 'panel open');
    const opened = new Promise<vscode.TextDocument>((resolve) => {
      const sub = vscode.workspace.onDidOpenTextDocument((d) => {
        if (d.uri.scheme === 'untitled') {
          sub.dispose();
          resolve(d);
        }
      });
    });
    await panel.receive({ type: 'export', format: 'markdown', whatIf: { gpus: 3072 } });
    const exported = lastPosted(panel, 'exported');
    ok(exported?.ok, `export succeeded: ${exported?.message}`);
    const report = await opened;
    match(report.getText(), /3,072|3072/, 'the report is of the what-if run (3,072 GPUs; the file says 1,024)');
    ok(!/\b3,?072\b/.test(doc.getText()), 'a number only the what-if has');
    equal(doc.isDirty, false, 'export does not touch the config');
  });

  test('the host reads the shipped hourly grid traces (in the web host too) and posts them after ready', async () => {
    const doc = await vscode.workspace.openTextDocument(uriOf(NEMO));
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('footprint.openPanel', doc.uri.toString());
    const panel = api.panelFor(doc.uri);
    ok(panel, 'the palette command opened a panel');
    await panel.receive({ type: 'ready' });
    const posted = lastPosted(panel, 'traces') as unknown as { traces: Array<{ code: string; year: number; values: Array<number | null> }>; problem?: string } | undefined;
    ok(posted, 'the host posted the traces');
    equal(posted.problem, undefined, `every trace read: ${posted.problem}`);
    equal(posted.traces.map((t) => t.code).join(' '), 'us-caiso us-ercot us-bpa us-pjm gb de no kr', 'the eight shipped traces');
    const pjm = posted.traces.find((t) => t.code === 'us-pjm')!;
    equal(pjm.year, 2022, 'the trace year');
    equal(pjm.values.length, 8760, 'a full year of hours');
    equal(pjm.values.filter((v) => v === null).length, 28, 'the gaps stay gaps');
    ok(lastPosted(panel, 'load'), 'and then the file');
  });

  test('an apply against an older version is refused; invalid messages change nothing', async () => {
    const doc = await vscode.workspace.openTextDocument(uriOf(NEMO));
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('footprint.openPanel', doc.uri.toString());
    const panel = api.panelFor(doc.uri);
    ok(panel, 'the palette command opened a panel');
    const before = doc.getText();
    const postedBefore = panel.posted.length;

    await panel.receive({ type: 'apply', version: doc.version + 1, whatIf: { gpus: 4096 } });
    const refused = lastPosted(panel, 'applied');
    equal(refused?.ok, false, 'a stale apply is refused');
    match(refused?.message, /file changed/, 'and says why');
    equal(doc.getText(), before, 'the refused apply wrote nothing');

    const count = panel.posted.length;
    for (const bad of [
      { type: 'apply', version: doc.version, whatIf: { gpus: -8 } },
      { type: 'apply', version: doc.version, whatIf: { gpus: 16, script: '<img src=x onerror=alert(1)>' } },
      { type: 'apply', whatIf: { gpus: 16 } },
      { type: 'write', text: 'oops' },
      'apply',
      null,
    ]) {
      await panel.receive(bad);
    }
    equal(panel.posted.length, count, 'invalid messages get no answer');
    equal(doc.getText(), before, 'invalid messages change nothing');
    ok(count > postedBefore, 'the stale apply did get its answer');
  });
});
