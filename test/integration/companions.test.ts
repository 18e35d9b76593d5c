// Companions inside a real VS Code (web): a DeepSpeed JSON opened alone finds, through the lazy workspace index, the
// launch script that passes it with --deepspeed_config, and its lens shows the script's model and a projection;
// editing the script re-analyses the JSON. A fine-tuning recipe and its DeepSpeed JSON are one run: the JSON opened
// alone is priced by the recipe's passes with no over-training diagnostic, and a Trainer launch script's flags fill
// the "auto" values of its ZeRO-3 JSON, each naming the script's line.
import * as vscode from 'vscode';
import type { FootprintTestApi } from '../../src/extension/api';
import { equal, match, ok } from './assert';
import { analysisWhere, codeActionsWhere, codeOf, diagnosticsWhere, revertAll } from './wait';

const EXTENSION_ID = 'footprint-lens.footprint-lens';
const DIR = 'Megatron-DeepSpeed/examples_deepspeed/finetune_hf_llama';
const JSON_FILE = `${DIR}/ds_config_empty.json`;
const SCRIPT = `${DIR}/finetune_llama.sh`;
const AXOLOTL = 'axolotl/examples/gpt-oss/gpt-oss-20b-fft-deepspeed-zero3.yaml';
const AXOLOTL_JSON = 'axolotl/deepspeed_configs/zero3_bf16.json';
const TRAINER_SCRIPT = 'LLaMA-Factory/examples/full_multi_gpu/single_node.sh';
const TRAINER_JSON = 'LLaMA-Factory/examples/full_multi_gpu/ds_z3_config.json';
const LF_RECIPE = 'LLaMA-Factory/examples/train_lora/qwen3_lora_sft.yaml';
/** A summary lens with all three meters. */
const PRICED = /^≈ [\d.]+[kMB]? GPU-h · \$[\d.]+[kMB]? · [\d.]+ [kMG]?Wh · [\d.]+[kM]? (t|kg)CO2e/;

