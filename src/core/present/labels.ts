// The words users see for formats and run fields, in one place so the CLI, hovers and the panel agree.
import { INPUTS, type InputId } from '../inputs/registry';
import type { FormatId, RunSpec } from '../types';

export const FORMAT_LABELS: Record<FormatId, string> = {
  'deepspeed-json': 'DeepSpeed JSON',
  'megatron-shell': 'Megatron-LM launch script',
  'megatron-yaml': 'Megatron-LM YAML',
  'neox-yaml': 'GPT-NeoX YAML',
  'nemo-yaml': 'NeMo YAML',
  'llm-foundry-yaml': 'llm-foundry YAML',
  'olmo-yaml': 'OLMo YAML',
  'litgpt-yaml': 'LitGPT YAML',
  'nanotron-yaml': 'nanotron YAML',
  'torchtitan-toml': 'torchtitan TOML',
  'hf-model-json': 'model config JSON',
  'axolotl-yaml': 'axolotl YAML',
  'llama-factory-yaml': 'LLaMA-Factory YAML',
  'trl-yaml': 'TRL recipe YAML',
  'torchtune-yaml': 'torchtune recipe YAML',
  'hf-launch-shell': 'Hugging Face training launch script',
  'accelerate-yaml': 'accelerate config YAML',
  'rl-launch-shell': 'RL trainer launch script',
  'levanter-yaml': 'Levanter YAML',
  'maxtext-shell': 'MaxText launch script',
  'maxtext-yaml': 'MaxText YAML',
};

export type RunField = keyof Omit<RunSpec, 'format' | 'label' | 'arch' | 'parallel' | 'memory' | 'keys' | 'findings' | 'missing' | 'fineTune'>;

/** The inputs' own words (registry.ts); the run's fields below say some of them the way a run table reads. */
const INPUT_LABELS = Object.fromEntries(INPUTS.map((s) => [s.id, s.label])) as Record<InputId, string>;

export const RUN_FIELD_LABELS: Record<RunField | 'tp' | 'pp' | 'cp' | 'ep' | 'dp', string> = {
  ...INPUT_LABELS,
  params: 'parameters',
  activeParams: 'active parameters',
  tokens: 'training tokens',
  gpus: 'GPUs',
  gpuType: 'GPU type',
  precision: 'precision',
  seqLength: 'sequence length',
  globalBatch: 'global batch (sequences)',
  microBatch: 'micro batch per GPU',
  gradAccum: 'gradient accumulation',
  trainIters: 'training steps',
  trainSamples: 'training samples',
  nodes: 'nodes',
  gpusPerNode: 'GPUs per node',
  recompute: 'activation recomputation',
  zeroStage: 'ZeRO stage',
  region: 'region',
  gridGPerKWh: 'grid intensity (gCO2e/kWh)',
  pue: 'PUE',
  priceUSDPerGpuHour: 'price (USD per GPU-hour)',
  mfu: 'MFU',
  tp: 'tensor parallel',
  pp: 'pipeline parallel',
  cp: 'context parallel',
  ep: 'expert parallel',
  dp: 'data parallel',
};

/** What to do about each missing input, as the CLI and the editor phrase it. */
export const MISSING_HINTS: Record<RunSpec['missing'][number], string> = {
  params: 'the model size: architecture keys in the file, or --params / the panel',
  tokens: 'the training length: steps, samples or tokens in the file, or --tokens (a fine-tune run by epochs needs the dataset size)',
  gpus: 'the GPU count: nodes × GPUs per node in the file, a `# footprint: gpus=N` comment, or --gpus',
  gpuType: 'the GPU type: a `# footprint: gpu=H100` comment, the footprint.gpuType setting, or --gpu',
  precision: 'the precision (bf16 assumed when absent)',
  seqLength: 'the sequence length (needed for tokens and the attention term)',
};
