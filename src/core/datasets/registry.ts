// Where a named dataset is, for hosts: LLaMA-Factory's registry (dataset_dir/dataset_info.json maps a name to a
// file beside it or a Hub id) and the Hugging Face datasets cache (HF_DATASETS_CACHE, else HF_HOME/datasets, else
// ~/.cache/huggingface/datasets; a dataset's folder is `org___name`, with a dataset_info.json per config and version).
import { joinPath, type HfEnvironment } from '../companions/locate';

export interface RegistryEntry {
  /** A file (or folder) relative to the registry's folder. */
  file?: string;
  /** A Hugging Face dataset id. */
  hubId?: string;
  /** The entry's split, when it names one. */
  split?: string;
}

/** A name's entry in a LLaMA-Factory dataset_info.json; undefined when the text is not one or lacks the name. */
export function registryEntry(text: string, name: string): RegistryEntry | undefined {
  let info: unknown;
  try {
    info = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!info || typeof info !== 'object' || Array.isArray(info)) return undefined;
  const entry = (info as Record<string, unknown>)[name];
  if (!entry || typeof entry !== 'object') return undefined;
  const e = entry as Record<string, unknown>;
  const split = typeof e.split === 'string' ? e.split : undefined;
  if (typeof e.file_name === 'string' && e.file_name.trim()) return { file: e.file_name.trim(), split };
  if (typeof e.hf_hub_url === 'string' && e.hf_hub_url.trim()) return { hubId: e.hf_hub_url.trim(), split };
  return {};
}

export interface DatasetsEnvironment extends HfEnvironment {
  HF_DATASETS_CACHE?: string;
}

/** The datasets library's cache folder, as it computes it. */
export function hfDatasetsCacheDir(env: DatasetsEnvironment): string | undefined {
  if (env.HF_DATASETS_CACHE) return env.HF_DATASETS_CACHE;
  if (env.HF_HOME) return joinPath(env.HF_HOME, 'datasets');
  if (env.XDG_CACHE_HOME) return joinPath(env.XDG_CACHE_HOME, 'huggingface/datasets');
  const home = env.HOME ?? env.USERPROFILE;
  return home ? joinPath(home, '.cache/huggingface/datasets') : undefined;
}

/** A Hub dataset id's folder in the datasets cache: "tatsu-lab/alpaca" → "<cache>/tatsu-lab___alpaca". */
export function hfDatasetCacheFolder(cacheDir: string, id: string): string | undefined {
  if (!/^[\w.-]+(\/[\w.-]+)?$/.test(id)) return undefined;
  return joinPath(cacheDir, id.replace('/', '___'));
}

/** Whether a dataset reference names a file or folder on disk rather than a Hub id. */
export function looksLikeLocalDataset(target: string): boolean {
  const t = target.replace(/\\/g, '/');
  return t.startsWith('/') || t.startsWith('.') || t.startsWith('~') || /\.(jsonl?|ndjson|csv|txt|parquet|arrow)$/i.test(t) || t.split('/').length > 2;
}
