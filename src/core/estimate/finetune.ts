// The compute of a fine-tuning or post-training run, as a list of terms the user can read: each pass the run makes
// (policy forward+backward, recomputation, reference, KL estimate, generation, critic, reward, updates), its FLOPs per
// token, the tokens it runs on, the regime it runs at (compute-bound training or memory-bound decoding) and its source.
//
// Per weight and token a forward pass costs 2 FLOPs, the gradient w.r.t. the input 2 and w.r.t. the weight 2
// (Korthikanti et al. 2022 App. A). So a full fine-tune is 6·N per token; LoRA and QLoRA skip the weight gradients
// of the frozen weights, 4·N (the adapters' own 6·N_A, under 1% of N at usual ranks, are not counted); activation
// checkpointing re-runs the forward, +2·N. Attention scores add 12·L·d·s per trained token (4 forward, 8 backward) when
// layers, width and sequence length are known, as in flops.ts. Generation is 2·N per generated token at decode
// utilisation (data/finetune.ts); its attention over the KV cache is not counted (the phase is bandwidth-bound).
import { DEFAULT_FREEZE_TRAINABLE_LAYERS, DEFAULT_GENERATIONS, DEFAULT_GRPO_BETA, DEFAULT_PPO_EPOCHS } from '../data/finetune';
import type { Adapter, FineTuneSpec, Objective, Recompute } from '../types';

export type ComputeRegime = 'train' | 'decode';

export interface ComputeTerm {
  /** Stable id: 'policy', 'recompute', 'reference', 'kl-estimate', 'prefill', 'generation', 'old-logprobs', 'critic-values', 'reward', 'critic-update'. */
  id: string;
  label: string;
  /** FLOPs per token of this pass. */
  flopsPerToken: number;
  /** The per-token formula in symbols ("4·N + 12·L·d·s"). */
  formula: string;
  /** Tokens the pass runs on. */
  tokens: number;
  /** How those tokens were counted ("all trained tokens", "generated tokens: 1,024 of 1,536 per sample"). */
  tokensDetail: string;
  flops: number;
  regime: ComputeRegime;
  /** Hardware FLOPs only: recomputation does no new useful work (MFU counts model FLOPs, HFU both). */
  recompute: boolean;
  source: string;
}

export interface FineTuneComputeInput {
  spec: FineTuneSpec;
  /** Parameters a token goes through (active parameters for MoE). */
  activeParams: number;
  /** Tokens of the sequences the policy is trained on (both sequences of a preference pair; RL: the experience). */
  tokens: number;
  layers?: number;
  hiddenSize?: number;
  seqLength?: number;
  recompute: Recompute;
}

export interface FineTuneCompute {
  terms: ComputeTerm[];
  /** Useful FLOPs (every term but recomputation). */
  modelFlops: number;
  /** All FLOPs the GPUs execute. */
  hardwareFlops: number;
  /** FLOPs of the compute-bound passes (recomputation included) and of generation. */
  trainRegimeFlops: number;
  decodeRegimeFlops: number;
  /** Assumptions the terms rest on, in words ("reference log-probs precomputed", "β = 0: no reference pass"). */
  notes: string[];
}

const SRC = {
  decomposition: 'forward 2, input gradient 2, weight gradient 2 FLOPs per weight per token (Korthikanti et al. 2022 App. A)',
  lora: 'LoRA (Hu et al. 2021) §4.2: no gradients for the frozen weights; only input gradients flow through them',
  qlora: 'QLoRA (Dettmers et al. 2023) §3: 4-bit weights dequantised to BF16 for the forward and backward pass, gradients only for the adapters',
  recompute: 'activation checkpointing re-runs the forward pass (BigScience math/README.md: "hardware FLOPs")',
  dpo: 'DPO (Rafailov et al. 2023); TRL DPOTrainer: reference model forward on chosen and rejected, once before training with precompute_ref_log_probs',
  refFree: 'reference-free losses: ORPO (Hong et al. 2024), SimPO (Meng et al. 2024), TRL ORPOTrainer / CPOTrainer docs',
  kto: 'KTO (Ethayarajh et al. 2024); TRL KTOTrainer docs: the KL term pairs each prompt with a mismatched completion from the batch',
  ppo: 'PPO RLHF (Ouyang et al. 2022): actor, critic, reward and reference models; experience generation then updates',
  grpo: 'GRPO (Shao et al. 2024, DeepSeekMath §4): G samples per prompt, group-normalised rewards, no critic',
  decode: 'generation: 2·N FLOPs per generated token, at decode utilisation',
} as const;

