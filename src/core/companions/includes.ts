// Included YAML: `data: !include data/openwebtext_source.yaml` (Levanter, any loader with an include tag) places the
// named file's mapping under the key. The host resolves it like any config reference; its keys then join the file's
// as `data.tokenizer`, `data.cache_dir` …, each pointing at the include line of the analysed file (the only text the
// editor can point into) and saying which line of the included file wrote it.
import { parseAny } from '../parse/any';
import type { ConfigEntry, ParsedConfig } from '../parse/config';
import { baseName } from './merge';
import { referenceKey, type Companion, type Reference } from './types';

const INCLUDE_TAG = /!include\b/;
const YAML_FILE = /\.ya?ml$/i;

/** The keys of a YAML file whose value is `!include <file>`: what each places under it. */
export function includeReferences(cfg: ParsedConfig, fileName: string): Reference[] {
  if (cfg.syntax !== 'yaml' || !cfg.text.includes('!include')) return [];
  const out: Reference[] = [];
  for (const e of cfg.entries.values()) {
    if (typeof e.value !== 'string' || !e.valueSpan || !YAML_FILE.test(e.value)) continue;
    if (!INCLUDE_TAG.test(cfg.text.slice(e.keySpan.end, e.valueSpan.start))) continue;
    out.push({ kind: 'config', target: e.value.trim(), key: e.path, in: fileName, span: e.valueSpan, include: e.path });
  }
  return out;
}

/** The file's config with what its includes place under their keys (its own keys win); unchanged without any. */
export function withIncludes(cfg: ParsedConfig, fileName: string, companions: readonly Companion[]): ParsedConfig {
  const refs = includeReferences(cfg, fileName);
  if (refs.length === 0) return cfg;
  const byKey = new Map(companions.map((c) => [referenceKey(c), c]));
  const entries = new Map(cfg.entries);
  const sections = new Set(cfg.sections);
  for (const ref of refs) {
    const c = byKey.get(referenceKey(ref));
    if (c?.text === undefined) continue;
    const included = parseAny(c.text, c.fileName);
    const at = cfg.entries.get(ref.include!)!;
    sections.add(ref.include!);
    for (const s of included.sections) sections.add(`${ref.include}.${s}`);
    for (const e of included.entries.values()) {
      const path = `${ref.include}.${e.path}`;
      if (entries.has(path)) continue;
      const raw = `${e.raw ?? String(e.value)} (${baseName(c.fileName)} line ${e.keySpan.line + 1})`;
      const entry: ConfigEntry = { path, value: e.value, keySpan: at.keySpan, raw };
      entries.set(path, entry);
    }
  }
  return { ...cfg, entries, sections };
}
