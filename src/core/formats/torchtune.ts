// torchtune recipe YAML (pytorch/torchtune recipes/configs/**): the model is a builder, `model._component_:
// torchtune.models.llama3_1.lora_llama3_1_8b` (lora_ / qlora_ prefixes are the adapters), with the weights in
// `checkpointer.checkpoint_dir`; the loss component says the objective (DPOLoss, SimPOLoss; none is SFT); the batch is
// `batch_size` per device × `gradient_accumulation_steps` × devices; the length is `epochs` × `max_steps_per_epoch`
// steps, or epochs over the dataset; `tokenizer.max_seq_len` cuts rows and `dataset.packed` packs them. The devices are
// the launch line's `--nproc_per_node` that these configs print in their header comment, or one for
// *_single_device configs.
import type { ConfigEntry } from '../parse/config';
import type { Adapter, Objective, Precision, Sourced } from '../types';
import type { FormatExtractor } from './extractor';
import { RunBuilder } from './builder';
import { fineTuneMemory } from './memory-keys';
import { byDefault, fromEntry, readBaseModel, resolveBaseModel, shortLabel, startFineTune, truthy } from './finetune-common';

const LOSSES: Array<[RegExp, Objective]> = [
  [/SimPOLoss/, 'simpo'],
  [/(DPO|RSO|IPO)Loss/, 'dpo'],
  [/PPOLoss/, 'ppo'],
];
const DTYPES: Record<string, Precision> = { bf16: 'bf16', fp16: 'fp16', fp32: 'fp32' };

/** "lora_llama3_1_8b" → "Llama-3.1-8B", "qwen2_5_7b" → "Qwen2.5-7B": the model a builder builds, by its HF name. */
export function builderModelName(component: string): string | undefined {
  const fn = component
    .slice(component.lastIndexOf('.') + 1)
    .replace(/^q?lora_/, '')
    .replace(/^dora_/, '');
  const m = /^([a-z]+)(\d+)(?:_(\d+))?_(\d+(?:_\d+)?[bm])$/i.exec(fn);
  if (!m) return undefined;
  const family = m[1]!.charAt(0).toUpperCase() + m[1]!.slice(1);
  return `${family}-${m[2]}${m[3] ? `.${m[3]}` : ''}-${m[4]!.replace('_', '.').toUpperCase()}`;
}

