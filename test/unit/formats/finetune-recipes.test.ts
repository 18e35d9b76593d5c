// Real public fine-tuning and post-training recipes (test/fixtures/finetune, sources and licences in SOURCES.md),
// read as a user opening them would: the format, the method, the base model's size where the model table knows it,
// the tokens the recipe implies (worked out by hand below), or the one thing it still needs.
import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyze, type Analysis } from '../../../src/core/analyze';
import { resolveBaseModel } from '../../../src/core/formats/finetune-common';
import type { Adapter, FormatId, Objective } from '../../../src/core/types';

const DIR = join(__dirname, '../../fixtures/finetune');

function files(dir = DIR): string[] {
  return readdirSync(dir).flatMap((e) => {
    const full = join(dir, e);
    return statSync(full).isDirectory() ? files(full) : e.endsWith('.md') ? [] : [relative(DIR, full)];
  });
}

function open(name: string, overrides = {}): Analysis {
  return analyze(readFileSync(join(DIR, name), 'utf8'), { fileName: name, overrides });
}

interface Golden {
  format: FormatId;
  method?: `${Objective}/${Adapter}`;
  /** Parameters of the base model (±1%), or null when no model table knows it (a fine-tune of a fine-tune, a local path). */
  params?: number | null;
  /** Tokens the recipe implies, or 'dataset' when it runs by epochs over a dataset of unknown size. */
  tokens?: number | 'dataset' | null;
  gpus?: number | null;
  seqLength?: number;
}

const LLAMA3_8B = 8.03e9;
const LLAMA2_7B = 6.74e9;
// The open-models table's counts of the models the recipes name (each checked against the published size there).
const MISTRAL_7B = 7.24e9;
const QWEN3_4B = 4.02e9;

