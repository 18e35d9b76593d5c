// The Explorer's "Training Runs" view inside a real VS Code (web): every config of the test workspace listed by
// folder with totals, sorted by cost; a run opens on click; the export writes every run as CSV; a config added to the
// workspace appears after a refresh; an ordinary YAML file is never a run.
import * as vscode from 'vscode';
import type { FootprintTestApi } from '../../src/extension/api';
import { equal, match, ok } from './assert';

const EXTENSION_ID = 'footprint-lens.footprint-lens';

let api: FootprintTestApi;

function uriOf(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  ok(folder, 'the test workspace is mounted');
  return vscode.Uri.joinPath(folder.uri, rel);
}

suite('Training Runs view', () => {
  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<FootprintTestApi>(EXTENSION_ID);
    ok(ext, `${EXTENSION_ID} is installed in the host`);
    api = await ext.activate();
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('lists every run by folder with its total, most costly first, and opens a run on click', async () => {
    await api.runs.start();
    const summary = api.runs.summary();
    const folders = summary.folders.map((g) => g.folder);
    for (const f of ['NeMo-Framework-Launcher', 'Megatron-LM', 'bigscience', 'DeepSpeedExamples']) ok(folders.includes(f), `${f} in ${JSON.stringify(folders)}`);
    ok(!folders.includes('ordinary'), 'an ordinary YAML file is not a run');
    const known = summary.folders.filter((g) => g.totals.known > 0).map((g) => g.totals.costUSD);
    ok(
      known.every((c, i) => i === 0 || c <= known[i - 1]!),
      `folders sorted by cost: ${JSON.stringify(known)}`,
    );
    const costless = summary.folders.findIndex((g) => g.totals.known === 0);
    ok(costless > 0 && summary.folders.slice(costless).every((g) => g.totals.known === 0), `folders without a cost come last: ${JSON.stringify(folders)}`);
    ok(
      summary.folders.slice(costless).some((g) => g.folder === 'DeepSpeedExamples'),
      'a DeepSpeed JSON without its model has no cost',
    );

    const roots = api.runs.getChildren();
    const items = roots.map((n) => api.runs.getTreeItem(n));
    const nemo = items.find((i) => i.label === 'NeMo-Framework-Launcher');
    ok(nemo, `a NeMo folder among ${JSON.stringify(items.map((i) => i.label))}`);
    match(String(nemo.description), /^Σ [\d.]+[kM] GPU-h · \$[\d.]+[kM] · [\d.]+k? tCO2e$/, 'the folder total');
    const deepspeed = roots[items.findIndex((i) => i.label === 'DeepSpeedExamples')]!;
    const dsRun = api.runs.getTreeItem(api.runs.getChildren(deepspeed)[0]!);
    match(String(dsRun.description), /^needs /, 'a run without a cost says what it needs');
    const nemoRun = api.runs.getTreeItem(api.runs.getChildren(roots[items.indexOf(nemo)]!)[0]!);
    equal(nemoRun.label, 'llama2_70b.yaml', 'the run');
    match(String(nemoRun.description), /^[\d.]+[kM] GPU-h · \$[\d.]+[kM] · [\d.]+k? tCO2e · ≈ \d+ GB\/GPU of 80 GB · fits$/, 'its meters and memory verdict');
    match(String(nemoRun.tooltip), /GB\/GPU/, 'the tooltip gives the memory too');
    ok(nemoRun.command, 'a run opens on click');
    await vscode.commands.executeCommand(nemoRun.command.command, ...(nemoRun.command.arguments ?? []));
    match(vscode.window.activeTextEditor?.document.uri.path, /NeMo-Framework-Launcher\/llama2_70b\.yaml$/, 'the config is open');
  });

  test("exports every run as CSV, most costly first, with the report's columns", async () => {
    const target = uriOf('exported-runs.csv');
    const written = await vscode.commands.executeCommand<vscode.Uri | undefined>('footprint.runs.exportCsv', target);
    equal(written?.toString(), target.toString(), 'written where asked');
    const csv = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
    const lines = csv.trim().split(/\r\n/);
    match(lines[0], /^file,format,params,/, 'the CSV report header');
    const files = lines.slice(1).map((l) => l.split(',')[0]);
    const expected = api.runs.summary().folders.flatMap((g) => g.runs.map((r) => r.analysis.fileName));
    equal(JSON.stringify(files), JSON.stringify(expected), "one row per run, in the view's order");
    ok(!csv.includes('app-config.yaml'), 'no row for an ordinary file');
    await vscode.workspace.fs.delete(target);
  });

  test('a config added to the workspace appears in its own folder after a refresh', async () => {
    const added = uriOf('sweep-a/run-1.yaml');
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uriOf('NeMo-Framework-Launcher/llama2_70b.yaml')));
    await vscode.workspace.fs.writeFile(added, new TextEncoder().encode(text.replace('max_steps: 300000', 'max_steps: 600000')));
    try {
      await vscode.commands.executeCommand('footprint.runs.refresh');
      const sweep = api.runs.summary().folders.find((g) => g.folder === 'sweep-a');
      ok(sweep, 'the new folder is listed');
      const nemo = api.runs.summary().folders.find((g) => g.folder === 'NeMo-Framework-Launcher')!;
      ok(Math.abs(sweep.totals.gpuHours / nemo.totals.gpuHours - 2) < 1e-9, 'twice the steps, twice the GPU-hours');
    } finally {
      await vscode.workspace.fs.delete(added);
      await vscode.workspace.fs.delete(uriOf('sweep-a'), { recursive: true });
      await vscode.commands.executeCommand('footprint.runs.refresh');
    }
  });
});
