// OmegaConf-style `${path}` references, as llm-foundry (`${variables.max_seq_len}`) and OLMo (`${run_name}`) YAML use
// them. A value that is exactly one reference resolves to the entry it points at: the value is the target's, the
// value span is the target's literal (where write-back must edit), the key stays the one that was read. Anything more
// complex (resolvers like `${oc.env:...}`, string concatenation) is left as written for the builder to report.
import type { ConfigEntry, ParsedConfig } from '../parse/config';

/** References followed at most this many times (a -> b -> c), so a cycle cannot loop. */
const MAX_HOPS = 8;

const REFERENCE = /^\$\{\s*(\.*)([A-Za-z0-9_][A-Za-z0-9_.-]*)\s*\}$/;

export function resolveReference(cfg: ParsedConfig, e: ConfigEntry): ConfigEntry {
  let current = e;
  const chain: string[] = [];
  for (let hop = 0; hop < MAX_HOPS; hop++) {
    if (typeof current.value !== 'string') break;
    const m = REFERENCE.exec(current.value.trim());
    if (!m || m[1] === undefined || m[2] === undefined) break;
    const target = cfg.entries.get(targetPath(current.path, m[1].length, m[2]));
    if (!target) break;
    chain.push(current.value.trim());
    current = target;
  }
  if (current === e) return e;
  return {
    path: e.path,
    value: current.value,
    keySpan: e.keySpan,
    valueSpan: current.valueSpan,
    raw: `${chain.join(' → ')} → ${current.raw ?? String(current.value)}`,
  };
}

/** `${a.b}` is absolute; `${.x}` is a sibling, each further dot one level up (OmegaConf's relative interpolation). */
function targetPath(from: string, dots: number, ref: string): string {
  if (dots === 0) return ref;
  const parts = from.split('.');
  parts.pop();
  for (let i = 1; i < dots; i++) parts.pop();
  return [...parts, ref].join('.');
}
