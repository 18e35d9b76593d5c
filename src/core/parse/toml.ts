// TOML text -> ParsedConfig. smol-toml gives the values (it knows TOML's number, string and date rules); a small
// line scan gives where each key and value sits, which smol-toml does not report. When the text has a syntax error
// (a file mid-edit), the error becomes a finding naming its line and the scan still yields the keys it can read, each
// value parsed on its own, so the rest of the file keeps working. Never throws.
import { parse, TomlDate } from 'smol-toml';
import type { Finding, Span } from '../types';
import type { ConfigEntry, ParsedConfig, Scalar } from './config';
import { LineIndex } from './lines';
import { BudgetExceeded, largeSection, MAX_SECTION_CHILDREN, tooComplex } from '../limits';
import { checkBudget } from '../limits';
import { finding } from '../present/findings';

/** Longest text smol-toml reads in one call; a longer one is read value by value (torchtitan configs are ~3 KB). */
export const MAX_WHOLE_PARSE_CHARS = 256 * 1024;

/** Nesting below which keys are not flattened (as in parse/yaml.ts). */
const MAX_DEPTH = 32;

/** Where the scan found a key: its text and, for a literal, its value's text. */
interface Located {
  keySpan: Span;
  valueSpan?: Span;
  raw: string;
}

export function parseToml(text: string): ParsedConfig {
  const lines = new LineIndex(text);
  const entries = new Map<string, ConfigEntry>();
  const sections = new Set<string>();
  const findings: Finding[] = [];
  let scan: Map<string, Located>;
  try {
    scan = scanToml(text, lines, sections);
  } catch (e) {
    if (e instanceof BudgetExceeded) throw e;
    scan = new Map();
  }
  let doc: Record<string, unknown> | undefined;
  try {
    // smol-toml reads the whole text in one call that the time limit cannot stop (a 2 MB file of keys takes seconds
    // on a busy machine); past this size each scanned value is parsed on its own instead, under the limit, as for a
    // file with a syntax error. No training config comes near it.
    if (text.length <= MAX_WHOLE_PARSE_CHARS) doc = parse(text) as Record<string, unknown>;
  } catch (e) {
    const err = e as { line?: unknown; message?: unknown };
    const line = typeof err.line === 'number' && err.line > 0 ? err.line - 1 : undefined;
    const message = firstLine(String(err.message ?? e)).replace(/^Invalid TOML document:\s*/i, '');
    const span = line !== undefined ? lineSpan(text, lines, line) : undefined;
    if (/excessively nested/i.test(message)) findings.push(tooComplex('nested too deeply to read', span));
    else findings.push(finding('parse-error', { syntax: 'TOML', line: line !== undefined ? line + 1 : undefined, detail: message }, { span }));
  }
  const walk = (node: unknown, prefix: string, depth: number): void => {
    checkBudget();
    if (depth > MAX_DEPTH) return;
    if (Array.isArray(node)) {
      sections.add(prefix);
      if (node.length > MAX_SECTION_CHILDREN) findings.push(largeSection(prefix));
      node.slice(0, MAX_SECTION_CHILDREN).forEach((item, i) => walk(item, `${prefix}.${i}`, depth + 1));
      return;
    }
    if (node && typeof node === 'object' && !(node instanceof TomlDate)) {
      if (prefix) sections.add(prefix);
      const children = Object.entries(node as Record<string, unknown>);
      if (children.length > MAX_SECTION_CHILDREN) findings.push(largeSection(prefix));
      for (const [k, v] of children.slice(0, MAX_SECTION_CHILDREN)) walk(v, prefix ? `${prefix}.${k}` : k, depth + 1);
      return;
    }
    const at = locate(scan, prefix);
    if (!at) return;
    // TOML's inf / nan and numbers beyond double range stay text, so extractors report them instead of using them.
    const value = typeof node === 'number' && !Number.isFinite(node) ? at.raw : toScalar(node);
    entries.set(prefix, { path: prefix, value, keySpan: at.keySpan, valueSpan: at.valueSpan, raw: at.raw });
  };
  if (doc) walk(doc, '', 0);
  else {
    // Recovery: each scanned key's value parsed on its own; keys whose value cannot be read are left out.
    for (const [path, at] of scan) {
      if (!at.valueSpan) continue;
      const value = parseValueText(at.raw);
      if (value !== undefined) walk(value, path, path.split('.').length);
    }
  }
  const failed = entries.size === 0 && findings.length > 0;
  return { syntax: 'toml', text, lines, entries, sections, findings, failed };
}

/** The scan's location for a path; array elements and inline-table members fall back to their container's key. */
function locate(scan: Map<string, Located>, path: string): Located | undefined {
  const exact = scan.get(path);
  if (exact) return exact;
  let p = path;
  while (p.includes('.')) {
    p = p.slice(0, p.lastIndexOf('.'));
    const parent = scan.get(p);
    if (parent) return { keySpan: parent.keySpan, raw: parent.raw };
  }
  return undefined;
}

