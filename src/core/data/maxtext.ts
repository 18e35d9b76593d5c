// MaxText's own numbers, as its code and files state them: base.yml's defaults and the model files of
// configs/models/ (maxtext-models.json, derived by scripts/derive-maxtext-models.ts from copies of the real files,
// each value with the line it is written on), how global_parameter_scale grows a model, and how many devices a TPU
// slice name holds.
import table from './maxtext-models.json';

export type MaxTextValue = string | number | boolean | null | string[];

export interface MaxTextTable {
  source: { repo: string; commit: string; dir: string; licence: string; year: number };
  /** base.yml's value of each key the reader uses, with its line. */
  base: Record<string, [MaxTextValue, number]>;
  models: Array<{ name: string; keys: Record<string, [MaxTextValue, number]>; publishedAs?: string }>;
}

/** As stored (maxtext-models.json): key names once, values as [key index, value, line]. */
export interface StoredMaxTextTable {
  source: MaxTextTable['source'];
  keys: string[];
  base: Array<[number, MaxTextValue, number]>;
  models: Array<[name: string, publishedAs: string | null, keys: Array<[number, MaxTextValue, number]>]>;
}

let decoded: MaxTextTable | undefined;

/** The table, decoded on first use. */
export function maxtextTable(): MaxTextTable {
  if (decoded) return decoded;
  const stored = table as unknown as StoredMaxTextTable;
  const unpack = (rows: Array<[number, MaxTextValue, number]>) => Object.fromEntries(rows.map(([k, v, line]) => [stored.keys[k]!, [v, line] as [MaxTextValue, number]]));
  decoded = {
    source: stored.source,
    base: unpack(stored.base),
    models: stored.models.map(([name, publishedAs, keys]) => ({ name, keys: unpack(keys), ...(publishedAs ? { publishedAs } : {}) })),
  };
  return decoded;
}

const shortCommit = () => maxtextTable().source.commit.slice(0, 8);

/** base.yml's default for a key, with where it is written. */
export function maxtextDefault(key: string): { value: MaxTextValue; detail: string } | undefined {
  const row = maxtextTable().base[key];
  if (!row) return undefined;
  return { value: row[0], detail: `MaxText base.yml line ${row[1]} (${maxtextTable().source.repo} @${shortCommit()})` };
}

/** The file name a shipped model file is known by in provenance ("MaxText's llama2-7b.yml (shipped copy @e591f30c)"). */
export function shippedModelFileName(name: string): string {
  return `MaxText's ${name}.yml (shipped copy @${shortCommit()})`;
}

/**
 * A model file of configs/models/ rebuilt from the table: each size key on the line the real file writes it, so a
 * value read from it names the line of the real file. Undefined when MaxText ships no model of that name.
 */
export function shippedModelText(name: string): string | undefined {
  const key = name.replace(/-Instruct$/, '');
  const row = maxtextTable().models.find((m) => m.name === key);
  if (!row) return undefined;
  const lines: string[] = [];
  for (const [k, [value, line]] of Object.entries(row.keys)) {
    while (lines.length < line) lines.push('');
    lines[line - 1] = `${k}: ${JSON.stringify(value)}`;
  }
  return `${lines.join('\n')}\n`;
}

/**
 * How MaxText grows a model with global_parameter_scale (a power of two): of log2(scale) = 3·q + r, layers double q
 * times, width q + (r > 1) times, heads and MLP width q + (r > 0) times (get_individual_scales, configs/types.py).
 * Undefined when the scale is not a power of two (MaxText refuses it).
 */
export function parameterScales(scale: number): { emb: number; heads: number; mlp: number; layers: number } | undefined {
  if (!Number.isInteger(scale) || scale < 1) return undefined;
  const log2 = Math.round(Math.log2(scale));
  if (2 ** log2 !== scale) return undefined;
  const base = Math.floor(log2 / 3);
  const rem = log2 % 3;
  const heads = base + (rem > 0 ? 1 : 0);
  return { emb: base + (rem > 1 ? 1 : 0), heads, mlp: heads, layers: base };
}

/** TPU generations of the hardware table by the names slices are called (v5litepod is v5e's API name). */
const TPU_IDS: Record<string, string> = { v4: 'tpu-v4', v5p: 'tpu-v5p', v5e: 'tpu-v5e', v5litepod: 'tpu-v5e' };

/**
 * The chips of a TPU slice name: v4 and v5p names count TensorCores, two per chip (v5p-512 is 256 chips); v5e and
 * v6e count chips (MaxText's accelerator_to_spec_map, src/maxtext/utils/accelerator_to_spec_map.py).
 */
export function tpuSlice(name: string): { generation: string; gpuType?: string; chips: number } | undefined {
  const m = /^(v4|v5p|v5e|v5litepod|v6e)-(\d+)$/i.exec(name.trim());
  if (!m) return undefined;
  const generation = m[1]!.toLowerCase();
  const cores = Number(m[2]);
  if (!Number.isSafeInteger(cores) || cores < 1) return undefined;
  const perChip = generation === 'v4' || generation === 'v5p' ? 2 : 1;
  return { generation, gpuType: TPU_IDS[generation], chips: Math.max(1, Math.floor(cores / perChip)) };
}

/** The TPU generation a folder names (`configs/tpu/v5p/…`), as an id of the hardware table. */
export function tpuOfPath(path: string): string | undefined {
  const m = /(?:^|[\\/])(v4|v5p|v5e|v5litepod)(?:[\\/]|$)/i.exec(path);
  return m ? TPU_IDS[m[1]!.toLowerCase()] : undefined;
}
