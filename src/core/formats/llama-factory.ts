// LLaMA-Factory training YAML (hiyouga/LLaMA-Factory, src/llamafactory/hparams/*.py): `model_name_or_path` names the
// model; `stage` (pt, sft, rm, ppo, dpo, kto) the objective, refined by `pref_loss` (orpo, simpo are reference-free);
// `finetuning_type` (lora by default, full, freeze, oft) with `quantization_bit` (4-bit LoRA is QLoRA); the length is
// `max_steps`, or `num_train_epochs` over the datasets, at most `max_samples` examples each; rows are cut at
// `cutoff_len`. Gradient checkpointing is on unless `disable_gradient_checkpointing`.
import type { ConfigEntry } from '../parse/config';
import type { Adapter, Objective, Precision, Sourced } from '../types';
import type { FormatExtractor } from './extractor';
import { RunBuilder } from './builder';
import { fineTuneMemory, inlineDeepSpeed } from './memory-keys';
import { byDefault, fromEntry, readBaseModel, shortLabel, startFineTune, truthy } from './finetune-common';

const STAGES: Record<string, Objective> = { pt: 'pt', sft: 'sft', rm: 'rm', ppo: 'ppo', dpo: 'dpo', kto: 'kto' };
/** pref_loss values of the dpo stage: sigmoid (DPO), hinge, ipo and kto_pair keep the reference model. */
const PREF_LOSSES: Record<string, Objective> = { orpo: 'orpo', simpo: 'simpo' };
const SOURCE = 'LLaMA-Factory hparams';

