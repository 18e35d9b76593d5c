// --model-lookup hub: config.json of the models a config names that neither a local folder, the Hugging Face cache nor
// the shipped table knows, fetched from the Hub (HF_ENDPOINT, else huggingface.co; HF_TOKEN when set) before the
// analysis runs, and kept in Footprint's cache so the next run needs no network. Off unless the user asks for it.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_MAX_BYTES } from '../core/analyze';
import { hubConfigUrl } from '../core/companions/locate';
import type { Reference } from '../core/companions/types';
import { findOpenModel } from '../core/data/open-models';
import { parseJson } from '../core/parse/json';
import { analyzeWithCompanions, hubCacheFile, resolveReference, type LookupOptions } from './companions';
import { readConfigFile } from './files';

export type HubEnvironment = LookupOptions['env'] & { HF_ENDPOINT?: string; HF_TOKEN?: string };

/** How long one request may take: a slow mirror must not hang the command. */
const HUB_TIMEOUT_MS = 15_000;

/** What was asked of the Hub and what it said, one line each (printed on stderr). */
export interface HubNote {
  id: string;
  status: 'fetched' | 'gated' | 'unknown' | 'failed';
  message: string;
}

/** Model ids the files name that no local source or the table answers. */
export function hubWanted(files: readonly string[], lookup: LookupOptions): string[] {
  const ids = new Set<string>();
  for (const file of files) {
    const read = readConfigFile(file, DEFAULT_MAX_BYTES);
    if (!read.ok) continue;
    const analysis = analyzeWithCompanions(read.text, { fileName: file }, lookup);
    for (const ref of analysis.references) if (wants(ref, lookup)) ids.add(ref.target.replace(/\/+$/, ''));
  }
  return [...ids];
}

function wants(ref: Reference, lookup: LookupOptions): boolean {
  if (ref.kind !== 'model' && ref.kind !== 'tokenizer') return false;
  const id = ref.target.replace(/\/+$/, '');
  if (!/^[\w.-]+\/[\w.-]+$/.test(id) || findOpenModel(id)) return false;
  if (existsSync(hubStatusFile(lookup.env, id))) return false;
  return resolveReference(ref, lookup).text === undefined;
}

/** A remembered "gated" or "unknown" answer, so the Hub is not asked again on every run. */
export function hubStatusFile(env: LookupOptions['env'], id: string): string {
  return join(dirname(hubCacheFile(env, id)), 'status.json');
}

/** Fetches each id's config.json into the cache; never throws. */
export async function fetchFromHub(ids: readonly string[], env: HubEnvironment, fetchImpl: typeof fetch = fetch): Promise<HubNote[]> {
  const notes: HubNote[] = [];
  for (const id of ids) {
    const url = hubConfigUrl(id, env.HF_ENDPOINT || undefined);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (env.HF_TOKEN) headers.authorization = `Bearer ${env.HF_TOKEN}`;
    try {
      const response = await fetchImpl(url, { headers, redirect: 'follow', signal: AbortSignal.timeout(HUB_TIMEOUT_MS) });
      if (response.status === 401 || response.status === 403) {
        remember(env, id, 'gated');
        notes.push({ id, status: 'gated', message: `${id} is gated on the Hub: ${env.HF_TOKEN ? 'HF_TOKEN has no access to it' : 'set HF_TOKEN to a token with access'}, or give --params` });
        continue;
      }
      if (response.status === 404) {
        remember(env, id, 'unknown');
        notes.push({ id, status: 'unknown', message: `${id} is not on the Hub (${url}): give --params` });
        continue;
      }
      if (!response.ok) {
        notes.push({ id, status: 'failed', message: `${id}: the Hub answered ${response.status} for ${url}` });
        continue;
      }
      const text = await response.text();
      if (text.length > DEFAULT_MAX_BYTES || parseJson(text).failed) {
        notes.push({ id, status: 'failed', message: `${id}: ${url} is not a config.json` });
        continue;
      }
      const file = hubCacheFile(env, id);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text, 'utf8');
      notes.push({ id, status: 'fetched', message: `${id}: config.json fetched from ${url}` });
    } catch (e) {
      notes.push({ id, status: 'failed', message: `${id}: ${url} could not be read (${String((e as Error)?.message ?? e)})` });
    }
  }
  return notes;
}

function remember(env: LookupOptions['env'], id: string, status: 'gated' | 'unknown'): void {
  try {
    const file = hubStatusFile(env, id);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify({ status, at: new Date().toISOString() }), 'utf8');
  } catch {
    // A cache that cannot be written only means the Hub is asked again next time.
  }
}