function fmt(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : String(Number(n.toPrecision(4)));
}

/** Per-token FLOPs of the passes, with attention when it can be counted. */
class Passes {
  readonly attention: number; // L·d·s, 0 when unknown
  constructor(
    readonly n: number,
    layers?: number,
    hidden?: number,
    seq?: number,
  ) {
    this.attention = layers && hidden && seq ? layers * hidden * seq : 0;
  }
  private attn(k: number): string {
    return this.attention > 0 ? ` + ${k}·L·d·s` : '';
  }
  forward(n = this.n): { flops: number; formula: string } {
    return { flops: 2 * n + 4 * this.attention, formula: `2·N${this.attn(4)}` };
  }
}

/** Per-token FLOPs of one trained pass (forward + backward) of the policy for an adapter type. */
function trainedPass(adapter: Adapter, p: Passes, layers: number | undefined, trainableLayers: number): { flops: number; formula: string; source: string; note?: string } {
  const a = p.attention;
  const attn = a > 0 ? ' + 12·L·d·s' : '';
  switch (adapter) {
    case 'full':
      return { flops: 6 * p.n + 12 * a, formula: `6·N${attn}`, source: SRC.decomposition };
    case 'lora':
      return { flops: 4 * p.n + 12 * a, formula: `4·N${attn}`, source: `${SRC.lora}; ${SRC.decomposition}` };
    case 'qlora':
      return { flops: 4 * p.n + 12 * a, formula: `4·N${attn}`, source: `${SRC.qlora}; ${SRC.decomposition}` };
    case 'freeze': {
      if (!layers || layers <= 0) {
        return { flops: 6 * p.n + 12 * a, formula: `6·N${attn}`, source: SRC.decomposition, note: 'freeze-tuning with the layer count unknown: counted as a full fine-tune (upper bound)' };
      }
      // Forward everywhere; input and weight gradients only in the top k of L layers.
      const share = Math.min(1, trainableLayers / layers);
      return {
        flops: 2 * p.n + 4 * a + share * (4 * p.n + 8 * a),
        formula: `2·N + ${fmt(trainableLayers)}/${fmt(layers)}·4·N${a > 0 ? ` + 4·L·d·s + ${fmt(trainableLayers)}/${fmt(layers)}·8·L·d·s` : ''}`,
        source: `${SRC.decomposition}; gradients flow only through the ${fmt(trainableLayers)} trained top layers`,
      };
    }
  }
}

/** Per-token FLOPs that recomputation adds to one trained pass. */
function recomputePass(recompute: Recompute, adapter: Adapter, p: Passes, layers: number | undefined, trainableLayers: number): { flops: number; formula: string } | undefined {
  if (recompute === 'none') return undefined;
  if (recompute === 'selective') return p.attention > 0 ? { flops: 4 * p.attention, formula: '4·L·d·s' } : undefined;
  if (adapter === 'freeze' && layers && layers > 0) {
    const share = Math.min(1, trainableLayers / layers);
    const f = p.forward();
    return { flops: share * f.flops, formula: `${fmt(trainableLayers)}/${fmt(layers)}·(${f.formula})` };
  }
  return p.forward();
}

const PAIRWISE: ReadonlySet<Objective> = new Set(['dpo', 'orpo', 'simpo', 'rm']);

/** Objectives whose two sequences per example (chosen, rejected) both go through the model. */
export function isPairwise(objective: Objective): boolean {
  return PAIRWISE.has(objective);
}

export function isReinforcement(objective: Objective): boolean {
  return objective === 'ppo' || objective === 'grpo';
}