let api: FootprintTestApi;

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
    const ext = vscode.extensions.getExtension<FootprintTestApi>(EXTENSION_ID);
    ok(ext, 'extension is installed');
    api = await ext.activate();
  });

  teardown(async () => {
    // A test that failed half-way must not leave its edit to the next one.
    await revertAll();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test("a DeepSpeed JSON shows its launch script's model, schedule and cost", async () => {
    const doc = await vscode.workspace.openTextDocument(uriOf(JSON_FILE));
    await vscode.window.showTextDocument(doc);
    const analysis = await analysisWhere(api, doc, (a) => a.companionsUsed.length > 0 && a.run?.params !== undefined);
    match(analysis.companionsUsed[0], /finetune_llama\.sh$/, 'the script was used');
    equal(analysis.run?.trainIters?.source, 'companion', 'steps come from the script');
    match(analysis.run?.trainIters?.detail, /^finetune_llama\.sh line \d+ \(--train-iters/, 'provenance names the script and line');
    ok(Math.abs((analysis.run?.params?.value ?? 0) / 6.74e9 - 1) < 0.01, `Llama 2 7B params, got ${analysis.run?.params?.value}`);
    const titles = await lensTitles(doc);
    match(titles[0], /^≈ .* GPU-h · \$.* · .*CO2e/, 'the summary lens projects the run');
    ok(
      titles.some((t) => /^Footprint: with finetune_llama\.sh/.test(t)),
      `a lens names the companion: ${titles.join(' | ')}`,
    );
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

  test("an axolotl recipe and its DeepSpeed JSON are one run: the JSON shows the recipe's cost with no over-training diagnostic", async () => {
    const recipe = await vscode.workspace.openTextDocument(uriOf(AXOLOTL));
    await vscode.window.showTextDocument(recipe);
    // axolotl's shipped copy may answer until the host has found the workspace's own, which then wins.
    const read = await analysisWhere(api, recipe, (a) => a.companionsUsed.some((c) => /deepspeed_configs\/zero3_bf16\.json$/.test(c)));
    ok(!read.companionsUsed.some((c) => /shipped copy/.test(c)), `the workspace's JSON, not the shipped one: ${read.companionsUsed.join(', ')}`);
    equal(read.run?.zeroStage?.value, 3, 'ZeRO-3 from the JSON');
    // The dataset size is the user's to give (one click on the recipe's lens); the JSON reads it as the recipe's.
    ok(await vscode.commands.executeCommand<boolean>('footprint.setTrainingTokens', recipe.uri.toString(), 2e7), 'tokens written');
    const priced = await analysisWhere(api, recipe, (a) => a.run?.tokens?.source === 'annotation' && a.projection?.gpuHours !== undefined);
    try {
      const json = await vscode.workspace.openTextDocument(uriOf(AXOLOTL_JSON));
      await vscode.window.showTextDocument(json);
      const analysis = await analysisWhere(api, json, (a) => a.companionsUsed.some((c) => /gpt-oss-20b-fft-deepspeed-zero3\.yaml$/.test(c)) && a.projection?.gpuHours !== undefined);
      equal(analysis.run?.fineTune?.objective.value, 'sft', 'a fine-tune because its recipe is');
      equal(analysis.run?.tokens?.source, 'companion', 'tokens from the recipe');
      match(analysis.run?.tokens?.detail, /^gpt-oss-20b-fft-deepspeed-zero3\.yaml line 1 /, "naming the recipe's annotation line");
      ok(Math.abs(analysis.projection!.gpuHours!.point / priced.projection!.gpuHours!.point - 1) < 1e-9, 'the same GPU-hours as the recipe');
      const titles = await lensTitles(json);
      match(titles[0], PRICED, `the summary lens shows GPU-h, $ and CO2e: ${titles.join(' | ')}`);
      ok(!titles.some((t) => /compute-optimal/.test(t)), `no compute-optimal lens in ${JSON.stringify(titles)}`);
      const ds = await diagnosticsWhere(json.uri, (d) => d.some((x) => codeOf(x) === 'value-deferred' && /the run uses 1, from gpt-oss/.test(x.message)));
      ok(!ds.some((d) => codeOf(d) === 'over-training' || codeOf(d) === 'under-training'), `no over-training diagnostic among ${ds.map(codeOf).join(', ')}`);
    } finally {
      await vscode.window.showTextDocument(recipe);
      await revertAll();
    }
  });

  test('a Trainer launch script fills the "auto" values of its ZeRO-3 JSON, each naming the script\'s line', async () => {
    const json = await vscode.workspace.openTextDocument(uriOf(TRAINER_JSON));
    await vscode.window.showTextDocument(json);
    const analysis = await analysisWhere(api, json, (a) => a.companionsUsed.some((c) => /single_node\.sh$/.test(c)) && a.projection?.gpuHours !== undefined);
    const run = analysis.run!;
    equal(run.microBatch?.source, 'companion', 'the micro-batch comes from the script');
    equal(run.microBatch?.detail, 'single_node.sh line 17 (--per_device_train_batch_size: 1)', 'naming its line and flag');
    equal(run.gradAccum?.detail, 'single_node.sh line 19 (--gradient_accumulation_steps: 2)', 'accumulation too');
    equal(run.precision?.detail, 'single_node.sh line 31 (--fp16: --fp16)', 'and the precision the "auto" defers to');
    equal(run.gpus?.value, 4, 'deepspeed --num_gpus 4');
    equal(run.zeroStage?.value, 3, "the stage is the JSON's own");
    equal(run.fineTune?.adapter.value, 'full', 'a full fine-tune');
    const titles = await lensTitles(json);
    match(titles[0], PRICED, `priced: ${titles.join(' | ')}`);
    const ds = await diagnosticsWhere(json.uri, (d) => d.some((x) => codeOf(x) === 'value-deferred' && /the run uses 1, from single_node\.sh line 17/.test(x.message)));
    const micro = ds.find((d) => /train_micro_batch_size_per_gpu/.test(d.message))!;
    equal(micro.range.start.line, 2, 'on the "auto" line');
    ok(!ds.some((d) => codeOf(d) === 'over-training' || codeOf(d) === 'under-training'), `no over-training diagnostic among ${ds.map(codeOf).join(', ')}`);
  });
  test("a launch script's ZeRO-stage quick fix edits the DeepSpeed JSON it names: the run fits, and one undo gives both files back", async () => {
    const script = await vscode.workspace.openTextDocument(uriOf(TRAINER_SCRIPT));
    await vscode.window.showTextDocument(script);
    const scriptText = script.getText();
    const json = await vscode.workspace.openTextDocument(uriOf(TRAINER_JSON));
    try {
      // The JSON at ZeRO stage 0 (an edit in memory): Llama 2 7B, fully fine-tuned on 4 GPUs, no longer fits.
      const at = json.getText().indexOf('"stage": 3') + '"stage": '.length;
      const lower = new vscode.WorkspaceEdit();
      lower.replace(json.uri, new vscode.Range(json.positionAt(at), json.positionAt(at + 1)), '0');
      ok(await vscode.workspace.applyEdit(lower), 'stage 0 set');
      const stage0 = json.getText();
      await analysisWhere(api, script, (a) => a.run?.zeroStage?.value === 0 && a.memory?.verdict === 'does-not-fit');
      const raises = (a: vscode.CodeAction) => /^Raise the ZeRO stage to 1: ≈ \d+ GB\/GPU, fits/.test(a.title);
      const actions = await codeActionsWhere(script, 'will-not-fit', (all) => all.some(raises));
      const fix = actions.find(raises);
      ok(fix?.edit, `a ZeRO-stage quick fix among ${JSON.stringify(actions.map((a) => a.title))}`);
      equal(fix.isPreferred, true, 'the first that fits is preferred');
      const files = fix.edit.entries().map(([uri]) => uri.toString());
      equal(JSON.stringify(files), JSON.stringify([json.uri.toString()]), 'the edit is the JSON’s');
      ok(await vscode.workspace.applyEdit(fix.edit), 'quick fix applied');
      equal(json.getText(), stage0.replace('"stage": 0', '"stage": 1'), 'zero_optimization.stage 0 → 1, every other byte kept');
      const fitted = await analysisWhere(api, script, (a) => a.memory?.verdict === 'fits' && a.run?.zeroStage?.value === 1);
      match(fitted.run?.zeroStage?.detail, /^ds_z3_config\.json line 19 \(zero_optimization\.stage: 1\)/, "the stage read from the JSON's line");
      await diagnosticsWhere(script.uri, (d) => !d.some((x) => codeOf(x) === 'will-not-fit'));
      await vscode.window.showTextDocument(json);
      await vscode.commands.executeCommand('undo');
      equal(json.getText(), stage0, 'one undo gives the JSON back');
      equal(script.getText(), scriptText, 'and the script is as it was');
      await analysisWhere(api, script, (a) => a.memory?.verdict === 'does-not-fit');
    } finally {
      await revertAll();
    }
  });

  test('a LLaMA-Factory recipe naming its datasets gets their tokens from the files beside it, read through workspace.fs', async () => {
    const doc = await vscode.workspace.openTextDocument(uriOf(LF_RECIPE));
    await vscode.window.showTextDocument(doc);
    const analysis = await analysisWhere(api, doc, (a) => a.run?.fineTune?.dataset !== undefined && a.projection?.gpuHours !== undefined);
    // dataset: identity,alpaca_en_demo → data/dataset_info.json → data/identity.json (91 rows) and data/alpaca_en_demo.json (999 rows).
    match(analysis.run?.tokens?.detail, /^3 epochs × 198k tokens per epoch/, 'epochs × the measured tokens');
    match(analysis.run?.tokens?.detail, /identity: 91 rows/, 'identity.json measured');
    match(analysis.run?.tokens?.detail, /alpaca_en_demo: 999 rows/, 'alpaca_en_demo.json measured');
    ok(
      analysis.companionsUsed.some((c) => /data\/alpaca_en_demo\.json$/.test(c)),
      `the dataset file is named: ${analysis.companionsUsed.join(', ')}`,
    );
    const titles = await lensTitles(doc);
    ok(!titles.some((t) => /needs the dataset size/.test(t)), `no lens asks for the dataset size: ${titles.join(' | ')}`);
    match(titles[0], /^≈ .* GPU-h · \$.* · .*CO2e/, `the summary lens prices the run: ${titles.join(' | ')}`);
  });
});
