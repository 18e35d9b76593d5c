// The compute of each fine-tuning and post-training method against FLOPs worked out by hand from the forward/backward
// decomposition (2 FLOPs per weight per token forward, 2 for input gradients, 2 for weight gradients), and GPU-hours
// from those FLOPs at a stated MFU. N = 1e9 parameters and D = 1e6 tokens throughout, so 1·N·D = 1e15 FLOPs.
import { strict as assert } from 'node:assert';
import { fineTuneCompute, type FineTuneComputeInput } from '../../../src/core/estimate/finetune';
import { project } from '../../../src/core/estimate/project';
import { estimateRun } from '../../../src/core/run/estimate';
import type { Adapter, FineTuneSpec, Objective, Recompute, RunSpec, Sourced } from '../../../src/core/types';
import { FINETUNE_MFU, QLORA_TIME_FACTOR } from '../../../src/core/data/finetune';

const set = <T>(value: T): Sourced<T> => ({ value, source: 'setting', detail: 'test input' });
const N = 1e9;
const D = 1e6;
const ND = N * D;

function spec(objective: Objective, adapter: Adapter, extra: Partial<FineTuneSpec> = {}): FineTuneSpec {
  return { objective: set(objective), adapter: set(adapter), ...extra };
}

function compute(s: FineTuneSpec, extra: Partial<FineTuneComputeInput> = {}) {
  return fineTuneCompute({ spec: s, activeParams: N, tokens: D, recompute: 'none' as Recompute, ...extra });
}

/** FLOPs of one term by id (0 when absent). */
function term(c: ReturnType<typeof compute>, id: string): number {
  return c.terms.filter((t) => t.id === id).reduce((a, t) => a + t.flops, 0);
}

function close(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) <= 1e-9 * Math.abs(expected), `${what}: ${actual} ≠ ${expected}`);
}

describe('fine-tune compute: supervised, by adapter', () => {
  it('full fine-tune: 6·N per token, +2·N hardware FLOPs with activation checkpointing', () => {
    const c = compute(spec('sft', 'full'));
    close(c.modelFlops, 6 * ND, 'model');
    close(c.hardwareFlops, 6 * ND, 'hardware');
    const ckpt = compute(spec('sft', 'full'), { recompute: 'full' });
    close(ckpt.modelFlops, 6 * ND, 'model with checkpointing');
    close(ckpt.hardwareFlops, 8 * ND, 'hardware with checkpointing');
    close(term(ckpt, 'recompute'), 2 * ND, 'recompute term');
  });

  it('LoRA and QLoRA: 4·N per token (no weight gradients for frozen weights), 6·N with checkpointing', () => {
    for (const adapter of ['lora', 'qlora'] as const) {
      const c = compute(spec('sft', adapter));
      close(c.modelFlops, 4 * ND, adapter);
      const ckpt = compute(spec('sft', adapter), { recompute: 'full' });
      close(ckpt.hardwareFlops, 6 * ND, `${adapter} checkpointed`);
    }
  });

  it('freeze-tuning the top 2 of 32 layers: 2·N forward + 2/32·4·N gradients = 2.25·N', () => {
    const c = compute(spec('sft', 'freeze'), { layers: 32 });
    close(c.modelFlops, 2.25 * ND, 'freeze');
    const four = compute(spec('sft', 'freeze', { trainableLayers: set(8) }), { layers: 32 });
    close(four.modelFlops, 3 * ND, 'freeze 8 of 32');
  });

  it('attention adds 12·L·d·s per trained token, as in pretraining', () => {
    const L = 16;
    const d = 2048;
    const s = 2048;
    const c = compute(spec('sft', 'lora'), { layers: L, hiddenSize: d, seqLength: s });
    close(c.modelFlops, (4 * N + 12 * L * d * s) * D, 'LoRA with attention');
    const full = compute(spec('sft', 'full'), { layers: L, hiddenSize: d, seqLength: s });
    close(full.modelFlops, (6 * N + 12 * L * d * s) * D, 'full with attention');
  });
});

