// A model a config names instead of building (`--model_name_or_path mistralai/Mistral-7B-v0.1`, `base_model:`, a
// tokenizer id) as an architecture with provenance. Two sources, one reading: a config.json text the host found (a
// local model folder, the Hugging Face cache, the Hub when the user turned that on), else the shipped table of open
// models. Both are read by the same HF config.json extractor, so a table row and a downloaded config.json of one
// model give the same architecture.
import { findOpenModel, type OpenModel } from '../data/open-models';
import { hfModelJson } from '../formats/hf-model';
import { parseJson } from '../parse/json';
import { formatCount } from '../present/units';
import { ARCH_SCALAR_FIELDS } from './fields';
import type { Architecture, Finding, Sourced } from '../types';
import { finding } from '../present/findings';

/** Where a named model's architecture was read. */
export type ModelOrigin = 'local' | 'hf-cache' | 'hub' | 'table';

export interface NamedModel {
  /** The name as the config wrote it. */
  name: string;
  /** The canonical id, when the table knows the model. */
  id?: string;
  arch: Architecture;
  /** Total and active parameters the table computed and checked against the published count (table rows only). */
  params?: Sourced<number>;
  activeParams?: Sourced<number>;
  origin: ModelOrigin;
  /** In words, for provenance: "Hugging Face cache …/snapshots/ab12/config.json", "shipped table (models.json …)". */
  from: string;
  row?: OpenModel;
  findings: Finding[];
}

const ORIGIN_WORDS: Record<Exclude<ModelOrigin, 'table'>, string> = {
  local: 'local model folder',
  'hf-cache': 'local Hugging Face cache',
  hub: 'Hugging Face Hub (footprint.modelLookup: hub)',
};

/** The table's architecture for a named model, or undefined when the table does not know it. */
export function modelFromTable(name: string): NamedModel | undefined {
  const row = findOpenModel(name);
  if (!row) return undefined;
  // Each architecture value names the table; the parameter count carries the row's full sources.
  const short = `shipped open-models table, ${row.year}`;
  const from = `shipped open-models table, ${row.year}; config from ${row.source} (confidence ${row.confidence})`;
  const arch = readConfig(JSON.stringify({ architectures: [row.architecture], ...row.config }), `model ${name} → ${row.id}`, short);
  if (!arch) return undefined;
  // The table knows whether the FFN is gated (GeGLU rows write hidden_act "gelu"); the extractor cannot tell.
  arch.ffnActivation = sourced(row.gatedFfn ? 'swiglu' : 'gelu', `model ${name} → ${row.id}: ${row.gatedFfn ? 'gated FFN (three matrices)' : 'plain FFN (two matrices)'}`, short);
  if (row.norm) arch.norm = sourced(row.norm, `model ${name} → ${row.id}: ${row.norm === 'rms' ? 'RMSNorm' : 'LayerNorm'}`, short);
  if (row.normsPerLayer) arch.normsPerLayer = sourced(row.normsPerLayer, `model ${name} → ${row.id}: ${row.normsPerLayer} norm${row.normsPerLayer === 1 ? '' : 's'} per block`, short);
  const published = `${formatCount(row.paramsPublished)} published (${row.paramsPublishedKind}: ${row.paramsSource})`;
  const model: NamedModel = {
    name,
    id: row.id,
    arch,
    params: sourced(row.paramsComputed, `model ${name} → ${row.id}: ${formatCount(row.paramsComputed)} computed from its config.json fields; ${published}`, from),
    origin: 'table',
    from,
    row,
    findings: [],
  };
  if (row.activeParamsComputed !== undefined) {
    model.activeParams = sourced(
      row.activeParamsComputed,
      `model ${name} → ${row.id}: ${formatCount(row.activeParamsComputed)} active per token, computed${row.activeParamsPublished ? `; ${formatCount(row.activeParamsPublished)} published` : ''}`,
      from,
    );
  } else {
    model.activeParams = { ...model.params!, detail: `dense model: all parameters are active (model ${name} → ${row.id}, ${short})` };
  }
  return model;
}

/**
 * A config.json text the host found for `name` (`where` says where: a path, a cache snapshot, the Hub's URL), or
 * undefined when the text is not a model config (the finding says why).
 */
export function modelFromConfigJson(name: string, text: string, origin: Exclude<ModelOrigin, 'table'>, where: string): NamedModel | { findings: Finding[] } {
  const from = `${ORIGIN_WORDS[origin]}: ${where}`;
  const arch = readConfig(text, `model ${name}`, from);
  if (!arch) {
    return { findings: [finding('model-unreadable', { where, model: name })] };
  }
  const row = findOpenModel(name);
  return { name, id: row?.id, arch, origin, from, row, findings: [] };
}

/** The HF extractor's architecture of a config.json text, every value re-sourced as 'companion' naming the model. */
function readConfig(text: string, via: string, from: string): Architecture | undefined {
  const cfg = parseJson(text);
  if (cfg.failed || hfModelJson.detect(cfg, 'config.json') === 0) return undefined;
  // Multimodal checkpoints (Llama 4, Gemma 3, Qwen-VL) keep the language model's shape under text_config.
  const arch = hfModelJson.extract(textConfig(cfg) ?? cfg, 'config.json').arch;
  if (!arch.layers || !arch.hiddenSize) return undefined;
  return recast(arch, via, from);
}

function textConfig(cfg: ReturnType<typeof parseJson>): ReturnType<typeof parseJson> | undefined {
  if (!cfg.entries.has('text_config.hidden_size') || cfg.entries.has('hidden_size')) return undefined;
  const entries = new Map<string, NonNullable<ReturnType<typeof cfg.entries.get>>>();
  for (const [path, e] of cfg.entries) if (path.startsWith('text_config.')) entries.set(path.slice(12), { ...e, path: path.slice(12) });
  return { ...cfg, entries };
}

/** Every Sourced in an architecture becomes a companion value: "model X → id: num_hidden_layers: 32 (from …)". */
function recast(arch: Architecture, via: string, from: string): Architecture {
  const re = <T>(s: Sourced<T> | undefined): Sourced<T> | undefined => (s ? sourced(s.value, `${via}: ${s.detail}`, from) : undefined);
  const out: Architecture = {};
  for (const key of ARCH_SCALAR_FIELDS) {
    const v = re(arch[key] as Sourced<never> | undefined);
    if (v) (out as Record<string, unknown>)[key] = v;
  }
  if (arch.moe) {
    out.moe = { experts: re(arch.moe.experts)!, topK: re(arch.moe.topK)! };
    if (arch.moe.sharedExperts) out.moe.sharedExperts = re(arch.moe.sharedExperts);
    if (arch.moe.expertFfnHiddenSize) out.moe.expertFfnHiddenSize = re(arch.moe.expertFfnHiddenSize);
    if (arch.moe.moeLayers) out.moe.moeLayers = re(arch.moe.moeLayers);
  }
  if (arch.mla) out.mla = { ...arch.mla, source: re(arch.mla.source)! };
  return out;
}

function sourced<T>(value: T, detail: string, from: string): Sourced<T> {
  return { value, source: 'companion', detail: `${detail} (${from})` };
}
