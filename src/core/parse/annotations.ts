// The per-file annotation comment: what a config cannot say about where and on what it runs.
//   # footprint: gpu=H100 gpus=1024 region=us-east-1 pue=1.1 price=2.5 grid=350 mfu=0.4     (YAML, shell, TOML)
//   // footprint: gpu=H100 gpus=1024                                                      (JSON with comments)
// readAnnotations() finds it anywhere in the file (several lines merge; later keys win); upsertAnnotation() writes
// one line, at the top after a shebang / #SBATCH block, and changes nothing else in the text.
import { findGpu } from '../data/gpus';
import { findRegion } from '../data/regions';
import { ANNOTATION_KEYS as KEYS, cleanInput, expectedWords, inputForAnnotation, type AnnotationKey } from '../inputs/registry';
import type { AnnotationValues } from '../run/inputs';
import type { Finding, Span, TextEdit } from '../types';
import type { Syntax } from './config';
import { finding } from '../present/findings';

/** A `footprint:` comment line: indentation, comment marker, and the key=value text after the colon. */
const LINE = /^([ \t]*)(#|\/\/)[ \t]*footprint:[ \t]*(.*?)[ \t]*$/i;
/** key=value, key="value with spaces", key='value'. */
const PAIR = /([A-Za-z_][\w-]*)\s*=\s*("([^"]*)"|'([^']*)'|[^\s"']+)|(\S+)/g;

interface Pair {
  key: string;
  value: string;
  keyStart: number;
  valueStart: number;
  valueEnd: number;
  /** Text that is not a key=value pair ("gpu", "H100 x8"). */
  junk?: boolean;
}

interface AnnotationLine {
  start: number;
  /** End of the line's content, before its line break. */
  end: number;
  line: number;
  indent: string;
  marker: string;
  pairs: Pair[];
}

function findLines(text: string): AnnotationLine[] {
  const out: AnnotationLine[] = [];
  let start = 0;
  let line = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const contentEnd = end > start && text[end - 1] === '\r' ? end - 1 : end;
    const content = text.slice(start, contentEnd);
    // Cheap test first: this runs on every keystroke's text.
    if (content.length < 2000 && /footprint:/i.test(content)) {
      const m = LINE.exec(content);
      if (m) {
        const body = m[3] ?? '';
        const bodyStart = start + content.indexOf(body, m[0].indexOf(':') + 1);
        out.push({ start, end: contentEnd, line, indent: m[1] ?? '', marker: m[2] ?? '#', pairs: pairsOf(body, bodyStart) });
      }
    }
    if (end >= text.length) break;
    start = end + 1;
    line++;
  }
  return out;
}

function pairsOf(body: string, offset: number): Pair[] {
  const pairs: Pair[] = [];
  for (const m of body.matchAll(PAIR)) {
    const at = offset + (m.index ?? 0);
    if (m[5] !== undefined) {
      pairs.push({ key: m[5], value: '', keyStart: at, valueStart: at, valueEnd: at + m[5].length, junk: true });
      continue;
    }
    const key = m[1]!;
    const rawValue = m[2]!;
    const quoted = m[3] ?? m[4];
    const rawStart = at + m[0].length - rawValue.length;
    const valueStart = quoted !== undefined ? rawStart + 1 : rawStart;
    const value = quoted ?? rawValue;
    pairs.push({ key, value, keyStart: at, valueStart, valueEnd: valueStart + value.length });
  }
  return pairs;
}

export function readAnnotations(text: string): { values: AnnotationValues; findings: Finding[] } {
  const values: AnnotationValues = {};
  const findings: Finding[] = [];
  for (const l of findLines(text)) {
    const where = `line ${l.line + 1}`;
    for (const p of l.pairs) {
      const keySpan: Span = { start: p.keyStart, end: p.valueEnd, line: l.line };
      const key = p.key.toLowerCase() as AnnotationKey;
      if (p.junk) {
        findings.push(finding('unknown-annotation', { where, key: p.key, problem: 'not-key-value' }, { span: keySpan }));
        continue;
      }
      if (!KEYS.includes(key)) {
        findings.push(finding('unknown-annotation', { where, key: p.key, problem: 'unknown-key', known: KEYS }, { key: p.key, span: keySpan }));
        continue;
      }
      const checked = check(key, p.value);
      if (checked.ok === 'unset') continue;
      if (!checked.ok) {
        findings.push(finding('unknown-annotation', { where, key, problem: 'bad-value', value: p.value, expected: checked.problem }, { key, span: keySpan }));
        continue;
      }
      values[key] = { value: checked.value, span: { start: p.valueStart, end: p.valueEnd, line: l.line } };
    }
  }
  return { values, findings };
}

/** 52000000 → "52M", 8030000000 → "8.03B": a size as people write it in an annotation, read back exactly (6 digits). */
export function formatSize(n: number): string {
  for (const [scale, suffix] of [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'k'],
  ] as const) {
    if (n >= scale) return `${Number((n / scale).toPrecision(6))}${suffix}`;
  }
  return String(n);
}

/** The value as the run takes it (bounds and the percent convention from the input registry), or why it cannot be used. */
function check(key: AnnotationKey, value: string): { ok: true; value: string | number } | { ok: false; problem: string } | { ok: 'unset' } {
  if (key === 'gpu') return findGpu(value) ? { ok: true, value } : { ok: false, problem: 'a GPU this tool knows (e.g. H100, A100-80GB, MI300X)' };
  if (key === 'region') return value && findRegion(value) ? { ok: true, value } : { ok: false, problem: 'a known region code (e.g. us-east-1, eu-north-1, world)' };
  const spec = inputForAnnotation(key)!;
  const cleaned = cleanInput(spec, value);
  // `mfu=auto`: the estimator's prior, as when the key is absent.
  if (cleaned.ok === 'unset') return { ok: 'unset' };
  return cleaned.ok === true && typeof cleaned.value === 'number' ? { ok: true, value: cleaned.value } : { ok: false, problem: expectedWords(spec) };
}