describe('fine-tune compute: preference optimisation', () => {
  it('DPO: policy 6·N plus a reference forward 2·N on every sequence = 8·N', () => {
    const c = compute(spec('dpo', 'full'));
    close(c.modelFlops, 8 * ND, 'DPO full');
    close(term(c, 'reference'), 2 * ND, 'reference');
  });

  it('DPO with a LoRA policy: 4·N + the base model forward 2·N = 6·N', () => {
    close(compute(spec('dpo', 'lora')).modelFlops, 6 * ND, 'DPO LoRA');
  });

  it('DPO with precomputed reference log-probs over 3 epochs: one reference pass over the dataset', () => {
    const c = compute(spec('dpo', 'full', { referencePrecomputed: set(true), epochs: set(3) }));
    close(c.modelFlops, 6 * ND + (2 * ND) / 3, 'precomputed');
  });

  it('ORPO and SimPO are reference-free: 6·N', () => {
    for (const o of ['orpo', 'simpo'] as const) {
      const c = compute(spec(o, 'full'));
      close(c.modelFlops, 6 * ND, o);
      assert.ok(
        c.terms.some((t) => t.id === 'reference' && t.flops === 0 && /reference-free/.test(t.label)),
        `${o} shows its reference term as none`,
      );
    }
  });

  it('KTO: 6·N policy + 2·N reference + KL estimate 2·N policy + 2·N reference = 12·N; without the KL estimate 8·N', () => {
    close(compute(spec('kto', 'full')).modelFlops, 12 * ND, 'KTO');
    close(compute(spec('kto', 'full', { klEstimate: set(false) })).modelFlops, 8 * ND, 'KTO apo_zero_unpaired');
  });
});

describe('fine-tune compute: online RL', () => {
  // Each sample is a 512-token prompt and a 1,536-token response: 3/4 of the experience tokens are generated.
  const lengths = { promptLength: set(512), responseLength: set(1536) };

  it('GRPO with β = 0, μ = 1 and a rule-based reward: 2·N generation + 2·N prefill + 6·N update = 8·N·T', () => {
    const c = compute(spec('grpo', 'full', lengths));
    close(term(c, 'generation'), 2 * N * 0.75 * D, 'generation');
    close(term(c, 'prefill'), 2 * N * 0.25 * D, 'prefill');
    close(term(c, 'policy'), 6 * ND, 'update');
    close(term(c, 'reference'), 0, 'no reference at β = 0 (TRL default)');
    close(c.modelFlops, 8 * ND, 'total');
    close(c.decodeRegimeFlops, 1.5 * ND, 'decode regime');
    close(c.trainRegimeFlops, 6.5 * ND, 'train regime');
  });

  it('GRPO with β = 0.04 and μ = 2: + reference 2·N + old-policy 2·N, update twice', () => {
    const c = compute(spec('grpo', 'full', { ...lengths, klCoef: set(0.04), updateEpochs: set(2) }));
    close(c.modelFlops, (1.5 + 0.5 + 2 + 2 + 12) * ND, 'total');
  });

  it("PPO with one update epoch and critic and reward model the policy's size: 22·N per experience token", () => {
    const c = compute(spec('ppo', 'full', { ...lengths, updateEpochs: set(1) }));
    // generation+prefill 2, old-policy 2, reference 2, critic forward 2, reward 2, actor update 6, critic update 6.
    close(c.modelFlops, 22 * ND, 'PPO');
    close(term(c, 'critic-update'), 6 * ND, 'critic update');
  });

  it('verl-style GRPO: the old policy recomputed every step, β = 0.001, 4 samples sharing a prefix-cached prompt = 11.625·N·T', () => {
    const c = compute(spec('grpo', 'full', { ...lengths, klCoef: set(0.001), generationsPerPrompt: set(4), oldLogProbs: set(true), prefixCaching: set(true), rewardModel: set(false) }));
    // generation 2·N on 3/4 of the tokens; prefill 2·N on the prompt quarter once per 4 samples; reference 2, old-policy 2, update 6.
    close(term(c, 'generation'), 1.5 * ND, 'generation');
    close(term(c, 'prefill'), (2 * 0.25 * ND) / 4, 'prefill once per prompt');
    close(term(c, 'old-logprobs'), 2 * ND, 'old-policy forward at μ = 1');
    close(term(c, 'reference'), 2 * ND, 'reference at β > 0');
    close(term(c, 'reward'), 0, 'a reward function');
    close(c.modelFlops, 11.625 * ND, 'total');
    close(c.decodeRegimeFlops, 1.5 * ND, 'decode regime');
  });

  it('TRL-style GRPO at μ = 1 reuses the current log-probs: no old-policy pass; a learned reward model adds 2·N_rm', () => {
    const c = compute(spec('grpo', 'full', { ...lengths, rewardParams: set(0.5e9) }));
    close(term(c, 'old-logprobs'), 0, 'no old-policy pass');
    close(term(c, 'reward'), 2 * 0.5e9 * D, 'reward model of 0.5B');
    close(c.modelFlops, 9 * ND, '8·N + 2·(N/2)');
  });

  it('PPO with a reward function instead of a reward model: 20·N; old log-probs bypassed: 18·N', () => {
    const fn = compute(spec('ppo', 'full', { ...lengths, updateEpochs: set(1), rewardModel: set(false) }));
    close(term(fn, 'reward'), 0, 'no reward-model FLOPs');
    close(fn.modelFlops, 20 * ND, 'PPO with a reward function');
    assert.ok(fn.notes.some((n) => /no reward model on the GPUs: test input/.test(n)));
    const bypass = compute(spec('ppo', 'full', { ...lengths, updateEpochs: set(1), rewardModel: set(false), oldLogProbs: set(false) }));
    close(bypass.modelFlops, 18 * ND, 'rollout log-probs taken as the old policy');
  });

  it('PPO epochs: the actor and critic updates run E times over the experience, every forward once', () => {
    const c = compute(spec('ppo', 'full', { ...lengths, updateEpochs: set(4) }));
    // generation+prefill 2, old 2, reference 2, critic forward 2, reward 2, actor 6·4, critic 6·4
    close(c.modelFlops, (10 + 48) * ND, 'PPO with 4 epochs (TRL default)');
  });

  it('KTO with precomputed reference log-probs over 2 epochs: 6·N + 2·N/2 + KL 2·N + 2·N/2 = 10·N', () => {
    close(compute(spec('kto', 'full', { referencePrecomputed: set(true), epochs: set(2) })).modelFlops, 10 * ND, 'KTO precomputed');
  });

  it('PPO with a 1B-parameter critic and reward model for a larger policy', () => {
    const c = fineTuneCompute({ spec: spec('ppo', 'full', { ...lengths, updateEpochs: set(1), criticParams: set(1e9), rewardParams: set(1e9) }), activeParams: 7e9, tokens: D, recompute: 'none' });
    // policy 7e9: generation+prefill 2, old 2, reference 2, update 6 = 12·7e9; critic 1e9: forward 2 + update 6 = 8; reward 2.
    close(c.modelFlops, (12 * 7e9 + 8 * 1e9 + 2 * 1e9) * D, 'PPO with small critic');
  });
});

