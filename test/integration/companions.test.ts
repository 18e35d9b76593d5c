// Companions inside a real VS Code (web): a DeepSpeed JSON opened alone finds, through the lazy workspace index, the
// launch script that passes it with --deepspeed_config, and its lens shows the script's model and a projection;
// editing the script re-analyses the JSON.
import * as vscode from 'vscode';
import type { FootprintApi } from '../../src/extension/extension';
import { equal, match, ok } from './assert';
import { analysisWhere } from './wait';

const EXTENSION_ID = 'footprint-lens.footprint-lens';
const DIR = 'Megatron-DeepSpeed/examples_deepspeed/finetune_hf_llama';
const JSON_FILE = `${DIR}/ds_config_empty.json`;
const SCRIPT = `${DIR}/finetune_llama.sh`;

let api: FootprintApi;

function uriOf(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  ok(folder, 'the test workspace is mounted');
  return vscode.Uri.joinPath(folder.uri, rel);
}

async function lensTitles(doc: vscode.TextDocument): Promise<string[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, 10);
  return lenses.map((l) => l.command?.title ?? '');
}

suite('Companions in VS Code for the Web', () => {
  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<FootprintApi>(EXTENSION_ID);
    ok(ext, 'extension is installed');
    api = await ext.activate();
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a DeepSpeed JSON shows its launch script\'s model, schedule and cost', async () => {
    const doc = await vscode.workspace.openTextDocument(uriOf(JSON_FILE));
    await vscode.window.showTextDocument(doc);
    const analysis = await analysisWhere(api, doc, (a) => a.companionsUsed.length > 0 && a.run?.params !== undefined);
    match(analysis.companionsUsed[0], /finetune_llama\.sh$/, 'the script was used');
    equal(analysis.run?.trainIters?.source, 'companion', 'steps come from the script');
    match(analysis.run?.trainIters?.detail, /^finetune_llama\.sh line \d+ \(--train-iters/, 'provenance names the script and line');
    ok(Math.abs((analysis.run?.params?.value ?? 0) / 6.74e9 - 1) < 0.01, `Llama 2 7B params, got ${analysis.run?.params?.value}`);
    const titles = await lensTitles(doc);
    match(titles[0], /^≈ .* GPU-h · \$.* · .*CO2e/, 'the summary lens projects the run');
    ok(titles.some((t) => /^Footprint: with finetune_llama\.sh/.test(t)), `a lens names the companion: ${titles.join(' | ')}`);
  });

  test('a DeepSpeed JSON used by two scripts offers them in a choice, and the choice sticks', async () => {
    const json = await vscode.workspace.openTextDocument(uriOf('DeepSpeedExamples/BingBertSquad/deepspeed_bsz24_config.json'));
    await vscode.window.showTextDocument(json);
    const choice = async (pattern: RegExp) => {
      for (let i = 0; i < 50; i++) {
        const t = (await lensTitles(json)).find((x) => pattern.test(x));
        if (t) return t;
        await analysisWhere(api, json, () => true).catch(() => undefined);
      }
      return undefined;
    };
    const first = await choice(/2 files use this one \(run_hf\.sh\): choose…$/);
    ok(first, `the lens offers both scripts: ${(await lensTitles(json)).join(' | ')}`);
    const picked = analysisWhere(api, json, () => true);
    await vscode.commands.executeCommand('footprint.chooseCompanion', json.uri.toString(), 'DeepSpeedExamples/BingBertSquad/run_squad_deepspeed.sh');
    await picked;
    ok(await choice(/\(run_squad_deepspeed\.sh\): choose…$/), `the lens names the pick: ${(await lensTitles(json)).join(' | ')}`);
  });

  test('editing the launch script re-analyses the JSON', async () => {
    const json = await vscode.workspace.openTextDocument(uriOf(JSON_FILE));
    await vscode.window.showTextDocument(json);
    await analysisWhere(api, json, (a) => a.run?.trainIters?.value === 3500);
    const script = await vscode.workspace.openTextDocument(uriOf(SCRIPT));
    const at = script.getText().indexOf('--train-iters 3500');
    ok(at >= 0, 'the script sets --train-iters 3500');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(script.uri, new vscode.Range(script.positionAt(at + '--train-iters '.length), script.positionAt(at + '--train-iters 3500'.length)), '7000');
    const changed = analysisWhere(api, json, (a) => a.run?.trainIters?.value === 7000);
    ok(await vscode.workspace.applyEdit(edit), 'edit applied');
    const after = await changed;
    equal(after.run?.trainIters?.source, 'companion', 'still from the script');
    await vscode.commands.executeCommand('undo');
  });
});
