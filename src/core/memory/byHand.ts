// What to do by hand when a memory fix cannot be written into the file: the key, flag or companion file that makes
// the change, in the vocabulary of the format (or of the launcher the file runs with). memory/edit.ts returns these
// as a plan's `skipped`, and every surface shows them beside the fix (memory/text.ts), so a user who cannot apply a
// fix in one click still knows the one change to make.
import { maxtextDefault } from '../data/maxtext';
import { MEGATRON_FSDP_STRATEGIES } from '../formats/memory-keys';
import type { FormatId, RunSpec } from '../types';
import type { MemoryFixId } from './types';
import { EXPERT_PARALLEL_FIX, tensorParallelOverNode } from './layouts';

/** Recipes run by the Hugging Face Trainer (or accelerate), which take a DeepSpeed config and TrainingArguments' flags. */
const HF_TRAINER = new Set<FormatId>(['axolotl-yaml', 'llama-factory-yaml', 'trl-yaml', 'hf-launch-shell', 'rl-launch-shell', 'accelerate-yaml']);
const SHELL = new Set<FormatId>(['hf-launch-shell', 'rl-launch-shell', 'megatron-shell', 'maxtext-shell']);
const MEGATRON = new Set<FormatId>(['megatron-shell', 'megatron-yaml', 'nemo-yaml']);
export const MAXTEXT = new Set<FormatId>(['maxtext-yaml', 'maxtext-shell']);

