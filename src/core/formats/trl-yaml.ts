// TRL and alignment-handbook recipe YAML (`trl sft --config x.yaml`, `accelerate launch scripts/dpo.py x.yaml`): the
// dataclass fields of TrainingArguments, the TRL trainer configs and ModelConfig, flat at the top level. The
// objective comes from the recipe's folder or name (recipes/zephyr-7b-beta/dpo/config_full.yaml) or from keys only
// one trainer has (num_generations → GRPO, max_prompt_length with beta → DPO).
import type { FormatExtractor } from './extractor';
import { RunBuilder } from './builder';
import { shortLabel } from './finetune-common';
import { readTrainerArgs, yamlKey } from './hf-args';
import { inlineDeepSpeed } from './memory-keys';

const TRAINING_ARGUMENT_KEYS = [
  'per_device_train_batch_size',
  'gradient_accumulation_steps',
  'num_train_epochs',
  'max_steps',
  'learning_rate',
  'lr_scheduler_type',
  'warmup_ratio',
  'output_dir',
  'logging_steps',
  'bf16',
  'gradient_checkpointing',
  'max_length',
  'max_seq_length',
  'dataset_name',
  'dataset_mixture',
  'hub_model_id',
  'save_strategy',
  'optim',
  'use_peft',
  'beta',
  'num_generations',
  'packing',
  'torch_dtype',
];
/** Keys of other fine-tuning YAMLs that also carry model_name_or_path (LLaMA-Factory). */
const OTHER_FRAMEWORKS = ['stage', 'finetuning_type', 'template', 'cutoff_len', 'base_model'];

export const trlYaml: FormatExtractor = {
  id: 'trl-yaml',
  syntax: 'yaml',
  detect(cfg) {
    const hits = TRAINING_ARGUMENT_KEYS.filter((k) => cfg.entries.has(k) || cfg.sections.has(k)).length;
    if (!cfg.entries.has('model_name_or_path') || OTHER_FRAMEWORKS.some((k) => cfg.entries.has(k))) return Math.min(0.2, hits * 0.03);
    return Math.min(0.9, 0.35 + hits * 0.05);
  },
  extract(cfg, fileName) {
    const b = new RunBuilder(cfg, 'trl-yaml', shortLabel(fileName, 'TRL recipe'));
    readTrainerArgs(b, { spell: yamlKey, trainerName: { text: fileName } });
    inlineDeepSpeed(b);
    return b.run;
  },
};
