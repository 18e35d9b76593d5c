// The editor's datasets: a dataset a recipe names is found through workspace.fs (desktop and web alike; beside the
// recipe, then the folders above it; a LLaMA-Factory name through dataset_dir/dataset_info.json) and measured once
// per change, or, for a Hub id on the desktop, read from the datasets cache's dataset_info.json. workspace.fs reads
// whole files only, so a file over EDITOR_DATASET_MAX_BYTES is not read: the CLI, which samples, measures it.
import * as vscode from 'vscode';
import { configCandidates, joinPath } from '../core/companions/locate';
import type { Companion, Reference } from '../core/companions/types';
import { DATASET_SAMPLE_BYTES, EDITOR_DATASET_MAX_BYTES } from '../core/data/datasets';
import { measureDataset, measureHfDatasetInfo } from '../core/datasets/measure';
import { hfDatasetCacheFolder, hfDatasetsCacheDir, looksLikeLocalDataset, registryEntry, type DatasetsEnvironment } from '../core/datasets/registry';

export interface EditorDatasetLookup {
  /** The recipe's uri (references are resolved from its folder). */
  from: vscode.Uri;
  root?: string;
  /** The desktop host's environment; undefined in a browser (no datasets cache there). */
  env?: DatasetsEnvironment;
  /** Records that the recipe depends on a file, so editing that file re-measures it. */
  depend: (uri: vscode.Uri) => void;
  readText: (uri: vscode.Uri) => Promise<string | undefined>;
}

export async function resolveDataset(ref: Reference, lookup: EditorDatasetLookup): Promise<Companion> {
  const base = { kind: 'dataset', target: ref.target } as const;
  const at = (path: string) => lookup.from.with({ path });
  const rel = (uri: vscode.Uri) => vscode.workspace.asRelativePath(uri, false);
  if (ref.registry) {
    for (const path of configCandidates(joinPath(ref.registry, 'dataset_info.json'), lookup.from.path, lookup.root)) {
      const info = at(path);
      const text = await lookup.readText(info);
      if (text === undefined) continue;
      lookup.depend(info);
      const entry = registryEntry(text, ref.target);
      if (!entry) return { ...base, fileName: rel(info), problem: `is not defined in ${rel(info)}` };
      if (entry.file) return measureUri(base, at(joinPath(joinPath(path, '..'), entry.file)), lookup);
      if (entry.hubId) return (await fromCache(base, entry.hubId, entry.split ?? ref.split, lookup)) ?? { ...base, fileName: entry.hubId };
      return { ...base, fileName: rel(info), problem: `has no file_name or hf_hub_url in ${rel(info)}` };
    }
    return { ...base, fileName: ref.target, problem: `is a LLaMA-Factory dataset name, and no ${ref.registry}/dataset_info.json was found beside ${ref.in} or in the folders above it` };
  }
  if (looksLikeLocalDataset(ref.target)) {
    for (const path of configCandidates(ref.target, lookup.from.path, lookup.root)) {
      const uri = at(path);
      const stat = await statOf(uri);
      if (stat?.type === vscode.FileType.File) return measureUri(base, uri, lookup);
    }
    return { ...base, fileName: ref.target, problem: `is not found beside ${ref.in} or in the folders above it` };
  }
  return (await fromCache(base, ref.target, ref.split, lookup)) ?? { ...base, fileName: ref.target };
}

async function measureUri(base: Pick<Companion, 'kind' | 'target'>, uri: vscode.Uri, lookup: EditorDatasetLookup): Promise<Companion> {
  const fileName = vscode.workspace.asRelativePath(uri, false);
  const stat = await statOf(uri);
  if (!stat || stat.type !== vscode.FileType.File) return { ...base, fileName, problem: 'is not found' };
  if (stat.size > EDITOR_DATASET_MAX_BYTES) {
    return {
      ...base,
      fileName,
      problem: `is ${(stat.size / 1048576).toFixed(0)} MB, over the ${EDITOR_DATASET_MAX_BYTES / 1048576} MB the editor reads of a dataset (\`footprint-lens estimate\` samples it)`,
    };
  }
  lookup.depend(uri);
  let text: string;
  try {
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return { ...base, fileName, problem: 'cannot be read' };
  }
  // Measured like the CLI's sample: its first part, extrapolated by size.
  const head = text.length > DATASET_SAMPLE_BYTES ? text.slice(0, DATASET_SAMPLE_BYTES) : text;
  const bytesRead = head === text ? stat.size : Math.round((stat.size * head.length) / text.length);
  const result = measureDataset(head, { fileName: uri.path, totalBytes: stat.size, bytesRead });
  return 'problem' in result ? { ...base, fileName, problem: result.problem } : { ...base, fileName, dataset: result.measure };
}

async function fromCache(base: Pick<Companion, 'kind' | 'target'>, id: string, split: string | undefined, lookup: EditorDatasetLookup): Promise<Companion | undefined> {
  const cache = lookup.env ? hfDatasetsCacheDir(lookup.env) : undefined;
  const folder = cache ? hfDatasetCacheFolder(cache, id) : undefined;
  const info = folder ? await findInfo(vscode.Uri.file(folder), 4) : undefined;
  const text = info ? await lookup.readText(info) : undefined;
  if (!info || text === undefined) return undefined;
  const result = measureHfDatasetInfo(text, split);
  return 'problem' in result ? { ...base, fileName: info.fsPath, problem: result.problem } : { ...base, fileName: info.fsPath, dataset: result.measure };
}

async function findInfo(dir: vscode.Uri, depth: number): Promise<vscode.Uri | undefined> {
  const here = vscode.Uri.joinPath(dir, 'dataset_info.json');
  if ((await statOf(here))?.type === vscode.FileType.File) return here;
  if (depth === 0) return undefined;
  let entries: [string, vscode.FileType][];
  try {
    entries = await vscode.workspace.fs.readDirectory(dir);
  } catch {
    return undefined;
  }
  for (const [name, type] of entries.sort(([a], [b]) => a.localeCompare(b))) {
    if (type !== vscode.FileType.Directory || name.startsWith('.')) continue;
    const found = await findInfo(vscode.Uri.joinPath(dir, name), depth - 1);
    if (found) return found;
  }
  return undefined;
}

async function statOf(uri: vscode.Uri): Promise<vscode.FileStat | undefined> {
  try {
    return await vscode.workspace.fs.stat(uri);
  } catch {
    return undefined;
  }
}
