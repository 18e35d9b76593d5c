// Open models by Hugging Face id: the shipped table (open-models.json, derived from scripts/reference/models.json by
// scripts/derive-open-models.ts; each row names where its numbers came from) and the lookup configs need when they
// name a model instead of spelling out its architecture (`--model_name_or_path`, `base_model:`, a tokenizer id).
import type { NormKind } from '../types';
import table from './open-models.json';

export interface OpenModel {
  /** The canonical Hugging Face repo id. */
  id: string;
  /** Other ids with the same size-setting fields (instruct versions, re-uploads, renamed orgs). */
  aliases: string[];
  family: string;
  /** HF `architectures[0]`. */
  architecture: string;
  /** "decoder-only transformer", "... (MoE)", "encoder-decoder", "encoder-only", "ssm ...". */
  kind: string;
  /** Gated FFN (three matrices: SwiGLU, GeGLU). */
  gatedFfn: boolean;
  /** The normalisation layers and how many a block has (the compiled reference's `structure`), when it says. */
  norm?: NormKind;
  normsPerLayer?: number;
  /** The config.json fields that set the size, under their HF names. */
  config: Record<string, number | string | boolean | null>;
  /** Parameters computed from the architecture (biases and norms included), checked against the published count. */
  paramsComputed: number;
  paramsPublished: number;
  /** exact, exact_1dp, exact_2dp, stated, nominal (only the size label). */
  paramsPublishedKind: string;
  /** Where the published count was read. */
  paramsSource: string;
  activeParamsComputed?: number;
  activeParamsPublished?: number;
  /** ok: computed within tolerance of the published count; flagged: not (usually a nominal label). */
  validation: 'ok' | 'flagged';
  /** Where the config values came from (repositories at a commit, stored Hub pages). */
  source: string;
  /** A: the model's own config.json; B: a source that must match it to load the checkpoint; C: recalled. */
  confidence: 'A' | 'B' | 'C';
  /** Year the table was compiled. */
  year: number;
}

export interface OpenModelTable {
  name: string;
  version: number;
  compiled: string;
  models: OpenModel[];
}

/** The stored row's positions (the shipped JSON is compact: the extension bundle carries it). */
export const STORED_FIELDS = [
  'id', 'aliases', 'family', 'architecture', 'kind', 'gatedFfn', 'config', 'paramsComputed', 'paramsPublished',
  'paramsPublishedKind', 'paramsSource', 'validation', 'sources', 'confidence', 'activeParamsComputed', 'activeParamsPublished',
  'norm', 'normsPerLayer',
] as const;

/** A row as stored: strings as indices into `texts`, config as flat (key index, value) pairs, sources as indices. */
export type StoredOpenModel = [
  id: string,
  aliases: string[],
  family: number,
  architecture: number,
  kind: number,
  gatedFfn: 0 | 1,
  config: Array<number | string | boolean | null>,
  paramsComputed: number,
  paramsPublished: number,
  paramsPublishedKind: number,
  paramsSource: number,
  validation: 0 | 1,
  sources: number[],
  confidence: 'A' | 'B' | 'C',
  activeParamsComputed: number | null,
  activeParamsPublished: number | null,
  norm: NormKind | null,
  normsPerLayer: number | null,
];

export interface StoredOpenModelTable {
  name: string;
  version: number;
  compiled: string;
  year: number;
  fields: typeof STORED_FIELDS;
  /** Distinct citations: "github:owner/repo path @commit", "hf:owner/repo file @revision". */
  sources: string[];
  texts: string[];
  keys: string[];
  models: StoredOpenModel[];
}

// The compiler infers only the JSON's literal shape; test/unit/data/open-models.test.ts checks it is this table.
const stored = table as unknown as StoredOpenModelTable;

