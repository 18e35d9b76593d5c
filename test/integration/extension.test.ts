// Footprint Lens inside a real VS Code (web): lenses, hovers, diagnostics, quick fixes and commands on real configs
// from test/integration-workspace (copies of test/fixtures/configs), and silence on an ordinary YAML file.
import * as vscode from 'vscode';
import type { FootprintTestApi } from '../../src/extension/api';
import { equal, match, ok } from './assert';
import { analysisWhere, codeActionsWhere, codeOf, diagnosticsWhere, revertAll, snapshot, statusBarWhere } from './wait';

const EXTENSION_ID = 'footprint-lens.footprint-lens';
const LLAMA = 'Megatron-LM/train_llama3_8b_h100_fp8.sh';
const BLOOM = 'bigscience/tr11-176B-ml.slurm';
const DEEPSPEED = 'DeepSpeedExamples/ds_config.json';
const NEMO = 'NeMo-Framework-Launcher/llama2_70b.yaml';
const ORDINARY = 'ordinary/app-config.yaml';
const AXOLOTL = 'axolotl/examples/alst/llama3-8b-deepspeed-alst.yaml';
const AXOLOTL_DEEPSPEED = 'axolotl/deepspeed_configs/zero3_bf16_cpuoffload_all.json';
const DEEPSEEK = 'torchtitan/deepseek_v3_671b.toml';

/** executeCodeLensProvider resolves only this many lenses (key lenses are priced on resolve, as when shown). */
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

async function lensTitles(doc: vscode.TextDocument): Promise<string[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, RESOLVE_ALL);
  return lenses.map((l) => l.command?.title ?? '');
}

async function hoverText(doc: vscode.TextDocument, needle: string): Promise<string> {
  const at = doc.getText().indexOf(needle);
  ok(at >= 0, `${needle} is in ${doc.uri.path}`);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(at + 1));
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
}

async function hoverContents(doc: vscode.TextDocument, needle: string): Promise<vscode.MarkdownString[]> {
  const at = doc.getText().indexOf(needle);
  ok(at >= 0, `${needle} is in ${doc.uri.path}`);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(at + 1));
  return hovers.flatMap((h) => h.contents.filter((c): c is vscode.MarkdownString => typeof c !== 'string' && 'isTrusted' in c));
}

/** Replaces the first `from` in the document (in memory; the test reverts). */
async function replaceIn(doc: vscode.TextDocument, from: string, to: string): Promise<number> {
  const at = doc.getText().indexOf(from);
  ok(at >= 0, `${from} is in ${doc.uri.path}`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + from.length)), to);
  ok(await vscode.workspace.applyEdit(edit), `edit ${from} → ${to}`);
  return doc.positionAt(at).line;
}

async function setSetting(key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('footprint').update(key, value, vscode.ConfigurationTarget.Workspace);
}

