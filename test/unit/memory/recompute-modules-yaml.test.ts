// NeMo's and Megatron-LM YAML's `recompute_modules` under selective recomputation, as the launch scripts'
// --recompute-modules: each listed module's saved tensors are recomputed, so activations per GPU fall, and the value
// cites its line. Checked on NeMo's Llama config with its granularity set to selective, as a user would edit it.
import { strict as assert } from 'node:assert';
import { analyze } from '../../../src/core/analyze';
import { readFixture } from '../helpers/fixtures';

const NAME = 'NeMo/megatron_llama_config.yaml';
const SELECTIVE = readFixture(NAME).replace("activations_checkpoint_granularity: null # 'selective' or 'full' ", 'activations_checkpoint_granularity: selective');

function withModules(lines: string): string {
  assert.ok(SELECTIVE.includes('activations_checkpoint_granularity: selective\n'));
  return SELECTIVE.replace('activations_checkpoint_granularity: selective\n', `activations_checkpoint_granularity: selective\n${lines}`);
}

const read = (text: string) => analyze(text, { fileName: NAME });

describe('recompute_modules in NeMo / Megatron-LM YAML', () => {
  it('a flow list and a block list read alike, cite their line, and recompute the MLP too: fewer activations than core_attn alone', () => {
    const attnOnly = read(SELECTIVE);
    const flow = read(withModules('  recompute_modules: [core_attn, mlp]\n'));
    const block = read(withModules('  recompute_modules:\n    - core_attn\n    - mlp\n'));
    assert.deepEqual(flow.run!.memory!.recomputeModules!.value, ['core_attn', 'mlp']);
    assert.equal(flow.run!.memory!.recomputeModules!.source, 'file');
    assert.match(flow.run!.memory!.recomputeModules!.detail, /recompute_modules: \[core_attn, mlp\]/);
    assert.ok(flow.run!.memory!.recomputeModules!.span, 'the value has a place in the file');
    assert.deepEqual(block.run!.memory!.recomputeModules!.value, ['core_attn', 'mlp']);
    const acts = (a: ReturnType<typeof read>) => a.memory!.busiest.components.activations;
    assert.equal(acts(flow), acts(block));
    assert.ok(acts(flow) < acts(attnOnly), `${acts(flow)} < ${acts(attnOnly)}`);
  });

  it('one module as a string is a list of one; modules the estimate does not know are left out', () => {
    const one = read(withModules('  recompute_modules: mlp\n'));
    assert.deepEqual(one.run!.memory!.recomputeModules!.value, ['mlp']);
    const unknown = read(withModules('  recompute_modules: [core_attn, mhc]\n'));
    assert.deepEqual(unknown.run!.memory!.recomputeModules!.value, ['core_attn']);
    assert.equal(unknown.memory!.busiest.components.activations, read(SELECTIVE).memory!.busiest.components.activations, 'core_attn is the default');
  });
});
