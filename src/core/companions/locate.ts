// Where a host looks for what a reference names: pure path arithmetic (POSIX separators), so the CLI (node:fs) and
// the extension (workspace.fs, desktop and web) look in the same places in the same order.
import type { Analysis } from '../analyze';
import { findOpenModel } from '../data/open-models';
import { referenceKey, type Companion, type Reference } from './types';

/** Rounds of resolution: a script names an accelerate config, which names a DeepSpeed JSON, which names nothing. */
export const MAX_COMPANION_ROUNDS = 3;

/** Directory part of a POSIX path ("a/b/c.sh" → "a/b", "c.sh" → "."). */
export function dirOf(path: string): string {
  const p = path.replace(/\\/g, '/');
  const i = p.lastIndexOf('/');
  return i < 0 ? '.' : i === 0 ? '/' : p.slice(0, i);
}

/** Joins and normalises POSIX paths ("a/b", "../c/./d.json" → "a/c/d.json"); an absolute second part wins. */
export function joinPath(base: string, rel: string): string {
  const r = rel.replace(/\\/g, '/');
  const whole = r.startsWith('/') || /^[A-Za-z]:\//.test(r) ? r : `${base.replace(/\\/g, '/')}/${r}`;
  const absolute = whole.startsWith('/');
  const out: string[] = [];
  for (const part of whole.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (part !== '..' || !absolute) out.push(part);
  }
  const joined = out.join('/');
  return absolute ? `/${joined}` : joined || '.';
}

/**
 * Where a config file named by `fromFile` may be, most likely first: beside the file, then relative to each folder
 * above it up to `root` (launch scripts are usually run from the repository root: `./examples/x/ds_config.json`).
 */
export function configCandidates(target: string, fromFile: string, root?: string): string[] {
  const t = target.replace(/\\/g, '/');
  if (t.startsWith('/') || /^[A-Za-z]:\//.test(t)) return [t];
  const out: string[] = [];
  let dir = dirOf(fromFile);
  const stop = root ? joinPath(root, '.') : undefined;
  for (let depth = 0; depth < 12; depth++) {
    const candidate = joinPath(dir, t);
    if (!out.includes(candidate)) out.push(candidate);
    if (dir === stop || dir === '.' || dir === '/' || /^[A-Za-z]:$/.test(dir)) break;
    const up = dirOf(dir);
    if (up === dir) break;
    dir = up;
  }
  return out;
}

/** A model or tokenizer named by a local path ("/data/llama-2-7b-hf/", "./checkpoints/x"): its config.json candidates. */
export function localModelCandidates(target: string, fromFile: string, root?: string): string[] {
  const t = target.replace(/\\/g, '/').replace(/\/+$/, '');
  const looksLocal = t.startsWith('/') || t.startsWith('.') || t.startsWith('~') || t.split('/').length > 2 || /config\.json$/i.test(t);
  if (!looksLocal || t.startsWith('~')) return [];
  const file = /config\.json$/i.test(t) ? t : `${t}/config.json`;
  return configCandidates(file, fromFile, root);
}

export interface HfEnvironment {
  HF_HUB_CACHE?: string;
  HUGGINGFACE_HUB_CACHE?: string;
  HF_HOME?: string;
  XDG_CACHE_HOME?: string;
  HOME?: string;
  USERPROFILE?: string;
}

/** The Hugging Face hub cache folder, as huggingface_hub computes it (HF_HUB_CACHE, else HF_HOME/hub, else ~/.cache/huggingface/hub). */
export function hfHubCacheDir(env: HfEnvironment): string | undefined {
  const hub = env.HF_HUB_CACHE ?? env.HUGGINGFACE_HUB_CACHE;
  if (hub) return hub;
  if (env.HF_HOME) return joinPath(env.HF_HOME, 'hub');
  const xdg = env.XDG_CACHE_HOME;
  if (xdg) return joinPath(xdg, 'huggingface/hub');
  const home = env.HOME ?? env.USERPROFILE;
  return home ? joinPath(home, '.cache/huggingface/hub') : undefined;
}

/** A repo id's folder in the hub cache: "meta-llama/Llama-2-7b-hf" → "<cache>/models--meta-llama--Llama-2-7b-hf". */
export function hfCacheRepoDir(cacheDir: string, id: string): string | undefined {
  if (!/^[\w.-]+\/[\w.-]+$/.test(id)) return undefined;
  return joinPath(cacheDir, `models--${id.replace('/', '--')}`);
}

/** Ids to try in the cache for a target: as written, and the table's canonical id and aliases. */
export function hubIdsFor(target: string): string[] {
  const ids: string[] = [];
  const t = target.trim().replace(/\/+$/, '');
  if (/^[\w.-]+\/[\w.-]+$/.test(t)) ids.push(t);
  const row = findOpenModel(t);
  if (row) for (const id of [row.id, ...row.aliases]) if (!ids.includes(id)) ids.push(id);
  return ids;
}

/** The config.json URL of a repo on the Hub (or a mirror: HF_ENDPOINT), at the main revision. */
export function hubConfigUrl(id: string, endpoint = 'https://huggingface.co'): string {
  return `${endpoint.replace(/\/+$/, '')}/${id.split('/').map(encodeURIComponent).join('/')}/resolve/main/config.json`;
}

/** The references of an analysis that no companion answers yet: what a host resolves in its next round. */
export function unresolvedReferences(analysis: Analysis, known: ReadonlyMap<string, Companion>): Reference[] {
  return analysis.references.filter((r) => !known.has(referenceKey(r)));
}
