// The CLI's companions: what a config names, read from disk (beside the file, then the folders above it), models
// from a local folder or the Hugging Face cache, and — with --model-lookup hub — config.json texts fetched earlier
// into Footprint's own cache (hub.ts fills it before the synchronous analysis runs). Files given together on one
// command line are each other's companions: `estimate ds_config.json train.sh` reads the JSON with the script's model.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { analyze, DEFAULT_MAX_BYTES, type Analysis, type AnalyzeOptions } from '../core/analyze';
import { configCandidates, hfCacheRepoDir, hfHubCacheDir, hubIdsFor, localModelCandidates, MAX_COMPANION_ROUNDS, unresolvedReferences, type HfEnvironment } from '../core/companions/locate';
import { referencesOfText } from '../core/companions/references';
import { referenceKey, type Companion, type Reference } from '../core/companions/types';
import { resolveDataset } from './datasets';
import { CLI_ANALYSIS_BUDGET_MS } from './limits';

export interface LookupOptions {
  env: HfEnvironment & { FOOTPRINT_CACHE_DIR?: string; HF_DATASETS_CACHE?: string };
  /** Folder searches stop here (the working directory). */
  root?: string;
  /** Other files on the command line, which may reference this one. */
  siblings?: ReadonlyArray<{ file: string; text: string }>;
  /** Config texts read instead of the disk's, by the name the run cites them by (a fix's edits, read again unsaved). */
  texts?: ReadonlyMap<string, string>;
}

/** The lookup of a command line: the environment, the working directory, and the files given together. */
export function cliLookup(reads: ReadonlyArray<{ file: string; read: { ok: true; text: string } | { ok: false } }>): LookupOptions {
  const siblings = reads.flatMap(({ file, read }) => (read.ok ? [{ file, text: read.text }] : []));
  return { env: process.env, root: process.cwd(), siblings };
}

/** Footprint's own cache of config.json texts fetched from the Hub. */
export function hubCacheDir(env: LookupOptions['env']): string {
  if (env.FOOTPRINT_CACHE_DIR) return env.FOOTPRINT_CACHE_DIR;
  const base = env.XDG_CACHE_HOME ?? join(env.HOME ?? homedir(), '.cache');
  return join(base, 'footprint-lens', 'hub');
}

export function hubCacheFile(env: LookupOptions['env'], id: string): string {
  return join(hubCacheDir(env), `models--${id.replace('/', '--')}`, 'config.json');
}

/** Analyses a file with its companions resolved from disk, round by round (a companion may name another). */
export function analyzeWithCompanions(text: string, given: AnalyzeOptions, lookup: LookupOptions): Analysis {
  return analyzeWithCompanionTexts(text, given, lookup).analysis;
}

/** The analysis with the companions it was given (the texts a fix may edit). */
export function analyzeWithCompanionTexts(text: string, given: AnalyzeOptions, lookup: LookupOptions): { analysis: Analysis; companions: Companion[] } {
  // Nobody is typing into the CLI: it allows a longer budget than the editor.
  const options: AnalyzeOptions = { budgetMs: CLI_ANALYSIS_BUDGET_MS, ...given };
  const known = new Map<string, Companion>();
  for (const user of usersAmong(options.fileName, lookup)) known.set(referenceKey(user), user);
  let analysis = analyze(text, { ...options, companions: [...known.values()] });
  for (let round = 0; round < MAX_COMPANION_ROUNDS; round++) {
    const pending = unresolvedReferences(analysis, known);
    if (pending.length === 0) break;
    for (const ref of pending) {
      const found = resolveReference(ref, lookup);
      // A script's own DeepSpeed JSON, when that JSON is the file being analysed, is not its own companion.
      const self = found.text !== undefined && resolve(found.fileName) === resolve(options.fileName);
      known.set(referenceKey(ref), self ? { kind: ref.kind, target: ref.target, fileName: found.fileName } : found);
    }
    analysis = analyze(text, { ...options, companions: [...known.values()] });
  }
  return { analysis, companions: [...known.values()] };
}

