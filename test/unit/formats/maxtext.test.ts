// MaxText (JAX) launch scripts and YAML on MaxText's own files (test/fixtures/configs/maxtext, SOURCES.md): a script
// naming `model_name=llama2-7b` is sized from MaxText's llama2-7b.yml (the shipped copy, or the workspace's when the
// host finds one), global_parameter_scale grows base.yml's model as MaxText does, and the devices come from the slice
// the script is written for: tokens = per_device_batch_size × chips × max_target_length × steps, worked out by hand.
import { strict as assert } from 'node:assert';
import { analyze } from '../../../src/core/analyze';
import { referencesOfText } from '../../../src/core/companions/references';
import { readFixture } from '../helpers/fixtures';

const open = (name: string, companions = [] as Parameters<typeof analyze>[1]['companions']) => analyze(readFixture(name), { fileName: name, companions });
const within = (actual: number, expected: number, tolerance: number, what: string) => assert.ok(Math.abs(actual / expected - 1) <= tolerance, `${what}: ${actual} vs ${expected}`);

describe('MaxText launch scripts', () => {
  it('tpu/v5p/llama2_7b.sh: Llama 2 7B (6.74B) from MaxText\'s llama2-7b.yml, on "1 x v5p-512" = 256 chips, 4 × 256 × 4,096 × 30 tokens', () => {
    const a = open('maxtext/tpu/v5p/llama2_7b.sh');
    assert.equal(a.format, 'maxtext-shell');
    const run = a.run!;
    within(run.params!.value, 6.74e9, 0.03, 'params');
    assert.equal(run.arch.layers!.value, 32);
    assert.equal(run.arch.layers!.source, 'companion');
    assert.match(run.arch.layers!.detail, /llama2-7b\.yml \(shipped copy @e591f30c\) line 21 \(base_num_decoder_layers: 32\)/);
    assert.deepEqual(a.companionsUsed, ["MaxText's llama2-7b.yml (shipped copy @e591f30c)"]);
    assert.equal(run.gpus!.value, 256);
    assert.match(run.gpus!.detail, /1 x v5p-512.*two per chip/);
    assert.equal(run.gpuType!.value, 'tpu-v5p');
    assert.equal(run.globalBatch!.value, 4 * 256);
    assert.equal(run.seqLength!.value, 4096);
    assert.equal(run.tokens!.value, 4 * 256 * 4096 * 30);
    assert.equal(run.precision!.value, 'bf16');
    assert.equal(run.recompute!.value, 'selective');
    assert.deepEqual(run.missing, []);
    assert.ok(a.projection!.gpuHours!.point > 0 && a.projection!.co2eKg!.point > 0);
  });

  it('names the model file where MaxText looks for it, and reads the workspace copy instead of the shipped one when the host finds it', () => {
    const name = 'maxtext/tpu/v5p/llama2_7b.sh';
    const refs = referencesOfText(readFixture(name), name);
    const model = refs.find((r) => r.key === 'model_name')!;
    assert.equal(model.target, 'src/maxtext/configs/models/llama2-7b.yml');
    assert.equal(model.kind, 'config');
    // A user's edited copy: 16 layers instead of 32.
    const edited = readFixture('maxtext/models/llama2-7b.yml').replace('base_num_decoder_layers: 32', 'base_num_decoder_layers: 16');
    const a = open(name, [{ kind: 'config', target: model.target, fileName: model.target, text: edited }]);
    assert.equal(a.run!.arch.layers!.value, 16);
    assert.match(a.run!.arch.layers!.detail, /^llama2-7b\.yml line 21/);
    assert.deepEqual(a.companionsUsed, [model.target]);
    // Not found in the workspace: the shipped copy answers, and no companion-missing finding is raised.
    const missing = open(name, [{ kind: 'config', target: model.target, fileName: model.target, problem: 'not found next to llama2_7b.sh' }]);
    assert.equal(missing.run!.arch.layers!.value, 32);
    assert.ok(!missing.findings.some((f) => f.code === 'companion-missing'));
  });

  it("tpu/v5p/128b.sh: global_parameter_scale=128 grows base.yml's model to 125B (its name: 128B), TP 8 of 128 chips", () => {
    const a = open('maxtext/tpu/v5p/128b.sh');
    const run = a.run!;
    // log2(128) = 7: layers 16 × 4, width 2,048 × 4, heads 16 × 8 (head_dim 128 stays), MLP 7,168 × 8.
    assert.equal(run.arch.layers!.value, 64);
    assert.equal(run.arch.hiddenSize!.value, 8192);
    assert.equal(run.arch.heads!.value, 128);
    assert.equal(run.arch.ffnHiddenSize!.value, 57344);
    assert.match(run.arch.heads!.detail, /global_parameter_scale 128/);
    const d = 8192;
    const hand = 64 * (2 * d * 128 * 128 * 2 + 3 * d * 57344) + 2 * 32000 * d;
    assert.equal(run.params!.value, hand);
    within(run.params!.value, 128e9, 0.03, 'params against the name');
    assert.equal(run.gpus!.value, 128); // "v5p-256 or v5p-512 slices": the first, 256 TensorCores
    assert.equal(run.parallel.tp!.value, 8);
    // MaxText's global batch is per device, whatever the tensor parallelism: 1 × 128.
    assert.equal(run.globalBatch!.value, 128);
    assert.equal(run.tokens!.value, 128 * 2048 * 15);
  });

  it('tpu/v5e/16b.sh: global_parameter_scale=16 is 15.8B (its name: 16B) on a v5e-256 slice of 256 chips', () => {
    const a = open('maxtext/tpu/v5e/16b.sh');
    within(a.run!.params!.value, 16e9, 0.03, 'params');
    assert.equal(a.run!.gpus!.value, 256);
    assert.equal(a.run!.gpuType!.value, 'tpu-v5e');
    assert.equal(a.run!.tokens!.value, 6 * 256 * 2048 * 15);
  });

  it("tpu/v4/22b.sh: the model spelled out on the command line, under today's base.yml defaults (head_dim 128, gated MLP)", () => {
    const a = open('maxtext/tpu/v4/22b.sh');
    const run = a.run!;
    assert.equal(run.arch.hiddenSize!.source, 'file');
    assert.equal(run.arch.headDim!.source, 'default');
    assert.match(run.arch.headDim!.detail, /base\.yml line 182/);
    const d = 6144;
    assert.equal(run.params!.value, 48 * (2 * d * 24 * 128 * 2 + 3 * d * 24576) + 2 * 32000 * d);
    assert.equal(run.gpus!.value, 64); // v4-128: 128 TensorCores
    assert.equal(run.gpuType!.value, 'tpu-v4');
    assert.equal(run.zeroStage!.value, 3);
    assert.equal(run.tokens!.value, 13 * 64 * 2048 * 10);
  });

  it('tpu/v6e/mixtral_8x7b.sh: Mixtral 8x7B (46.7B, 12.9B active) from its model file; Trillium is not in the hardware table, so the chip is asked for', () => {
    const a = open('maxtext/tpu/v6e/mixtral_8x7b.sh');
    within(a.run!.params!.value, 46.7e9, 0.01, 'params');
    within(a.run!.activeParams!.value, 12.9e9, 0.01, 'active');
    assert.ok(a.run!.missing.includes('gpuType'));
    assert.ok(a.run!.missing.includes('gpus'));
    const given = analyze(readFixture('maxtext/tpu/v6e/mixtral_8x7b.sh'), { fileName: 'maxtext/tpu/v6e/mixtral_8x7b.sh', overrides: { gpus: 64, gpuType: 'tpu-v5p' } });
    assert.equal(given.run!.globalBatch!.value, 32 * 64);
    assert.equal(given.run!.tokens!.value, 32 * 64 * 1024 * 15);
  });
});

