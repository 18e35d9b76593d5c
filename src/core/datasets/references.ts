// The training datasets a recipe names, whatever its format: axolotl `datasets[].path`, LLaMA-Factory `dataset`
// (names in dataset_dir/dataset_info.json), TRL and Trainer `dataset_name`, torchtune `dataset.source` /
// `data_files` / a builder `_component_`, Trainer scripts' `--train_file` and `--data_path`, LitGPT `data.class_path`
// and its `json_path`, alignment-handbook mixtures. Validation and test sets are not training data and are skipped.
import type { ConfigEntry, ParsedConfig } from '../parse/config';

export interface DatasetRef {
  target: string;
  entry: ConfigEntry;
  /** LLaMA-Factory: the folder whose dataset_info.json defines the names (dataset_dir, default "data"). */
  registry?: string;
  /** The split trained on, when the recipe says (`split: train_sft`, torchtune `train[:95%]` → "train"). */
  split?: string;
}

/** Keys whose value names training data (the last segment, dashes and hyphens normalised). */
const DATA_KEYS = new Set(['dataset_name', 'train_file', 'train_files', 'data_path', 'train_data', 'train_data_path', 'dataset_path', 'data_files', 'json_path', 'train_path']);
/** A value that names a dataset: an id, a builder name or a path, no shell syntax left. */
const NAME = /^[\w.~\/:-]+$/;
const NOT_TRAINING = /(^|[._-])(val|valid|validation|eval|test|dev)([._-]|$)|dataset_val|test_datasets/i;
/** LLaMA-Factory's own keys: its `dataset` is a list of names in a registry, not an id. */
const LLAMA_FACTORY_KEYS = ['finetuning_type', 'template', 'stage'];

export function datasetReferencesOf(cfg: ParsedConfig): DatasetRef[] {
  const out: DatasetRef[] = [];
  const shell = cfg.syntax === 'shell';
  const get = (k: string) => cfg.entries.get(k) ?? cfg.entries.get(`--${k}`);
  const llamaFactory = LLAMA_FACTORY_KEYS.some((k) => get(k) !== undefined);
  const registry = str(get('dataset_dir')?.value) ?? 'data';
  for (const e of cfg.entries.values()) {
    if (shell && !e.path.startsWith('-')) continue;
    const path = e.path.replace(/^-+/, '').replace(/-/g, '_');
    if (NOT_TRAINING.test(path)) continue;
    const value = str(e.value);
    if (!value) continue;
    const last = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
    if (path === 'dataset' && llamaFactory) {
      for (const name of value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean))
        if (NAME.test(name)) out.push({ target: name, entry: e, registry });
      continue;
    }
    let target: string | undefined;
    if (/^datasets\.\d+\.path$|^pretraining_dataset(\.\d+)?\.path$/.test(path))
      target = value; // axolotl
    else if (/^dataset_mixture\.datasets\.\d+\.id$/.test(path))
      target = value; // alignment-handbook
    else if (/^dataset(\.\d+)?\._component_$/.test(path) || /^data\.class_path$/.test(path))
      target = builderName(value); // torchtune, LitGPT
    else if (/^dataset(\.\d+)?\.source$/.test(path)) target = cfg.entries.has(path.replace(/source$/, 'data_files')) ? undefined : value;
    else if (path === 'dataset' || path === 'data.dataset' || DATA_KEYS.has(last)) target = value;
    if (!target || !NAME.test(target) || /^(json|csv|text|parquet|arrow)$/i.test(target)) continue;
    out.push({ target, entry: e, split: splitOf(cfg, path) });
  }
  return dedupe(out);
}

function str(v: ConfigEntry['value'] | undefined): string | undefined {
  return typeof v === 'string' && v.trim() && !v.includes('$') ? v.trim() : undefined;
}

/** torchtune.datasets.alpaca_cleaned_dataset and litgpt.data.Alpaca2k stay as written: the table knows them by these names. */
function builderName(value: string): string | undefined {
  return /^(torchtune\.datasets|litgpt\.data)\./.test(value) ? value : undefined;
}

/** The split named beside the dataset: `split: train_sft`, torchtune's `train[:95%]` (a slice of train). */
function splitOf(cfg: ParsedConfig, path: string): string | undefined {
  const dot = path.lastIndexOf('.');
  const prefix = dot < 0 ? '' : path.slice(0, dot + 1);
  const v = cfg.entries.get(`${prefix}split`)?.value ?? (prefix ? undefined : cfg.entries.get('dataset_train_split')?.value);
  return typeof v === 'string' ? v.replace(/\[.*$/, '').trim() || undefined : undefined;
}

function dedupe(refs: DatasetRef[]): DatasetRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => !seen.has(r.target) && !!seen.add(r.target));
}
