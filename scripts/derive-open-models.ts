// Derives the shipped table of open models (src/core/data/open-models.json) from the compiled reference
// (scripts/reference/models.json, described in scripts/reference/models.md): per model its Hugging Face id and
// aliases, the config.json fields that set its size, the parameter counts with their sources, and where its numbers
// came from. test/unit/data/open-models.test.ts fails when the shipped table is not this derivation of the reference.
// Run: npx tsx scripts/derive-open-models.ts [path/to/models.json]   (a path also refreshes the reference copy)
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { STORED_FIELDS, type StoredOpenModel, type StoredOpenModelTable } from '../src/core/data/open-models';
import type { NormKind } from '../src/core/types';

interface ReferenceModel {
  id: string;
  aliases?: string[];
  family: string;
  architecture: string;
  model_kind: string;
  structure?: { mlp?: string; style?: string; norm?: string; norms_per_layer?: number };
  params_published: number;
  params_published_kind: string;
  params_computed: number;
  active_params_published?: number;
  active_params_computed?: number;
  validation: string;
  source: string[];
  source_confidence: string;
  params_source: string;
  [key: string]: unknown;
}

interface Reference {
  name: string;
  version: number;
  compiled: string;
  models: ReferenceModel[];
}

/** Fields of a reference row that describe the row rather than the model's config.json. */
const NOT_CONFIG = new Set([
  'id',
  'aliases',
  'near_aliases',
  'family',
  'architecture',
  'model_kind',
  'structure',
  'params_published',
  'params_published_kind',
  'params_computed',
  'params_computed_with_vision',
  'active_params_published',
  'active_params_computed',
  'active_params_computed_excl_input_embedding',
  'params_delta_pct',
  'active_params_delta_pct',
  'active_params_convention',
  'tolerance_pct',
  'validation',
  'flag_note',
  'source',
  'source_confidence',
  'params_source',
  'notes',
  'has_vision_tower',
  'vision_params_published',
  // Context length, RoPE and scaling settings do not change the parameter count; the shipped table leaves them out.
  'max_position_embeddings',
  'rope_theta',
  'sliding_window',
  'logit_scale',
  'embedding_multiplier',
  'logits_scaling',
  'residual_multiplier',
  'scale_emb',
  'dim_model_base',
  'scale_depth',
  'seq_length',
  'max_seq_len',
  'rotary_pct',
  'partial_rotary_factor',
  'rotary_dim',
  'relative_attention_num_buckets',
  'use_parallel_residual',
  'parallel_attn',
]);

/** Commits are cited by their first 12 hex digits, as git abbreviates them: unambiguous, and the table stays small. */
function shortCommits(text: string): string {
  return text.replace(/@([0-9a-f]{12})[0-9a-f]{28}\b/g, '@$1');
}

/** "github:owner/repo path @commit (what was read there)" → "github:owner/repo path @commit": the citation itself. */
function citation(text: string): string {
  return shortCommits(text)
    .replace(/\s+\(.*$/, '')
    .trim();
}

/** The reference's norm names: `rms`; `ln`, `ln_nobias` and OLMo's parameter-free `none` are LayerNorms. */
function normKind(name: string | undefined): NormKind | null {
  if (name === 'rms') return 'rms';
  return name === 'ln' || name === 'ln_nobias' || name === 'none' ? 'layer' : null;
}

/** A list of distinct strings, each cited by its index. */
class Pool {
  readonly items: string[] = [];
  id(text: string): number {
    const i = this.items.indexOf(text);
    return i >= 0 ? i : this.items.push(text) - 1;
  }
}

/**
 * The shipped table: every row a positional array (STORED_FIELDS), repeated strings pooled. The extension bundle
 * carries it, so it is kept compact; src/core/data/open-models.ts decodes it once, on first lookup.
 */
export function deriveOpenModels(reference: Reference): StoredOpenModelTable {
  const year = Number(reference.compiled.slice(0, 4));
  const sources = new Pool();
  const texts = new Pool();
  const keys = new Pool();
  const models = reference.models.map((m): StoredOpenModel => {
    const config: Array<number | string | boolean | null> = [];
    for (const [key, value] of Object.entries(m)) {
      if (NOT_CONFIG.has(key)) continue;
      if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' || value === null) config.push(keys.id(key), value);
    }
    const gated = m.structure?.mlp === 'gated' || (m.structure?.style === 't5' && /gated/.test(String(m.feed_forward_proj ?? '')));
    return [
      m.id,
      m.aliases ?? [],
      texts.id(m.family),
      texts.id(m.architecture),
      texts.id(m.model_kind),
      gated ? 1 : 0,
      config,
      m.params_computed,
      m.params_published,
      texts.id(m.params_published_kind),
      texts.id(shortCommits(m.params_source)),
      m.validation === 'ok' ? 1 : 0,
      [...new Set(m.source.map((x) => sources.id(citation(x))))],
      m.source_confidence as 'A' | 'B' | 'C',
      m.active_params_computed ?? null,
      m.active_params_published ?? null,
      normKind(m.structure?.norm),
      typeof m.structure?.norms_per_layer === 'number' ? m.structure.norms_per_layer : null,
    ];
  });
  return { name: reference.name, version: reference.version, compiled: reference.compiled, year, fields: STORED_FIELDS, sources: sources.items, texts: texts.items, keys: keys.items, models };
}

const here = dirname(fileURLToPath(import.meta.url));
export const REFERENCE_PATH = join(here, 'reference', 'models.json');
export const TABLE_PATH = join(here, '..', 'src', 'core', 'data', 'open-models.json');

export function readReference(path = REFERENCE_PATH): Reference {
  return JSON.parse(readFileSync(path, 'utf8')) as Reference;
}

/** The table as it is written to disk (one row per line keeps diffs readable). */
export function serialise(table: StoredOpenModelTable): string {
  const { models, ...head } = table;
  const text = JSON.stringify(head);
  return `${text.slice(0, -1)},"models":[\n${models.map((x) => JSON.stringify(x)).join(',\n')}\n]}\n`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const from = process.argv[2];
  if (from) {
    copyFileSync(from, REFERENCE_PATH);
    const md = join(dirname(from), 'models.md');
    try {
      copyFileSync(md, join(here, 'reference', 'models.md'));
    } catch {
      // models.md is documentation only; a reference without it still derives.
    }
  }
  const table = deriveOpenModels(readReference());
  writeFileSync(TABLE_PATH, serialise(table));
  console.log(`${table.models.length} models written to ${TABLE_PATH}`);
}
