// ZeRO-stage and offload fixes for recipes the Hugging Face Trainer runs (TRL, axolotl, LLaMA-Factory), written in one
// click: a recipe that names no DeepSpeed config gets one written into it as a `deepspeed:` mapping, whose stage and
// offload are then read back with their lines. Each is checked on a real fixture: offered as one click, the edited
// file fits when analysed again at the memory the fix promised, the only change is the added lines, one undo gives
// back every byte.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../src/core/analyze';
import { applyEdits, invertEdits } from '../../../src/core/edit/apply';
import type { Companion } from '../../../src/core/companions/types';
import { planMemoryFix } from '../../../src/core/memory/plan';
import { writeFix } from '../helpers/fixWrites';

const FIXTURES = join(__dirname, '../../fixtures');
const read = (path: string) => readFileSync(join(FIXTURES, path), 'utf8');

const write = writeFix;

const ZEPHYR = 'finetune/alignment-handbook/zephyr-7b-beta/sft/config_full.yaml';

describe('DeepSpeed fixes of Trainer recipes', () => {
  describe('a recipe that names no DeepSpeed config', () => {
    it('zephyr-7b SFT (120 GB/GPU on H100): Raise the ZeRO stage to 1 writes a deepspeed: mapping after the micro-batch, and the recipe read again fits at the memory the fix said', () => {
      const text = read(ZEPHYR);
      const r = write(ZEPHYR, text, 'zero-stage');
      assert.equal(r.before.memory!.verdict, 'does-not-fit');
      assert.equal(r.offered?.applicable, true, 'offered as a quick fix, not by hand');
      assert.equal(r.offered?.verdict, 'fits');
      assert.deepEqual(r.removed, []);
      assert.deepEqual(r.added, [
        'deepspeed:',
        '  zero_optimization:',
        '    stage: 1',
        '  bf16:',
        '    enabled: auto',
        '  fp16:',
        '    enabled: auto',
        '  train_micro_batch_size_per_gpu: auto',
        '  gradient_accumulation_steps: auto',
        '  train_batch_size: auto',
        '  gradient_clipping: auto',
      ]);
      assert.match(r.out, /per_device_train_batch_size: 16\ndeepspeed:\n {2}zero_optimization:\n/);
      assert.deepEqual(r.notes, ['deepspeed: a ZeRO stage 1 config added after per_device_train_batch_size']);
      const after = r.after;
      assert.equal(after.memory!.verdict, 'fits');
      assert.equal(after.memory!.inputs.zeroStage, 1);
      const line = r.out.split('\n').indexOf('    stage: 1') + 1;
      assert.deepEqual({ value: after.run!.zeroStage!.value, source: after.run!.zeroStage!.source, line: after.run!.zeroStage!.span!.line + 1 }, { value: 1, source: 'file', line });
      assert.match(after.run!.zeroStage!.detail, /^deepspeed\.zero_optimization\.stage: 1/);
      // DeepSpeed keeps its gradient buffers between steps: the fix priced them, so the promise is what the file reads.
      assert.equal(after.memory!.busiest.totalBytes, r.offered!.totalBytes);
      assert.equal(after.references.filter((x) => x.kind === 'config').length, 0, 'a mapping names no file to look for');
      assert.equal(
        after.findings.some((f) => f.code === 'will-not-fit'),
        false,
      );
    });

    it('keeps a CRLF file’s line endings and its indentation step', () => {
      const text = read(ZEPHYR)
        .replace(/\n/g, '\r\n')
        .replace(/^ {2}(?=\S)/gm, '    ')
        .replace(/^ {4}(?=- id)/gm, '        ');
      const r = write(ZEPHYR, text, 'zero-stage');
      assert.match(r.out, /per_device_train_batch_size: 16\r\ndeepspeed:\r\n {4}zero_optimization:\r\n {8}stage: 1\r\n {4}bf16:\r\n/);
      assert.equal(r.after.run!.zeroStage!.value, 1);
    });

    it('then Offload the optimizer adds offload_optimizer under zero_optimization, read back as the optimizer on the CPU with its line', () => {
      const first = write(ZEPHYR, read(ZEPHYR), 'zero-stage');
      const r = write(ZEPHYR, first.out, 'offload-optimizer');
      assert.deepEqual(r.added, ['    offload_optimizer:', '      device: cpu']);
      assert.match(r.out, /\n {4}stage: 1\n {4}offload_optimizer:\n {6}device: cpu\n {2}bf16:/);
      const off = r.after.run!.memory!.offloadOptimizer!;
      assert.equal(off.value, 'cpu');
      assert.equal(off.span!.line + 1, r.out.split('\n').indexOf('      device: cpu') + 1);
      assert.equal(r.after.memory!.inputs.offloadOptimizer, 'cpu');
      assert.ok(r.after.memory!.busiest.totalBytes < first.after.memory!.busiest.totalBytes);
      // And the stage the mapping has is raised in place.
      const z2 = write(ZEPHYR, first.out, 'zero-stage');
      assert.deepEqual(z2.notes, ['deepspeed.zero_optimization.stage: 1 → 2']);
      assert.equal(z2.after.run!.zeroStage!.value, 2);
    });
  });

  describe('reading a deepspeed: mapping', () => {
    it('axolotl (llama-3 fft-8b): its stage and parameter offload, each citing its line, and the bf16 model is no longer trained without an fp32 master copy', () => {
      const name = 'finetune/axolotl/llama-3/fft-8b.yaml';
      const plain = read(name);
      assert.equal(analyze(plain, { fileName: name }).run!.memory!.pureDtype?.value, true, 'without DeepSpeed axolotl trains in bf16');
      const text = plain.replace('micro_batch_size: 1\n', 'micro_batch_size: 1\ndeepspeed:\n  zero_optimization:\n    stage: 3\n    offload_param:\n      device: cpu\n');
      const a = analyze(text, { fileName: name });
      const lines = text.split('\n');
      assert.deepEqual([a.run!.zeroStage!.value, a.run!.zeroStage!.span!.line + 1], [3, lines.indexOf('    stage: 3') + 1]);
      assert.deepEqual([a.run!.memory!.offloadParams!.value, a.run!.memory!.offloadParams!.span!.line + 1], ['cpu', lines.indexOf('      device: cpu') + 1]);
      assert.equal(a.run!.memory!.pureDtype, undefined);
      assert.equal(a.memory!.inputs.zeroStage, 3);
      assert.equal(a.memory!.inputs.offloadParams, 'cpu');
    });

    it('LLaMA-Factory (qwen3 full SFT): a mapping in place of the path is read, and no DeepSpeed file is looked for', () => {
      const name = 'finetune/llama-factory/train_full/qwen3_full_sft.yaml';
      const text = read(name).replace(/^deepspeed: .*$/m, 'deepspeed:\n  zero_optimization: {stage: 2}');
      const a = analyze(text, { fileName: name });
      assert.equal(a.run!.zeroStage!.value, 2);
      assert.equal(a.run!.zeroStage!.source, 'file');
      assert.equal(a.references.filter((x) => x.kind === 'config').length, 0);
    });
  });

  describe('a recipe naming a DeepSpeed JSON the host found', () => {
    // LLaMA-Factory's multi-GPU launch (Llama 2 7B, full fine-tune, --deepspeed ds_z3_config.json), its JSON at stage 0.
    const SCRIPT = 'finetune/llama-factory/full_multi_gpu/single_node.sh';
    const JSON_NAME = 'finetune/llama-factory/full_multi_gpu/ds_z3_config.json';
    const script = read(SCRIPT);
    const stage0 = read(JSON_NAME).replace('"stage": 3', '"stage": 0');
    const withJson = (text: string): Companion[] => [{ kind: 'config', target: 'ds_z3_config.json', fileName: JSON_NAME, text }];
    const analyse = (text: string, json: string) => analyze(text, { fileName: SCRIPT, companions: withJson(json) });

    it('Raise the ZeRO stage edits the JSON’s zero_optimization.stage (every other byte kept), and the run read again fits with the stage citing the JSON’s line', () => {
      const before = analyse(script, stage0);
      assert.equal(before.memory!.verdict, 'does-not-fit');
      const fix = before.memory!.fixes.find((f) => f.id === 'zero-stage')!;
      assert.deepEqual([fix.applicable, fix.verdict, fix.instead], [true, 'fits', null]);
      const plan = planMemoryFix(script, SCRIPT, 'zero-stage', before, undefined, withJson(stage0));
      assert.deepEqual(plan.edits, [], 'the launch command is left as it is');
      assert.equal(plan.companions?.length, 1);
      const c = plan.companions![0]!;
      assert.equal(c.fileName, JSON_NAME);
      assert.equal(c.text, stage0, 'planned against the text the host read');
      const json = applyEdits(stage0, c.edits);
      assert.equal(json, stage0.replace('"stage": 0', '"stage": 1'));
      assert.equal(applyEdits(json, invertEdits(stage0, c.edits)), stage0, 'one undo restores every byte');
      const after = analyse(script, json);
      assert.equal(after.memory!.verdict, 'fits');
      assert.equal(after.memory!.busiest.totalBytes, fix.totalBytes, 'at the memory the fix promised');
      assert.equal(after.run!.zeroStage!.value, 1);
      assert.match(after.run!.zeroStage!.detail, new RegExp(`^ds_z3_config\\.json line ${json.split('\n').findIndex((l) => l.includes('"stage": 1')) + 1} \\(zero_optimization\\.stage: 1\\)`));
    });

    it('Offload the optimizer adds "offload_optimizer": {"device": "cpu"} as zero_optimization’s last property, in the file’s indentation and line endings', () => {
      const stage1 = stage0.replace('"stage": 0', '"stage": 1').replace(/\n/g, '\r\n');
      const before = analyse(script, stage1);
      const plan = planMemoryFix(script, SCRIPT, 'offload-optimizer', before, undefined, withJson(stage1));
      const json = applyEdits(stage1, plan.companions![0]!.edits);
      assert.match(json, /"stage3_gather_16bit_weights_on_model_save": true,\r\n {4}"offload_optimizer": \{\r\n {6}"device": "cpu"\r\n {4}\}\r\n {2}\}\r\n\}/);
      assert.equal(json.replace(/,\r\n {4}"offload_optimizer": \{\r\n {6}"device": "cpu"\r\n {4}\}/, ''), stage1, 'nothing else changed');
      const after = analyse(script, json);
      assert.equal(after.run!.memory!.offloadOptimizer!.value, 'cpu');
      assert.equal(after.run!.memory!.offloadOptimizer!.source, 'companion');
      assert.equal(after.memory!.inputs.offloadOptimizer, 'cpu');
      assert.ok(after.memory!.busiest.totalBytes < before.memory!.busiest.totalBytes);
      // A JSON that names its device already has it set in place.
      const none = stage1.replace('"stage": 1,', '"stage": 1,\r\n    "offload_optimizer": {"device": "none"},');
      const inPlace = planMemoryFix(script, SCRIPT, 'offload-optimizer', analyse(script, none), undefined, withJson(none));
      assert.equal(applyEdits(none, inPlace.companions![0]!.edits), none.replace('"device": "none"', '"device": "cpu"'));
    });

    it('a pair written together edits the recipe and its JSON in one plan (one undo each, applied as one edit)', () => {
      // Two GPUs at four sequences of 2,048 each: ZeRO-1 alone is tight, with the micro-batch halved it fits.
      const tight = script.replace('--num_gpus 4', '--num_gpus 2').replace('--per_device_train_batch_size 1', '--per_device_train_batch_size 4').replace('--cutoff_len 1024', '--cutoff_len 2048');
      const before = analyse(tight, stage0);
      const pair = before.memory!.fixes[0]!;
      assert.deepEqual([pair.steps, pair.applicable, pair.verdict], [['zero-stage', 'micro-batch'], true, 'fits']);
      const plan = planMemoryFix(tight, SCRIPT, pair.steps, before, undefined, withJson(stage0));
      const text = applyEdits(tight, plan.edits);
      const json = applyEdits(stage0, plan.companions![0]!.edits);
      assert.match(text, /--per_device_train_batch_size 2 /);
      assert.match(text, /--gradient_accumulation_steps 4 /);
      assert.match(json, /"stage": 1,/);
      assert.equal(analyse(text, json).memory!.verdict, 'fits');
      assert.equal(applyEdits(text, invertEdits(tight, plan.edits)), tight);
      assert.equal(applyEdits(json, invertEdits(stage0, plan.companions![0]!.edits)), stage0);
    });

    it('without the JSON’s text (not found, and not one the stack ships) the fix stays by hand, naming the file', () => {
      const own = script.replace('--deepspeed ds_z3_config.json', '--deepspeed my_zero.json');
      const a = analyze(own, { fileName: SCRIPT });
      const zero = a.memory!.fixes.find((f) => f.id === 'zero-stage')!;
      assert.deepEqual([zero.applicable, zero.instead], [false, 'set "zero_optimization": {"stage": 1} in my_zero.json, the DeepSpeed config this file names']);
      assert.equal(planMemoryFix(own, SCRIPT, 'zero-stage', a).companions, undefined);
    });
  });

  describe('a recipe naming a DeepSpeed config its stack ships', () => {
    it('axolotl gpt-oss-20b naming deepspeed_configs/zero1.json (100 GB/GPU): the fix renames it to zero3.json, read again as axolotl ships it, and fits', () => {
      const name = 'finetune/axolotl/gpt-oss/gpt-oss-20b-fft-deepspeed-zero3.yaml';
      const text = read(name).replace('deepspeed_configs/zero3_bf16.json', 'deepspeed_configs/zero1.json');
      const before = analyze(text, { fileName: name });
      assert.equal(before.memory!.verdict, 'does-not-fit');
      assert.match(before.run!.zeroStage!.detail, /^axolotl's zero1\.json \(shipped copy @[0-9a-f]{8}\) line \d+ \(zero_optimization\.stage: 1\)/);
      const fix = before.memory!.fixes.find((f) => f.applicable && f.verdict === 'fits')!;
      assert.equal(fix.id, 'zero-stage-3');
      const plan = planMemoryFix(text, name, fix.steps, before, fix.gpus?.gpus);
      const out = applyEdits(text, plan.edits);
      assert.equal(out.replace(/^# footprint: gpus=\d+\n/, ''), text.replace('deepspeed_configs/zero1.json', 'deepspeed_configs/zero3.json'), 'only the file name in the path changes');
      assert.ok(plan.notes.includes("deepspeed: zero1.json → zero3.json (axolotl's config with ZeRO stage 3)"), plan.notes.join('; '));
      const after = analyze(out, { fileName: name });
      assert.equal(after.memory!.verdict, 'fits');
      assert.match(after.run!.zeroStage!.detail, /^axolotl's zero3\.json \(shipped copy/);
      assert.equal(applyEdits(out, invertEdits(text, plan.edits)), text, 'one undo restores every byte');
      // axolotl ships no ZeRO-2 config without optimizer offload: raising zero1.json by one stage stays by hand.
      const one = before.memory!.fixes.find((f) => f.id === 'zero-stage')!;
      assert.deepEqual([one.applicable, one.instead], [false, 'axolotl ships no config beside zero1.json with ZeRO stage 2 and its other settings; name a DeepSpeed config of your own with it']);
    });

    it('LLaMA-Factory qwen3 full SFT: ds_z2_config.json becomes ds_z2_offload_config.json for the optimizer offload, ds_z3_config.json for ZeRO-3, the comment after it kept', () => {
      const name = 'finetune/llama-factory/train_full/qwen3_full_sft.yaml';
      const text = read(name).replace('examples/deepspeed/ds_z3_config.json', 'examples/deepspeed/ds_z2_config.json');
      const before = analyze(text, { fileName: name });
      assert.equal(before.run!.zeroStage!.value, 2);
      const offload = planMemoryFix(text, name, 'offload-optimizer', before);
      const out = applyEdits(text, offload.edits);
      assert.match(out, /^deepspeed: examples\/deepspeed\/ds_z2_offload_config\.json {2}# choices: \[ds_z0_config\.json, ds_z2_config\.json, ds_z3_config\.json\]$/m);
      const after = analyze(out, { fileName: name });
      assert.deepEqual([after.run!.memory!.offloadOptimizer!.value, after.run!.zeroStage!.value], ['cpu', 2]);
      assert.match(after.run!.memory!.offloadOptimizer!.detail, /^LLaMA-Factory's ds_z2_offload_config\.json \(shipped copy @[0-9a-f]{8}\) line \d+/);
      assert.ok(after.memory!.busiest.totalBytes < before.memory!.busiest.totalBytes);
      const z3 = applyEdits(text, planMemoryFix(text, name, 'zero-stage', before).edits);
      assert.equal(z3, read(name), 'ZeRO-3 is the recipe as LLaMA-Factory wrote it');
      // Its ZeRO-3 config has no sibling with only the optimizer offloaded (ds_z3_offload_config.json moves the parameters too).
      assert.match(planMemoryFix(read(name), name, 'offload-optimizer').skipped!, /^LLaMA-Factory ships no config beside ds_z3_config\.json with the optimizer offloaded/);
    });

    it('a copy of the config the host found is the one edited, never renamed to the shipped one', () => {
      const name = 'finetune/axolotl/gpt-oss/gpt-oss-20b-fft-deepspeed-zero3.yaml';
      const text = read(name);
      const json = read('finetune/axolotl/deepspeed_configs/zero3_bf16.json');
      const own: Companion[] = [{ kind: 'config', target: 'deepspeed_configs/zero3_bf16.json', fileName: 'deepspeed_configs/zero3_bf16.json', text: json }];
      const a = analyze(text, { fileName: name, companions: own });
      assert.deepEqual(
        a.companionsUsed.filter((c) => /zero3_bf16/.test(c)),
        ['deepspeed_configs/zero3_bf16.json'],
      );
      const edited = planMemoryFix(text, name, 'offload-optimizer', a, undefined, own);
      assert.deepEqual([edited.edits, edited.companions?.[0]?.fileName], [[], 'deepspeed_configs/zero3_bf16.json']);
      // Without the host's texts (the analysis read the user's copy), no rename to axolotl's shipped sibling.
      const blind = planMemoryFix(text, name, 'offload-optimizer', a);
      assert.deepEqual([blind.edits, blind.companions], [[], undefined]);
    });
  });
});