const GOLDEN: Record<string, Golden> = {
  // axolotl: LoRA (8-bit base), full, DPO on LoRA, QLoRA; all by epochs over a named dataset. Datasets the shipped
  // table knows by their example count give epochs × examples × the sequence length (an upper bound), less the
  // val_set_size 0.05 held out (rounded up, as train_test_split does): 4 × (2,000 − 100) (mhenrichsen/alpaca_2k_test)
  // × 4,096; 1 × (52,002 − 2,601) (tatsu-lab/alpaca) × 8,192; 4 × 49,401 × 512.
  'axolotl/llama-3/lora-8b.yml': { format: 'axolotl-yaml', method: 'sft/lora', params: LLAMA3_8B, tokens: 4 * 1900 * 4096, seqLength: 4096 },
  'axolotl/llama-3/fft-8b.yaml': { format: 'axolotl-yaml', method: 'sft/full', params: LLAMA3_8B, tokens: 49401 * 8192, seqLength: 8192 },
  'axolotl/llama-3/instruct-dpo-lora-8b.yml': { format: 'axolotl-yaml', method: 'dpo/lora', params: LLAMA3_8B, tokens: 'dataset' },
  'axolotl/alst/llama3-8b-deepspeed-alst.yaml': { format: 'axolotl-yaml', method: 'sft/full', params: LLAMA3_8B, tokens: 'dataset', seqLength: 500_000 },
  'axolotl/gpt-oss/gpt-oss-20b-fft-deepspeed-zero3.yaml': { format: 'axolotl-yaml', method: 'sft/full', params: 20.9e9, tokens: 'dataset', seqLength: 4096 },
  'axolotl/llama-3/qlora-fsdp-70b.yaml': { format: 'axolotl-yaml', method: 'sft/qlora', params: null, tokens: 4 * 49401 * 512, seqLength: 512 },
  // LLaMA-Factory: epochs 3 × at most max_samples 1000 per dataset × cutoff_len 2048 (× 2 for preference pairs)
  'llama-factory/train_lora/qwen3_lora_sft.yaml': { format: 'llama-factory-yaml', method: 'sft/lora', params: QWEN3_4B, tokens: 3 * 2 * 1000 * 2048 },
  'llama-factory/train_lora/qwen3_lora_dpo.yaml': { format: 'llama-factory-yaml', method: 'dpo/lora', params: QWEN3_4B, tokens: 3 * 1000 * 2048 * 2 },
  'llama-factory/train_lora/qwen3_lora_kto.yaml': { format: 'llama-factory-yaml', method: 'kto/lora', params: QWEN3_4B, tokens: 3 * 1000 * 2048 },
  'llama-factory/train_full/qwen3_full_sft.yaml': { format: 'llama-factory-yaml', method: 'sft/full', params: QWEN3_4B, tokens: 3 * 2 * 1000 * 2048 },
  'llama-factory/extras/llama3_freeze_sft.yaml': { format: 'llama-factory-yaml', method: 'sft/freeze', params: null },
  // deepspeed --num_gpus 4; 3 epochs × (at most max_samples 3,000 less val_size 0.1: 300 held out) × cutoff_len 1,024
  'llama-factory/full_multi_gpu/single_node.sh': { format: 'hf-launch-shell', method: 'sft/full', params: LLAMA2_7B, tokens: 3 * 2700 * 1024, gpus: 4, seqLength: 1024 },
  'llama-factory/train_lora/qwen3_lora_sft.sh': { format: 'hf-launch-shell', method: 'sft/lora', params: QWEN3_4B, tokens: 3 * 2 * 1000 * 2048 },
  // TRL / alignment-handbook recipes: the folder names the trainer. UltraChat 200k's card gives its train_sft bytes:
  // 1 epoch × 1,397,058,554 characters ÷ 4 (1,680 tokens an example, under the 2,048 cut); UltraFeedback's only its
  // example count: 1 epoch × 61,135 pairs × 1,024 × 2 sequences.
  'alignment-handbook/zephyr-7b-beta/sft/config_full.yaml': { format: 'trl-yaml', method: 'sft/full', params: MISTRAL_7B, tokens: 1397058554 / 4, seqLength: 2048 },
  'alignment-handbook/zephyr-7b-beta/sft/config_qlora.yaml': { format: 'trl-yaml', method: 'sft/qlora', params: MISTRAL_7B, tokens: 1397058554 / 4 },
  'alignment-handbook/zephyr-7b-beta/dpo/config_full.yaml': { format: 'trl-yaml', method: 'dpo/full', params: null, tokens: 61135 * 1024 * 2, seqLength: 1024 },
  'alignment-handbook/zephyr-141b-A35b/orpo/config_full.yaml': { format: 'trl-yaml', method: 'orpo/full', params: 140.6e9, tokens: 'dataset' },
  'trl/cli_configs/example_config.yaml': { format: 'trl-yaml', method: 'sft/full', params: 0.494e9 },
  // torchtune: the builder and the checkpoint folder name Llama 3 / 3.1 8B; GPUs from the launch line in the header
  'torchtune/llama3_1/8B_lora.yaml': { format: 'torchtune-yaml', method: 'sft/lora', params: LLAMA3_8B, gpus: 2 },
  'torchtune/llama3_1/8B_full.yaml': { format: 'torchtune-yaml', method: 'sft/full', params: LLAMA3_8B },
  'torchtune/llama3/8B_qlora_single_device.yaml': { format: 'torchtune-yaml', method: 'sft/qlora', params: LLAMA3_8B, gpus: 1 },
  // 1,000 steps × (batch 4 × accumulation 8 × 2 GPUs) × 1,024 tokens × chosen and rejected
  'torchtune/llama3_1/8B_lora_dpo.yaml': { format: 'torchtune-yaml', method: 'dpo/lora', params: LLAMA3_8B, tokens: 1000 * 64 * 1024 * 2, gpus: 2, seqLength: 1024 },
  // LitGPT fine-tunes name the checkpoint folder, and the Alpaca2k data module (2,000 examples × 512 per epoch)
  'litgpt/finetune/llama-3-8b/lora.yaml': { format: 'litgpt-yaml', method: 'sft/lora', params: LLAMA3_8B, tokens: 2 * 2000 * 512, gpus: 1, seqLength: 512 },
  'litgpt/finetune/llama-3-8b/full.yaml': { format: 'litgpt-yaml', method: 'sft/full', params: LLAMA3_8B, tokens: 1 * 2000 * 512 },
  'litgpt/finetune/llama-2-7b/qlora.yaml': { format: 'litgpt-yaml', method: 'sft/qlora', params: LLAMA2_7B, tokens: 4 * 2000 * 512 },
  // Trainer launches in shell scripts
  'fastchat/train_vicuna_7b.sh': { format: 'hf-launch-shell', method: 'sft/full', params: LLAMA2_7B, tokens: 'dataset', gpus: 4, seqLength: 2048 },
  // 3 epochs × 61,135 UltraFeedback pairs × 2,048 × 2 sequences
  'open-instruct/dpo_train_with_accelerate.sh': { format: 'hf-launch-shell', method: 'dpo/full', params: null, tokens: 3 * 61135 * 2048 * 2, gpus: 8, seqLength: 2048 },
  // open-instruct's finetune.py under accelerate: the model a local folder (../hf_llama2_models/7B), the data a local file
  'open-instruct/finetune_with_accelerate.sh': { format: 'hf-launch-shell', method: 'sft/full', params: null, tokens: 'dataset', gpus: 4, seqLength: 8192 },
  'open-instruct/train/tulu3/finetune_8b.sh': { format: 'hf-launch-shell', method: 'sft/full', params: LLAMA3_8B, tokens: 'dataset', seqLength: 4096 },
  // grpo_fast.py: total_episodes 1,000,000 ÷ (48 prompts × 16 samples) = 1,302 steps × 768 samples × (2,048 + 4,096)
  'open-instruct/train/qwen/grpo_fast_3b_single_node.sh': { format: 'hf-launch-shell', method: 'grpo/full', params: 3.09e9, tokens: 1302 * 768 * 6144, seqLength: 6144 },
  'deepspeed-chat/step1_supervised_finetuning/run_llama2_7b.sh': { format: 'hf-launch-shell', method: 'sft/full', params: LLAMA2_7B, tokens: 'dataset', seqLength: 512 },
  'deepspeed-chat/step2_dpo_finetuning/run_llama2_7b_lora.sh': { format: 'hf-launch-shell', method: 'dpo/lora', params: LLAMA2_7B, tokens: 'dataset' },
  // RL launchers: verl Hydra overrides, OpenRLHF flags
  'verl/grpo_trainer/run_qwen2-7b.sh': { format: 'rl-launch-shell', method: 'grpo/full', params: 7.62e9, tokens: 'dataset', gpus: 8 },
  'verl/grpo_trainer/run_qwen2_5-3b_gsm8k_grpo_lora.sh': { format: 'rl-launch-shell', method: 'grpo/lora', params: 3.09e9, tokens: 'dataset' },
  'verl/ppo_trainer/run_deepseek7b_llm.sh': { format: 'rl-launch-shell', method: 'ppo/full', params: 6.91e9, tokens: 'dataset', gpus: 8 },
  // A learned reward model (reward_model.enable) named by a folder the table does not know: the policy's size stands in
  'verl/ppo_trainer/run_qwen2-7b_rm.sh': { format: 'rl-launch-shell', method: 'ppo/full', params: 7.62e9, tokens: 'dataset', gpus: 8, seqLength: 1024 + 512 },
  // 500 steps × 512 prompts × 16 samples × (2,048 + 8,192) tokens; the nodes come from SLURM at run time
  'verl/gspo_trainer/test_gspo_3b_math.sh': { format: 'rl-launch-shell', method: 'grpo/full', params: 3.09e9, tokens: 500 * 512 * 16 * 10240, gpus: null, seqLength: 10240 },
  // 1 episode × 100,000 prompts × 1 sample × max_len 2,048
  'openrlhf/train_ppo_ray_slurm.sh': { format: 'rl-launch-shell', method: 'ppo/full', params: null, tokens: 100_000 * 2048 },
  'openrlhf/train_rm.sh': { format: 'rl-launch-shell', method: 'rm/full', params: null, tokens: 'dataset', seqLength: 8192 },
  // 1 episode × 100,000 prompts × 1 sample × max_len 2,048
  'openrlhf/train_ppo_ray_hybrid_engine.sh': { format: 'rl-launch-shell', method: 'ppo/full', params: null, tokens: 100_000 * 2048, gpus: 8 },
  'openrlhf/train_reinforce_baseline_hybrid_engine.sh': { format: 'rl-launch-shell', method: 'grpo/full', params: QWEN3_4B },
  'openrlhf/train_dpo_llama.sh': { format: 'rl-launch-shell', method: 'dpo/full', params: null, tokens: 'dataset', seqLength: 8192 },
  // 1 epoch × at most 500,000 examples × 2,048
  'openrlhf/train_sft.sh': { format: 'rl-launch-shell', method: 'sft/full', params: LLAMA3_8B, tokens: 500_000 * 2048 },
  // Launcher and DeepSpeed configs that go with the recipes
  'alignment-handbook/accelerate_configs/zero3.yaml': { format: 'accelerate-yaml', gpus: 8 },
  'trl/accelerate_configs/multi_gpu.yaml': { format: 'accelerate-yaml', gpus: 8 },
  'axolotl/deepspeed_configs/zero3_bf16.json': { format: 'deepspeed-json' },
  'llama-factory/deepspeed/ds_z3_config.json': { format: 'deepspeed-json' },
  'llama-factory/full_multi_gpu/ds_z3_config.json': { format: 'deepspeed-json' },
  'axolotl/deepspeed_configs/zero3_bf16_cpuoffload_all.json': { format: 'deepspeed-json' },
  'open-instruct/configs/ds_configs/stage3_no_offloading_accelerate.conf': { format: 'deepspeed-json' },
};

