// Expansion of shell words against the variables a script assigned, without running anything. Every resulting
// character remembers the source offset it was written at (so `--num-layers $NLAYERS` points at the `70` in
// `NLAYERS=70`) and the chain of expansions it went through (so "as written" can say `$NLAYERS`).
import type { Part, Word } from './shell-lex';
import { checkBudget } from '../limits';

/** One expansion a character went through, outermost first (`$CMD` → `$GPT_ARGS` → `$NLAYERS`). */
export interface Via {
  start: number;
  end: number;
  next?: Via;
}

export interface XChar {
  ch: string;
  /** Source offset of the literal character, -1 when computed ($((...)), joins). */
  origin: number;
  /** Written inside quotes in the text where it appears last (not split). Expansion results are splittable. */
  quoted: boolean;
  via?: Via;
  /** Part of an expansion that cannot be known from the text. */
  unknown?: boolean;
}

export interface XText {
  chars: XChar[];
  /** Something in it depends on what cannot be known from the text ($SLURM_NNODES, $(cmd), unset variables). */
  unresolved: boolean;
}

export type VarValue = { kind: 'scalar'; value: XText } | { kind: 'array'; items: XText[] };

/**
 * Variables a scheduler or launcher sets at run time: their value is unknowable from the script, even when the
 * script gives a fallback (`${SLURM_NNODES:-1}` is 1 only when not run by Slurm, which is not how it is run).
 */
const SCHEDULER_VARS = /^(SLURM_|PBS_|LSB_|OMPI_|PMI_|PMIX_|MV2_|SGE_|COBALT_|FLUX_)/;

export class ShellEnv {
  readonly vars = new Map<string, VarValue>();
  /** Characters expansions may still produce in this script; a hostile one runs out and reads as unknown. */
  budget = MAX_TOTAL_EXPANSION_CHARS;
  /** Where an expansion was first cut short by the caps (source offset), for the parser's finding. */
  cappedAt: number | undefined;

  constructor(readonly source: string) {}

  text(x: XText): string {
    return x.chars.map((c) => c.ch).join('');
  }
}

export function xtext(chars: XChar[] = [], unresolved = false): XText {
  return { chars, unresolved };
}

function computed(s: string, via: Via | undefined): XChar[] {
  return [...s].map((ch) => ({ ch, origin: -1, quoted: false, via }));
}

/** Re-labels characters that came out of an expansion at [start, end): splittable, with the expansion on their chain. */
function through(chars: XChar[], start: number, end: number): XChar[] {
  const cache = new Map<Via | undefined, Via>();
  return chars.map((c) => {
    let v = cache.get(c.via);
    if (!v) {
      v = { start, end, next: c.via };
      cache.set(c.via, v);
    }
    return { ch: c.ch, origin: c.origin, quoted: false, via: v, unknown: c.unknown };
  });
}

/** The raw text of an unknowable expansion, kept so the value still reads `$SLURM_NNODES`. */
function unknown(env: ShellEnv, start: number, end: number): XText {
  // An unclosed `$(` or backtick runs to the end of the text: its echo is cut at the cap, like any value.
  let raw = env.source.slice(start, Math.min(end, start + MAX_EXPANSION_CHARS));
  if (raw.startsWith('`')) raw = `$(${raw.slice(1, -1)})`;
  const via = { start, end };
  const chars: XChar[] = [];
  for (const ch of raw) chars.push({ ch, origin: -1, quoted: false, via, unknown: true });
  return xtext(chars, true);
}

/** Expands a word's parts into one text (no word splitting: that is the caller's choice). */
export function expandParts(env: ShellEnv, parts: Part[], opts: { heredocJson?: boolean } = {}): XText {
  const out: XChar[] = [];
  let unresolved = false;
  for (const p of parts) {
    checkBudget(p.k === 'lit' ? p.text.length : 1);
    // A word longer than any value may grow is no launch setting: what is read of it so far stands for all of it,
    // unknown, and the rest is not copied (one 2 MB word would otherwise be copied per look at it).
    if (out.length > MAX_EXPANSION_CHARS) {
      env.cappedAt ??= p.k === 'lit' ? (p.origins[0] ?? 0) : p.start;
      out.length = MAX_EXPANSION_CHARS;
      for (const c of out) c.unknown = true;
      return xtext(out, true);
    }
    if (p.k === 'lit') {
      for (let i = 0; i < p.text.length; i++) out.push({ ch: p.text[i]!, origin: p.origins[i] ?? -1, quoted: p.quoted });
      continue;
    }
    let x: XText;
    // Room left for this expansion: a value that would not fit is not copied at all, so growth costs nothing.
    const room = Math.min(MAX_EXPANSION_CHARS - out.length, env.budget);
    if (p.k === 'cmd') x = unknown(env, p.start, p.end);
    else if (p.k === 'arith') x = expandArith(env, p.expr, p.start, p.end);
    else x = expandParam(env, p.name, p.op, p.arg, p.index, p.start, p.end, room);
    // A script that doubles a variable in a loop (`A="$A $A"`) must not blow up: past the cap the value is unknown.
    if ((out.length + x.chars.length > MAX_EXPANSION_CHARS || x.chars.length > env.budget) && p.k !== 'cmd') {
      env.cappedAt ??= p.start;
      x = unknown(env, p.start, p.end);
    }
    env.budget = Math.max(0, env.budget - x.chars.length);
    checkBudget(x.chars.length);
    if (x.unresolved) {
      unresolved = true;
      // In inline JSON an unknowable value is quoted, so the JSON still parses and the key reports it.
      if (opts.heredocJson && needsJsonQuotes(out)) {
        append(out, computed('"', undefined));
        append(out, x.chars);
        append(out, computed('"', undefined));
        continue;
      }
    }
    append(out, x.chars);
  }
  return xtext(out, unresolved);
}

