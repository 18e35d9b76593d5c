// Every format Footprint Lens understands, and format detection: parse once by syntax, ask each format of that
// syntax how sure it is, take the surest above the threshold. A file no format claims yields no run and no noise.
import type { ParsedConfig, Syntax } from '../parse/config';
import type { FormatExtractor } from './extractor';
import { deepspeedJson } from './deepspeed';
import { hfModelJson } from './hf-model';
import { litgptYaml } from './litgpt';
import { llmFoundryYaml } from './llm-foundry';
import { megatronShell } from './megatron-shell';
import { megatronYaml } from './megatron-yaml';
import { nanotronYaml } from './nanotron';
import { nemoYaml } from './nemo';
import { neoxYaml } from './neox';
import { levanterYaml } from './levanter';
import { maxtextShell, maxtextYaml } from './maxtext';
import { olmoYaml } from './olmo';
import { torchtitanToml } from './torchtitan';
import { accelerateYaml } from './accelerate';
import { axolotlYaml } from './axolotl';
import { hfLaunchShell } from './hf-launch';
import { llamaFactoryYaml } from './llama-factory';
import { rlLaunchShell } from './rl-launch';
import { torchtuneYaml } from './torchtune';
import { trlYaml } from './trl-yaml';

export const FORMATS: readonly FormatExtractor[] = [
  deepspeedJson,
  hfModelJson,
  megatronShell,
  megatronYaml,
  neoxYaml,
  nemoYaml,
  llmFoundryYaml,
  olmoYaml,
  levanterYaml,
  maxtextYaml,
  maxtextShell,
  litgptYaml,
  nanotronYaml,
  torchtitanToml,
  axolotlYaml,
  llamaFactoryYaml,
  trlYaml,
  torchtuneYaml,
  hfLaunchShell,
  rlLaunchShell,
  accelerateYaml,
];

/** Below this, a file is not treated as a training config. */
export const DETECTION_THRESHOLD = 0.3;

export function detectFormat(cfg: ParsedConfig, fileName: string): FormatExtractor | undefined {
  let best: FormatExtractor | undefined;
  let bestScore = DETECTION_THRESHOLD;
  for (const format of FORMATS) {
    if (format.syntax !== cfg.syntax) continue;
    const score = format.detect(cfg, fileName);
    if (score >= bestScore) {
      best = format;
      bestScore = score;
    }
  }
  return best;
}

/** Which syntax to parse a text as, from its name first and its content second. */
export function syntaxOf(text: string, fileName: string): Syntax {
  const lower = fileName.toLowerCase();
  if (/\.(ya?ml)$/.test(lower)) return 'yaml';
  if (/\.(json|jsonc)$/.test(lower)) return 'json';
  if (/\.toml$/.test(lower)) return 'toml';
  if (/\.(sh|bash|slurm|sbatch)$/.test(lower)) return 'shell';
  const head = text.trimStart().slice(0, 200);
  if (head.startsWith('{')) return 'json';
  if (head.startsWith('#!') || /^#SBATCH/m.test(head)) return 'shell';
  if (/^\[[\w.]+\]\s*$/m.test(head)) return 'toml';
  return 'yaml';
}