/** The DeepSpeed config the file names (`deepspeed: ds.json`, `--deepspeed ds.json`), if it names one. */
function deepSpeedConfigOf(text: string): string | undefined {
  const m = /^[ \t]*deepspeed:[ \t]*["']?([^\s"'#]+\.json)/m.exec(text) ?? /--deepspeed[ \t=]+["']?([^\s"'\\]+\.json)/.exec(text);
  return m?.[1];
}

/** A MaxText key set in a YAML file (`key: v`) or on the launch command line (`key=v`). */
export function maxTextKey(format: FormatId, key: string, value: string): string {
  return format === 'maxtext-shell' ? `${key}=${value}` : `${key}: ${value}`;
}

/**
 * The micro-batch fix of a MaxText run that leaves per_device_batch_size to base.yml: its default halved, and the
 * gradient accumulation steps doubled (MaxText's global batch is per_device_batch_size × devices × accumulation).
 */
export function maxTextHalvedBatch(run: RunSpec): { perDevice: string; accumulation: string } {
  const base = Number(maxtextDefault('per_device_batch_size')?.value);
  return { perDevice: String(base / 2), accumulation: String((run.gradAccum?.value ?? 1) * 2) };
}

function nextZeroStage(run: RunSpec): number {
  return Math.min(3, (run.zeroStage?.value ?? 0) + 1);
}

/** What to do instead of the fix, for a file that has no key to write it into. */
export function byHandInstruction(text: string, run: RunSpec, format: FormatId, fix: MemoryFixId): string {
  const ds = deepSpeedConfigOf(text);
  const inCommand = SHELL.has(format) ? ' to the command' : '';
  switch (fix) {
    case 'zero-stage':
    case 'zero-stage-3': {
      const stage = fix === 'zero-stage-3' ? 3 : nextZeroStage(run);
      if (run.memory?.megatronFsdp) return `set --data-parallel-sharding-strategy to ${MEGATRON_FSDP_STRATEGIES[stage]} where its value is assigned (it is not written literally)`;
      if (ds) return `set "zero_optimization": {"stage": ${stage}} in ${ds}, the DeepSpeed config this file names`;
      if (format === 'hf-launch-shell' || format === 'rl-launch-shell') return `add --deepspeed with a DeepSpeed config whose "zero_optimization" has "stage": ${stage}${inCommand}`;
      if (HF_TRAINER.has(format)) return `add a DeepSpeed config with "zero_optimization": {"stage": ${stage}} and name it in the recipe (deepspeed: ds_z${stage}.json)`;
      return `set ZeRO stage ${stage} (or the matching FSDP sharding) in the launcher this file runs with`;
    }
    case 'tensor-parallel':
    case 'pipeline-parallel': {
      const tp = fix === 'tensor-parallel';
      const size = ((tp ? run.parallel.tp?.value : run.parallel.pp?.value) ?? 1) * 2;
      // per_device_batch_size counts sequences per device: a model-parallel group of twice the devices holds twice the batch unless it halves.
      if (MAXTEXT.has(format))
        return `add ${maxTextKey(format, tp ? 'ici_tensor_parallelism' : 'ici_pipeline_parallelism', String(size))} (MaxText's base.yml has 1)${inCommand}, and halve per_device_batch_size with gradient_accumulation_steps doubled: it counts sequences per device`;
      if (format === 'rl-launch-shell' && /\bopenrlhf\.cli\./.test(text))
        return tp
          ? `add --ds.tensor_parallel_size ${size} (OpenRLHF's DeepSpeed AutoTP) to the command; or offload Adam to the CPU with --ds.adam_offload`
          : 'OpenRLHF has no pipeline parallelism to set; offload Adam to the CPU with --ds.adam_offload, or add --ds.tensor_parallel_size 2 (DeepSpeed AutoTP)';
      if (format === 'axolotl-yaml' && tp) return `add tensor_parallel_size: ${size} (axolotl's N-D parallelism) to the recipe`;
      if (format === 'levanter-yaml' && tp) return `set trainer.model_axis_size: ${size} (Levanter's tensor-parallel axis)`;
      if (HF_TRAINER.has(format) || format === 'levanter-yaml' || format === 'llm-foundry-yaml') {
        return `this trainer has no ${tp ? 'tensor' : 'pipeline'} parallelism to set; shard the states further (ZeRO-3 or FSDP full shard), or train with Megatron-LM, NeMo or torchtitan`;
      }
      if (MEGATRON.has(format)) return `set ${tp ? '--tensor-model-parallel-size' : '--pipeline-model-parallel-size'} to ${size} where its value is assigned (it is not written literally)`;
      return `set ${tp ? 'tensor' : 'pipeline'} parallelism to ${size} where the launcher sets it`;
    }
    case 'expert-parallel':
      if (MAXTEXT.has(format))
        return `add ${maxTextKey(format, 'ici_expert_parallelism', String(EXPERT_PARALLEL_FIX))}${inCommand}, with ici_fsdp_parallelism left at -1 to take the rest of the devices`;
      if (MEGATRON.has(format)) return `set --expert-model-parallel-size to ${EXPERT_PARALLEL_FIX} where its value is assigned (it is not written literally)`;
      return `set expert parallelism to ${EXPERT_PARALLEL_FIX} where the launcher sets it`;
    case 'tensor-parallel-node': {
      const over = tensorParallelOverNode(run);
      return over
        ? `set tensor parallelism to ${over.tp} and the GPUs per node to ${over.gpusPerNode} where the launcher sets them (they are not written literally)`
        : 'give the run one node of GPUs and the tensor parallelism to match';
    }
    case 'optimizer-8bit':
      if (format === 'hf-launch-shell') return 'add --optim adamw_bnb_8bit to the command (a TrainingArguments flag; scripts with their own arguments choose the optimizer in the training code)';
      if (MEGATRON.has(format)) return "Megatron's optimizer flags (adam, sgd) have no 8-bit Adam; choose another fix";
      if (MAXTEXT.has(format)) return "MaxText's opt_type has no 8-bit Adam (adamw, adam_pax, sgd, muon); choose another fix";
      return "choose an 8-bit Adam (bitsandbytes' AdamW8bit) where the training code builds its optimizer";
    case 'offload-optimizer':
      if (MAXTEXT.has(format)) return `add ${maxTextKey(format, 'optimizer_memory_host_offload', 'true')} (MaxText's base.yml has false)${inCommand}`;
      if (format === 'torchtitan-toml') return 'turn on FSDP2 CPU offload (enable_cpu_offload = true under [training]): parameters, gradients and the optimizer step move to the CPU';
      if (ds) return `set "offload_optimizer": {"device": "cpu"} under "zero_optimization" in ${ds}, the DeepSpeed config this file names`;
      if (format === 'llm-foundry-yaml') return 'Composer\'s FSDP rejects fsdp_config.cpu_offload ("FSDP CPU Offload not supported yet") and no longer runs DeepSpeed; choose another fix';
      return 'set "offload_optimizer": {"device": "cpu"} under "zero_optimization" in the DeepSpeed config the run launches with';
    case 'micro-batch':
      if (MAXTEXT.has(format)) {
        const halved = maxTextHalvedBatch(run);
        return `add ${maxTextKey(format, 'per_device_batch_size', halved.perDevice)} and ${maxTextKey(format, 'gradient_accumulation_steps', halved.accumulation)}${inCommand}`;
      }
      return 'halve the micro-batch where the launcher sets it and double the gradient accumulation steps';
    case 'recompute-full':
    case 'recompute-selective': {
      const full = fix === 'recompute-full';
      if (MAXTEXT.has(format)) return `set ${maxTextKey(format, 'remat_policy', full ? 'full' : 'minimal')} (MaxText's policies, most memory first: minimal, save_qkv_proj, full)${inCommand}`;
      if (MEGATRON.has(format))
        return full ? 'add --recompute-granularity full --recompute-method uniform --recompute-num-layers 1 to the training command' : 'add --recompute-granularity selective to the training command';
      if (SHELL.has(format) && full) return 'add --gradient_checkpointing to the training command';
      if (HF_TRAINER.has(format) && full) return 'add gradient_checkpointing: true to the recipe';
      return 'turn on activation checkpointing where the training code builds the model';
    }
    case 'qlora':
      return 'load the base model in 4 bits (bitsandbytes NF4) where the training code loads it';
    case 'distributed-optimizer':
      return format === 'megatron-shell' ? 'add --use-distributed-optimizer to the training command' : 'select the distributed optimizer (distributed_fused_adam) where the optimizer is configured';
  }
}