/**
 * Longest value one expansion may produce, and all of a script's expansions together; real launch scripts use about
 * 10,000 in all. Past either, the value reads as unknown and the parser says so.
 */
export const MAX_EXPANSION_CHARS = 16_000;
const MAX_TOTAL_EXPANSION_CHARS = 100_000;

/** push(...items) without the argument-count limit of a spread. */
export function append<T>(to: T[], items: readonly T[]): void {
  for (const item of items) to.push(item);
}

function needsJsonQuotes(before: XChar[]): boolean {
  for (let i = before.length - 1; i >= 0; i--) {
    const ch = before[i]!.ch;
    if (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') continue;
    return ch === ':' || ch === '[' || ch === ',';
  }
  return false;
}

export function lookup(env: ShellEnv, name: string): VarValue | undefined {
  return env.vars.get(name);
}

function isUnknowable(name: string): boolean {
  return /^[0-9@*#?$!-]$/.test(name) || SCHEDULER_VARS.test(name);
}

/** The value's characters relabelled as coming out of this expansion, or unknown when they would not fit in `room`. */
function passThrough(env: ShellEnv, value: XText, start: number, end: number, room: number): XText {
  if (value.chars.length > room) {
    env.cappedAt ??= start;
    return unknown(env, start, end);
  }
  return xtext(through(value.chars, start, end), value.unresolved);
}

function expandParam(env: ShellEnv, name: string, op: string | undefined, arg: Part[] | undefined, index: string | undefined, start: number, end: number, room = Infinity): XText {
  if (!name || op === '?') return unknown(env, start, end);
  const v = isUnknowable(name) && !/^[0-9]$/.test(name) ? undefined : lookup(env, name);
  let value: XText | undefined;
  if (v?.kind === 'scalar') value = index === undefined || index === '0' || index === '@' || index === '*' ? v.value : xtext();
  else if (v?.kind === 'array') {
    if (index === '@' || index === '*') value = joinItems(v.items);
    else value = v.items[index === undefined ? 0 : Number(index)] ?? xtext();
  }
  const knowable = !isUnknowable(name);
  if (op === '#') {
    if (!value || value.unresolved) return unknown(env, start, end);
    return xtext(computed(String(value.chars.length), { start, end }));
  }
  const isSet = value !== undefined;
  const isEmpty = value !== undefined && value.chars.length === 0 && !value.unresolved;
  if (op === ':-' || op === '-' || op === ':=' || op === '=') {
    const useDefault = !isSet || (op.startsWith(':') && isEmpty);
    if (!useDefault) return passThrough(env, value!, start, end, room);
    if (!isSet && !knowable && !/^[0-9]$/.test(name)) return unknown(env, start, end);
    const def = expandParts(env, arg ?? []);
    if (op.endsWith('=') && NAME_RE.test(name)) env.vars.set(name, { kind: 'scalar', value: def });
    return xtext(through(def.chars, start, end), def.unresolved);
  }
  if (op === ':+' || op === '+') {
    if (!isSet) return knowable ? xtext() : unknown(env, start, end);
    if (value!.unresolved) return unknown(env, start, end);
    if (op === ':+' && isEmpty) return xtext();
    const alt = expandParts(env, arg ?? []);
    return xtext(through(alt.chars, start, end), alt.unresolved);
  }
  if (op === ':?' || op === '?') {
    if (!isSet) return unknown(env, start, end);
  }
  if (!isSet) return unknown(env, start, end);
  return passThrough(env, value!, start, end, room);
}

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*$/;

function joinItems(items: XText[]): XText {
  const chars: XChar[] = [];
  let unresolved = false;
  items.forEach((it, i) => {
    if (i > 0) chars.push({ ch: ' ', origin: -1, quoted: false });
    append(chars, it.chars);
    unresolved ||= it.unresolved;
  });
  return xtext(chars, unresolved);
}

/** `$((...))` with integers, + - * / % and parentheses; names and `$X` resolve through the script's variables. */
function expandArith(env: ShellEnv, expr: Part[], start: number, end: number): XText {
  const x = expandParts(env, expr);
  if (x.unresolved) return unknown(env, start, end);
  const value = evalArith(env.text(x), (name) => {
    const v = lookup(env, name);
    if (!v || isUnknowable(name)) return undefined;
    const t = v.kind === 'scalar' ? v.value : v.items[0];
    if (!t || t.unresolved) return undefined;
    const s = env.text(t).trim();
    if (s === '') return 0;
    return evalArith(s, () => undefined);
  });
  if (value === undefined) return unknown(env, start, end);
  return xtext(computed(String(value), { start, end }));
}

/** A tiny integer evaluator; undefined for anything it cannot compute exactly (unknown names, division by 0). */
export function evalArith(s: string, resolve: (name: string) => number | undefined): number | undefined {
  const tokens = s.match(/\d+|[A-Za-z_][A-Za-z0-9_]*|\*\*|[-+*/%()]|\S/g) ?? [];
  let pos = 0;
  let failed = false;
  const peek = () => tokens[pos];
  const primary = (): number => {
    const t = tokens[pos++];
    if (t === undefined) {
      failed = true;
      return 0;
    }
    if (t === '(') {
      const v = sum();
      if (tokens[pos++] !== ')') failed = true;
      return v;
    }
    if (t === '-') return -primary();
    if (t === '+') return primary();
    if (/^\d+$/.test(t)) return Number(t);
    if (/^[A-Za-z_]/.test(t)) {
      const v = resolve(t);
      if (v === undefined) failed = true;
      return v ?? 0;
    }
    failed = true;
    return 0;
  };
  const product = (): number => {
    let v = primary();
    for (;;) {
      const op = peek();
      if (op !== '*' && op !== '/' && op !== '%') return v;
      pos++;
      const r = primary();
      if (op === '*') v *= r;
      else if (r === 0) {
        failed = true;
        return 0;
      } else v = op === '/' ? Math.trunc(v / r) : v % r;
    }
  };
  const sum = (): number => {
    let v = product();
    for (;;) {
      const op = peek();
      if (op !== '+' && op !== '-') return v;
      pos++;
      const r = product();
      v = op === '+' ? v + r : v - r;
    }
  };
  const v = sum();
  if (failed || pos !== tokens.length || !Number.isSafeInteger(v)) return undefined;
  return v;
}

/** A field of a command line after splitting, with the word it came from (for a span when nothing better exists). */
export interface Field {
  chars: XChar[];
  unresolved: boolean;
  word: { start: number; end: number };
}

/**
 * Splits an expanded word into fields. A word whose expansions brought in whitespace (`$GPT_ARGS`, an array element
 * "--fp8-format hybrid", `bash -c "$LAUNCHER $CMD"`) is read as a command line: split everywhere, with quote
 * characters inside it grouping as they would for eval. A word whose whitespace was all quoted stays one field.
 */
export function splitWord(x: XText, word: { start: number; end: number }): Field[] {
  const isSpace = (ch: string) => ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
  const field = (chars: XChar[]): Field => ({ chars, unresolved: chars.some((c) => c.unknown), word });
  // Whitespace inside an unknowable expansion (`$(scontrol show ...)`) does not split: it is one unknown value.
  const splits = (c: XChar) => isSpace(c.ch) && !c.unknown;
  const resplit = x.chars.some((c) => !c.quoted && splits(c));
  if (!resplit) return x.chars.length ? [field(x.chars)] : [];
  const fields: Field[] = [];
  let cur: XChar[] = [];
  let quote: string | undefined;
  let started = false;
  const flush = () => {
    if (started) fields.push(field(cur));
    cur = [];
    started = false;
  };
  for (const c of x.chars) {
    // Only quote characters written in the text group (not ones an unknowable expansion echoes back).
    const isQuote = (c.ch === '"' || c.ch === "'") && c.origin >= 0;
    if (quote) {
      if (isQuote && c.ch === quote) quote = undefined;
      else cur.push(c);
      continue;
    }
    if (isQuote) {
      quote = c.ch;
      started = true;
      continue;
    }
    if (splits(c)) {
      flush();
      continue;
    }
    cur.push(c);
    started = true;
  }
  flush();
  return fields;
}

export function wordOf(w: Word): { start: number; end: number } {
  return { start: w.start, end: w.end };
}
