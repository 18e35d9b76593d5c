// What every fine-tuning recipe reader shares: the base model (named, not spelled out, so resolved through the model
// table), the method (objective and adapter), and values with provenance for the FineTuneSpec. The readers of each
// framework (axolotl, LLaMA-Factory, TRL, torchtune, launch scripts, RL launchers) only map their keys onto these.
import { findPreset, presetArchitecture } from '../data/model-presets';
import { modelFromTable } from '../model/named';
import type { ConfigEntry } from '../parse/config';
import type { Adapter, Architecture, FineTuneSpec, KeyRole, Objective, Sourced, Span } from '../types';
import { RunBuilder } from './builder';

// "-checkpoints": a repository of a model's intermediate checkpoints (HuggingFaceTB/SmolLM3-3B-checkpoints).
const VARIANT_SUFFIX = /-(hf|instruct|chat|it|base|checkpoints)$/i;

/** A named base model's architecture and, when the table counted it, its parameters. */
export interface BaseModel {
  model: string;
  arch: Architecture;
  params?: Sourced<number>;
  activeParams?: Sourced<number>;
}

/**
 * The architecture of a model a recipe names by HF id, local path or bare name ("meta-llama/Meta-Llama-3-8B",
 * "checkpoints/meta-llama/Meta-Llama-3-8B", "/tmp/Meta-Llama-3.1-8B-Instruct/"): the shipped table of open models
 * first, by the id, its last path segment and that segment without a variant suffix; then LitGPT's own names. The
 * one place fine-tune readers ask for a model by name.
 */
export function resolveBaseModel(name: string, via: string, span?: Span): BaseModel | undefined {
  const clean = name.trim().replace(/\\/g, '/').replace(/\/+$/, '');
  const last = clean.slice(clean.lastIndexOf('/') + 1);
  const candidates = [clean, last];
  let stripped = last;
  while (VARIANT_SUFFIX.test(stripped)) {
    stripped = stripped.replace(VARIANT_SUFFIX, '');
    candidates.push(stripped, `${stripped}-hf`);
  }
  for (const c of candidates) {
    const named = modelFromTable(c);
    if (named) return { model: named.id ?? named.name, arch: named.arch, params: named.params, activeParams: named.activeParams };
  }
  for (const c of candidates) {
    const preset = findPreset('litgpt', c);
    if (preset) return { model: preset.model, arch: presetArchitecture(preset, via, span) };
  }
  return undefined;
}

/** A value read from an entry, with file provenance pointing at it. */
export function fromEntry<T>(b: RunBuilder, role: KeyRole, e: ConfigEntry, value: T): Sourced<T> {
  b.note(role, e);
  const raw = e.raw ?? String(e.value);
  return { value, source: 'file', detail: `${e.path}: ${raw.length > 60 ? `${raw.slice(0, 57)}...` : raw}`, span: e.valueSpan ?? e.keySpan };
}

/** A framework's documented default, with where it is documented. */
export function byDefault<T>(value: T, detail: string): Sourced<T> {
  return { value, source: 'default', detail };
}

/** A boolean from an entry ("true", 1, yes); undefined when absent or empty. */
export function truthy(e: ConfigEntry | undefined): boolean | undefined {
  if (!e || e.value === null) return undefined;
  const v = e.value;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  const t = v.trim().toLowerCase();
  if (/^(true|yes|on|1)$/.test(t)) return true;
  if (/^(false|no|off|0|none|null)$/.test(t)) return false;
  return undefined;
}

/** Starts the fine-tune part of a run; readers then fill what their recipe states. */
export function startFineTune(b: RunBuilder, objective: Sourced<Objective>, adapter: Sourced<Adapter>): FineTuneSpec {
  const ft: FineTuneSpec = { objective, adapter };
  b.run.fineTune = ft;
  return ft;
}

/**
 * Reads the base model from the first present key, records it, and takes its architecture from the model table;
 * a model the table does not know gets a finding that says how to give the size.
 */
export function readBaseModel(b: RunBuilder, ft: FineTuneSpec, paths: string[], nameOf: (value: string) => string = (v) => v): void {
  const e = b.entry(...paths);
  if (!e || typeof e.value !== 'string' || e.value.trim() === '') return;
  // "$HOME/models/Qwen2-7B-Instruct": a variable in the folder only, the model is still named by the last segment.
  const last = e.value.slice(e.value.lastIndexOf('/') + 1);
  const folderOnly = /\$/.test(e.value) && e.value.includes('/') && last !== '' && !/\$/.test(last);
  if (folderOnly && resolveBaseModel(nameOf(last), `${e.path} "${last}"`)) {
    readBaseModelNamed(b, ft, e, nameOf(last));
    return;
  }
  if (/\$/.test(e.value)) {
    b.note('baseModel', e);
    b.finding('unresolved-reference', { key: e.path, ref: String(e.raw ?? e.value), line: e.keySpan.line + 1, consequence: 'the model size is unknown' }, e);
    return;
  }
  readBaseModelNamed(b, ft, e, nameOf(e.value));
}

function readBaseModelNamed(b: RunBuilder, ft: FineTuneSpec, e: ConfigEntry, name: string): void {
  ft.baseModel = fromEntry(b, 'baseModel', e, name);
  const span = e.valueSpan ?? e.keySpan;
  const base = resolveBaseModel(name, `${e.path} "${name}"`, span);
  if (base) {
    const at = <T>(s: Sourced<T> | undefined): Sourced<T> | undefined => (s ? { ...s, span } : undefined);
    b.run.arch = base.arch;
    if (base.params) b.run.params = at(base.params);
    if (base.activeParams) b.run.activeParams = at(base.activeParams);
    b.note('modelPreset', e);
    return;
  }
  b.finding('model-unknown', { model: name, where: `line ${e.keySpan.line + 1}`, base: true, cache: false }, e);
}

/** The file's base name, as the run's label. */
export function shortLabel(fileName: string, fallback: string): string {
  return fileName.replace(/^.*[\\/]/, '') || fallback;
}
