// Launch scripts of Hugging Face Trainer-based fine-tunes: `torchrun`, `accelerate launch`, `deepspeed` or `python`
// running a training script with TrainingArguments flags (stanford_alpaca, FastChat, open-instruct, DeepSpeed-Chat,
// TRL's `trl sft|dpo|grpo` CLI). The script or subcommand names the objective; the launcher's own flags give the GPUs
// (`--nproc_per_node` × `--nnodes`, `--num_processes`, `--num_gpus` × `--num_nodes`).
import type { ParsedConfig } from '../parse/config';
import type { FormatExtractor } from './extractor';
import { RunBuilder } from './builder';
import { byDefault, fromEntry, shortLabel, truthy } from './finetune-common';
import { flagKey, objectiveFromName, readTrainerArgs } from './hf-args';

const TRAINER_FLAGS = [
  '--model_name_or_path',
  '--per_device_train_batch_size',
  '--gradient_accumulation_steps',
  '--num_train_epochs',
  '--learning_rate',
  '--output_dir',
  '--model_max_length',
  '--max_seq_length',
  '--max_seq_len',
  '--lr_scheduler_type',
  '--warmup_ratio',
  '--deepspeed',
  '--per-device-train-batch-size',
  '--model-name-or-path',
];
/** Flags of the pretraining launchers (Megatron) that mean this is not a Trainer launch. */
const PRETRAINING_FLAGS = ['--num-layers', '--hidden-size', '--num_layers', '--hidden_size', '--train-iters'];

/**
 * A launch of LLaMA-Factory's train entry (`llamafactory-cli train`, or its src/train.py / train_bash.py run with its
 * own `--stage` and `--finetuning_type` arguments).
 */
function runsLlamaFactory(cfg: ParsedConfig): boolean {
  return /\bllamafactory-cli\s+train\b/.test(cfg.text) || (cfg.entries.has('--stage') && cfg.entries.has('--finetuning_type'));
}

/** The training script or TRL subcommand the file runs, where it is written. */
function trainerName(cfg: ParsedConfig): string | undefined {
  const trl = /\btrl\s+(sft|dpo|grpo|kto|orpo|rloo|ppo|reward)\b/.exec(cfg.text);
  if (trl) return `trl ${trl[1]}`;
  for (const m of cfg.text.matchAll(/(?:^|[\s"'=])((?:[\w.-]+\/)*[\w.-]+\.py)\b/gm)) {
    const script = m[1]!;
    if (objectiveFromName(script)) return script;
  }
  const module = /-m\s+([\w.]+)/.exec(cfg.text);
  return module?.[1];
}

export const hfLaunchShell: FormatExtractor = {
  id: 'hf-launch-shell',
  syntax: 'shell',
  detect(cfg) {
    if (PRETRAINING_FLAGS.some((f) => cfg.entries.has(f)) || /openrlhf\.cli\./.test(cfg.text)) return 0;
    const hits = TRAINER_FLAGS.filter((f) => cfg.entries.has(f)).length;
    const named = ['--model_name_or_path', '--model-name-or-path', '--actor_model_name_or_path'].some((k) => cfg.entries.has(k));
    if (!named) return Math.min(0.25, hits * 0.05);
    return Math.min(0.95, 0.4 + hits * 0.07);
  },
  extract(cfg, fileName) {
    const b = new RunBuilder(cfg, 'hf-launch-shell', shortLabel(fileName, 'training launch script'));
    const run = b.run;
    // The script names the trainer (run_dpo.py); a generic one (main.py) leaves it to the file's own path.
    const script = trainerName(cfg);
    const name = script && objectiveFromName(script) ? script : objectiveFromName(fileName) ? fileName : script;
    readTrainerArgs(b, { spell: flagKey, trainerName: name ? { text: name } : undefined });
    if (runsLlamaFactory(cfg)) {
      // LLaMA-Factory turns gradient checkpointing on itself unless --disable_gradient_checkpointing (its model
      // arguments default that to false), whatever the Trainer's own --gradient_checkpointing says.
      const off = cfg.entries.get('--disable_gradient_checkpointing');
      const disabled = truthy(off);
      run.recompute =
        off && disabled !== undefined
          ? fromEntry(b, 'recompute', off, disabled ? 'none' : 'full')
          : byDefault('full', 'gradient checkpointing on (LLaMA-Factory hparams/model_args.py: disable_gradient_checkpointing defaults to false)');
    }
    // ---- GPUs from the launcher's flags
    const perNode = b.number('gpusPerNode', ['--nproc_per_node', '--nproc-per-node', '--num_gpus', '--num-gpus']);
    const nodes = b.number('nodes', ['--nnodes', '--num_nodes', '--num-nodes', '--num_machines']);
    const processes = b.number('gpus', ['--num_processes', '--num-processes']);
    if (processes) run.gpus = processes;
    else if (perNode) {
      run.gpusPerNode = perNode;
      run.nodes = nodes ?? { value: 1, source: 'default', detail: 'no node count: one node' };
    }
    return run;
  },
};
