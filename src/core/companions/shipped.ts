// Companions the product ships: a reference no host found a file for, answered from a table of the real files. A
// MaxText launch script's `model_name=llama2-7b` names configs/models/llama2-7b.yml, which is rarely beside a user's
// script; MaxText's own model files are shipped (data/maxtext.ts), so the script is read with that file as MaxText
// would read it. Likewise the DeepSpeed configs axolotl and LLaMA-Factory ship, which their recipes name by path
// (data/deepspeed-presets.ts). A file of that name the host does find (the user's own copy) is read instead.
import { shippedDeepSpeedConfig, shippedDeepSpeedFileName } from '../data/deepspeed-presets';
import { shippedModelFileName, shippedModelText } from '../data/maxtext';
import { maxtextModelName } from '../formats/maxtext';
import type { Reference } from './types';

export function shippedCompanion(ref: Reference): { fileName: string; text: string } | undefined {
  const deepspeed = shippedDeepSpeedConfig(ref.target);
  if (deepspeed) return { fileName: shippedDeepSpeedFileName(deepspeed), text: deepspeed.text };
  const name = maxtextModelName(ref);
  const text = name ? shippedModelText(name) : undefined;
  return name && text ? { fileName: shippedModelFileName(name), text } : undefined;
}