const BARE_KEY = String.raw`[A-Za-z0-9_-]+`;
const QUOTED_KEY = String.raw`"(?:[^"\\]|\\.)*"|'[^']*'`;
const KEY_PART = `(?:${BARE_KEY}|${QUOTED_KEY})`;
const DOTTED_KEY = `${KEY_PART}(?:\\s*\\.\\s*${KEY_PART})*`;
const HEADER_RE = new RegExp(`^\\s*(\\[\\[?)\\s*(${DOTTED_KEY})\\s*\\]\\]?\\s*(?:#.*)?$`);
const KEY_VALUE_RE = new RegExp(`^(\\s*)(${DOTTED_KEY})\\s*=\\s*`);

/**
 * Walks the text line by line: table headers set the prefix (`[[x]]` numbers its tables), `key = value` lines give
 * spans. Values that run over several lines (arrays, multi-line strings) are followed to their end.
 */
function scanToml(text: string, lines: LineIndex, sections: Set<string>): Map<string, Located> {
  const found = new Map<string, Located>();
  const arrayCounts = new Map<string, number>();
  let prefix = '';
  let offset = 0;
  while (offset < text.length) {
    checkBudget();
    const lineEnd = endOfLine(text, offset);
    const line = text.slice(offset, lineEnd);
    const header = HEADER_RE.exec(line);
    if (header && header[1] !== undefined && header[2] !== undefined) {
      const path = splitKey(header[2]).join('.');
      if (header[1] === '[[') {
        const n = arrayCounts.get(path) ?? 0;
        arrayCounts.set(path, n + 1);
        prefix = `${path}.${n}`;
        sections.add(path);
      } else prefix = path;
      addSections(sections, prefix);
      offset = lineEnd + 1;
      continue;
    }
    const kv = KEY_VALUE_RE.exec(line);
    if (kv && kv[1] !== undefined && kv[2] !== undefined) {
      const keyStart = offset + kv[1].length;
      const keyText = kv[2];
      const valueStart = offset + kv[0].length;
      const valueEnd = endOfValue(text, valueStart);
      const raw = text.slice(valueStart, valueEnd);
      const path = [...(prefix ? [prefix] : []), ...splitKey(keyText)].join('.');
      addSections(sections, path.includes('.') ? path.slice(0, path.lastIndexOf('.')) : '');
      const keySpan = lines.span(keyStart, keyStart + keyText.length);
      found.set(path, { keySpan, valueSpan: raw ? lines.span(valueStart, valueEnd) : undefined, raw });
      offset = Math.max(endOfLine(text, valueEnd), lineEnd) + 1;
      continue;
    }
    offset = lineEnd + 1;
  }
  return found;
}

function addSections(sections: Set<string>, path: string): void {
  let p = path;
  while (p) {
    sections.add(p);
    p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '';
  }
}

/** `a."b.c".d` -> ["a", "b.c", "d"]. */
function splitKey(key: string): string[] {
  const parts: string[] = [];
  const re = new RegExp(KEY_PART, 'g');
  for (const m of key.matchAll(re)) {
    const p = m[0];
    parts.push(p.startsWith('"') || p.startsWith("'") ? p.slice(1, -1) : p);
  }
  return parts;
}

function endOfLine(text: string, from: number): number {
  const i = text.indexOf('\n', from);
  return i < 0 ? text.length : i;
}

/**
 * End offset of a value starting at `start`: a string (single or multi-line), or a run of text with balanced
 * brackets; a `#` outside strings ends it. Trailing spaces and a `\r` are excluded.
 */
function endOfValue(text: string, start: number): number {
  let i = start;
  let depth = 0;
  let lastSignificant = start;
  while (i < text.length) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const close = triple ? c.repeat(3) : c;
      let j = i + close.length;
      while (j < text.length) {
        if (c === '"' && text[j] === '\\') {
          j += 2;
          continue;
        }
        if (text.startsWith(close, j)) break;
        if (!triple && text[j] === '\n') break;
        j++;
      }
      // A triple-quoted string may end with up to two more quotes of the same kind.
      let end = Math.min(text.length, j + close.length);
      while (triple && text[end] === c && end < j + close.length + 2) end++;
      i = end;
      lastSignificant = i;
      continue;
    }
    if (c === '#') {
      i = endOfLine(text, i);
      if (depth === 0) break;
      continue;
    }
    if (c === '\n') {
      if (depth === 0) break;
      i++;
      continue;
    }
    if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
    if (c !== ' ' && c !== '\t' && c !== '\r') lastSignificant = i + 1;
    i++;
  }
  return lastSignificant;
}

/** A lone value's text parsed as TOML; undefined when it cannot be read. */
function parseValueText(raw: string): unknown {
  try {
    return (parse(`v = ${raw}`) as Record<string, unknown>)['v'];
  } catch {
    return undefined;
  }
}

function toScalar(v: unknown): Scalar {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return Number.isFinite(Number(v)) ? Number(v) : String(v);
  if (v instanceof TomlDate) return v.toISOString();
  return String(v);
}

function lineSpan(text: string, lines: LineIndex, line: number): Span | undefined {
  let offset = 0;
  for (let l = 0; l < line; l++) {
    const next = text.indexOf('\n', offset);
    if (next < 0) return undefined;
    offset = next + 1;
  }
  return lines.span(offset, endOfLine(text, offset));
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}