/**
 * Whether a file may carry the annotation. Strict JSON may not: DeepSpeed and Hugging Face read configs with a
 * plain JSON parser, so a comment would break the training run; hosts keep such values in a setting instead.
 */
export function canAnnotate(syntax: Syntax, fileName: string): boolean {
  return syntax !== 'json' || /\.jsonc$/i.test(fileName);
}

/**
 * Adds or updates the annotation: each change sets a key (undefined removes it). The first existing annotation line
 * is edited in place (other pairs, their order and the comment's indentation kept); without one, a line is inserted
 * at the top — after a shebang and a leading `#SBATCH` block in shell scripts. Returns one edit; every byte outside
 * it is untouched. An edit with start = end and no text means nothing to do.
 */
export function upsertAnnotation(text: string, syntax: Syntax, changes: Record<string, string | undefined>): TextEdit {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const known = Object.entries(changes).filter(([k]) => KEYS.includes(k.toLowerCase() as AnnotationKey));
  const lines = findLines(text);
  const existing = lines[0];
  if (existing) {
    // Several annotation lines are merged into the first (later values win, as when reading), so the edit decides.
    const pairs: Array<{ key: string; value: string }> = [];
    for (const l of lines) {
      for (const p of l.pairs) {
        if (p.junk) continue;
        const i = pairs.findIndex((q) => q.key.toLowerCase() === p.key.toLowerCase());
        if (i >= 0) pairs[i] = { key: pairs[i]!.key, value: p.value };
        else pairs.push({ key: p.key, value: p.value });
      }
    }
    for (const [k, v] of known) {
      const i = pairs.findIndex((p) => p.key.toLowerCase() === k.toLowerCase());
      const clean = v === undefined ? undefined : cleanValue(v);
      if (clean === undefined || clean === '') {
        if (i >= 0) pairs.splice(i, 1);
      } else if (i >= 0) pairs[i] = { key: pairs[i]!.key, value: clean };
      else pairs.push({ key: k.toLowerCase(), value: clean });
    }
    const nextStart = (l: AnnotationLine) => (text.startsWith('\r\n', l.end) ? l.end + 2 : text.startsWith('\n', l.end) ? l.end + 1 : l.end);
    if (lines.length === 1 && pairs.length === 0) {
      // Nothing left: the whole line goes, with its line break (the one before it when it is the last line).
      const next = nextStart(existing);
      const start = next === existing.end && existing.start > 0 ? existing.start - (text[existing.start - 2] === '\r' ? 2 : 1) : existing.start;
      return { start, end: next, newText: '' };
    }
    const last = lines[lines.length - 1]!;
    const end = lines.length > 1 ? nextStart(last) : existing.end;
    let body = text.slice(existing.start, end);
    // Remove the later lines (from the end, so offsets stay valid), then rewrite or remove the first.
    for (const l of lines.slice(1).reverse()) body = body.slice(0, l.start - existing.start) + body.slice(nextStart(l) - existing.start);
    const firstEnd = (pairs.length === 0 ? nextStart(existing) : existing.end) - existing.start;
    const first = pairs.length === 0 ? '' : `${existing.indent}${existing.marker} footprint: ${render(pairs)}`;
    return { start: existing.start, end, newText: first + body.slice(firstEnd) };
  }
  const pairs = KEYS.flatMap((k) => {
    const hit = known.find(([key]) => key.toLowerCase() === k);
    const v = hit?.[1] === undefined ? undefined : cleanValue(hit[1]);
    return v ? [{ key: k, value: v }] : [];
  });
  if (pairs.length === 0) return { start: 0, end: 0, newText: '' };
  const marker = syntax === 'json' ? '//' : '#';
  const line = `${marker} footprint: ${render(pairs)}`;
  const at = syntax === 'shell' ? afterShellHeader(text) : 0;
  if (at > 0 && !(text[at - 1] === '\n')) return { start: at, end: at, newText: `${eol}${line}${eol}` };
  return { start: at, end: at, newText: `${line}${eol}` };
}

/** Offset just after the shebang line and a following block of `#SBATCH` lines (blank lines in it allowed). */
function afterShellHeader(text: string): number {
  let pos = 0;
  let after = 0;
  let first = true;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    const next = end < 0 ? text.length : end + 1;
    if (end < 0) end = text.length;
    const line = text.slice(pos, end).replace(/\r$/, '');
    if (first && line.startsWith('#!')) after = next;
    else if (/^#SBATCH\b/.test(line)) after = next;
    else if (!(line.trim() === '' && after > 0 && nextIsSbatch(text, next))) break;
    first = false;
    pos = next;
  }
  return after;
}

function nextIsSbatch(text: string, from: number): boolean {
  return /^(?:[ \t]*\r?\n)*#SBATCH\b/.test(text.slice(from, from + 200));
}

function cleanValue(v: string): string {
  return v.replace(/[\r\n"]/g, ' ').trim();
}

function render(pairs: Array<{ key: string; value: string }>): string {
  return pairs.map((p) => `${p.key}=${/[\s']/.test(p.value) ? `"${p.value}"` : p.value}`).join(' ');
}