describe('fine-tuning recipes: golden expectations on real public files', () => {
  it('every fixture has a golden row and a SOURCES.md entry', () => {
    const sources = readFileSync(join(DIR, 'SOURCES.md'), 'utf8');
    for (const f of files()) {
      assert.ok(GOLDEN[f], `no golden expectation for ${f}`);
      assert.ok(sources.includes(`| ${f} |`), `${f} is not in SOURCES.md`);
    }
    assert.ok(Object.keys(GOLDEN).length >= 30);
  });

  for (const [name, g] of Object.entries(GOLDEN)) {
    it(name, () => {
      const a = open(name);
      assert.equal(a.format, g.format);
      const run = a.run!;
      if (g.method) assert.equal(`${run.fineTune?.objective.value}/${run.fineTune?.adapter.value}`, g.method);
      if (g.params === null) {
        assert.equal(run.params, undefined);
        assert.equal(a.findings.filter((f) => f.code === 'model-unknown').length, 1, 'says once that the base model is not known');
      } else if (g.params !== undefined) {
        assert.ok(run.params && Math.abs(run.params.value / g.params - 1) < 0.01, `params ${run.params?.value}`);
      }
      if (g.tokens === 'dataset') {
        assert.equal(run.tokens, undefined);
        const needs = a.findings.filter((f) => f.code === 'needs-dataset-size');
        assert.equal(needs.length, 1, 'one finding says the dataset size is needed');
        assert.ok(needs[0]!.span, 'pointing at the epochs');
        assert.ok(!a.findings.some((f) => f.code === 'missing-tokens'), 'and not a second, generic one');
      } else if (typeof g.tokens === 'number') {
        assert.equal(run.tokens?.value, g.tokens, run.tokens?.detail);
      }
      if (g.gpus !== undefined) assert.equal(run.gpus?.value ?? null, g.gpus);
      if (g.seqLength !== undefined) assert.equal(run.seqLength?.value, g.seqLength);
      if (run.fineTune) {
        assert.equal(a.computeOptimal, null, 'no compute-optimal analysis for a fine-tune');
        assert.ok(!a.findings.some((f) => f.code === 'over-training' || f.code === 'under-training'));
      }
    });
  }
});