export const llamaFactoryYaml: FormatExtractor = {
  id: 'llama-factory-yaml',
  syntax: 'yaml',
  detect(cfg) {
    const strong = ['stage', 'finetuning_type', 'cutoff_len', 'template', 'lora_target'].filter((k) => cfg.entries.has(k)).length;
    // v1 configs (examples/v1) name the model `model:` and batch by `micro_batch_size`.
    const named = cfg.entries.has('model_name_or_path') || (cfg.entries.has('model') && cfg.entries.has('cutoff_len'));
    const v1 = cfg.entries.has('micro_batch_size') || cfg.sections.has('dist_config') || cfg.entries.has('train_dataset') ? 1 : 0;
    if (!named || strong + v1 < 2) return Math.min(0.25, strong * 0.08);
    return Math.min(1, 0.5 + (strong + v1) * 0.1);
  },
  extract(cfg, fileName) {
    const b = new RunBuilder(cfg, 'llama-factory-yaml', shortLabel(fileName, 'LLaMA-Factory recipe'));
    const run = b.run;
    const set = (path: string): ConfigEntry | undefined => {
      const e = b.entry(path);
      return e && e.value !== null && e.value !== '' ? e : undefined;
    };

    // ---- method
    const stageEntry = set('stage');
    const stage = stageEntry ? STAGES[String(stageEntry.value).toLowerCase()] : undefined;
    let objective: Sourced<Objective> = stageEntry && stage ? fromEntry(b, 'objective', stageEntry, stage) : byDefault('sft', `no stage: sft (${SOURCE} default)`);
    if (stageEntry && !stage)
      b.finding(
        'unknown-method',
        {
          key: 'stage',
          value: String(stageEntry.value),
          line: stageEntry.keySpan.line + 1,
          isNot: 'a LLaMA-Factory stage Footprint Lens knows (pt, sft, rm, ppo, dpo, kto)',
          countedAs: 'counted as sft',
        },
        stageEntry,
      );
    const loss = set('pref_loss');
    if (objective.value === 'dpo' && loss && PREF_LOSSES[String(loss.value).toLowerCase()]) objective = fromEntry(b, 'objective', loss, PREF_LOSSES[String(loss.value).toLowerCase()]!);
    const typeEntry = set('finetuning_type');
    const type = typeEntry ? String(typeEntry.value).toLowerCase() : 'lora';
    const quantBits = set('quantization_bit');
    let adapter: Sourced<Adapter>;
    if (type === 'full' || type === 'freeze') adapter = fromEntry(b, 'adapter', typeEntry!, type);
    else {
      // lora and oft both train small adapters on frozen weights; 4-bit (or 8-bit) quantised bases are QLoRA-style.
      const quantised = quantBits && Number(quantBits.value) <= 8;
      // v1 configs train all weights unless they carry a peft_config section.
      const v1Full = !typeEntry && b.has('model') && !b.has('model_name_or_path') && !cfg.sections.has('peft_config');
      const base: Sourced<Adapter> = typeEntry
        ? fromEntry(b, 'adapter', typeEntry, quantised ? 'qlora' : 'lora')
        : v1Full
          ? byDefault('full', 'no peft_config: all weights trained (LLaMA-Factory v1)')
          : byDefault(quantised ? 'qlora' : 'lora', `no finetuning_type: lora (${SOURCE} default)`);
      adapter = quantised ? { ...base, detail: `${base.detail}, quantization_bit: ${String(quantBits!.value)}` } : base;
      if (quantBits) b.note('adapter', quantBits);
    }
    const ft = startFineTune(b, objective, adapter);
    readBaseModel(b, ft, ['model_name_or_path', 'model']);
    if (adapter.value === 'lora' || adapter.value === 'qlora') {
      if (set('lora_rank')) ft.loraRank = b.number('loraRank', ['lora_rank']);
    }
    if (adapter.value === 'freeze' && set('freeze_trainable_layers')) ft.trainableLayers = b.number('adapter', ['freeze_trainable_layers']);

    // ---- batch, sequence, schedule
    run.seqLength = set('cutoff_len') ? b.number('seqLength', ['cutoff_len']) : byDefault(2048, `cutoff_len not set: 2048 (${SOURCE} default)`);
    run.microBatch = set('per_device_train_batch_size') || set('micro_batch_size') ? b.number('microBatch', ['per_device_train_batch_size', 'micro_batch_size']) : undefined;
    run.gradAccum = set('gradient_accumulation_steps') ? b.number('gradAccum', ['gradient_accumulation_steps']) : undefined;
    const steps = set('max_steps');
    if (steps && Number(steps.value) > 0) run.trainIters = b.number('trainIters', ['max_steps']);
    if (set('num_train_epochs')) ft.epochs = b.number('epochs', ['num_train_epochs'], { fractional: true });
    else ft.epochs = byDefault(3, 'num_train_epochs not set: 3 (transformers TrainingArguments default)');
    const maxSamples = set('max_samples');
    if (maxSamples) {
      const perDataset = b.number('datasetExamples', ['max_samples']);
      const datasets = set('dataset');
      const count = datasets && typeof datasets.value === 'string' ? datasets.value.split(',').filter((d) => d.trim()).length : 1;
      if (perDataset) {
        ft.datasetExamples = {
          ...perDataset,
          value: perDataset.value * count,
          detail: count > 1 ? `at most max_samples ${perDataset.value} × ${count} datasets` : `at most max_samples ${perDataset.value}`,
        };
      }
    }
    if (set('val_size')) ft.heldOut = b.number('heldOut', ['val_size'], { fractional: true, allowZero: true });
    const packing = set('packing') ?? set('neat_packing');
    if (packing) ft.packing = fromEntry(b, 'packing', packing, truthy(packing) === true);
    else ft.packing = byDefault(objective.value === 'pt', `packing not set: ${objective.value === 'pt' ? 'on for pretraining' : 'off'} (${SOURCE} default)`);

    // ---- preference / RL
    if (objective.value === 'ppo') {
      if (set('ppo_epochs')) ft.updateEpochs = b.number('updateEpochs', ['ppo_epochs']);
      else ft.updateEpochs = byDefault(4, `ppo_epochs not set: 4 (${SOURCE} default)`);
      if (set('max_new_tokens')) ft.responseLength = b.number('responseLength', ['max_new_tokens']);
      if (run.seqLength && ft.responseLength) ft.promptLength = { value: run.seqLength.value, source: 'derived', detail: 'prompts cut at cutoff_len' };
    }

    // ---- recomputation and precision
    const noCkpt = set('disable_gradient_checkpointing');
    run.recompute =
      noCkpt && truthy(noCkpt)
        ? fromEntry(b, 'recompute', noCkpt, 'none')
        : noCkpt
          ? fromEntry(b, 'recompute', noCkpt, 'full')
          : byDefault('full', `gradient checkpointing on (${SOURCE}: disable_gradient_checkpointing defaults to false)`);
    for (const [key, p] of [
      ['bf16', 'bf16'],
      ['fp16', 'fp16'],
      ['pure_bf16', 'bf16'],
    ] as Array<[string, Precision]>) {
      const e = set(key);
      if (e && truthy(e)) {
        run.precision = b.precisionFrom(e, p);
        break;
      }
    }
    // TrainingArguments' optim (adamw_torch, adamw_bnb_8bit, paged_adamw_8bit, adafactor…).
    run.memory = fineTuneMemory(b, { optimizer: ['optim'], loraDropout: ['lora_dropout'], compile: ['torch_compile'] });
    inlineDeepSpeed(b);
    return run;
  },
};
