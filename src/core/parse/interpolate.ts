// OmegaConf interpolations in a parsed YAML config (NeMo, NeMo launcher, Hydra): absolute `${model.hidden_size}`,
// relative `${.hidden_size}` / `${..x}`, and the resolvers NeMo registers for arithmetic (`${multiply:4, ${.h}}`,
// `sum`, `divide_ceil`, `floor_div`, `int`), nested. Pure: nothing is run and no environment is read. What cannot be
// resolved (a key this file does not define, a cycle, an unknown resolver, a division by zero) keeps its text as
// written, so the reader reports it; `problems` says why, per key, for a precise message.
import type { Finding } from '../types';
import type { ConfigEntry, ParsedConfig, Scalar } from './config';
import { BudgetExceeded, checkBudget } from '../limits';
import { finding } from '../present/findings';

/** References followed in a chain, and braces nested in one value, before giving up: real configs use 2 or 3. */
const MAX_DEPTH = 16;
/** Longest text an interpolation may produce: no config value is near it. */
const MAX_INTERPOLATED_CHARS = 20_000;

export interface InterpolateOptions {
  /**
   * Roots the file is mounted under when a larger config composes it. The NeMo launcher mounts a training config
   * under `training`, so its files say `${training.model.hidden_size}` for this file's `model.hidden_size`.
   */
  mountRoots?: readonly string[];
}

export interface Interpolated {
  /** A copy of the config whose interpolated entries hold their resolved values (valueSpan dropped: not a literal). */
  cfg: ParsedConfig;
  /** Paths whose interpolation could be resolved, with the original text kept in `raw`. */
  resolved: Set<string>;
  /** Per key that could not be resolved: an 'unresolved-reference' finding naming the key, line and reason. */
  problems: Map<string, Finding>;
}

type Result = { ok: true; value: Scalar } | { ok: false; reason: string };

class Unresolved extends Error {}

