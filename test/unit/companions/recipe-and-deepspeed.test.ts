// A fine-tuning recipe and its DeepSpeed JSON are one run, whichever of the two is analysed: the JSON opened with
// the recipe (or the Trainer launch script) that names it is priced by the recipe's passes, with no over-training
// verdict, and its "auto" values say which flag of the script fills them. Real public files from
// test/fixtures/finetune (SOURCES.md).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze, type Analysis } from '../../../src/core/analyze';
import type { Companion } from '../../../src/core/companions/types';
import { DEEPSPEED_PRESETS } from '../../../src/core/data/deepspeed-presets';

const DIR = join(__dirname, '../../fixtures/finetune');
const read = (name: string) => readFileSync(join(DIR, name), 'utf8');

const AXOLOTL = 'axolotl/gpt-oss/gpt-oss-20b-fft-deepspeed-zero3.yaml';
const AXOLOTL_JSON = 'axolotl/deepspeed_configs/zero3_bf16.json';
const SCRIPT = 'llama-factory/full_multi_gpu/single_node.sh';
const SCRIPT_JSON = 'llama-factory/full_multi_gpu/ds_z3_config.json';

/** The JSON analysed with the file that uses it as its companion, as the editor's index and the CLI hand it over. */
function jsonWithUser(json: string, user: string, userText = read(user)): Analysis {
  const companion: Companion = { kind: 'user', target: user, fileName: user, text: userText };
  return analyze(read(json), { fileName: json, companions: [companion] });
}

/** The recipe analysed with its DeepSpeed JSON resolved. */
function recipeWithJson(recipe: string, target: string, json: string, recipeText = read(recipe)): Analysis {
  const companion: Companion = { kind: 'config', target, fileName: json, text: read(json) };
  return analyze(recipeText, { fileName: recipe, companions: [companion] });
}

function noPretrainingVerdict(a: Analysis): void {
  assert.equal(a.computeOptimal, null, 'no compute-optimal analysis');
  const codes = a.findings.map((f) => f.code);
  assert.ok(!codes.includes('over-training') && !codes.includes('under-training'), `no over-training verdict among ${codes.join(', ')}`);
}

