// The editor stays responsive on a pathological file: its analysis runs in a worker, so while it runs, a hover on
// another config answers, and typing in the pathological file ends the stale analysis and analyses the new text.
// Ordering is asserted (the hover answered while the analysis was still in flight), never a duration.
import * as vscode from 'vscode';
import type { Analysis } from '../../src/core/analyze';
import type { FootprintTestApi } from '../../src/extension/api';
import { equal, match, ok } from './assert';
import { analysisInFlight, analysisWhere } from './wait';

const EXTENSION_ID = 'footprint-lens.footprint-lens';
const NEMO = 'NeMo-Framework-Launcher/llama2_70b.yaml';
const LLAMA = 'Megatron-LM/train_llama3_8b_h100_fp8.sh';

/**
 * Two megabytes of unclosed quotes and backticks after a shebang: a shell script whose reading takes many seconds
 * unbudgeted (npm run fuzz's "unclosed backticks and quotes"). The test raises the time limit so that it runs on.
 */
function pathological(): string {
  return `#!/bin/bash\n${'`"\'$'.repeat(500_000)}\n`;
}

function uriOf(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  ok(folder, 'the test workspace is mounted');
  return vscode.Uri.joinPath(folder.uri, rel);
}

async function hoverText(doc: vscode.TextDocument, needle: string): Promise<string> {
  const at = doc.getText().indexOf(needle);
  ok(at >= 0, `${needle} is in ${doc.uri.path}`);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(at + 1));
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

async function setTimeLimit(seconds: number | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('footprint').update('analysisTimeLimit', seconds, vscode.ConfigurationTarget.Workspace);
}

suite('A pathological file never blocks the editor', () => {
  let api: FootprintTestApi;

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<FootprintTestApi>(EXTENSION_ID);
    ok(ext, `${EXTENSION_ID} is installed in the host`);
    api = await ext.activate();
  });

  teardown(async () => {
    await setTimeLimit(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a hover on another file answers while it is analysed, and typing in it ends the stale analysis', async function () {
    this.timeout(120000);
    await setTimeLimit(600);
    const big = await vscode.workspace.openTextDocument({ language: 'shellscript', content: pathological() });
    const published: Analysis[] = [];
    const sub = api.onDidAnalyze(({ uri, analysis }) => {
      if (uri.toString() === big.uri.toString()) published.push(analysis);
    });
    try {
      await analysisInFlight(api, big);
      ok(api.cache.usesWorkers, 'analyses run in workers, off the extension host thread');

      const other = await vscode.workspace.openTextDocument(uriOf(NEMO));
      await vscode.window.showTextDocument(other);
      const text = await hoverText(other, 'num_layers');
      match(text, /Value here:\*\* `80`/, 'the hover on the other file answers with its value');
      ok(api.cache.usesWorkers, 'the workers started (no fallback to the extension host thread)');
      // Its analysis has not ended (a settings event may have restarted it meanwhile, never finished it).
      equal(published.length, 0, 'the hover answered before anything was published for the pathological file');

      // Typing replaces the text: the analysis of the old text is ended, the new one lands.
      const script = new TextDecoder().decode(await vscode.workspace.fs.readFile(uriOf(LLAMA)));
      const edit = new vscode.WorkspaceEdit();
      edit.replace(big.uri, new vscode.Range(big.positionAt(0), big.positionAt(big.getText().length)), script);
      ok(await vscode.workspace.applyEdit(edit), 'the edit applies');
      const analysis = await analysisWhere(api, big, (a) => a.format === 'megatron-shell');
      ok(analysis.projection?.gpuHours, 'the new text is projected');
      equal(published.length, 1, 'the stale analysis never landed: only the new text was published');
    } finally {
      sub.dispose();
      await vscode.window.showTextDocument(big);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
  });
});
