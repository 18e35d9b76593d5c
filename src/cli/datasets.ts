// The CLI's datasets: a dataset a recipe names is found on disk (beside the recipe, then the folders above it; a
// LLaMA-Factory name through dataset_dir/dataset_info.json) and measured from at most its first DATASET_SAMPLE_BYTES,
// or, for a Hub id, read from the datasets cache's dataset_info.json. What cannot be found is an answer too: the core
// then uses its table of popular datasets, or says the dataset cannot be sized.
import { closeSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { configCandidates, joinPath } from '../core/companions/locate';
import type { Companion, Reference } from '../core/companions/types';
import { DATASET_SAMPLE_BYTES } from '../core/data/datasets';
import { measureDataset, measureHfDatasetInfo } from '../core/datasets/measure';
import { hfDatasetCacheFolder, hfDatasetsCacheDir, looksLikeLocalDataset, registryEntry, type DatasetsEnvironment } from '../core/datasets/registry';

export interface DatasetLookup {
  env: DatasetsEnvironment;
  root?: string;
  /** A path as the user typed paths on this command line. */
  display: (path: string) => string;
}

/** Largest dataset_info.json read (a LLaMA-Factory registry is ~20 kB; a cache's is a few kB). */
const MAX_INFO_BYTES = 1024 * 1024;

export function resolveDataset(ref: Reference, lookup: DatasetLookup): Companion {
  const base = { kind: 'dataset', target: ref.target } as const;
  if (ref.registry) {
    const info = configCandidates(joinPath(ref.registry, 'dataset_info.json'), ref.in, lookup.root).find(isFile);
    if (!info) return { ...base, fileName: ref.target, problem: `is a LLaMA-Factory dataset name, and no ${ref.registry}/dataset_info.json was found beside ${ref.in} or in the folders above it` };
    const text = readSmall(info, MAX_INFO_BYTES);
    const entry = text === undefined ? undefined : registryEntry(text, ref.target);
    if (!entry) return { ...base, fileName: lookup.display(info), problem: `is not defined in ${lookup.display(info)}` };
    if (entry.file) return measureFile({ ...base }, join(dirname(info), entry.file), lookup);
    if (entry.hubId) return fromCache({ ...base }, entry.hubId, entry.split ?? ref.split, lookup) ?? { ...base, fileName: entry.hubId };
    return { ...base, fileName: lookup.display(info), problem: `has no file_name or hf_hub_url in ${lookup.display(info)}` };
  }
  if (looksLikeLocalDataset(ref.target)) {
    const target = ref.target.startsWith('~/') ? join(lookup.env.HOME ?? homedir(), ref.target.slice(2)) : ref.target;
    const file = configCandidates(target, ref.in, lookup.root).find(isFile);
    if (file) return measureFile(base, file, lookup);
    return { ...base, fileName: ref.target, problem: `is not found beside ${ref.in} or in the folders above it` };
  }
  return fromCache(base, ref.target, ref.split, lookup) ?? { ...base, fileName: ref.target };
}

function measureFile(base: Pick<Companion, 'kind' | 'target'>, file: string, lookup: DatasetLookup): Companion {
  const fileName = lookup.display(file);
  const head = readHead(file, DATASET_SAMPLE_BYTES);
  if (!head) return { ...base, fileName, problem: 'cannot be read' };
  const result = measureDataset(head.text, { fileName: file, totalBytes: head.totalBytes, bytesRead: head.bytesRead });
  return 'problem' in result ? { ...base, fileName, problem: result.problem } : { ...base, fileName, dataset: result.measure };
}

/** The datasets cache's dataset_info.json for an id (`org___name/<config>/<version>/<hash>/`), the first found. */
function fromCache(base: Pick<Companion, 'kind' | 'target'>, id: string, split: string | undefined, lookup: DatasetLookup): Companion | undefined {
  const cache = hfDatasetsCacheDir({ ...lookup.env, HOME: lookup.env.HOME ?? homedir() });
  const folder = cache ? hfDatasetCacheFolder(cache, id) : undefined;
  const info = folder ? findInfo(folder, 4) : undefined;
  const text = info ? readSmall(info, MAX_INFO_BYTES) : undefined;
  if (!info || text === undefined) return undefined;
  const result = measureHfDatasetInfo(text, split);
  return 'problem' in result ? { ...base, fileName: info, problem: result.problem } : { ...base, fileName: info, dataset: result.measure };
}

function findInfo(dir: string, depth: number): string | undefined {
  const here = join(dir, 'dataset_info.json');
  if (isFile(here)) return here;
  if (depth === 0) return undefined;
  let names: string[];
  try {
    names = readdirSync(dir).sort();
  } catch {
    return undefined;
  }
  for (const name of names) {
    const sub = join(dir, name);
    if (!name.startsWith('.') && isDir(sub)) {
      const found = findInfo(sub, depth - 1);
      if (found) return found;
    }
  }
  return undefined;
}

/** The file's first `max` bytes as text, with its size: a dataset is never read whole past the sample. */
function readHead(path: string, max: number): { text: string; bytesRead: number; totalBytes: number } | undefined {
  let fd: number | undefined;
  try {
    const totalBytes = statSync(path).size;
    const buffer = Buffer.alloc(Math.min(totalBytes, max));
    fd = openSync(path, 'r');
    const bytesRead = readSync(fd, buffer, 0, buffer.length, 0);
    return { text: buffer.subarray(0, bytesRead).toString('utf8'), bytesRead, totalBytes };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function readSmall(path: string, max: number): string | undefined {
  try {
    return statSync(path).size > max ? undefined : readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
