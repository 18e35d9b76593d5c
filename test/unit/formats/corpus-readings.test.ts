// Readings the corpus measurement (scripts/measure-corpus.ts) showed missing, each on the real file that showed it:
// a Megatron model-config fragment that only sets MODEL_ARGS, a Levanter file that leaves batch and steps to
// Levanter's defaults, and a MaxText config whose size keys give way to the model file it names, as MaxText merges them.
import { strict as assert } from 'node:assert';
import { analyze } from '../../../src/core/analyze';
import { parseShell } from '../../../src/core/parse/shell';
import { MENTION, NOT_A_RUN } from '../../../scripts/measure-corpus';
import { readFixture } from '../helpers/fixtures';

const open = (name: string) => analyze(readFixture(name), { fileName: name });
const within = (actual: number, expected: number, tolerance: number, what: string) => assert.ok(Math.abs(actual / expected - 1) <= tolerance, `${what}: ${actual} vs ${expected}`);

describe('readings the corpus asked for', () => {
  it('Megatron-LM modelopt/Qwen3-8B.sh: a sourced fragment that only sets MODEL_ARGS is read as its flags (Qwen3 8B, 8.19B)', () => {
    const a = open('Megatron-LM/modelopt/Qwen3-8B.sh');
    assert.equal(a.format, 'megatron-shell');
    assert.equal(a.run!.arch.layers!.value, 36);
    assert.equal(a.run!.arch.kvHeads!.value, 8);
    // The vocabulary is the model its path names (Qwen/Qwen3-8B: 151,936), the tokenizer being a variable.
    within(a.run!.params!.value, 8.19e9, 0.01, 'params');
  });

  it('a script that runs a command keeps to that command: a flag variable it does not pass is not read', () => {
    const cfg = parseShell('UNUSED="--num-layers 96 --hidden-size 12288"\nARGS="--num-layers 24"\ntorchrun pretrain_gpt.py $ARGS --hidden-size 1024\n');
    assert.equal(cfg.entries.get('--num-layers')!.value, 24);
    assert.equal(cfg.entries.get('--hidden-size')!.value, 1024);
  });

  it("levanter/gpt2_medium.yaml: no batch or steps in the file: Levanter's defaults (512 × 400,000), said as defaults", () => {
    const a = open('levanter/gpt2_medium.yaml');
    assert.equal(a.format, 'levanter-yaml');
    assert.equal(a.run!.globalBatch!.source, 'default');
    assert.equal(a.run!.tokens!.value, 512 * 400_000 * 1024);
    within(a.run!.params!.value, 355e6, 0.01, 'GPT-2 medium');
  });

  it('maxtext/gpu/models/mixtral_8x1b.yml: its base_num_decoder_layers: 5 gives way to the mixtral-8x7b model file, as MaxText merges it', () => {
    const a = open('maxtext/gpu/models/mixtral_8x1b.yml');
    assert.equal(a.run!.arch.layers!.value, 32);
    assert.match(a.run!.arch.layers!.detail, /mixtral-8x7b\.yml/);
    within(a.run!.params!.value, 46.7e9, 0.01, 'params');
    const overridden = analyze(`${readFixture('maxtext/gpu/models/mixtral_8x1b.yml')}\noverride_model_config: true\n`, { fileName: 'mixtral_8x1b.yml' });
    assert.equal(overridden.run!.arch.layers!.value, 5);
  });

  it('the corpus rule for files that are not training runs is read from the path alone', () => {
    for (const p of [
      'tests/functional_tests/x/model_config.yaml',
      'examples/inference/llama.sh',
      'scripts/eval/yamls/hf_eval.yaml',
      'examples/accelerate/fsdp_config.yaml',
      'examples/deepspeed/ds_z3_config.yaml',
    ])
      assert.ok(NOT_A_RUN.test(p), p);
    for (const p of ['examples_deepspeed/finetune_hf_llama/finetune_llama.sh', 'examples/deepspeed-chat/run.sh', 'examples/llama-3/lora-8b.yml', 'ds_pretrain_gpt_1.3B.sh'])
      assert.ok(!NOT_A_RUN.test(p), p);
    assert.ok(MENTION.test('--num-layers 24') && MENTION.test('base_model: x') && !MENTION.test('echo hello'));
  });
});