export function fineTuneCompute(input: FineTuneComputeInput): FineTuneCompute {
  const { spec, activeParams: n, tokens } = input;
  const objective = spec.objective.value;
  const adapter = spec.adapter.value;
  const p = new Passes(n, input.layers, input.hiddenSize, input.seqLength);
  const trainable = spec.trainableLayers?.value ?? DEFAULT_FREEZE_TRAINABLE_LAYERS.value;
  const trained = trainedPass(adapter, p, input.layers, trainable);
  const re = recomputePass(input.recompute, adapter, p, input.layers, trainable);
  const terms: ComputeTerm[] = [];
  const notes: string[] = [];
  if (trained.note) notes.push(trained.note);
  if (adapter === 'qlora') notes.push('QLoRA: dequantising the 4-bit weights is counted as lower utilisation, not as FLOPs');
  const add: AddTerm = (t) => {
    terms.push({ ...t, recompute: t.recompute ?? false, flops: t.flopsPerToken * t.tokens });
  };
  const adapterWords = adapter === 'full' ? 'full fine-tune' : adapter === 'freeze' ? 'freeze-tuning' : adapter === 'lora' ? 'LoRA' : 'QLoRA';
  const policyTrain: PolicyTrain = (tokensTrained, tokensDetail, label = `policy forward + backward (${adapterWords})`) => {
    add({ id: 'policy', label, flopsPerToken: trained.flops, formula: trained.formula, tokens: tokensTrained, tokensDetail, regime: 'train', source: trained.source });
    if (re)
      add({
        id: 'recompute',
        label: `activation recomputation (${input.recompute})`,
        flopsPerToken: re.flops,
        formula: re.formula,
        tokens: tokensTrained,
        tokensDetail,
        regime: 'train',
        recompute: true,
        source: SRC.recompute,
      });
  };
  const fwd = p.forward();
  const allTrained = isPairwise(objective) ? 'chosen and rejected sequences' : 'trained tokens';

  switch (objective) {
    case 'sft':
    case 'pt':
    case 'rm':
      policyTrain(tokens, objective === 'rm' ? 'chosen and rejected sequences' : 'trained tokens', objective === 'rm' ? `reward model forward + backward (${adapterWords})` : undefined);
      break;
    case 'orpo':
    case 'simpo':
      policyTrain(tokens, allTrained);
      add({
        id: 'reference',
        label: `reference model: none (${objective.toUpperCase()} is reference-free)`,
        flopsPerToken: 0,
        formula: '0',
        tokens,
        tokensDetail: allTrained,
        regime: 'train',
        source: SRC.refFree,
      });
      break;
    case 'dpo': {
      policyTrain(tokens, allTrained);
      const refTokens = referenceTokens(spec, tokens, notes);
      add({
        id: 'reference',
        label: adapter === 'lora' || adapter === 'qlora' ? 'reference forward (the base model, adapters disabled)' : 'reference model forward',
        flopsPerToken: fwd.flops,
        formula: fwd.formula,
        tokens: refTokens.tokens,
        tokensDetail: refTokens.detail,
        regime: 'train',
        source: SRC.dpo,
      });
      break;
    }
    case 'kto': {
      policyTrain(tokens, 'trained tokens');
      const refTokens = referenceTokens(spec, tokens, notes);
      add({
        id: 'reference',
        label: 'reference model forward',
        flopsPerToken: fwd.flops,
        formula: fwd.formula,
        tokens: refTokens.tokens,
        tokensDetail: refTokens.detail,
        regime: 'train',
        source: SRC.kto,
      });
      if (spec.klEstimate?.value === false) {
        notes.push('KTO loss without a KL estimate (apo_zero_unpaired)');
      } else {
        // The mismatched-completion KL term: a policy forward without gradients, and the reference's (precomputed or not).
        add({
          id: 'kl-estimate',
          label: 'KL estimate: policy forward on mismatched completions',
          flopsPerToken: fwd.flops,
          formula: fwd.formula,
          tokens,
          tokensDetail: 'one mismatched completion per example',
          regime: 'train',
          source: SRC.kto,
        });
        add({
          id: 'kl-reference',
          label: 'KL estimate: reference forward on mismatched completions',
          flopsPerToken: fwd.flops,
          formula: fwd.formula,
          tokens: refTokens.tokens,
          tokensDetail: refTokens.detail,
          regime: 'train',
          source: SRC.kto,
        });
      }
      break;
    }
    case 'ppo':
    case 'grpo':
      reinforcement(objective, input, p, notes, add, policyTrain);
      break;
  }
  let modelFlops = 0;
  let hardwareFlops = 0;
  let trainRegimeFlops = 0;
  let decodeRegimeFlops = 0;
  for (const t of terms) {
    hardwareFlops += t.flops;
    if (!t.recompute) modelFlops += t.flops;
    if (t.regime === 'train') trainRegimeFlops += t.flops;
    else decodeRegimeFlops += t.flops;
  }
  return { terms, modelFlops, hardwareFlops, trainRegimeFlops, decodeRegimeFlops, notes };
}