function decode(row: StoredOpenModel, t: StoredOpenModelTable): OpenModel {
  const [id, aliases, family, architecture, kind, gated, flat, computed, published, publishedKind, paramsSource, ok, sources, confidence, activeComputed, activePublished, norm, normsPerLayer] = row;
  const config: OpenModel['config'] = {};
  for (let i = 0; i + 1 < flat.length; i += 2) config[t.keys[flat[i] as number]!] = flat[i + 1]!;
  const model: OpenModel = {
    id,
    aliases,
    family: t.texts[family]!,
    architecture: t.texts[architecture]!,
    kind: t.texts[kind]!,
    gatedFfn: gated === 1,
    config,
    paramsComputed: computed,
    paramsPublished: published,
    paramsPublishedKind: t.texts[publishedKind]!,
    paramsSource: t.texts[paramsSource]!,
    validation: ok === 1 ? 'ok' : 'flagged',
    source: sources.map((i) => t.sources[i]).join('; '),
    confidence,
    year: t.year,
  };
  if (activeComputed !== null) model.activeParamsComputed = activeComputed;
  if (activePublished !== null) model.activeParamsPublished = activePublished;
  if (norm) model.norm = norm;
  if (normsPerLayer !== null) model.normsPerLayer = normsPerLayer;
  return model;
}

let decoded: OpenModelTable | undefined;

/** The table, decoded on first use (activation does not pay for it). */
export function openModels(): OpenModelTable {
  decoded ??= { name: stored.name, version: stored.version, compiled: stored.compiled, models: stored.models.map((r) => decode(r, stored)) };
  return decoded;
}

let byId: Map<string, OpenModel> | undefined;

function index(): Map<string, OpenModel> {
  if (byId) return byId;
  byId = new Map();
  for (const m of openModels().models) {
    for (const name of [m.id, ...m.aliases]) byId.set(name.toLowerCase(), m);
  }
  return byId;
}

/**
 * The table's row for a model id as configs write it: `org/name` (case-insensitive, alias or canonical), a bare
 * `name` when exactly one row has it, or a local path ending in `org/name` (`checkpoints/meta-llama/Llama-2-7b-hf`,
 * `/models/Mistral-7B-v0.1/`).
 */
export function findOpenModel(nameOrPath: string): OpenModel | undefined {
  const clean = nameOrPath.trim().replace(/\\/g, '/').replace(/\/+$/, '').replace(/^hf:\/\//i, '');
  if (!clean) return undefined;
  const idx = index();
  const exact = idx.get(clean.toLowerCase());
  if (exact) return exact;
  const parts = clean.split('/');
  if (parts.length >= 2) {
    const tail = `${parts[parts.length - 2]}/${parts[parts.length - 1]}`.toLowerCase();
    const hit = idx.get(tail);
    if (hit) return hit;
  }
  return byBareName(parts[parts.length - 1]!);
}

let byName: Map<string, OpenModel | null> | undefined;

/** `Llama-2-7b-hf` alone: the row whose id or alias ends with it, when only one model does. */
function byBareName(name: string): OpenModel | undefined {
  if (!byName) {
    byName = new Map();
    for (const m of openModels().models) {
      for (const id of [m.id, ...m.aliases]) {
        const bare = id.slice(id.indexOf('/') + 1).toLowerCase();
        const seen = byName.get(bare);
        byName.set(bare, seen === undefined || seen === m ? m : null);
      }
    }
  }
  return byName.get(name.toLowerCase()) ?? undefined;
}

/**
 * The model a file's path names, as repositories lay out their configs: `configs/mistral/7B.yml` (family folder and
 * size), `pythia/pythia-12b.yml`, `gpt-neox/20B.yml`. Only for checking what a file builds against its name; the
 * first row whose id starts with the name, when every such row has about the same size.
 */
export function findModelByPath(fileName: string): OpenModel | undefined {
  const parts = fileName.replace(/\\/g, '/').toLowerCase().split('/');
  const base = parts[parts.length - 1]!.replace(/\.(ya?ml|json|sh|slurm|toml)$/, '');
  const folder = parts[parts.length - 2];
  const names = [base, ...(folder && /^\d/.test(base) ? [`${folder}-${base}`] : [])]
    .map((n) => n.replace(/^llama(\d)/, 'llama-$1').replace(/_/g, '-'))
    .filter((n) => /[a-z]/.test(n) && /\d/.test(n) && n.length >= 4);
  for (const name of names) {
    const hits = openModels().models.filter((m) => [m.id, ...m.aliases].some((id) => {
      const bare = id.slice(id.indexOf('/') + 1).toLowerCase();
      return bare === name || bare.startsWith(`${name}-`);
    }));
    if (hits.length === 0) continue;
    const sizes = hits.map((m) => m.paramsComputed);
    if (Math.max(...sizes) / Math.min(...sizes) > 1.1) continue;
    return hits[0];
  }
  return undefined;
}