export const torchtuneYaml: FormatExtractor = {
  id: 'torchtune-yaml',
  syntax: 'yaml',
  detect(cfg) {
    const component = cfg.entries.get('model._component_');
    const isTune = typeof component?.value === 'string' && component.value.startsWith('torchtune.models.');
    const hits = ['batch_size', 'epochs', 'max_steps_per_epoch', 'gradient_accumulation_steps', 'checkpointer._component_', 'tokenizer._component_', 'optimizer._component_', 'dtype'].filter((k) =>
      cfg.entries.has(k),
    ).length;
    if (!isTune) return Math.min(0.2, hits * 0.03);
    return Math.min(1, 0.5 + hits * 0.06);
  },
  extract(cfg, fileName) {
    const b = new RunBuilder(cfg, 'torchtune-yaml', shortLabel(fileName, 'torchtune recipe'));
    const run = b.run;
    const set = (path: string): ConfigEntry | undefined => {
      const e = b.entry(path);
      return e && e.value !== null && e.value !== '' ? e : undefined;
    };
    const component = set('model._component_')!;
    const fn = String(component.value);
    const last = fn.slice(fn.lastIndexOf('.') + 1);
    const adapter: Sourced<Adapter> = /^qlora_/.test(last)
      ? fromEntry(b, 'adapter', component, 'qlora')
      : /^(lora|dora)_/.test(last)
        ? fromEntry(b, 'adapter', component, 'lora')
        : fromEntry(b, 'adapter', component, 'full');
    const loss = set('loss._component_');
    const lossHit = loss ? LOSSES.find(([re]) => re.test(String(loss.value))) : undefined;
    const objective: Sourced<Objective> = loss && lossHit ? fromEntry(b, 'objective', loss, lossHit[1]) : byDefault('sft', 'no preference loss: supervised fine-tuning');
    const ft = startFineTune(b, objective, adapter);

    // The weights' folder names the model as released; the builder's name is the fallback.
    const dir = set('checkpointer.checkpoint_dir');
    const dirName = dir && typeof dir.value === 'string' && !dir.value.includes('$') ? dir.value : undefined;
    const builtName = builderModelName(fn);
    if (dirName && (resolveBaseModel(dirName, '') || !builtName || !resolveBaseModel(builtName, ''))) readBaseModel(b, ft, ['checkpointer.checkpoint_dir']);
    else if (builtName) readBaseModel(b, ft, ['model._component_'], () => builtName);
    if (adapter.value !== 'full' && set('model.lora_rank')) ft.loraRank = b.number('loraRank', ['model.lora_rank']);

    // ---- batch, sequence, schedule
    run.seqLength = set('tokenizer.max_seq_len') ? b.number('seqLength', ['tokenizer.max_seq_len']) : undefined;
    run.microBatch = set('batch_size') ? b.number('microBatch', ['batch_size']) : undefined;
    run.gradAccum = set('gradient_accumulation_steps') ? b.number('gradAccum', ['gradient_accumulation_steps']) : undefined;
    if (set('epochs')) ft.epochs = b.number('epochs', ['epochs']);
    const perEpoch = set('max_steps_per_epoch') ? b.number('trainIters', ['max_steps_per_epoch']) : undefined;
    if (perEpoch) {
      const epochs = ft.epochs?.value ?? 1;
      run.trainIters = { value: perEpoch.value * epochs, source: 'derived', detail: `max_steps_per_epoch ${perEpoch.value} × ${epochs} epoch${epochs === 1 ? '' : 's'}`, span: perEpoch.span };
    }
    const packed = set('dataset.packed');
    ft.packing = packed ? fromEntry(b, 'packing', packed, truthy(packed) === true) : byDefault(false, 'dataset.packed not set: off (torchtune default)');

    // ---- devices: the launch line in the header comment, or a single-device recipe
    const launch = /--nproc_per_node[ =](\d+)/.exec(cfg.text);
    if (launch) {
      const line = cfg.lines.span(launch.index, launch.index).line;
      run.gpus = {
        value: Number(launch[1]),
        source: 'file',
        detail: `the recipe's launch command (comment, line ${line + 1}): --nproc_per_node ${launch[1]}`,
        span: cfg.lines.span(launch.index, launch.index + launch[0].length),
      };
    } else if (/single_device/i.test(fileName)) {
      run.gpus = { value: 1, source: 'derived', detail: 'a single-device recipe (file name)' };
    }

    // ---- recomputation and precision
    const ckpt = set('enable_activation_checkpointing');
    if (ckpt && truthy(ckpt) !== undefined) run.recompute = fromEntry(b, 'recompute', ckpt, truthy(ckpt) ? 'full' : 'none');
    const dtype = set('dtype');
    if (dtype && DTYPES[String(dtype.value).toLowerCase()]) run.precision = b.precisionFrom(dtype, DTYPES[String(dtype.value).toLowerCase()]!);

    // ---- memory: the optimizer component, its step in the backward, offloading; torchtune trains in the model dtype
    const memory =
      fineTuneMemory(b, {
        optimizer: ['optimizer._component_'],
        loraDropout: ['model.lora_dropout'],
        compile: ['compile'],
        optimizerInBackward: ['optimizer_in_bwd'],
        activationOffload: ['enable_activation_offloading'],
        cpuOffload: ['fsdp_cpu_offload'],
      }) ?? {};
    if (run.precision && run.precision.value !== 'fp32') {
      memory.pureDtype = {
        ...run.precision,
        value: true,
        detail: `${run.precision.detail}: torchtune casts the model to it, so weights, gradients and optimizer states are all 16-bit with no fp32 master copy`,
      };
    }
    if (Object.keys(memory).length > 0) run.memory = memory;
    return run;
  },
};
