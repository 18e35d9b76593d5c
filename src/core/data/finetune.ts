// The constants of the fine-tuning and post-training compute model (estimate/finetune.ts), each with its source and
// year. FLOPs per token come from the forward/backward decomposition (2 FLOPs per weight forward, 2 for the input
// gradient, 2 for the weight gradient: Korthikanti et al. 2022 App. A); what is here are the factors that are not
// arithmetic: utilisation of generation and of 4-bit weights, and the defaults the trainers ship.
import type { Range } from '../estimate/types';

export interface SourcedFactor {
  value: number;
  source: string;
  year: number;
}

export interface SourcedRange {
  range: Range;
  source: string;
  year: number;
}

/** FLOPs per weight per token of one forward pass; the input-gradient and weight-gradient passes cost the same each. */
export const FLOPS_PER_WEIGHT_PASS = 2;

/**
 * Utilisation of autoregressive generation (RL rollouts): a decode step reads every weight for B tokens, so MFU is at
 * most B over the GPU's FLOP/byte ridge (≈ 295 on H100: B = 32 gives ≤ 11%); long KV caches lower it further. The
 * range is the roofline bound for 16-64 sequences per replica; no published decode MFU of an RL trainer was found.
 */
export const DECODE_MFU: SourcedRange = {
  range: { point: 0.1, low: 0.05, high: 0.15 },
  source: 'roofline bound B / (peak FLOP/s ÷ HBM bytes/s) for 16-64 sequences per replica (H100 989 TFLOP/s, 3.35 TB/s); OpenRLHF README: "80% of the time on sample generation"',
  year: 2025,
};

/**
 * QLoRA's extra time over 16-bit LoRA from dequantising the 4-bit weights before every matmul: "a 39% increase in
 * training time" (Llama 2 7B). The QLoRA paper's "without degrading the runtime" compares with full fine-tuning, not
 * with LoRA. It enters the MFU model as a method factor, 1 / point (estimate/mfu.ts), so the MFU hover names it and
 * the range is the fine-tune MFU range (FINETUNE_MFU), not a second band of its own.
 */
export const QLORA_TIME_FACTOR: SourcedRange = {
  range: { point: 1.35, low: 1.3, high: 1.4 },
  source: 'S. Raschka, "Practical Tips for Finetuning LLMs Using LoRA" (Llama 2 7B: QLoRA +39% training time over LoRA); Dettmers et al. 2023 §3 (weights dequantised to BF16 for every matmul)',
  year: 2023,
};

/** Samples per prompt when an RL recipe does not say: TRL GRPOConfig num_generations default. */
export const DEFAULT_GENERATIONS: SourcedFactor = { value: 8, source: 'TRL trl/trainer/grpo_config.py num_generations default 8', year: 2025 };

/** GRPO's KL coefficient when a TRL recipe does not say: β = 0, "the KL divergence term is not used". */
export const DEFAULT_GRPO_BETA: SourcedFactor = { value: 0, source: 'TRL docs/source/grpo_trainer.md: beta default 0.0, no reference model loaded', year: 2025 };

/** Top layers a freeze-tune trains when the recipe does not say: LLaMA-Factory freeze_trainable_layers default 2. */
export const DEFAULT_FREEZE_TRAINABLE_LAYERS: SourcedFactor = { value: 2, source: 'LLaMA-Factory src/llamafactory/hparams/finetuning_args.py freeze_trainable_layers default 2', year: 2025 };

/** PPO optimisation epochs over one batch of experience when a recipe does not say (TRL PPOConfig num_ppo_epochs). */
export const DEFAULT_PPO_EPOCHS: SourcedFactor = { value: 4, source: 'TRL trl/experimental/ppo/ppo_config.py num_ppo_epochs default 4', year: 2025 };

/**
 * Throughput gained by packing short examples instead of padding them: "about a 1.4x increase" (OrcaMath) to "a 2x
 * throughput increase" (FLAN) for Llama 2 7B, Mistral 7B and Granite 8B on 8 A100-80GB. The packing lever assumes the
 * low end, since the padding a dataset carries depends on its length distribution.
 */
export const PACKING_SPEEDUP: SourcedRange = {
  range: { point: 1.4, low: 1.4, high: 2 },
  source: 'Hugging Face blog "packing-with-FA2" and arXiv 2407.09105',
  year: 2024,
};

/** The fewer-epochs lever trains this many epochs fewer. */
export const FEWER_EPOCHS: SourcedFactor = { value: 1, source: 'Product choice: one epoch fewer, the usual first cut of a multi-epoch fine-tune', year: 2026 };

/** The smaller-base lever fine-tunes a model with this share of the parameters. */
export const SMALLER_BASE_SHARE: SourcedFactor = { value: 0.5, source: 'Product choice: a base model half the size (8B → 4B, 70B → 35B class)', year: 2026 };

/**
 * Utilisation of fine-tuning against the MFU prior, which is fitted on whole pretraining runs of hundreds to thousands
 * of GPUs (restarts, evaluation, cross-node communication): the published fine-tuning runs of one node
 * (data/published-finetunes.ts) run at a higher fraction of peak. `factor` is exp(median log ratio) of projected to
 * published GPU-hours over the runs kept (listed but not used: a run whose GPUs would execute more than the MFU ceiling
 * of their datasheet peak, and one whose tokens are only an upper bound); `low`/`high` bound the leave-one-out ratios
 * (each run's ratio to a factor fitted without it) at the order statistics that hold 80% coverage in a sample this
 * small: the fine-tune MFU range. test/unit/validation/finetune-runs.test.ts refits
 * both and checks these rounded values.
 */
export const FINETUNE_MFU = {
  factor: 1.43,
  range: { low: 0.54, high: 1.35 },
  nominal: 0.8,
  source: 'median and leave-one-out 10th-90th percentiles of published/projected GPU-hours on the published fine-tuning runs',
  year: 2026,
} as const;
