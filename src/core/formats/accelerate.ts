// Hugging Face accelerate config YAML (`accelerate config`, `accelerate launch --config_file x.yaml`): where a
// fine-tune runs, not what it trains. It gives the GPU count (`num_processes` over `num_machines`), the precision
// and the ZeRO stage; the model and the length are in the recipe it launches, which the lens says is needed.
import type { Precision } from '../types';
import type { FormatExtractor } from './extractor';
import { RunBuilder } from './builder';
import { shortLabel } from './finetune-common';

const PRECISIONS: Record<string, Precision> = { bf16: 'bf16', fp16: 'fp16', fp8: 'fp8', no: 'fp32' };

export const accelerateYaml: FormatExtractor = {
  id: 'accelerate-yaml',
  syntax: 'yaml',
  detect(cfg) {
    const hits = ['compute_environment', 'distributed_type', 'num_processes', 'num_machines', 'mixed_precision', 'machine_rank', 'main_training_function'].filter((k) => cfg.entries.has(k)).length;
    return cfg.entries.has('distributed_type') || cfg.entries.has('compute_environment') ? Math.min(0.9, 0.2 + hits * 0.1) : 0;
  },
  extract(cfg, fileName) {
    const b = new RunBuilder(cfg, 'accelerate-yaml', shortLabel(fileName, 'accelerate config'));
    const run = b.run;
    // num_processes is the total over all machines (accelerate launch --num_processes).
    run.gpus = b.number('gpus', ['num_processes']);
    if (b.has('num_machines')) run.nodes = b.number('nodes', ['num_machines']);
    const mp = b.entry('mixed_precision');
    const p = mp ? PRECISIONS[String(mp.value).toLowerCase()] : undefined;
    if (mp && p) run.precision = b.precisionFrom(mp, p);
    if (b.has('deepspeed_config.zero_stage')) run.zeroStage = b.number('zeroStage', ['deepspeed_config.zero_stage'], { allowZero: true });
    b.finding('launcher-config', { label: run.label });
    return run;
  },
};
