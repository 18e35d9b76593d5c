// The CLI follows a run's companions on disk: a launch script reads the DeepSpeed JSON it names, a DeepSpeed JSON given
// with its launch script reads the script's model and schedule, and models come from the Hugging Face cache.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnalysisJson } from '../../../src/core/present/json';
import { runCli } from '../helpers/cli';
import { FIXTURES_DIR } from '../helpers/fixtures';

const DIR = join(FIXTURES_DIR, 'Megatron-DeepSpeed/examples_deepspeed/finetune_hf_llama');
const SCRIPT = join(DIR, 'finetune_llama.sh');
const EXTRA = join(__dirname, '../../fixtures/extra');

function json(...argv: string[]): AnalysisJson[] {
  const r = runCli('estimate', '--json', ...argv);
  assert.equal(r.code, 0, r.err);
  const parsed = JSON.parse(r.out) as AnalysisJson | AnalysisJson[];
  return Array.isArray(parsed) ? parsed : [parsed];
}

/** Runs with HF_HOME pointing at a temporary cache, restored afterwards. */
function withHfHome<T>(home: string, body: () => T): T {
  const saved = { HF_HOME: process.env.HF_HOME, HF_HUB_CACHE: process.env.HF_HUB_CACHE };
  process.env.HF_HOME = home;
  delete process.env.HF_HUB_CACHE;
  try {
    return body();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

describe('CLI companions', () => {
  it('a Megatron-DeepSpeed script reads the DeepSpeed JSON its --deepspeed_config names, found above the script', () => {
    const [a] = json(SCRIPT, '--gpu', 'H100');
    assert.deepEqual(
      a!.companions.map((c) => c.replace(/\\/g, '/').replace(/^.*fixtures\/configs\//, '')),
      ['Megatron-DeepSpeed/examples_deepspeed/finetune_hf_llama/ds_config_empty.json'],
    );
    const config = a!.references.find((r) => r.kind === 'config');
    assert.equal(config?.key, '--deepspeed_config');
    assert.equal(config?.target, './examples_deepspeed/finetune_hf_llama/ds_config_empty.json');
    assert.ok(a!.references.some((r) => r.kind === 'tokenizer' && r.target === '/data/llama-2-7b-hf/'));
  });

  it("a DeepSpeed JSON given with its launch script is projected with the script's model, schedule and parallelism", () => {
    const [ds] = json(join(DIR, 'ds_config_empty.json'), SCRIPT, '--gpu', 'H100', '--gpus', '8');
    const run = ds!.run!;
    assert.equal(ds!.format, 'deepspeed-json');
    assert.equal(run.globalBatch?.source, 'file', 'the JSON keeps its own train_batch_size');
    assert.equal(run.trainIters?.value, 3500);
    assert.equal(run.trainIters?.source, 'companion');
    assert.match(run.trainIters!.detail, /^finetune_llama\.sh line \d+ \(--train-iters/);
    assert.equal(run.seqLength?.value, 512);
    assert.ok(Math.abs((run.params!.value as number) / 6.74e9 - 1) < 0.005);
    assert.ok(ds!.projection!.gpuHours! > 0 && ds!.projection!.costUSD! > 0 && ds!.projection!.co2eKg! > 0);
    assert.deepEqual(ds!.companions, [SCRIPT]);
  });

  it('a Trainer launch script and its ZeRO-3 JSON given together are one fine-tune: the JSON\'s "auto" values come from the script\'s flags', () => {
    const dir = join(__dirname, '../../fixtures/finetune/llama-factory/full_multi_gpu');
    const [ds, script] = json(join(dir, 'ds_z3_config.json'), join(dir, 'single_node.sh'), '--gpu', 'A100');
    assert.equal(ds!.format, 'deepspeed-json');
    assert.equal(ds!.run!.microBatch?.detail, 'single_node.sh line 17 (--per_device_train_batch_size: 1)');
    assert.equal(ds!.run!.precision?.detail, 'single_node.sh line 31 (--fp16: --fp16)');
    assert.ok(ds!.fineTune, "priced by the recipe's passes");
    assert.equal(ds!.computeOptimal, null, 'no compute-optimal verdict for a fine-tune');
    assert.ok(!ds!.findings.some((f) => f.code === 'over-training' || f.code === 'under-training'));
    assert.ok(ds!.findings.some((f) => f.code === 'value-deferred' && /the run uses 2, from single_node\.sh line 19/.test(f.message)));
    assert.ok(Math.abs(ds!.projection!.gpuHours! / script!.projection!.gpuHours! - 1) < 1e-9, 'the same GPU-hours either way');
  });

  it('a config naming a model in the local Hugging Face cache reads that config.json, not the table', () => {
    const home = mkdtempSync(join(tmpdir(), 'fp-hf-'));
    try {
      const repo = join(home, 'hub', 'models--meta-llama--Meta-Llama-3.1-8B');
      mkdirSync(join(repo, 'refs'), { recursive: true });
      mkdirSync(join(repo, 'snapshots', '0e9e39f249a16976918f6564b8830bc894c89659'), { recursive: true });
      writeFileSync(join(repo, 'refs', 'main'), '0e9e39f249a16976918f6564b8830bc894c89659');
      writeFileSync(join(repo, 'snapshots', '0e9e39f249a16976918f6564b8830bc894c89659', 'config.json'), readFileSync(join(EXTRA, 'llama3_8b_hf_config.json')));
      const [a] = withHfHome(home, () => json(join(FIXTURES_DIR, 'llm-foundry/hf-llama-3.1-8B.yaml')));
      assert.equal(a!.model?.origin, 'hf-cache');
      assert.match(a!.model!.from, /local Hugging Face cache: .*snapshots.*config\.json/);
      assert.equal(a!.run!.params?.source, 'derived', 'counted from the cached config.json');
      assert.ok(Math.abs((a!.run!.params!.value as number) / 8.03e9 - 1) < 0.01);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('an empty cache falls back to the shipped table, and says so', () => {
    const home = mkdtempSync(join(tmpdir(), 'fp-hf-'));
    try {
      const [a] = withHfHome(home, () => json(join(FIXTURES_DIR, 'llm-foundry/hf-llama-3.1-8B.yaml')));
      assert.equal(a!.model?.origin, 'table');
      assert.equal(a!.run!.params?.source, 'companion');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