describe('fine-tuning recipes: the projection a user sees', () => {
  it('torchtune Llama 3.1 8B LoRA DPO: LoRA 4·N + reference 2·N + recomputation, with attention, on 131M tokens', () => {
    const a = open('torchtune/llama3_1/8B_lora_dpo.yaml');
    const n = a.run!.activeParams!.value;
    const attention = 32 * 4096 * 1024; // L · d · s
    const tokens = 1000 * 64 * 1024 * 2;
    const ids = a.projection!.fineTune!.terms.map((t) => t.id);
    assert.deepEqual(ids, ['policy', 'recompute', 'reference']);
    // policy 4N + 12A, reference 2N + 4A (model FLOPs); recomputation 2N + 4A more (hardware)
    assert.ok(Math.abs(a.projection!.flops! / ((6 * n + 16 * attention) * tokens) - 1) < 1e-9);
    assert.ok(Math.abs(a.projection!.hardwareFlops! / ((8 * n + 20 * attention) * tokens) - 1) < 1e-9);
    assert.ok(a.findings.some((f) => f.code === 'pretraining-share' && /of Llama 3\.1 8B's pretraining/.test(f.message)));
  });

  it('LLaMA-Factory val_size holds a share (rounded up) or a count of the examples out of training', () => {
    const text = readFileSync(join(DIR, 'llama-factory/train_lora/qwen3_lora_sft.yaml'), 'utf8');
    assert.match(text, /^# val_size: 0\.1$/m);
    const withHeldOut = (value: string) => analyze(text.replace(/^# val_size: 0\.1$/m, `val_size: ${value}`), { fileName: 'qwen3_lora_sft.yaml' }).run!.tokens!;
    // Two datasets of at most 1,000 examples each, 3 epochs, cutoff_len 2,048.
    const share = withHeldOut('0.1');
    assert.equal(share.value, 3 * 1800 * 2048);
    assert.match(share.detail, /less 200 held out for evaluation by val_size: 0\.1/);
    assert.equal(withHeldOut('0.15').value, 3 * 1700 * 2048);
    assert.equal(withHeldOut('500').value, 3 * 1500 * 2048);
    assert.equal(withHeldOut('0').value, 3 * 2000 * 2048, 'nothing held out');
  });

  it("a repository of a model's intermediate checkpoints is sized as the model (SmolLM3 3B, 3.08B)", () => {
    const base = resolveBaseModel('HuggingFaceTB/SmolLM3-3B-checkpoints', 'model_name_or_path');
    assert.equal(base?.model, 'HuggingFaceTB/SmolLM3-3B');
    assert.ok(base?.params && Math.abs(base.params.value / 3.075e9 - 1) < 0.01, `${base?.params?.value}`);
  });

  it('a recipe that needs the dataset size projects once the tokens are given', () => {
    const a = open('axolotl/llama-3/lora-8b.yml', { tokens: 50e6, gpus: 8, gpuType: 'a100-80gb' });
    assert.ok(a.projection!.gpuHours!.point > 0 && a.projection!.costUSD!.point > 0 && a.projection!.co2eKg!.point > 0);
    assert.ok(!a.findings.some((f) => f.code === 'needs-dataset-size' || f.code === 'over-training'));
  });

  it('a Trainer launch script and its ZeRO-3 JSON full of "auto": the script gives GPUs, batch and method, the JSON defers to it', () => {
    const json = open('open-instruct/configs/ds_configs/stage3_no_offloading_accelerate.conf');
    assert.equal(json.run!.zeroStage?.value, 3);
    const deferred = json.findings.filter((f) => f.code === 'value-deferred').map((f) => f.key);
    assert.deepEqual(deferred.sort(), ['bf16.enabled', 'gradient_accumulation_steps', 'train_batch_size', 'train_micro_batch_size_per_gpu']);
    assert.ok(!json.findings.some((f) => f.severity === 'error'), '"auto" is never an error');
    // accelerate launch --num_processes 8, 1 per GPU × accumulation 32/8/1 = 4: global batch 32 DPO pairs of 2,048.
    const script = open('open-instruct/dpo_train_with_accelerate.sh', { params: 6.74e9, tokens: 3 * 61_135 * 2 * 2048 });
    assert.equal(script.run!.gpus?.value, 8);
    assert.equal(script.run!.gradAccum?.value, 4);
    assert.equal(script.run!.globalBatch?.value, 32);
    assert.equal(script.run!.precision?.value, 'bf16');
    assert.deepEqual(
      script.projection!.fineTune!.terms.map((t) => t.id),
      ['policy', 'recompute', 'reference'],
    );
    assert.ok(script.projection!.gpuHours!.point > 0);
  });

  it('verl GSPO on Qwen2.5 3B: generation, a prefix-cached prefill, the recomputed old policy and the update, worked by hand', () => {
    const a = open('verl/gspo_trainer/test_gspo_3b_math.sh');
    const n = a.run!.activeParams!.value;
    const attention = 36 * 2048 * 10240; // L · d · s, one sample of 2,048 + 8,192 tokens
    const tokens = 500 * 512 * 16 * 10240;
    const terms = a.projection!.fineTune!.terms;
    assert.deepEqual(
      terms.map((t) => t.id),
      ['generation', 'prefill', 'old-logprobs', 'policy', 'recompute'],
      'no reference (use_kl_loss=false), no reward model (a reward function), no critic (grpo)',
    );
    const expected = 2 * n * 0.8 * tokens + (2 * n + 4 * attention) * ((0.2 * tokens) / 16) + (2 * n + 4 * attention) * tokens + (6 * n + 12 * attention) * tokens;
    assert.ok(Math.abs(a.projection!.flops! / expected - 1) < 1e-9, `${a.projection!.flops} ≠ ${expected}`);
    assert.ok(Math.abs(a.projection!.hardwareFlops! / (expected + (2 * n + 4 * attention) * tokens) - 1) < 1e-9);
    assert.match(terms.find((t) => t.id === 'old-logprobs')!.source, /ray_trainer\.py recomputes old_log_prob/);
    assert.match(terms.find((t) => t.id === 'prefill')!.tokensDetail, /prefix caching shares them among its 16 samples/);
  });

  it('OpenRLHF REINFORCE baseline with an agent reward: the reference at init_coef 1e-5, the prompt what max_len leaves the response', () => {
    const a = open('openrlhf/train_reinforce_baseline_hybrid_engine.sh');
    const ft = a.run!.fineTune!;
    assert.equal(ft.promptLength?.value, 74240 - 64000);
    assert.equal(a.run!.tokens?.value, 128_000 * 8 * 74240);
    const ids = a.projection!.fineTune!.terms.map((t) => t.id);
    assert.deepEqual(ids, ['generation', 'prefill', 'reference', 'old-logprobs', 'policy', 'recompute']);
    assert.ok(a.projection!.fineTune!.notes.some((x) => /no reward model on the GPUs: --train\.agent_func_path/.test(x)));
  });

  it('verl PPO with a reward function: critic forward and update, no reward model and no reference', () => {
    const a = open('verl/ppo_trainer/run_deepseek7b_llm.sh', { tokens: 1e9 });
    const ids = a.projection!.fineTune!.terms.map((t) => t.id);
    assert.deepEqual(ids, ['generation', 'prefill', 'old-logprobs', 'policy', 'recompute', 'critic-values', 'critic-update']);
    assert.equal(a.run!.seqLength?.value, 1024, 'one sample of 512 + 512 tokens');
    assert.ok(!a.run!.missing.includes('seqLength'));
    const rm = open('verl/ppo_trainer/run_qwen2-7b_rm.sh', { tokens: 1e9 });
    assert.ok(
      rm.projection!.fineTune!.terms.some((t) => t.id === 'reward' && t.flops > 0),
      'reward_model.enable=True: the reward model runs',
    );
  });

  it('a verl GRPO launch counts generation at decode utilisation once its dataset size is given', () => {
    const text = readFileSync(join(DIR, 'verl/grpo_trainer/run_qwen2-7b.sh'), 'utf8');
    const a = analyze(`# footprint: tokens=1e9 params=7.6B\n${text}`, { fileName: 'run_qwen2-7b.sh' });
    const terms = a.projection!.fineTune!.terms;
    const gen = terms.find((t) => t.id === 'generation')!;
    // 5 samples of a 512-token prompt and a 1,024-token response: 2/3 of the experience is generated.
    assert.ok(Math.abs(gen.tokens / 1e9 - 1024 / 1536) < 1e-9);
    assert.equal(gen.regime, 'decode');
    assert.ok(
      terms.some((t) => t.id === 'reference'),
      'use_kl_loss=True: the reference policy runs',
    );
    assert.ok(a.projection!.assumptions.some((x) => x.name === 'decodeMfu'));
  });
});
