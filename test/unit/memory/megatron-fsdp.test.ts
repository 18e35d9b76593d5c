// Megatron-FSDP on Megatron-LM's own DeepSeek-V3 launch script: the sharding strategy (read through the script's
// SHARDING_STRATEGY default and its USE_MEGATRON_FSDP `if` block), bf16 main gradients, the fp32 main copy and the
// double-buffered gathered layers, as memory per GPU at a GPU count the user sets; and its selective recompute
// modules, each lowering the activations by what it drops.
import { strict as assert } from 'node:assert';
import { analyze } from '../../../src/core/analyze';
import type { MemoryEstimate } from '../../../src/core/memory';
import { memoryEffectOf } from '../../../src/core/memory/explain';
import { applyEdits } from '../../../src/core/edit/apply';
import { planMemoryFix } from '../../../src/core/memory/plan';
import { readFixture } from '../helpers/fixtures';

const NAME = 'Megatron-LM/sbatch_mfsdp_deepseek_v3.sh';
const TEXT = readFixture(NAME);

function memoryOf(text: string, gpus?: number): MemoryEstimate {
  const a = analyze(text, { fileName: NAME, overrides: { gpuType: 'h100-sxm', ...(gpus ? { gpus } : {}) } });
  assert.ok(a.memory, 'memory estimate');
  return a.memory;
}

/** The fixture with one of its lines changed (a user editing the script). */
function edited(from: string, to: string): string {
  assert.ok(TEXT.includes(from), `fixture has ${from}`);
  return TEXT.replace(from, to);
}

const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) <= 1e-9 * expected + 1, `${what}: ${actual} vs ${expected}`);

describe('Megatron-FSDP memory per GPU (DeepSeek-V3 launch script)', () => {
  it('reads optim_grads_params from the script variable and shards weights, bf16 main gradients and optimizer states over every GPU', () => {
    const m = memoryOf(TEXT, 256);
    assert.equal(m.inputs.zeroStage, 3);
    const stage = m.assumptions.find((x) => x.name === 'zeroStage');
    assert.match(stage!.detail, /optim_grads_params/);
    const c = m.busiest.components;
    // bf16 weights and bf16 main gradients: the same bytes; fp32 main copy 4 + Adam 8 = 6 × the weights' 2.
    close(c.gradients, c.weights, 'bf16 main gradients');
    close(c.optimizer, 6 * c.weights, 'fp32 main copy and Adam moments');
    // Twice the GPUs, half the states per GPU (experts over their expert-data-parallel group, the rest over all).
    const twice = memoryOf(TEXT, 512).busiest.components;
    close(twice.weights, c.weights / 2, 'weights at 512 GPUs');
    close(twice.optimizer, c.optimizer / 2, 'optimizer at 512 GPUs');
  });

  it('holds two gathered layers with --fsdp-double-buffer, each its parameters and its gradient bucket; one without', () => {
    const two = memoryOf(TEXT, 256).busiest.components.temporary;
    assert.ok(two > 0);
    const one = memoryOf(edited('        --fsdp-double-buffer\n        --use-nccl-ub\n', ''), 256).busiest.components.temporary;
    close(one, two / 2, 'one gathered unit');
    // The gathered MoE layer is this rank's 1/EP of the experts, not all 256 of them.
    const perUnitGiB = one / 2 ** 30;
    assert.ok(perUnitGiB < 10, `one gathered layer ${perUnitGiB.toFixed(1)} GiB`);
  });

  it('each strategy shards what it names: optim_grads keeps whole weights, optim whole gradients, no_shard everything', () => {
    const at = (strategy: string) => memoryOf(edited('SHARDING_STRATEGY:-"optim_grads_params"', `SHARDING_STRATEGY:-"${strategy}"`), 256).busiest.components;
    const full = memoryOf(TEXT, 256).busiest.components;
    const grads = at('optim_grads');
    // Unsharded, each GPU keeps its 1/EP of the experts whole: 256 GPUs / EP 8 = 32 times what sharding leaves.
    assert.ok(grads.weights > 30 * full.weights, 'optim_grads: weights whole on every GPU');
    close(grads.gradients, full.gradients, 'optim_grads: gradients still sharded');
    assert.equal(grads.temporary, 0, 'nothing gathered: the weights are whole');
    const optim = at('optim');
    close(optim.gradients, optim.weights, 'optim: whole bf16 main gradients');
    close(optim.optimizer, full.optimizer, 'optim: optimizer states still sharded');
    const none = at('no_shard');
    close(none.optimizer, 6 * none.weights, 'no_shard: the optimizer states whole');
  });

  it("the sharding strategy's hover offers the neighbouring strategy, optim_grads, and it costs more memory", () => {
    const m = memoryOf(TEXT, 256);
    const e = memoryEffectOf('zeroStage', m)!;
    const down = e.whatIfs.find((w) => w.change === 'sharding strategy optim_grads_params → optim_grads');
    assert.ok(down, e.whatIfs.map((w) => w.change).join('; '));
    assert.ok(down.totalBytes > m.busiest.totalBytes);
    assert.ok(!e.whatIfs.some((w) => /distributed optimizer/.test(w.change)));
  });

  it('fp32 main gradients double the gradients; the script without Megatron-FSDP is read as the distributed optimizer', () => {
    const fp32 = memoryOf(edited('--megatron-fsdp-main-grads-dtype bf16', '--megatron-fsdp-main-grads-dtype fp32'), 256).busiest.components;
    close(fp32.gradients, 2 * fp32.weights, 'fp32 main gradients');
    const off = memoryOf(edited('USE_MEGATRON_FSDP=${USE_MEGATRON_FSDP:-1}', 'USE_MEGATRON_FSDP=${USE_MEGATRON_FSDP:-0}'), 256);
    assert.equal(off.inputs.megatronFsdp, undefined);
    assert.equal(off.inputs.zeroStage, 1, '--use-distributed-optimizer alone');
    const c = off.busiest.components;
    assert.ok(c.gradients > 1.9 * c.weights, "Megatron's fp32 main gradients, not sharded");
  });
});