/** Tokens of the reference passes: every step, or one pass over the dataset when precomputed. */
function referenceTokens(spec: FineTuneSpec, tokens: number, notes: string[]): { tokens: number; detail: string } {
  if (spec.referencePrecomputed?.value !== true) return { tokens, detail: 'every trained sequence, every step' };
  const epochs = spec.epochs?.value;
  if (epochs && epochs > 0) {
    notes.push(`reference log-probs precomputed: one pass over the dataset instead of ${fmt(epochs)}`);
    return { tokens: tokens / epochs, detail: `precomputed once: trained tokens ÷ ${fmt(epochs)} epochs` };
  }
  notes.push('reference log-probs precomputed, epochs unknown: one reference pass over the trained tokens counted (upper bound)');
  return { tokens, detail: 'precomputed once; the epoch count is unknown, so one pass over the trained tokens (upper bound)' };
}

type AddTerm = (t: Omit<ComputeTerm, 'flops' | 'recompute'> & { recompute?: boolean }) => void;

/** The trained pass over `tokens` (policy or reward model) and, with recomputation on, its recomputed forward. */
type PolicyTrain = (tokens: number, tokensDetail: string, label?: string) => void;

function reinforcement(objective: 'ppo' | 'grpo', input: FineTuneComputeInput, p: Passes, notes: string[], add: AddTerm, policyTrain: PolicyTrain): void {
  const { spec, tokens } = input;
  const src = objective === 'ppo' ? SRC.ppo : SRC.grpo;
  const prompt = spec.promptLength?.value;
  const response = spec.responseLength?.value;
  // Without both lengths the split between prompt and response is unknown: count the experience as generated (the
  // costlier regime) and say so.
  const responseShare = prompt !== undefined && response !== undefined && prompt + response > 0 ? response / (prompt + response) : 1;
  if (responseShare === 1 && (prompt === undefined || response === undefined)) notes.push('prompt and response lengths not both known: every experience token is counted as generated');
  if (prompt !== undefined && response !== undefined)
    notes.push(`samples at their maximum lengths (prompt ${fmt(prompt)} + response ${fmt(response)} tokens): an upper bound, responses usually stop earlier`);
  const generated = tokens * responseShare;
  const prefill = tokens - generated;
  const lengths = prompt !== undefined && response !== undefined ? `${fmt(response)} of ${fmt(prompt + response)} per sample` : 'all experience tokens';
  const fwd = p.forward();
  const epochs = spec.updateEpochs?.value ?? (objective === 'ppo' ? DEFAULT_PPO_EPOCHS.value : 1);
  if (!spec.updateEpochs && objective === 'ppo') notes.push(`PPO epochs per batch not given: ${DEFAULT_PPO_EPOCHS.value} (${DEFAULT_PPO_EPOCHS.source})`);
  const g = spec.generationsPerPrompt?.value ?? (objective === 'grpo' ? DEFAULT_GENERATIONS.value : 1);
  if (objective === 'grpo') notes.push(`${fmt(g)} samples per prompt${spec.generationsPerPrompt ? '' : ` (not given: ${DEFAULT_GENERATIONS.source})`}`);

  add({
    id: 'generation',
    label: 'rollout generation (decode)',
    flopsPerToken: 2 * p.n,
    formula: '2·N',
    tokens: generated,
    tokensDetail: `generated tokens: ${lengths}`,
    regime: 'decode',
    source: SRC.decode,
  });
  if (prefill > 0) {
    // With prefix caching the G samples of one prompt share its prefill (the engine reuses the prompt's KV cache).
    const shared = spec.prefixCaching?.value === true && g > 1;
    add({
      id: 'prefill',
      label: 'rollout prompt prefill',
      flopsPerToken: fwd.flops,
      formula: fwd.formula,
      tokens: shared ? prefill / g : prefill,
      tokensDetail: shared
        ? `prompt tokens once per prompt: prefix caching shares them among its ${fmt(g)} samples (${spec.prefixCaching!.detail})`
        : g === 1
          ? 'prompt tokens of every sample (one sample per prompt)'
          : `prompt tokens of every sample (${spec.prefixCaching ? `no prefix caching: ${spec.prefixCaching.detail}` : 'no prefix caching assumed'})`,
      regime: 'train',
      source: SRC.decode,
    });
  }

  const beta = spec.klCoef?.value ?? (objective === 'grpo' ? DEFAULT_GRPO_BETA.value : undefined);
  if (beta === 0) {
    notes.push(`KL coefficient β = 0${spec.klCoef ? '' : ` (not given: ${DEFAULT_GRPO_BETA.source})`}: no reference model pass`);
  } else {
    add({ id: 'reference', label: 'reference policy log-probs', flopsPerToken: fwd.flops, formula: fwd.formula, tokens, tokensDetail: 'every experience token', regime: 'train', source: src });
  }
  // The old policy's log-probs: recomputed by an actor forward when the trainer says so (verl, OpenRLHF: every step),
  // else PPO always and GRPO only when a batch is optimised more than once (TRL reuses the detached current ones).
  const oldLogProbs = spec.oldLogProbs?.value ?? (objective === 'ppo' || epochs > 1);
  if (oldLogProbs) {
    add({
      id: 'old-logprobs',
      label: 'old-policy log-probs',
      flopsPerToken: fwd.flops,
      formula: fwd.formula,
      tokens,
      tokensDetail: 'every experience token',
      regime: 'train',
      source: spec.oldLogProbs ? `${src}; ${spec.oldLogProbs.detail}` : src,
    });
  } else if (spec.oldLogProbs) {
    notes.push(`old-policy log-probs not recomputed: ${spec.oldLogProbs.detail}`);
  }
  const learned = spec.rewardModel?.value ?? (spec.rewardParams !== undefined || objective === 'ppo');
  const rewardN = learned ? (spec.rewardParams?.value ?? p.n) : undefined;
  if (!learned && spec.rewardModel) {
    notes.push(`no reward model on the GPUs: ${spec.rewardModel.detail}`);
  } else if (rewardN !== undefined) {
    const rf = p.forward(rewardN);
    add({
      id: 'reward',
      label: 'reward model forward',
      flopsPerToken: rf.flops,
      formula: spec.rewardParams ? rf.formula.replace('N', 'N_rm') : rf.formula,
      tokens,
      tokensDetail: 'every experience token',
      regime: 'train',
      source: src,
    });
    if (!spec.rewardParams) notes.push("reward model size not given: the policy's");
  } else {
    notes.push('rule-based reward (no reward model given): no reward-model FLOPs');
  }
  const updated = tokens * epochs;
  const updDetail = `experience tokens × ${fmt(epochs)} update epoch${epochs === 1 ? '' : 's'}`;
  policyTrain(updated, updDetail, 'policy update forward + backward');
  if (objective === 'ppo') {
    const cN = spec.criticParams?.value ?? p.n;
    if (!spec.criticParams) notes.push("critic size not given: the policy's");
    const cf = p.forward(cN);
    const cw = spec.criticParams ? 'N_c' : 'N';
    add({
      id: 'critic-values',
      label: 'critic (value model) forward',
      flopsPerToken: cf.flops,
      formula: cf.formula.replace('N', cw),
      tokens,
      tokensDetail: 'every experience token',
      regime: 'train',
      source: src,
    });
    const ct = 6 * cN + 12 * p.attention;
    add({
      id: 'critic-update',
      label: 'critic update forward + backward',
      flopsPerToken: ct,
      formula: `6·${cw}${p.attention > 0 ? ' + 12·L·d·s' : ''}`,
      tokens: updated,
      tokensDetail: updDetail,
      regime: 'train',
      source: SRC.decomposition,
    });
  }
}