export function resolveInterpolations(cfg: ParsedConfig, options: InterpolateOptions = {}): Interpolated {
  const mountRoots = options.mountRoots ?? [];
  const memo = new Map<string, Result>();
  const entries = new Map<string, ConfigEntry>();
  const resolved = new Set<string>();
  const problems = new Map<string, Finding>();

  const candidates = (target: string): string[] => {
    const list = [target];
    for (const root of mountRoots) {
      if (target.startsWith(`${root}.`)) list.push(target.slice(root.length + 1));
      else list.push(`${root}.${target}`);
    }
    return list;
  };

  const resolveEntry = (path: string, chain: string[]): Result => {
    const known = memo.get(path);
    if (known) return known;
    if (chain.includes(path)) return { ok: false, reason: `a cycle: ${[...chain.slice(chain.indexOf(path)), path].join(' → ')}` };
    if (chain.length >= MAX_DEPTH) return { ok: false, reason: `a chain of more than ${MAX_DEPTH} references` };
    const e = cfg.entries.get(path);
    if (!e) return { ok: false, reason: `no key \`${path}\`` };
    let result: Result;
    if (typeof e.value !== 'string' || !e.value.includes('${')) result = { ok: true, value: e.value };
    else {
      try {
        result = { ok: true, value: evalText(e.value, path, [...chain, path], 0) };
      } catch (err) {
        if (err instanceof BudgetExceeded) throw err;
        result = { ok: false, reason: err instanceof Unresolved ? err.message : 'an interpolation that could not be read' };
      }
    }
    // A cycle's members are only memoised by the entry that started it, so each reports the whole loop.
    if (chain.length === 0 || result.ok) memo.set(path, result);
    return result;
  };

  const lookup = (ref: string, from: string, chain: string[]): Scalar => {
    const dots = /^\.*/.exec(ref)?.[0].length ?? 0;
    let target = ref.slice(dots);
    if (!/^[\w-]+(\.[\w-]+)*$/.test(target)) throw new Unresolved(`\`\${${ref}}\`, which is not a key path`);
    if (dots > 0) {
      // `.x` is a sibling of the key; each further dot climbs one level.
      const container = from.split('.').slice(0, -1);
      if (dots - 1 > container.length) throw new Unresolved(`\`\${${ref}}\`, which climbs above the file's root`);
      const base = container.slice(0, container.length - (dots - 1));
      target = [...base, target].join('.');
    }
    for (const c of candidates(target)) {
      if (cfg.entries.has(c)) {
        const r = resolveEntry(c, chain);
        if (!r.ok) throw new Unresolved(r.reason.startsWith('a cycle') || r.reason.startsWith('a chain') ? r.reason : `\`${c}\`, which refers to ${r.reason}`);
        return r.value;
      }
      if (cfg.sections.has(c)) throw new Unresolved(`\`${c}\`, which is a section, not a value`);
    }
    throw new Unresolved(`\`${target}\`, which this file does not define`);
  };

  /** A value text with `${...}` parts: one part alone keeps its type, parts among text are joined as a string. */
  const evalText = (text: string, from: string, chain: string[], depth: number): Scalar => {
    if (depth > MAX_DEPTH) throw new Unresolved(`interpolations nested more than ${MAX_DEPTH} deep`);
    const parts: Scalar[] = [];
    let i = 0;
    let literal = '';
    while (i < text.length) {
      checkBudget();
      if (text.startsWith('${', i)) {
        const close = matchingBrace(text, i + 1);
        if (close < 0) throw new Unresolved(`an unclosed \`\${\` in \`${text}\``);
        if (literal) parts.push(literal);
        literal = '';
        parts.push(evalInner(text.slice(i + 2, close), from, chain, depth + 1));
        i = close + 1;
      } else {
        literal += text[i];
        i++;
      }
    }
    if (literal) parts.push(literal);
    if (parts.length === 1) return parts[0] ?? null;
    const joined = parts.map((p) => String(p)).join('');
    // `b: ${a}${a}`, `c: ${b}${b}` ... doubles at each key: memoised lookups stay few, but the text would not.
    if (joined.length > MAX_INTERPOLATED_CHARS) throw new Unresolved(`a value that grows past ${MAX_INTERPOLATED_CHARS.toLocaleString('en-US')} characters`);
    return joined;
  };

  const evalInner = (inner: string, from: string, chain: string[], depth: number): Scalar => {
    const body = inner.trim();
    const call = /^([A-Za-z_][\w.]*):([\s\S]*)$/.exec(body);
    if (!call) return lookup(body, from, chain);
    const name = call[1] ?? '';
    const resolver = RESOLVERS[name];
    if (!resolver) throw new Unresolved(`the resolver \`${name}\`, which is not evaluated without running the program`);
    const args = splitArgs(call[2] ?? '').map((a) => {
      const v = a.includes('${') ? evalText(a, from, chain, depth) : literalValue(a);
      const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      if (!Number.isFinite(n)) throw new Unresolved(`\`${name}\` applied to \`${String(v)}\`, which is not a number`);
      return n;
    });
    const out = resolver(args);
    if (out === undefined || !Number.isFinite(out)) throw new Unresolved(`\`${name}:${call[2] ?? ''}\`, which has no finite value`);
    return out;
  };

  for (const [path, e] of cfg.entries) {
    if (typeof e.value !== 'string' || !e.value.includes('${')) {
      entries.set(path, e);
      continue;
    }
    const r = resolveEntry(path, []);
    if (r.ok) {
      entries.set(path, { path, value: r.value, keySpan: e.keySpan, raw: e.raw ?? e.value });
      resolved.add(path);
    } else {
      entries.set(path, e);
      problems.set(path, finding('unresolved-reference', { key: path, ref: String(e.value), line: e.keySpan.line + 1, refersTo: r.reason }, { key: path, span: e.keySpan }));
    }
  }
  return { cfg: { ...cfg, entries }, resolved, problems };
}

/** NeMo's arithmetic resolvers (nemo/utils/... `OmegaConf.register_new_resolver`); undefined = no value. */
const RESOLVERS: Record<string, (args: number[]) => number | undefined> = {
  multiply: (a) => (a.length > 0 ? a.reduce((x, y) => x * y, 1) : undefined),
  sum: (a) => (a.length > 0 ? a.reduce((x, y) => x + y, 0) : undefined),
  divide_ceil: (a) => (a.length === 2 && a[1] ? Math.ceil((a[0] ?? 0) / a[1]) : undefined),
  floor_div: (a) => (a.length === 2 && a[1] ? Math.floor((a[0] ?? 0) / a[1]) : undefined),
  int: (a) => (a.length === 1 ? Math.trunc(a[0] ?? NaN) : undefined),
};

/** Index of the `}` closing the `{` at `open`, or -1. */
function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}') {
      depth--;
      if (depth === 0) return i;
    }
  }
  return -1;
}

/** Resolver arguments split at top-level commas (not inside `${...}` or quotes). */
function splitArgs(text: string): string[] {
  const args: string[] = [];
  let depth = 0;
  let quote = '';
  let current = '';
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = '';
    } else if (ch === '"' || ch === "'") quote = ch;
    else if (ch === '{') depth++;
    else if (ch === '}') depth--;
    else if (ch === ',' && depth === 0) {
      args.push(current.trim());
      current = '';
      continue;
    }
    current += ch;
  }
  if (current.trim() !== '' || args.length > 0) args.push(current.trim());
  return args;
}

function literalValue(text: string): Scalar {
  const t = text.trim();
  if (/^(['"]).*\1$/.test(t)) return t.slice(1, -1);
  const n = Number(t);
  return t !== '' && Number.isFinite(n) ? n : t;
}