describe('a recipe and its DeepSpeed JSON read as one run', () => {
  it('an axolotl recipe reads its ZeRO-3 JSON, and the JSON opened alone is the same fine-tune at the same cost', () => {
    // The dataset's size is the user's to give: an annotation on the recipe, which the JSON reads as the recipe's.
    const annotated = `# footprint: tokens=20M\n${read(AXOLOTL)}`;
    const recipe = recipeWithJson(AXOLOTL, 'deepspeed_configs/zero3_bf16.json', AXOLOTL_JSON, annotated);
    assert.equal(recipe.run!.zeroStage?.value, 3);
    assert.equal(recipe.run!.zeroStage?.source, 'companion');
    assert.match(recipe.run!.zeroStage!.detail, /^zero3_bf16\.json line 3 \(zero_optimization\.stage: 3\)$/);

    const json = jsonWithUser(AXOLOTL_JSON, AXOLOTL, annotated);
    assert.equal(json.format, 'deepspeed-json');
    assert.equal(json.run!.fineTune?.objective.value, 'sft', 'the JSON is a fine-tune because its recipe is');
    assert.equal(json.run!.fineTune?.adapter.value, 'full');
    assert.equal(json.run!.tokens?.value, 20e6);
    assert.equal(json.run!.tokens?.source, 'companion');
    assert.match(json.run!.tokens!.detail, /^gpt-oss-20b-fft-deepspeed-zero3\.yaml line 1 \(`# footprint:` annotation tokens\)$/);
    assert.deepEqual(
      json.projection!.fineTune!.terms.map((t) => t.id),
      recipe.projection!.fineTune!.terms.map((t) => t.id),
    );
    for (const meter of ['gpuHours', 'costUSD', 'co2eKg'] as const) {
      assert.ok(json.projection![meter]!.point > 0, meter);
      assert.ok(Math.abs(json.projection![meter]!.point / recipe.projection![meter]!.point - 1) < 1e-9, `${meter}: the JSON and the recipe agree`);
    }
    noPretrainingVerdict(json);
    noPretrainingVerdict(recipe);
  });

  it("the JSON of a recipe without its dataset size asks for it once, naming the recipe's epochs line", () => {
    const json = jsonWithUser(AXOLOTL_JSON, AXOLOTL);
    const needs = json.findings.filter((f) => f.code === 'needs-dataset-size');
    assert.equal(needs.length, 1);
    assert.match(needs[0]!.message, /\(gpt-oss-20b-fft-deepspeed-zero3\.yaml line 37 \(num_epochs: 1\)\)/);
    assert.equal(needs[0]!.span, undefined, 'no span: the epochs are not in the JSON');
    assert.ok(!json.findings.some((f) => f.code === 'missing-tokens'), 'one finding, not two');
    noPretrainingVerdict(json);
  });

  it('a Trainer launch script\'s ZeRO-3 JSON full of "auto" takes batch, precision and GPUs from the script\'s flags, naming the line', () => {
    const json = jsonWithUser(SCRIPT_JSON, SCRIPT);
    const run = json.run!;
    assert.equal(run.zeroStage?.value, 3, "the stage is the JSON's own");
    assert.equal(run.zeroStage?.source, 'file');
    assert.equal(run.microBatch?.value, 1);
    assert.equal(run.microBatch?.detail, 'single_node.sh line 17 (--per_device_train_batch_size: 1)');
    assert.equal(run.gradAccum?.value, 2);
    assert.equal(run.gradAccum?.detail, 'single_node.sh line 19 (--gradient_accumulation_steps: 2)');
    assert.equal(run.precision?.value, 'fp16');
    assert.equal(run.precision?.detail, 'single_node.sh line 31 (--fp16: --fp16)');
    assert.equal(run.gpus?.value, 4, 'deepspeed --num_gpus 4');
    assert.equal(run.globalBatch?.value, 1 * 2 * 4);
    // 3 epochs × at most 3,000 examples less --val_size 0.1 held out × cutoff_len 1,024, as the script itself reads it.
    assert.equal(run.tokens?.value, 3 * 2700 * 1024);

    const message = (key: string) => json.findings.find((f) => f.code === 'value-deferred' && f.key === key)?.message;
    assert.equal(
      message('train_micro_batch_size_per_gpu'),
      '`train_micro_batch_size_per_gpu` is "auto" (line 3): set by the launcher or trainer; the run uses 1, from single_node.sh line 17 (--per_device_train_batch_size: 1).',
    );
    assert.match(message('gradient_accumulation_steps')!, /; the run uses 2, from single_node\.sh line 19 \(--gradient_accumulation_steps: 2\)\.$/);
    assert.match(message('train_batch_size')!, /; the run uses 8, derived: micro 1 × accumulation 2 × DP 4\.$/);
    assert.match(message('bf16.enabled')!, /^`bf16\.enabled` is "auto" \(line 16\): the trainer's --bf16 flag decides; the run uses fp16, from single_node\.sh line 31/);

    const script = analyze(read(SCRIPT), { fileName: SCRIPT, companions: [{ kind: 'config', target: 'ds_z3_config.json', fileName: SCRIPT_JSON, text: read(SCRIPT_JSON) }] });
    assert.equal(script.run!.zeroStage?.value, 3);
    for (const meter of ['gpuHours', 'costUSD', 'co2eKg'] as const) assert.ok(Math.abs(json.projection![meter]!.point / script.projection![meter]!.point - 1) < 1e-9, meter);
    noPretrainingVerdict(json);
  });

  it('a JSON alone keeps saying its "auto" values are not read from it', () => {
    const alone = analyze(read(SCRIPT_JSON), { fileName: SCRIPT_JSON });
    const deferred = alone.findings.filter((f) => f.code === 'value-deferred');
    assert.equal(deferred.length, 5);
    assert.ok(
      deferred.every((f) => /not read from this file\.$/.test(f.message)),
      deferred.map((f) => f.message).join('\n'),
    );
  });

  describe('a DeepSpeed config the stack ships, named by its path and not in the workspace', () => {
    it("axolotl's deepspeed_configs/zero3_bf16.json: ZeRO-3 from the shipped copy, cited with its line, and no missing-companion finding", () => {
      const a = analyze(read(AXOLOTL), { fileName: AXOLOTL });
      assert.equal(a.run!.zeroStage?.value, 3);
      assert.match(a.run!.zeroStage!.detail, /^axolotl's zero3_bf16\.json \(shipped copy @[0-9a-f]{8}\) line 3 \(zero_optimization\.stage: 3\)$/);
      assert.ok(a.companionsUsed.some((f) => /^axolotl's zero3_bf16\.json \(shipped copy/.test(f)));
      assert.equal(
        a.findings.find((f) => f.code === 'companion-missing'),
        undefined,
      );
      // The states are sharded: with the workspace's own copy of the same file the memory per GPU is the same.
      const own = recipeWithJson(AXOLOTL, 'deepspeed_configs/zero3_bf16.json', AXOLOTL_JSON);
      assert.equal(a.memory!.inputs.zeroStage, 3);
      assert.equal(a.memory!.busiest.totalBytes, own.memory!.busiest.totalBytes);
    });

    it("an older LLaMA-Factory example's bare ds_z3_config.json is read as LLaMA-Factory's, and a workspace copy wins over it", () => {
      const bare = analyze(read(SCRIPT), { fileName: SCRIPT });
      assert.equal(bare.run!.zeroStage?.value, 3);
      assert.match(bare.run!.zeroStage!.detail, /^LLaMA-Factory's ds_z3_config\.json \(shipped copy @[0-9a-f]{8}\)/);
      const stage2 = read(SCRIPT_JSON).replace(/"stage":\s*3/, '"stage": 2');
      assert.notEqual(stage2, read(SCRIPT_JSON));
      const companion: Companion = { kind: 'config', target: 'ds_z3_config.json', fileName: SCRIPT_JSON, text: stage2 };
      const own = analyze(read(SCRIPT), { fileName: SCRIPT, companions: [companion] });
      assert.equal(own.run!.zeroStage?.value, 2, "the user's own file is what runs");
    });

    it('every shipped file is a DeepSpeed config whose stage its name says', () => {
      for (const p of DEEPSPEED_PRESETS) {
        const a = analyze(p.text, { fileName: p.path });
        assert.equal(a.format, 'deepspeed-json', p.path);
        const named = /zero(\d)|ds_z(\d)/.exec(p.path)!;
        assert.equal(a.run!.zeroStage?.value, Number(named[1] ?? named[2]), p.path);
        assert.match(p.commit, /^[0-9a-f]{40}$/);
      }
    });
  });
});