/** Sibling files (same command line) whose config references resolve to this file: its launch scripts. */
function usersAmong(fileName: string, lookup: LookupOptions): Companion[] {
  const out: Companion[] = [];
  for (const s of lookup.siblings ?? []) {
    if (s.file === fileName) continue;
    const refs = referencesOfText(s.text, s.file).filter((r) => r.kind === 'config');
    if (refs.some((r) => configCandidates(r.target, s.file, lookup.root).some((c) => samePath(c, fileName)))) {
      out.push({ kind: 'user', target: s.file, fileName: s.file, text: s.text });
    }
  }
  return out;
}

function samePath(a: string, b: string): boolean {
  return resolve(a) === resolve(b);
}

export function resolveReference(ref: Reference, lookup: LookupOptions): Companion {
  const base = { kind: ref.kind, target: ref.target } as const;
  if (ref.kind === 'config') {
    const candidates = configCandidates(ref.target, ref.in, lookup.root);
    const found = candidates.find(isFile);
    if (!found) return { ...base, fileName: ref.target, problem: `is not found beside ${ref.in} or in the folders above it` };
    const text = lookup.texts?.get(display(found, lookup)) ?? readText(found);
    return text === undefined ? { ...base, fileName: found, problem: 'cannot be read' } : { ...base, fileName: display(found, lookup), text };
  }
  if (ref.kind === 'dataset') return resolveDataset(ref, { env: lookup.env, root: lookup.root, display: (p) => display(p, lookup) });
  // Models and tokenizers: a local folder, then the Hugging Face cache, then Footprint's cache of Hub answers. None
  // found is an answer too: the core then uses the shipped table, or says the model is unknown.
  for (const candidate of localModelCandidates(ref.target, ref.in, lookup.root)) {
    const text = isFile(candidate) ? readText(candidate) : undefined;
    if (text !== undefined) return { ...base, fileName: display(candidate, lookup), text, origin: 'local' };
  }
  const cache = hfHubCacheDir({ ...lookup.env, HOME: lookup.env.HOME ?? homedir() });
  for (const id of hubIdsFor(ref.target)) {
    const repo = cache ? hfCacheRepoDir(cache, id) : undefined;
    const file = repo ? snapshotConfig(repo) : undefined;
    const text = file ? readText(file) : undefined;
    if (file && text !== undefined) return { ...base, fileName: file, text, origin: 'hf-cache' };
    const hub = hubCacheFile(lookup.env, id);
    const fetched = isFile(hub) ? readText(hub) : undefined;
    if (fetched !== undefined) return { ...base, fileName: `${id} config.json (fetched from the Hub, cached at ${hub})`, text: fetched, origin: 'hub' };
    const status = readText(join(dirname(hub), 'status.json'));
    if (status?.includes('"gated"')) return { ...base, fileName: ref.target, problem: 'is gated on the Hub (set HF_TOKEN to a token with access, or give the model size)' };
  }
  return { ...base, fileName: ref.target };
}

/** config.json of the snapshot refs/main points at, else of any snapshot that has one. */
export function snapshotConfig(repoDir: string): string | undefined {
  const main = readText(join(repoDir, 'refs', 'main'))?.trim();
  if (main && /^[\w.-]+$/.test(main)) {
    const file = join(repoDir, 'snapshots', main, 'config.json');
    if (isFile(file)) return file;
  }
  let snapshots: string[];
  try {
    snapshots = readdirSync(join(repoDir, 'snapshots')).sort();
  } catch {
    return undefined;
  }
  for (const s of snapshots) {
    const file = join(repoDir, 'snapshots', s, 'config.json');
    if (isFile(file)) return file;
  }
  return undefined;
}

function isFile(path: string): boolean {
  try {
    return existsSync(path) && statSync(path).isFile();
  } catch {
    return false;
  }
}

function readText(path: string): string | undefined {
  try {
    if (statSync(path).size > DEFAULT_MAX_BYTES) return undefined;
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** A path as the user typed paths on this command line: relative to the working directory when under it. */
function display(path: string, lookup: LookupOptions): string {
  if (!lookup.root) return path;
  const rel = relative(lookup.root, path);
  return rel && !rel.startsWith('..') ? rel : path;
}