suite('Footprint Lens in VS Code for the Web', () => {
  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<FootprintTestApi>(EXTENSION_ID);
    ok(ext, `${EXTENSION_ID} is installed in the host`);
    api = await ext.activate();
    ok(api && typeof api.onDidAnalyze === 'function', 'activate() returns the API with onDidAnalyze');
  });

  teardown(async () => {
    // A test that failed half-way must not leave its edit to the next one.
    await revertAll();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a Megatron launch script gets the summary and compute-optimal lenses', async () => {
    const doc = await open(LLAMA);
    equal(doc.languageId, 'shellscript', 'language of a .sh file');
    const titles = await lensTitles(doc);
    match(titles[0], /^≈ [\d.]+[kMB]? GPU-h · \$[\d.]+[kMB]? · [\d.]+ [kMG]Wh · [\d.]+[kM]? (t|kg)CO2e · [\d.]+ (h|days|years) on \d+ × H100/, 'summary lens');
    ok(
      titles.some((t) => /^\d+(\.\d)?× past compute-optimal \([\d.]+[kM]? tokens\/param\) · explain$/.test(t)),
      `compute-optimal lens in ${JSON.stringify(titles)}`,
    );
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, RESOLVE_ALL);
    equal(lenses[0]?.command?.command, 'footprint.openPanel', 'the summary lens opens the panel');
    equal(lenses[0]?.command?.arguments?.[0], doc.uri.toString(), 'for this file');
  });

  test('a .slurm script is read as shell: BLOOM on 192 A100s, short of compute-optimal', async () => {
    const doc = await open(BLOOM);
    equal(doc.languageId, 'shellscript', 'language of a .slurm file');
    const titles = await lensTitles(doc);
    match(titles[0], / on 192 × A100/, 'summary names the SBATCH nodes × GPUs per node and the constraint');
    ok(
      titles.some((t) => /short of compute-optimal/.test(t)),
      `under-trained in ${JSON.stringify(titles)}`,
    );
  });

  test('hovering a key explains it, its value, its marginal cost and its provenance', async () => {
    const doc = await open(LLAMA);
    const text = await hoverText(doc, '--num-layers');
    match(text, /transformer layers/, 'meaning');
    match(text, /Value here:\*\* `32`/, 'value');
    match(text, /Doubling `--num-layers`: \+[\d.]+[kMB]? GPU-h \(\+\d+%\)/, 'marginal cost');
    match(text, /from this file/, 'provenance');
    match(text, /command:footprint\.openPanel/, 'link to the panel');
    const none = await hoverText(doc, '#!/bin/bash');
    equal(none, '', 'no hover where no key is');
  });

  test('an edit that over-trains the run turns the under-training diagnostic into over-training, on the edited line', async () => {
    const doc = await open(BLOOM);
    const first = await diagnosticsWhere(doc.uri, (ds) => ds.some((d) => codeOf(d) === 'under-training'));
    const under = first.find((d) => codeOf(d) === 'under-training')!;
    equal(under.source, 'footprint', 'source');
    const target = typeof under.code === 'object' ? under.code.target.toString() : '';
    match(target, /README\.md#finding-under-training$/, 'code links to the README entry');

    const literal = '220_000_000';
    const at = doc.getText().indexOf(`TRAIN_SAMPLES=${literal}`);
    ok(at >= 0, 'BLOOM sets TRAIN_SAMPLES');
    const start = doc.positionAt(at + 'TRAIN_SAMPLES='.length);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(start, start.translate(0, literal.length)), '22_000_000_000');
    ok(await vscode.workspace.applyEdit(edit), 'edit applied');

    const after = await diagnosticsWhere(doc.uri, (ds) => ds.some((d) => codeOf(d) === 'over-training'));
    ok(!after.some((d) => codeOf(d) === 'under-training'), 'no under-training left');
    // 176B parameters × 45T tokens × 6 ≈ 4.9e25 FLOPs: past the EU AI Act's 1e25 presumption.
    const eu = after.find((d) => codeOf(d) === 'flops-threshold-eu');
    ok(eu, `the regulatory FLOPs threshold is reported among ${after.map(codeOf).join(', ')}`);
    match(eu.message, /EU AI Act/, 'it names the regulation');
    const over = after.find((d) => codeOf(d) === 'over-training')!;
    equal(over.range.start.line, start.line, 'the diagnostic sits on the line that sets the samples');
    match(over.message, /past the compute-optimal/, 'message');
    const titles = await lensTitles(doc);
    ok(
      titles.some((t) => /past compute-optimal/.test(t)),
      'the lens follows the edit',
    );
    await revertAll();
  });

  test('the quick fix writes the assumed GPU type into the file and the default-GPU finding goes away', async () => {
    const doc = await open(LLAMA);
    const ds = await diagnosticsWhere(doc.uri, (d) => d.some((x) => codeOf(x) === 'default-gpu'));
    const assumed = ds.find((d) => codeOf(d) === 'default-gpu')!;
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, assumed.range);
    const fix = actions.find((a) => /^Set GPU type to H100/.test(a.title));
    ok(fix?.edit, `a "Set GPU type to H100…" quick fix among ${JSON.stringify(actions.map((a) => a.title))}`);
    ok(
      actions.some((a) => a.title === 'Set GPU type…' && a.command?.command === 'footprint.setGpuType'),
      'and one that asks',
    );
    ok(await vscode.workspace.applyEdit(fix.edit), 'quick fix applied');
    match(doc.lineAt(1).text, /^# footprint: gpu=h100/, 'annotation after the shebang');
    equal(doc.lineAt(0).text, '#!/bin/bash', 'shebang kept first');
    await diagnosticsWhere(doc.uri, (d) => !d.some((x) => codeOf(x) === 'default-gpu'));
    const analysis = await analysisWhere(api, doc, (a) => a.run?.gpuType?.source === 'annotation');
    match(analysis.run?.gpuType?.value, /^h100/, 'the run now reads its GPU from the annotation');
    await revertAll();
  });

  test('a run that does not fit: the recompute quick fix makes it fit, and one undo restores the file byte for byte', async () => {
    const doc = await open(LLAMA);
    const original = doc.getText();
    const ds = await diagnosticsWhere(doc.uri, (d) => d.some((x) => codeOf(x) === 'will-not-fit'));
    const over = ds.find((d) => codeOf(d) === 'will-not-fit')!;
    match(over.message, /^Will not fit: ≈ \d+ GB per GPU against the 80 GB of NVIDIA H100 SXM5 80GB, \d+ GB over/, 'says by how much');
    const fitsByRecompute = (a: vscode.CodeAction) => /^Enable full activation recomputation: ≈ \d+ GB\/GPU, fits/.test(a.title);
    const actions = await codeActionsWhere(doc, 'will-not-fit', (all) => all.some(fitsByRecompute));
    const fix = actions.find(fitsByRecompute);
    ok(fix?.edit, `a recompute quick fix that fits among ${JSON.stringify(actions.map((a) => a.title))}`);
    match(fix.title, /, \+[\d.]+[kMB]? GPU-h, \+\$[\d.]+[kMB]?, \+[\d.]+[kM]? (t|kg)CO2e$/, 'priced in GPU-hours, dollars and CO2e');
    ok(await vscode.workspace.applyEdit(fix.edit), 'quick fix applied');
    match(doc.getText(), /--recompute-granularity full --recompute-method uniform --recompute-num-layers 1/, 'written as Megatron flags');
    const fitted = await analysisWhere(api, doc, (a) => a.memory?.verdict === 'fits');
    equal(fitted.run?.recompute?.value, 'full', 'the run reads full recomputation from the flags');
    await diagnosticsWhere(doc.uri, (d) => !d.some((x) => codeOf(x) === 'will-not-fit'));
    match((await lensTitles(doc)).find((t) => /GB\/GPU/.test(t)) ?? '', /^Footprint: ≈ \d+ GB\/GPU of 80 GB · fits$/, 'the memory lens says fits');
    await vscode.commands.executeCommand('undo');
    equal(doc.getText(), original, 'one undo restores every byte');
    await analysisWhere(api, doc, (a) => a.memory?.verdict === 'does-not-fit');
    await revertAll();
  });

  test('a run that more GPUs alone do not fit: one quick fix sets the GPU count with the change that fits there, and one undo restores the file', async () => {
    const doc = await open(DEEPSEEK);
    const original = doc.getText();
    const ds = await diagnosticsWhere(doc.uri, (d) => d.some((x) => codeOf(x) === 'memory-needs-gpus'));
    const needs = ds.find((d) => codeOf(d) === 'memory-needs-gpus')!;
    const named = /more GPUs alone do not bring it under 80 GB\. Set the GPU count to check\. Quick fix: set GPU count to (\d+), /.exec(needs.message);
    ok(named, `the finding names the fix: ${needs.message}`);
    const withCount = (a: vscode.CodeAction) => a.title.startsWith(`Set GPU count to ${named[1]}, `) && /≈ \d+ GB\/GPU, fits/.test(a.title);
    const actions = await codeActionsWhere(doc, 'memory-needs-gpus', (all) => all.some(withCount));
    const fix = actions.find(withCount);
    ok(fix?.edit, `a quick fix with the GPU count among ${JSON.stringify(actions.map((a) => a.title))}`);
    ok(await vscode.workspace.applyEdit(fix.edit), 'quick fix applied');
    match(doc.getText(), new RegExp(`^# footprint: gpus=${named[1]}$`, 'm'), 'the count written as the annotation');
    const fitted = await analysisWhere(api, doc, (a) => a.memory?.verdict === 'fits');
    equal(fitted.run?.gpus?.value, Number(named[1]), 'read back as the GPU count');
    await diagnosticsWhere(doc.uri, (d) => !d.some((x) => codeOf(x) === 'memory-needs-gpus' || codeOf(x) === 'will-not-fit'));
    await vscode.commands.executeCommand('undo');
    equal(doc.getText(), original, 'one undo restores every byte');
    await analysisWhere(api, doc, (a) => a.memory?.verdict === 'does-not-fit');
    await revertAll();
  });

  test('Set GPU type on a JSON config stores it in footprint.hardwareByFile, and the analysis uses it', async () => {
    const doc = await open(DEEPSPEED);
    // A bare DeepSpeed config has no model and no length: the lens and the Problems panel say what to give.
    const missing = await diagnosticsWhere(doc.uri, (d) => d.some((x) => codeOf(x) === 'missing-params'));
    ok(
      missing.some((d) => codeOf(d) === 'missing-tokens'),
      `missing inputs among ${missing.map(codeOf).join(', ')}`,
    );
    match((await lensTitles(doc))[0], /^Footprint: needs the model size and the training length/, 'the lens names what is missing');
    const done = await vscode.commands.executeCommand<boolean>('footprint.setGpuType', doc.uri.toString(), 'A100');
    ok(done, 'command reports success');
    equal(doc.getText().includes('footprint:'), false, 'the JSON file is not edited');
    const mapping = vscode.workspace.getConfiguration('footprint').get<Record<string, { gpuType?: string }>>('hardwareByFile') ?? {};
    match(mapping[`**/${DEEPSPEED}`]?.gpuType, /^a100/, 'setting entry for this file');
    const analysis = await analysisWhere(api, doc, (a) => a.run?.gpuType?.source === 'setting');
    match(analysis.run?.gpuType?.value, /^a100/, 'GPU from the setting');
    await setSetting('hardwareByFile', undefined);
  });

  test('the palette commands answer for the active file', async () => {
    const doc = await open(LLAMA);
    const summary = await vscode.commands.executeCommand<string>('footprint.estimate');
    match(summary, /^≈ .* GPU-h/, 'Estimate This Run returns the summary');
    const report = await vscode.commands.executeCommand<string>('footprint.copyReport', doc.uri.toString());
    match(report, /^# Footprint Lens projection: [\s\S]*\| GPU-hours \| [\d.]+/, 'Markdown report');
    equal(await vscode.env.clipboard.readText(), report, 'report on the clipboard');
    const card = await vscode.commands.executeCommand<string>('footprint.copyModelCard', doc.uri.toString());
    match(card, /## Environmental Impact[\s\S]*Carbon Emitted:\*\* [\d.]+/, 'model-card block');
    const target = uriOf('llama3.footprint.md');
    const written = await vscode.commands.executeCommand<string>('footprint.exportReport', doc.uri.toString(), target.toString());
    equal(written, target.toString(), 'export target');
    const exported = new TextDecoder().decode(await vscode.workspace.fs.readFile(target));
    equal(exported, report, 'the exported file holds the report');
    const sources = await vscode.commands.executeCommand<vscode.TextDocument>('footprint.showDataSources');
    match(sources?.getText(), /## GPUs[\s\S]*H100[\s\S]*## Grid carbon intensity/, 'data sources with their tables');
    const all = await vscode.commands.getCommands(true);
    for (const id of ['footprint.setHardware', 'footprint.setGpuCount', 'footprint.setRegion', 'footprint.openPanel']) ok(all.includes(id), `${id} is registered`);
  });

  test('an axolotl recipe asks for its dataset size in one lens, writes it in one click, then is priced with no over-training finding', async () => {
    const doc = await open(AXOLOTL);
    const before = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, RESOLVE_ALL);
    equal(before[0]?.command?.title, 'Footprint: needs the dataset size — Set training tokens…', 'one lens says what is missing');
    equal(before[0]?.command?.command, 'footprint.setTrainingTokens', 'and gives it');
    const ds = await diagnosticsWhere(doc.uri, (d) => d.some((x) => codeOf(x) === 'needs-dataset-size'));
    const needs = ds.find((d) => codeOf(d) === 'needs-dataset-size')!;
    equal(
      needs.range.start.line,
      doc
        .getText()
        .split('\n')
        .findIndex((l) => l.startsWith('num_epochs:')),
      'on the epochs line',
    );
    ok(!ds.some((d) => codeOf(d) === 'missing-tokens'), 'one finding, not two');
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, needs.range);
    ok(
      actions.some((a) => a.title === 'Set training tokens…' && a.command?.command === 'footprint.setTrainingTokens'),
      `quick fix among ${JSON.stringify(actions.map((a) => a.title))}`,
    );

    const done = await vscode.commands.executeCommand<boolean>(before[0]!.command!.command, ...(before[0]!.command!.arguments ?? []), 2e9);
    ok(done, 'the command wrote the tokens');
    equal(doc.lineAt(0).text, '# footprint: tokens=2B', 'as an annotation on the first line');
    equal(doc.lineAt(1).text, 'base_model: meta-llama/Llama-3.1-8B', 'the recipe below is untouched');
    const analysis = await analysisWhere(api, doc, (a) => a.run?.tokens?.source === 'annotation');
    equal(analysis.run?.fineTune?.adapter.value, 'full', 'a full fine-tune');
    const titles = await lensTitles(doc);
    match(titles[0], /^≈ [\d.]+[kMB]? GPU-h · \$[\d.]+[kMB]? · [\d.]+ [kMG]?Wh · [\d.]+[kM]? (t|kg)CO2e/, 'GPU-hours, dollars, energy and CO2e');
    ok(!titles.some((t) => /compute-optimal/.test(t)), `no compute-optimal lens in ${JSON.stringify(titles)}`);
    const after = await diagnosticsWhere(doc.uri, (d) => !d.some((x) => codeOf(x) === 'needs-dataset-size'));
    ok(!after.some((d) => codeOf(d) === 'over-training' || codeOf(d) === 'under-training'), `no over-training verdict among ${after.map(codeOf).join(', ')}`);
    ok(
      after.some((d) => codeOf(d) === 'pretraining-share'),
      "its compute beside Llama 3.1 8B's pretraining instead",
    );
    const hover = await hoverText(doc, 'base_model');
    match(hover, /Compute, pass by pass/, 'the hover lists the passes');
    match(hover, /6·N \+ 12·L·d·s per token/, 'with their formulas');
    await revertAll();

    const json = await open(AXOLOTL_DEEPSPEED);
    const jsonAnalysis = await analysisWhere(api, json, () => true);
    equal(jsonAnalysis.format, 'deepspeed-json', 'its DeepSpeed JSON is read too');
    equal(jsonAnalysis.run?.zeroStage?.value, 3, 'ZeRO-3');
  });

  test('an ordinary YAML file gets no lens, hover or diagnostic', async () => {
    const doc = await open(ORDINARY);
    equal(doc.languageId, 'yaml', 'language');
    const analysis = await analysisWhere(api, doc, () => true);
    equal(analysis.format, null, 'not a training config');
    equal((await lensTitles(doc)).length, 0, 'no lenses');
    equal(await hoverText(doc, 'image'), '', 'no hover');
    equal(vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'footprint').length, 0, 'no diagnostics');
  });

  test('a file over footprint.maxFileSizeKB gets one informational lens and nothing else', async () => {
    await setSetting('maxFileSizeKB', 1);
    try {
      const doc = await open(LLAMA);
      await analysisWhere(api, doc, (a) => a.findings.some((f) => f.code === 'file-too-large'));
      const titles = await lensTitles(doc);
      equal(titles.length, 1, 'one lens');
      match(titles[0], /too large/, 'it says why');
      await diagnosticsWhere(doc.uri, (d) => d.length === 0);
    } finally {
      await setSetting('maxFileSizeKB', undefined);
    }
  });

  test('typing is debounced: a burst of edits is analysed at its last version, not once per keystroke', async () => {
    const doc = await open(BLOOM);
    await analysisWhere(api, doc, () => api.cache.isCurrent(doc));
    const versions: number[] = [];
    const sub = api.onDidAnalyze(({ uri }) => {
      if (uri.toString() === doc.uri.toString()) versions.push(doc.version);
    });
    try {
      const literal = 'TRAIN_SAMPLES=220_000_000';
      ok(doc.getText().includes(literal), `${BLOOM} is as committed`);
      const at = doc.positionAt(doc.getText().indexOf(literal) + literal.length);
      // Keystrokes at the end of the number, as fast as a typist, with a correction: 220_000_000 becomes 220_000_00000.
      vscode.window.activeTextEditor!.selection = new vscode.Selection(at, at);
      const keys: Array<[string, unknown?]> = [['type', { text: '0' }], ['type', { text: '0' }], ['type', { text: '0' }], ['type', { text: '0' }], ['deleteLeft'], ['deleteLeft']];
      await Promise.all(keys.map(([command, args]) => vscode.commands.executeCommand(command, args)));
      equal(doc.lineAt(at.line).text.split(' ')[0], 'TRAIN_SAMPLES=220_000_00000', 'typed');
      const last = await analysisWhere(api, doc, (a) => api.cache.isCurrent(doc) && a.findings.some((f) => f.code === 'over-training'));
      ok(last.run?.trainSamples?.value === 22_000_000_000, `the analysis read the final value (${last.run?.trainSamples?.value})`);
      ok(versions.length < keys.length, `fewer analyses (${versions.length}) than keystrokes (${keys.length})`);
    } finally {
      sub.dispose();
      await revertAll();
    }
  });

  test('a hover shows file text as text: HTML, Markdown and command links in a value stay inert', async () => {
    const doc = await open(NEMO);
    const payload = '"<img src=x onerror=alert(1)> [quit](command:workbench.action.quit) **bold** <script>x</script>"';
    await replaceIn(doc, 'precision: bf16', `precision: ${payload}`);
    await analysisWhere(api, doc, (a) => a.run?.keys.some((k) => k.role === 'precision' && String(k.value).includes('<img')) ?? false);
    try {
      const contents = await hoverContents(doc, 'precision: "<img');
      ok(contents.length > 0, 'the precision key still gets a hover');
      for (const md of contents) {
        equal(md.supportHtml, false, 'no HTML rendering');
        const trusted = md.isTrusted;
        ok(typeof trusted === 'object' && trusted.enabledCommands.every((c) => c.startsWith('footprint.')), 'only our own commands are trusted');
        // Outside code spans (which render verbatim), nothing from the file may be live Markdown or HTML.
        const outsideCode = md.value.replace(/`[^`]*`/g, '');
        ok(!/<img|<script/i.test(outsideCode), `no raw tag outside code spans: ${outsideCode}`);
        ok(!/\]\(command:workbench/.test(outsideCode), `no live link to a VS Code command: ${outsideCode}`);
        ok(!/(^|[^\\])\*\*bold/.test(outsideCode), 'no live emphasis from the file');
        match(md.value, /`[^`]*<img src=x onerror=alert\(1\)>[^`]*`/, 'the value is shown literally, in a code span');
      }
    } finally {
      await revertAll();
    }
  });

  test('with codeLens.detail = keys, the keys that drive cost carry their marginal cost, precision included', async () => {
    await setSetting('codeLens.detail', 'keys');
    try {
      const doc = await open(LLAMA);
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri, RESOLVE_ALL);
      const onLine = (flag: string) => {
        const line = doc.positionAt(doc.getText().indexOf(flag)).line;
        return lenses.find((l) => l.range.start.line === line)?.command?.title;
      };
      match(onLine('--num-layers'), /^2× → \+[\d.]+[kMB]? GPU-h \(\+\d+%\)/, 'layers');
      match(onLine('--hidden-size'), /^2× → \+[\d.]+[kMB]? GPU-h/, 'hidden size');
      match(onLine('--seq-length'), /^2× → /, 'sequence length');
      match(onLine('--train-'), /^2× → \+[\d.]+[kMB]? GPU-h \(\+100%\)/, 'training length doubles the bill');
      match(onLine('--fp8-format'), /^BF16 → \+[\d.]+[kMB]? GPU-h/, 'the FP8 run priced in BF16');
      await setSetting('codeLens.detail', 'off');
      await analysisWhere(api, doc, () => true);
      equal((await lensTitles(doc)).length, 0, 'detail = off: no lenses');
    } finally {
      await setSetting('codeLens.detail', undefined);
    }
  });

  test('batch arithmetic and parallelism that do not add up are diagnosed, with configurable severity', async () => {
    const doc = await open(NEMO);
    try {
      const batchLine = await replaceIn(doc, 'global_batch_size: 2048', 'global_batch_size: 2047');
      const ds = await diagnosticsWhere(doc.uri, (d) => d.some((x) => codeOf(x) === 'batch-arithmetic'));
      const batch = ds.find((d) => codeOf(d) === 'batch-arithmetic')!;
      equal(batch.range.start.line, batchLine, 'on the global batch line');
      equal(batch.severity, vscode.DiagnosticSeverity.Warning, 'a warning by default');
      match(batch.message, /2,047/, 'names the value');

      await setSetting('diagnostics.severity', { 'batch-arithmetic': 'error', 'default-gpu': 'off' });
      await diagnosticsWhere(doc.uri, (d) => d.some((x) => codeOf(x) === 'batch-arithmetic' && x.severity === vscode.DiagnosticSeverity.Error) && !d.some((x) => codeOf(x) === 'default-gpu'));

      // With TP 3 the 1,024 GPUs do not split into model-parallel groups (and DP, hence the batch check, is unknown).
      await replaceIn(doc, 'tensor_model_parallel_size: 4', 'tensor_model_parallel_size: 3');
      const par = await diagnosticsWhere(doc.uri, (d) => d.some((x) => codeOf(x) === 'parallelism-mismatch'));
      match(par.find((d) => codeOf(d) === 'parallelism-mismatch')!.message, /TP 3 × PP 4/, 'names the degrees');
    } finally {
      await setSetting('diagnostics.severity', undefined);
      await revertAll();
    }
  });

  test('budgets from settings: a run over footprint.budget.maxUSD gets a budget-exceeded diagnostic', async () => {
    const doc = await open(NEMO);
    await diagnosticsWhere(doc.uri, (d) => !d.some((x) => codeOf(x) === 'budget-exceeded'));
    await setSetting('budget.maxUSD', 1000);
    try {
      const ds = await diagnosticsWhere(doc.uri, (d) => d.some((x) => codeOf(x) === 'budget-exceeded'));
      match(ds.find((d) => codeOf(d) === 'budget-exceeded')!.message, /exceeds the budget of \$1,000/, 'names the cap');
    } finally {
      await setSetting('budget.maxUSD', undefined);
    }
    await diagnosticsWhere(doc.uri, (d) => !d.some((x) => codeOf(x) === 'budget-exceeded'));
  });

  test('footprint.lifetimeInferenceTokens puts the inference-aware verdict on the compute-optimal lens', async () => {
    const doc = await open(NEMO);
    await analysisWhere(api, doc, () => api.cache.isCurrent(doc));
    const before = await lensTitles(doc);
    ok(
      before.some((t) => /compute-optimal .* · explain$/.test(t)),
      `compute-optimal lens in ${JSON.stringify(before)}`,
    );
    ok(!before.some((t) => /inference tokens/.test(t)), `no verdict without a demand: ${JSON.stringify(before)}`);
    // The settings change re-analyses open documents; this flag turns true on the first analysis after the change.
    let reanalysed = false;
    const sub = api.onDidAnalyze(({ uri }) => {
      if (uri.toString() === doc.uri.toString()) reanalysed = true;
    });
    try {
      await setSetting('lifetimeInferenceTokens', 1e13);
      await analysisWhere(api, doc, () => reanalysed);
      const after = await lensTitles(doc);
      ok(
        after.some((t) => /compute-optimal \([\d.]+ tokens\/param\) · over-training justified by 10T inference tokens · explain$/.test(t)),
        `the verdict on the lens: ${JSON.stringify(after)}`,
      );
    } finally {
      sub.dispose();
      await setSetting('lifetimeInferenceTokens', undefined);
    }
  });

  test("the status bar shows the active run's total and hides for an ordinary file", async () => {
    await open(LLAMA);
    const text = await statusBarWhere(api, (t) => t !== undefined);
    match(text, /^\$\(pulse\) \$[\d.]+[kMB]? · [\d.]+[kM]? (t|kg)CO2e$/, 'cost and emissions');
    await open(ORDINARY);
    equal(await statusBarWhere(api, (t) => t === undefined), undefined, 'hidden');
  });

  test('screenshots of the lenses and a hover (for the README)', async function () {
    this.timeout(60000);
    await setSetting('codeLens.detail', 'keys');
    try {
      const doc = await open(LLAMA);
      const editor = vscode.window.activeTextEditor!;
      const titles = await lensTitles(doc);
      ok(
        titles.some((t) => /^2× → /.test(t)),
        `marginal-cost lenses with detail = keys: ${JSON.stringify(titles)}`,
      );
      await vscode.commands.executeCommand('notifications.clearAll');
      editor.revealRange(new vscode.Range(0, 0, 0, 0), vscode.TextEditorRevealType.AtTop);
      await snapshot('lenses', 'lenses');
      const line = doc.positionAt(doc.getText().indexOf('MODEL_ARGS=(')).line;
      editor.revealRange(new vscode.Range(line, 0, line, 0), vscode.TextEditorRevealType.AtTop);
      await snapshot('key-lenses', 'lenses');
      const at = doc.positionAt(doc.getText().indexOf('--hidden-size') + 3);
      editor.selection = new vscode.Selection(at, at);
      await vscode.commands.executeCommand('editor.action.showHover');
      await snapshot('hover');
    } finally {
      await setSetting('codeLens.detail', undefined);
    }
  });
});