describe('MaxText YAML', () => {
  it('a model file opened alone is sized (Gemma 2 9B counts two transformer layers per decoder layer, as its file says)', () => {
    const g = open('maxtext/models/gemma2-9b.yml');
    assert.equal(g.format, 'maxtext-yaml');
    assert.equal(g.run!.arch.layers!.value, 42);
    assert.match(g.run!.arch.layers!.detail, /gemma2 decoder layer holds a local and a global attention layer/);
    within(g.run!.params!.value, 9.24e9, 0.01, 'gemma2-9b');
    const ds = open('maxtext/models/deepseek3-671b.yml');
    within(ds.run!.params!.value, 671e9, 0.01, 'deepseek3 total');
    within(ds.run!.activeParams!.value, 37.5e9, 0.02, 'deepseek3 active');
    assert.ok(ds.run!.arch.mla);
    assert.ok(g.run!.missing.includes('tokens'));
  });

  it('base.yml alone is its default 1.1B model, and its comments are not read as a TPU slice', () => {
    const a = open('maxtext/base.yml');
    assert.equal(a.format, 'maxtext-yaml');
    assert.equal(a.run!.arch.hiddenSize!.value, 2048);
    assert.equal(a.run!.arch.hiddenSize!.source, 'file');
    assert.equal(a.run!.gpus, undefined);
    assert.equal(a.run!.trainIters!.value, 150_001);
  });

  it('gpu/models/llama2_7b.yml: a config that starts from base.yml and names its model is sized from that model', () => {
    const a = open('maxtext/gpu/models/llama2_7b.yml');
    assert.equal(a.format, 'maxtext-yaml');
    within(a.run!.params!.value, 6.74e9, 0.03, 'params');
    assert.equal(a.run!.microBatch!.value, 4);
    assert.equal(a.run!.seqLength!.value, 4096);
  });

  it('a global_parameter_scale that is not a power of two is said, naming the key and line, and not used', () => {
    const text = 'base_config: "base.yml"\nglobal_parameter_scale: 24\nsteps: 10\n';
    const a = analyze(text, { fileName: 'custom.yml' });
    assert.equal(a.format, 'maxtext-yaml');
    const f = a.findings.find((x) => x.code === 'implausible-value');
    assert.ok(f && /global_parameter_scale.*line 2/.test(f.message), JSON.stringify(a.findings));
    assert.equal(a.run!.arch.hiddenSize!.value, 2048);
  });
});
