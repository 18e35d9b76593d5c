// "vs HEAD" inside a real VS Code (web): without git nothing is compared or shown; with a committed text (given
// through the test-mode seam, since VS Code for the Web has no git extension) an edit shows its cost against HEAD at
// the top, on the changed key, and in the key's hover, and reverting the edit takes it all away.
import * as vscode from 'vscode';
import type { FootprintTestApi } from '../../src/extension/api';
import { equal, match, ok } from './assert';
import { analysisWhere, headComparisonWhere, revertAll } from './wait';

const EXTENSION_ID = 'footprint-lens.footprint-lens';
const NEMO = 'NeMo-Framework-Launcher/llama2_70b.yaml';
const RESOLVE_ALL = 1000;

let api: FootprintTestApi;

function uriOf(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  ok(folder, 'the test workspace is mounted');
  return vscode.Uri.joinPath(folder.uri, rel);
}

async function open(rel: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(uriOf(rel));
  await vscode.window.showTextDocument(doc);
  return doc;
}

async function lenses(doc: vscode.TextDocument): Promise<Array<{ title: string; line: number }>> {
  const all = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, RESOLVE_ALL);
  return all.map((l) => ({ title: l.command?.title ?? '', line: l.range.start.line }));
}

async function replaceIn(doc: vscode.TextDocument, from: string, to: string): Promise<void> {
  const at = doc.getText().indexOf(from);
  ok(at >= 0, `${from} is in ${doc.uri.path}`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + from.length)), to);
  ok(await vscode.workspace.applyEdit(edit), `edit ${from} → ${to}`);
}

async function hoverText(doc: vscode.TextDocument, needle: string): Promise<string> {
  const at = doc.getText().indexOf(needle);
  ok(at >= 0, `${needle} is in ${doc.uri.path}`);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(at + 1));
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

suite('Footprint Lens against HEAD', () => {
  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<FootprintTestApi>(EXTENSION_ID);
    ok(ext, `${EXTENSION_ID} is installed in the host`);
    api = await ext.activate();
  });

  teardown(async () => {
    await revertAll();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('without a git extension (VS Code for the Web) an edited config is compared with nothing and shows no vs HEAD lens', async function () {
    if (api.headDiffs.sourceKind !== 'none') this.skip(); // a host with git: covered by the desktop run
    equal(vscode.extensions.getExtension('vscode.git'), undefined, 'no git extension in this host');
    const doc = await open(NEMO);
    await replaceIn(doc, 'max_steps: 300000', 'max_steps: 400000');
    await analysisWhere(api, doc, (a) => a.run?.trainIters?.value === 400000);
    await headComparisonWhere(api, doc, (h) => h === undefined);
    const titles = (await lenses(doc)).map((l) => l.title);
    ok(titles.length > 0 && !titles.some((t) => t.startsWith('vs HEAD')), `no vs HEAD lens in ${JSON.stringify(titles)}`);
  });

  test('with a committed text: nothing while unchanged, the cost of an edit at the top, on the key and in its hover', async () => {
    ok(api.headTextsForTests, 'the seam exists in test mode');
    const heads = api.headTextsForTests();
    equal(api.headDiffs.sourceKind, 'test', 'the seam replaced the source');
    const doc = await open(NEMO);
    heads.set(doc.uri, doc.getText());
    await analysisWhere(api, doc, () => true);
    await headComparisonWhere(api, doc, (h) => h === undefined);
    ok(!(await lenses(doc)).some((l) => l.title.startsWith('vs HEAD')), 'an unchanged file shows nothing');

    await replaceIn(doc, 'max_steps: 300000', 'max_steps: 400000');
    const head = await headComparisonWhere(api, doc, (h) => h?.comparison.status === 'changed');
    ok(head, 'compared');
    const all = await lenses(doc);
    const top = all.find((l) => l.title.startsWith('vs HEAD'));
    ok(top, `a vs HEAD lens in ${JSON.stringify(all)}`);
    equal(top.line, 0, 'at the top');
    match(top.title, /^vs HEAD: \+[\d.]+[kM] GPU-h · \+\$[\d.]+M · \+\d+ tCO2e \(\+33%\)$/, 'the total change');
    const stepsLine = doc.positionAt(doc.getText().indexOf('max_steps: 400000')).line;
    const key = all.find((l) => l.title.startsWith('was '));
    ok(key, `a key lens in ${JSON.stringify(all)}`);
    equal(key.line, stepsLine, 'on the changed key');
    match(key.title, /^was 300,000 → \+\$[\d.]+M · \+[\d.]+[kM] GPU-h$/, 'what the key alone costs');

    const hover = await hoverText(doc, 'max_steps: 400000');
    match(hover, /\*\*vs HEAD\*\* \(test\) · `trainer\.max_steps`/, 'heading');
    match(hover, /Was `300,000` \(line 23\) → now `400,000` \(line 23\)\./, 'before and after with lines');
    match(hover, /This change alone: \+\$[\d.]+M · \+[\d.]+[kM] GPU-h · \+\d+ tCO2e\./, 'its own share');
    // Another suite may have left the batch edited: the committed text is whatever the document held.
    match(hover, /training tokens: [\d.]+T \(derived: 300,000 steps × global batch [\d,]+ × sequence 4,096\) → [\d.]+T \(derived: 400,000 steps/, 'provenance on both sides');

    await revertAll();
    await headComparisonWhere(api, doc, (h) => h === undefined);
    ok(!(await lenses(doc)).some((l) => l.title.startsWith('vs HEAD') || l.title.startsWith('was ')), 'reverted: nothing left');
  });
});
