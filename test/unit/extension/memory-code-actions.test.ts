// The memory quick fixes the editor offers, through the real code-action provider on real fixtures (with the stand-in
// `vscode` module the benchmark uses): only the fixes the file can take are offered, each priced in memory, GPU-hours,
// dollars and CO2e, and each one edit whose inverse gives back the file byte for byte.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BenchDocument, fakeVscode, languageOf, loadProviders } from '../../../bench/provider-vscode';
import { analyze } from '../../../src/core/analyze';
import type { Companion } from '../../../src/core/companions/types';
import { applyEdits, invertEdits } from '../../../src/core/edit/apply';
import type { TextEdit } from '../../../src/core/types';

const { AnalysisCache, SettingsStore, FootprintCodeActions, FootprintHoverProvider } = loadProviders();
const FIXTURES = join(__dirname, '../../fixtures');

interface Position {
  line: number;
  character: number;
}
interface Action {
  title: string;
  isPreferred?: boolean;
  command?: { command: string; arguments?: unknown[] };
  edit?: { edits: Array<{ uri?: { path: string }; range: { start: Position; end: Position }; newText: string }> };
}

/** The quick fixes offered on a footprint diagnostic with `code` in the fixture `name`. */
async function quickFixes(name: string, code: string) {
  const text = readFileSync(join(FIXTURES, name), 'utf8');
  const doc = new BenchDocument(name, text, languageOf(name));
  const cache = new AnalysisCache(new SettingsStore());
  const analysis = (await cache.analysis(doc as never))!;
  const range = doc.lineAt(0).range;
  const diagnostic = { source: 'footprint', code, range, message: '' };
  const actions = (await new FootprintCodeActions(cache).provideCodeActions(doc as never, range as never, { diagnostics: [diagnostic] } as never)) as unknown as Action[];
  /** An action's edits in offsets of the text. */
  const editsOf = (a: Action): TextEdit[] => a.edit!.edits.map((e) => ({ start: doc.offsetAt(e.range.start as never), end: doc.offsetAt(e.range.end as never), newText: e.newText }));
  return { doc, cache, text, analysis, actions, editsOf };
}

