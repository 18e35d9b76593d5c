// The DeepSpeed configs fine-tuning stacks ship beside their recipes (axolotl's deepspeed_configs/, LLaMA-Factory's
// examples/deepspeed/), as written at a commit (deepspeed-presets.json, derived by scripts/derive-deepspeed-presets.ts).
// A recipe names one by its path in that repository (`deepspeed: deepspeed_configs/zero3_bf16.json`), which a user's
// own repository rarely holds: the run is read with the shipped file, and a copy the host finds wins over it.
import presets from './deepspeed-presets.json';

export interface ShippedDeepSpeedConfig {
  repo: string;
  commit: string;
  /** The file's path in its repository, as recipes name it. */
  path: string;
  licence: string;
  year: number;
  text: string;
}

export const DEEPSPEED_PRESETS: readonly ShippedDeepSpeedConfig[] = presets;

const baseNameOf = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/**
 * The shipped file a recipe's path names: that path, a path ending in it (`./examples/deepspeed/ds_z3_config.json`),
 * or its bare name (older LLaMA-Factory examples ran from the folder holding `ds_z3_config.json`); no two shipped
 * files share a name.
 */
export function shippedDeepSpeedConfig(target: string): ShippedDeepSpeedConfig | undefined {
  const path = target.trim().replace(/\\/g, '/');
  return DEEPSPEED_PRESETS.find((p) => path === p.path || path.endsWith(`/${p.path}`) || path === baseNameOf(p.path));
}

/** "axolotl's zero3_bf16.json (shipped copy @067b021c)": the name a shipped copy is read under, as its values cite it. */
export function shippedDeepSpeedFileName(p: ShippedDeepSpeedConfig): string {
  return `${p.repo.slice(p.repo.indexOf('/') + 1)}'s ${baseNameOf(p.path)} (shipped copy @${p.commit.slice(0, 8)})`;
}