describe("Megatron's selective recompute modules (DeepSeek-V3 launch script: mlp moe mla_up_proj layernorm)", () => {
  const modules = '--recompute-modules mlp moe mla_up_proj layernorm';
  const activations = (text: string) => memoryOf(text, 512).busiest.components.activations;

  it('reads the list and keeps each listed module off the stored activations', () => {
    const m = memoryOf(TEXT, 512);
    assert.deepEqual(m.inputs.recomputeModules, ['layernorm', 'mlp', 'moe', 'mla_up_proj']);
    const read = m.assumptions.find((x) => x.name === 'recomputeModules');
    assert.match(read!.detail, /--recompute-modules mlp moe mla_up_proj layernorm/);
    const listed = m.busiest.components.activations;
    // Megatron's default, the attention core alone, frees nothing more under flash attention.
    const coreOnly = activations(edited(modules, '--recompute-modules core_attn'));
    assert.ok(listed < coreOnly / 3, `listed ${listed} vs core_attn ${coreOnly}`);
    assert.equal(activations(edited(`    ${modules}\n`, '')), coreOnly, 'no --recompute-modules: core_attn, the default');
  });

  it('MLA keeps Q and K at heads × (nope + rope), V and the output at heads × v: mla_up_proj frees Q, K and V at those widths', () => {
    const m = memoryOf(TEXT, 512);
    const mla = m.inputs.shape.multiLatent!;
    assert.equal(mla.qWidth, 128 * (128 + 64));
    assert.equal(mla.vWidth, 128 * 128);
    const tokens = 4096 * 4;
    const freed = activations(edited(modules, '--recompute-modules mlp moe layernorm')) - m.busiest.components.activations;
    // 61 layers' Q, K, V (2 bytes each); the latents stay either way, and the layer recomputed in the backward holds
    // less than the logits freed before it.
    close(freed, 61 * 2 * tokens * (2 * mla.qWidth + mla.vWidth), 'Q, K and V of every layer');
  });

  for (const name of ['mlp', 'moe', 'mla_up_proj', 'layernorm']) {
    it(`${name} lowers activations: without it in the list they are higher`, () => {
      const without = modules.replace(` ${name}`, '');
      assert.ok(activations(edited(modules, without)) > activations(TEXT), `${without}`);
    });
  }

  it('moe_act and shared_experts each free part of what moe frees', () => {
    const moe = activations(TEXT);
    const none = activations(edited(modules, '--recompute-modules mlp mla_up_proj layernorm'));
    const act = activations(edited(modules, '--recompute-modules mlp moe_act mla_up_proj layernorm'));
    const shared = activations(edited(modules, '--recompute-modules mlp shared_experts mla_up_proj layernorm'));
    const both = activations(edited(modules, '--recompute-modules mlp moe_act shared_experts mla_up_proj layernorm'));
    for (const [what, v] of [
      ['moe_act', act],
      ['shared_experts', shared],
      ['both', both],
    ] as const)
      assert.ok(moe < v && v < none, `${what}: ${v} between ${moe} and ${none}`);
    assert.ok(both < act && both < shared);
  });

  it("with --transformer-impl local every norm is a module of its own (Transformer Engine fuses a dense layer's pre-MLP norm into fc1): layernorm frees more", () => {
    const freedByLayernorm = (text: string) => activations(text.replace(' layernorm\n', '\n')) - activations(text);
    const local = edited('--transformer-impl transformer_engine', '--transformer-impl local');
    assert.ok(freedByLayernorm(TEXT) > 0);
    assert.ok(freedByLayernorm(local) > freedByLayernorm(TEXT));
  });

  it('at 512 GPUs (the most its global batch of 2048 takes at micro-batch 4) it does not fit, and doubling tensor parallelism there does; the file without a GPU count gets both in one fix', () => {
    const at512 = memoryOf(TEXT, 512);
    assert.equal(at512.verdict, 'does-not-fit');
    const tp = at512.fixes.find((f) => f.id === 'tensor-parallel')!;
    assert.equal(tp.verdict, 'fits');
    const m = analyze(TEXT, { fileName: NAME, overrides: { gpuType: 'h100-sxm' } }).memory!;
    assert.match(m.fixes[0]!.title, /^Set GPU count to 512, and double tensor parallelism to 2$/);
    assert.equal(m.fixes[0]!.verdict, 'fits');
  });

  it('a script sharding no_shard is offered the next strategy, written in place of its default, not the distributed optimizer it already has', () => {
    const text = edited('SHARDING_STRATEGY:-"optim_grads_params"', 'SHARDING_STRATEGY:-"no_shard"');
    const a = analyze(text, { fileName: NAME, overrides: { gpuType: 'h100-sxm', gpus: 256 } });
    const fixes = a.memory!.fixes;
    assert.ok(!fixes.some((f) => f.id === 'distributed-optimizer'), 'Megatron-FSDP shards by its strategy, not by --use-distributed-optimizer');
    const fix = fixes.find((f) => f.id === 'zero-stage' && f.steps.length === 1);
    assert.equal(fix?.title, "Shard with Megatron-FSDP's optim (as ZeRO stage 1)");
    assert.equal(fix.applicable, true);
    const plan = planMemoryFix(text, NAME, fix.steps, a);
    const out = applyEdits(text, plan.edits);
    assert.equal(out, text.replace('SHARDING_STRATEGY:-"no_shard"', 'SHARDING_STRATEGY:-"optim"'), 'only the default changes');
    const after = memoryOf(out, 256);
    assert.equal(after.inputs.zeroStage, 1);
    assert.equal(after.busiest.totalBytes, fix.totalBytes, 'the fix promised what the edited script reads');
  });
});
