// A run is more than one file: what a config names in other files (its references), and the texts hosts found for
// them (companions). The core stays pure: it returns references and accepts companions; the CLI resolves them from
// disk, the extension through workspace.fs, and each re-runs the analysis with the texts.
import type { DatasetMeasure } from '../datasets/measure';
import type { Span } from '../types';

export type ReferenceKind =
  /** Another config of the same run: a DeepSpeed JSON, an accelerate config, an included YAML. */
  | 'config'
  /** A model by Hugging Face id or local folder. */
  | 'model'
  /** A tokenizer by id or path. */
  | 'tokenizer'
  /** A dataset by id or path. */
  | 'dataset';

export interface Reference {
  kind: ReferenceKind;
  /** What the file names, through its own variables: "ds_config.json", "mistralai/Mistral-7B-v0.1". */
  target: string;
  /** The key that names it, as written: "--deepspeed_config", "deepspeed", "base_model". */
  key: string;
  /** The file the reference is written in (the analysed file, or one of its companions). */
  in: string;
  /** Where in that file (only meaningful when `in` is the analysed file). */
  span?: Span;
  /** A dataset named in a LLaMA-Factory registry: the folder whose dataset_info.json defines the name. */
  registry?: string;
  /** A dataset's split, when the file names one. */
  split?: string;
  /** An included YAML (`data: !include x.yaml`): the key its mapping is placed under. */
  include?: string;
}

/** What a host found for a reference (or for a file that references the analysed one). */
export interface Companion {
  /**
   * The reference it answers (`kind` + `target`), or 'user': a file that references the analysed one (the launch
   * script of a DeepSpeed JSON), whose values fill what the analysed file does not say.
   */
  kind: ReferenceKind | 'user';
  target: string;
  /** Where the text was read, as the user knows it: "scripts/train.sh", "~/.cache/huggingface/hub/…/config.json". */
  fileName: string;
  text?: string;
  /** For models and tokenizers: where the config.json came from. */
  origin?: 'local' | 'hf-cache' | 'hub';
  /** Why there is no text ("not found next to train.sh"): becomes a finding. */
  problem?: string;
  /** For datasets: what the host measured of the file (or read of the datasets cache), instead of a text. */
  dataset?: DatasetMeasure;
}

/** The identity a host uses to avoid resolving one reference twice. */
export function referenceKey(r: { kind: string; target: string }): string {
  return `${r.kind}:${r.target}`;
}