function ftRun(fineTune: FineTuneSpec, extra: Partial<RunSpec> = {}): RunSpec {
  return {
    format: 'axolotl-yaml',
    label: 'test',
    arch: {},
    parallel: {},
    keys: [],
    findings: [],
    missing: [],
    params: set(N),
    activeParams: set(N),
    tokens: set(D * 1000),
    gpuType: set('h100'),
    gpus: set(8),
    mfu: set(0.4),
    precision: set('bf16'),
    fineTune,
    ...extra,
  };
}

const H100_BF16 = 989e12;
const hours = (flops: number, mfu: number) => flops / (H100_BF16 * mfu * 3600);

describe('fine-tune projection: GPU-hours from the terms', () => {
  it("a LoRA run takes 4/6 of the full fine-tune's GPU-hours at the same MFU", () => {
    const full = project(ftRun(spec('sft', 'full'))).projection;
    const lora = project(ftRun(spec('sft', 'lora'))).projection;
    close(full.gpuHours!.point, hours(6 * ND * 1000, 0.4), 'full');
    close(lora.gpuHours!.point, hours(4 * ND * 1000, 0.4), 'LoRA');
  });

  it("QLoRA: the same FLOPs as LoRA; with a stated MFU the same time (the user's MFU already carries the dequantisation)", () => {
    const lora = project(ftRun(spec('sft', 'lora'))).projection;
    const q = project(ftRun(spec('sft', 'qlora'))).projection;
    assert.equal(q.flops, lora.flops);
    close(q.gpuHours!.point, lora.gpuHours!.point, 'point');
  });

  it("with the MFU prior, QLoRA's dequantisation and the fine-tuning factor are factors of the MFU model, named in its explanation", () => {
    const prior = (adapter: 'lora' | 'qlora') => project(ftRun(spec('sft', adapter), { mfu: undefined })).projection;
    const lora = prior('lora');
    const q = prior('qlora');
    close(q.gpuHours!.point, lora.gpuHours!.point * QLORA_TIME_FACTOR.range.point, 'QLoRA 1.35× the time of LoRA');
    const detail = String(q.assumptions.find((a) => a.name === 'mfu')?.detail);
    assert.match(detail, /fine-tuning on one node ×1\.43/);
    assert.match(detail, /QLoRA dequantisation \(1\.35× the time of LoRA\) ×0\.74/);
    assert.match(detail, /leave-one-out on published fine-tuning runs/);
    // The fine-tune range, not the pretraining one.
    close(lora.mfu!.low / lora.mfu!.point, FINETUNE_MFU.range.low, 'range low');
  });

  it('an RTX 4090 (FLOP/byte ridge 164) is read as Ampere, an L40S (419) as Hopper', () => {
    const mfuOf = (gpu: string) => String(project(ftRun(spec('sft', 'full'), { mfu: undefined, gpuType: set(gpu) })).projection.assumptions.find((a) => a.name === 'mfu')?.detail);
    assert.match(mfuOf('rtx-4090'), /Ada BF16 base 47% \(as Ampere: FLOP\/byte ridge 164, nearer Ampere's 153\)/);
    assert.doesNotMatch(mfuOf('rtx-4090'), /active ×/, 'and without the Hopper size law');
    assert.match(mfuOf('l40s'), /Ada BF16 base 26% \(as Hopper: FLOP\/byte ridge 419, nearer Hopper's 295\)/);
  });

  it("GRPO: generation at 10% decode MFU, the rest at the run's 40%", () => {
    const p = project(ftRun(spec('grpo', 'full', { promptLength: set(512), responseLength: set(1536) }))).projection;
    close(p.gpuHours!.point, hours(6.5 * ND * 1000, 0.4) + hours(1.5 * ND * 1000, 0.1), 'GRPO hours');
    assert.ok(p.assumptions.some((a) => a.name === 'decodeMfu' && a.value === 0.1));
    assert.ok(
      p.fineTune!.terms.every((t) => t.source.length > 0 && t.formula.length > 0),
      'every term says its formula and source',
    );
  });

  it('gradient checkpointing costs time: hardware FLOPs at the utilisation', () => {
    const p = project(ftRun(spec('sft', 'full'), { recompute: set('full') })).projection;
    close(p.gpuHours!.point, hours(8 * ND * 1000, 0.4), 'checkpointed');
    close(p.flops!, 6 * ND * 1000, 'model FLOPs');
  });
});

describe('fine-tune findings: no pretraining verdicts', () => {
  it('a fine-tune gets no compute-optimal analysis and no over-training finding, even at 1000s of tokens per parameter', () => {
    const run = ftRun(spec('sft', 'lora'), { tokens: set(1e13) });
    const e = estimateRun(run, {});
    assert.equal(e.computeOptimal, null);
    assert.ok(!e.findings.some((f) => f.code === 'over-training' || f.code === 'under-training'));
    const pre = estimateRun({ ...run, fineTune: undefined }, {});
    assert.ok(
      pre.findings.some((f) => f.code === 'over-training'),
      'the same numbers as pretraining do over-train',
    );
  });

  it("states the share of the base model's pretraining: Llama 3 8B full SFT on 1B tokens = 1/15,000", () => {
    const run = ftRun(spec('sft', 'full', { baseModel: set('meta-llama/Meta-Llama-3-8B') }), { params: set(8.03e9), activeParams: set(8.03e9), tokens: set(1e9) });
    const e = estimateRun(run, {});
    const share = e.projection!.fineTune!.pretrainingShare!;
    close(share.fraction, (6 * 8.03e9 * 1e9) / (6 * 8.03e9 * 15e12), 'share');
    const f = e.findings.find((x) => x.code === 'pretraining-share');
    assert.ok(f && /0\.0067% of Llama 3 8B's pretraining/.test(f.message), f?.message);
  });

  it("says nothing about the share when the base model's pretraining tokens are not published", () => {
    const run = ftRun(spec('sft', 'full', { baseModel: set('mistralai/Mistral-7B-v0.1') }));
    assert.ok(!estimateRun(run, {}).findings.some((f) => f.code === 'pretraining-share'));
  });
});