describe('memory quick fixes in the editor', () => {
  it('zephyr SFT: the ZeRO stage (a deepspeed: mapping written into the recipe) is preferred and the 8-bit optimizer offered, each one edit that undoes byte for byte', async () => {
    const { text, actions, editsOf } = await quickFixes('finetune/alignment-handbook/zephyr-7b-beta/sft/config_full.yaml', 'will-not-fit');
    assert.deepEqual(
      actions.map((a) => [a.title, a.isPreferred ?? false]),
      [
        ['Raise the ZeRO stage to 1: ≈ 60 GB/GPU, fits', true],
        ['Use an 8-bit Adam optimizer: ≈ 78 GB/GPU, tight', false],
      ],
    );
    const zero = editsOf(actions[0]!);
    const staged = applyEdits(text, zero);
    assert.match(staged, /\nper_device_train_batch_size: 16\ndeepspeed:\n {2}zero_optimization:\n {4}stage: 1\n/);
    assert.equal(applyEdits(staged, invertEdits(text, zero)), text, 'one undo restores every byte');
    const edits = editsOf(actions[1]!);
    const fixed = applyEdits(text, edits);
    assert.match(fixed, /\noptim: adamw_bnb_8bit\n/);
    assert.equal(applyEdits(fixed, invertEdits(text, edits)), text, 'one undo restores every byte');
  });

  it('Llama 3 8B on Megatron: recomputation is priced in GPU-hours, $ and CO2e and preferred only if it is the first that fits; PP, not literal there, is not offered', async () => {
    const { text, analysis, actions, editsOf } = await quickFixes('configs/Megatron-LM/train_llama3_8b_h100_fp8.sh', 'will-not-fit');
    const offered = analysis.memory!.fixes.filter((f) => f.applicable).map((f) => f.title);
    assert.deepEqual(
      actions.map((a) => a.title.split(':')[0]),
      offered,
      'one action per applicable fix, in the estimate order',
    );
    assert.ok(!actions.some((a) => /pipeline/.test(a.title)));
    const full = actions.find((a) => a.title.startsWith('Enable full activation recomputation'))!;
    assert.match(full.title, /^Enable full activation recomputation: ≈ \d+ GB\/GPU, fits, \+[\d.]+[kMB]? GPU-h, \+\$[\d.]+[kMB]?, \+[\d.]+[kM]? (t|kg)CO2e$/);
    assert.match(actions[0]!.title, /, fits/);
    assert.equal(actions[0]!.isPreferred, true, 'the first that fits is preferred');
    assert.ok(!full.isPreferred);
    const edits = editsOf(full);
    const fixed = applyEdits(text, edits);
    assert.match(fixed, /--recompute-granularity full --recompute-method uniform --recompute-num-layers 1/);
    assert.equal(applyEdits(fixed, invertEdits(text, edits)), text);
  });

  it('the memory hover lists every fix with how it is made: one click, or by hand with what to do', async () => {
    const { doc, cache, analysis } = await quickFixes('finetune/alignment-handbook/zephyr-7b-beta/sft/config_full.yaml', 'will-not-fit');
    const key = analysis.run!.keys.find((k) => k.role === 'microBatch')!;
    const hover = (await new FootprintHoverProvider(cache, new SettingsStore()).provideHover(doc as never, doc.positionAt(key.span.start) as never)) as unknown as { contents: { value: string } };
    // As the user reads it: Markdown's escapes removed.
    const md = hover.contents.value.replace(/\\(.)/g, '$1');
    assert.match(md, /\*\*Fixes\*\*, best first:/);
    assert.match(md, /- Raise the ZeRO stage to 1: \d+ GB\/GPU, fits; GPU-hours, \$ and CO2e unchanged; quick fix: one click, one undo/);
    assert.match(md, /- Double tensor parallelism to 2: \d+ GB\/GPU, tight; GPU-hours, \$ and CO2e unchanged; by hand: this trainer has no tensor parallelism to set/);
    assert.match(md, /- Use an 8-bit Adam optimizer: 78 GB\/GPU, tight; GPU-hours, \$ and CO2e unchanged; quick fix: one click, one undo/);
  });

  it('a sharded run with no GPU count gets "Set GPU count to 32" (the count it fits from) in one click, and the prompt', async () => {
    const { actions } = await quickFixes('configs/torchtitan/llama3_70b.toml', 'memory-needs-gpus');
    assert.deepEqual(
      actions.map((a) => [a.title, a.command?.command, a.command?.arguments?.slice(1), a.isPreferred ?? false]),
      [
        ['Set GPU count to 32 (fits from there)', 'footprint.setGpuCount', [32], true],
        ['Set GPU count…', 'footprint.setGpuCount', [], false],
      ],
    );
  });

  it('a pair of fixes that fits where neither alone does is one quick fix, both edits in one step that undoes byte for byte', async () => {
    const { text, actions, editsOf } = await quickFixes('configs/Megatron-LM/modelopt/Qwen3-8B.sh', 'will-not-fit');
    const pair = actions[0]!;
    assert.match(pair.title, /^Use the distributed optimizer, and enable full activation recomputation: ≈ \d+ GB\/GPU, fits, \+33% GPU-hours, \$ and CO2e$/);
    assert.equal(pair.isPreferred, true);
    const edits = editsOf(pair);
    const fixed = applyEdits(text, edits);
    assert.match(fixed, /--use-distributed-optimizer --recompute-granularity full/);
    assert.equal(applyEdits(fixed, invertEdits(text, edits)), text);
  });

  it('a fix written into the DeepSpeed JSON the launch names edits that JSON in the same action, and only while the JSON’s text is the one analysed', async () => {
    const scriptName = 'finetune/llama-factory/full_multi_gpu/single_node.sh';
    const jsonName = 'finetune/llama-factory/full_multi_gpu/ds_z3_config.json';
    const script = new BenchDocument(scriptName, readFileSync(join(FIXTURES, scriptName), 'utf8'), 'shellscript');
    const stage0 = readFileSync(join(FIXTURES, jsonName), 'utf8').replace('"stage": 3', '"stage": 0');
    const companions: Companion[] = [{ kind: 'config', target: 'ds_z3_config.json', fileName: jsonName, text: stage0 }];
    const analysis = analyze(script.getText(), { fileName: scriptName, companions });
    let open = new BenchDocument(jsonName, stage0, 'json');
    const workspace = fakeVscode.workspace as unknown as Record<string, unknown>;
    workspace.openTextDocument = async () => open;
    try {
      // The cache as the extension's: this analysis, and the companions its analyses are given.
      const cache = { analysis: async () => analysis, companionsOf: () => ({ companions, uriOf: (name: string) => (name === jsonName ? open.uri : undefined) }) };
      const ask = async () => {
        const range = script.lineAt(0).range;
        const diagnostics = [{ source: 'footprint', code: 'will-not-fit', range, message: '' }];
        return (await new FootprintCodeActions(cache as never).provideCodeActions(script as never, range as never, { diagnostics } as never)) as unknown as Action[];
      };
      const zero = (await ask()).find((a) => a.title.startsWith('Raise the ZeRO stage to 1'));
      assert.ok(zero?.edit, 'offered');
      assert.deepEqual([...new Set(zero.edit.edits.map((e) => e.uri?.path))], [open.uri.path], 'the JSON’s edit, the launch left as it is');
      const edits = zero.edit.edits.map((e) => ({ start: open.offsetAt(e.range.start as never), end: open.offsetAt(e.range.end as never), newText: e.newText }));
      assert.equal(applyEdits(stage0, edits), stage0.replace('"stage": 0', '"stage": 1'));
      // The JSON edited since it was read: its offsets may have moved, so the fix waits for the next analysis.
      open = new BenchDocument(jsonName, ` ${stage0}`, 'json');
      assert.equal(
        (await ask()).some((a) => a.title.startsWith('Raise the ZeRO stage')),
        false,
      );
    } finally {
      delete workspace.openTextDocument;
    }
  });
});
