// Bash text -> tokens (words with their structure, operators, array assignments, heredocs, #SBATCH directives),
// keeping the offset of every character so values can be traced back to the literal that wrote them. Reads only;
// nothing is executed. Covers what launch scripts use, not all of bash: unknown constructs degrade to words.
import { checkBudget } from '../limits';

/** A run of characters that stand for themselves; `origins[i]` is the offset of `text[i]` in the source. */
export interface LitPart {
  k: 'lit';
  text: string;
  origins: number[];
  /** Inside '...' or "..." (not subject to word splitting). */
  quoted: boolean;
}

/** `$X`, `${X}`, `${X:-default}`, `${X[@]}`, `$1`. */
export interface ParamPart {
  k: 'param';
  name: string;
  /** ':-', '-', ':=', '=', ':+', '+', '#' (length) or undefined. */
  op?: string;
  arg?: Part[];
  /** '@' or '*' for `${A[@]}`, a number text for `${A[0]}`. */
  index?: string;
  quoted: boolean;
  start: number;
  end: number;
}

/** `$(...)` or backticks: never run, so always unresolved. */
export interface CmdPart {
  k: 'cmd';
  quoted: boolean;
  start: number;
  end: number;
}

/** `$((...))`: evaluated by the small integer evaluator when every name in it resolves. */
export interface ArithPart {
  k: 'arith';
  expr: Part[];
  quoted: boolean;
  start: number;
  end: number;
}

export type Part = LitPart | ParamPart | CmdPart | ArithPart;

export interface Word {
  k: 'word';
  parts: Part[];
  start: number;
  end: number;
}

export interface ArrayToken {
  k: 'array';
  name: string;
  append: boolean;
  nameStart: number;
  elements: Word[];
  start: number;
  end: number;
}

export interface OpToken {
  k: 'op';
  op: string;
  start: number;
  end: number;
}

export interface HeredocToken {
  k: 'heredoc';
  /** The body as parts (variables expanded unless the delimiter was quoted). */
  parts: Part[];
  start: number;
  end: number;
}

export interface DirectiveToken {
  k: 'directive';
  /** "SBATCH" */
  name: string;
  /** The directive's arguments as words (no expansion happens in comments). */
  words: Word[];
  start: number;
  end: number;
}

export type Token = Word | ArrayToken | OpToken | HeredocToken | DirectiveToken;

const OPERATORS = ['&&', '||', ';;', '&>>', '&>', '>>', '>&', '<&', '<<<', '<<-', '<<', '>|', '|&', '|', '&', ';', '(', ')', '<', '>'];
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

interface PendingHeredoc {
  delimiter: string;
  stripTabs: boolean;
  expand: boolean;
}

/** What the lexer had to cut short, for the parser to say so. */
export interface LexNotes {
  /** `$((`, `${X:-` or `$(` nested deeper than MAX_DOLLAR_NESTING: the inner ones were read as unknown. */
  nestingCapped?: boolean;
}

/**
 * Expansions nested deeper than this (`$(( $(( ...`, `${A:-${B:-...`) are read as one unknown value: no launch script
 * nests more than three or four, and each level would otherwise re-read the rest of the text.
 */
export const MAX_DOLLAR_NESTING = 8;

/**
 * Per lexShell call: each `$` construct is read once (an unclosed one is tried again from every enclosing level,
 * which without this costs twice as much per level), and how deep the current one is nested.
 */
interface DollarState {
  memo: Map<number, { part: Part; end: number } | undefined>;
  depth: number;
  notes: LexNotes;
  /** Where each `(` / `{` / `"` met so far is closed. */
  parenEnd: Map<number, number>;
  braceEnd: Map<number, number>;
  quoteEnd: Map<number, number>;
  /** How many double-quoted strings the current scan is inside (`"$("$(...`). */
  scanDepth: number;
}

/** Double quotes nested through `$(` deeper than this are read as running to the end of the text. */
const MAX_SCAN_NESTING = 256;
let dollarState: DollarState | undefined;

export function lexShell(text: string, notes: LexNotes = {}): Token[] {
  const outer = dollarState;
  dollarState = { memo: new Map(), depth: 0, notes, parenEnd: new Map(), braceEnd: new Map(), quoteEnd: new Map(), scanDepth: 0 };
  try {
    return lexTokens(text);
  } finally {
    dollarState = outer;
  }
}

function lexTokens(text: string): Token[] {
  const tokens: Token[] = [];
  const pending: PendingHeredoc[] = [];
  let i = 0;
  const n = text.length;

  const readHeredocs = () => {
    // `i` is just past a newline: bodies follow in order.
    for (const h of pending.splice(0)) {
      const bodyStart = i;
      let bodyEnd = n;
      let next = n;
      while (i < n) {
        checkBudget();
        let eol = text.indexOf('\n', i);
        if (eol < 0) eol = n;
        let line = text.slice(i, eol).replace(/\r$/, '');
        if (h.stripTabs) line = line.replace(/^\t+/, '');
        if (line === h.delimiter) {
          bodyEnd = i;
          next = Math.min(n, eol + 1);
          break;
        }
        i = eol + 1;
      }
      if (i >= n) next = n;
      const parts = h.expand ? parseQuotedContent(text, bodyStart, bodyEnd, true) : [lit(text, bodyStart, bodyEnd, true)];
      tokens.push({ k: 'heredoc', parts, start: bodyStart, end: bodyEnd });
      i = next;
    }
  };

  while (i < n) {
    checkBudget();
    const c = text[i]!;
    if (c === '\n') {
      tokens.push({ k: 'op', op: '\n', start: i, end: i + 1 });
      i++;
      if (pending.length) readHeredocs();
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    if (c === '\\' && text[i + 1] === '\n') {
      i += 2;
      continue;
    }
    if (c === '\\' && text[i + 1] === '\r' && text[i + 2] === '\n') {
      i += 3;
      continue;
    }
    if (c === '#') {
      let eol = text.indexOf('\n', i);
      if (eol < 0) eol = n;
      const m = /^#(SBATCH)\b/.exec(text.slice(i, Math.min(eol, i + 8)));
      if (m && atLineStart(text, i)) tokens.push(directive(text, i, eol, m[1]!));
      i = eol;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op) {
      tokens.push({ k: 'op', op, start: i, end: i + op.length });
      i += op.length;
      if (op === '<<' || op === '<<-') {
        // The delimiter word: quoted means the body is literal.
        while (text[i] === ' ' || text[i] === '\t') i++;
        const w = readWord(text, i);
        const raw = text.slice(w.start, w.end);
        const delimiter = raw.replace(/["'\\]/g, '');
        pending.push({ delimiter, stripTabs: op === '<<-', expand: !/["'\\]/.test(raw) });
        i = w.end;
      }
      continue;
    }
    const w = readWord(text, i);
    if (w.end === i) {
      i++; // a character no rule takes; skip it rather than loop
      continue;
    }
    i = w.end;
    // `NAME=( ... )` / `NAME+=( ... )`: an array assignment.
    const head = w.parts.length === 1 && w.parts[0]!.k === 'lit' && !w.parts[0]!.quoted ? w.parts[0]!.text : undefined;
    const am = head !== undefined ? /^([A-Za-z_][A-Za-z0-9_]*)(\+?)=$/.exec(head) : null;
    if (am && text[i] === '(') {
      const arr = readArray(text, i + 1, am[1]!, am[2] === '+', w.start);
      tokens.push(arr.token);
      i = arr.end;
      continue;
    }
    tokens.push(w);
  }
  return tokens;
}

function atLineStart(text: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && (text[j] === ' ' || text[j] === '\t')) j--;
  return j < 0 || text[j] === '\n';
}

function directive(text: string, start: number, end: number, name: string): DirectiveToken {
  // Arguments stop at a second `#` (a trailing comment): `#SBATCH --nodes=24   # comment`.
  const argsStart = start + 1 + name.length;
  const hash = text.indexOf('#', argsStart);
  const stop = hash >= 0 && hash < end ? hash : end;
  const words: Word[] = [];
  let i = argsStart;
  while (i < stop) {
    const c = text[i]!;
    if (c === ' ' || c === '\t' || c === '\r') {
      i++;
      continue;
    }
    let j = i;
    while (j < stop && !/[ \t\r]/.test(text[j]!)) j++;
    words.push({ k: 'word', parts: [lit(text, i, j, false)], start: i, end: j });
    i = j;
  }
  return { k: 'directive', name, words, start, end };
}

function readArray(text: string, from: number, name: string, append: boolean, start: number): { token: ArrayToken; end: number } {
  const elements: Word[] = [];
  let i = from;
  const n = text.length;
  while (i < n) {
    checkBudget();
    const c = text[i]!;
    if (c === ')') {
      i++;
      break;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n') {
      i++;
      continue;
    }
    if (c === '\\' && (text[i + 1] === '\n' || text[i + 1] === '\r')) {
      i += text[i + 1] === '\r' ? 3 : 2;
      continue;
    }
    if (c === '#') {
      const eol = text.indexOf('\n', i);
      i = eol < 0 ? n : eol;
      continue;
    }
    const w = readWord(text, i);
    if (w.end === i) {
      i++;
      continue;
    }
    elements.push(w);
    i = w.end;
  }
  return { token: { k: 'array', name, append, nameStart: start, elements, start, end: i }, end: i };
}

function lit(text: string, start: number, end: number, quoted: boolean): LitPart {
  const origins: number[] = [];
  for (let k = start; k < end; k++) origins.push(k);
  return { k: 'lit', text: text.slice(start, end), origins, quoted };
}

/** Appends one character to the last literal part (or starts one). */
function pushChar(parts: Part[], ch: string, origin: number, quoted: boolean): void {
  const last = parts[parts.length - 1];
  if (last && last.k === 'lit' && last.quoted === quoted) {
    last.text += ch;
    last.origins.push(origin);
  } else parts.push({ k: 'lit', text: ch, origins: [origin], quoted });
}

const WORD_END = /[\s;&|()<>]/;

/** One unquoted-level word starting at `start`. */
export function readWord(text: string, start: number): Word {
  const parts: Part[] = [];
  let i = start;
  const n = text.length;
  while (i < n) {
    checkBudget();
    const c = text[i]!;
    if (WORD_END.test(c)) break;
    if (c === '\\') {
      if (text[i + 1] === '\n') {
        i += 2;
        continue;
      }
      if (text[i + 1] === '\r' && text[i + 2] === '\n') {
        i += 3;
        continue;
      }
      if (i + 1 < n) pushChar(parts, text[i + 1]!, i + 1, true);
      i += 2;
      continue;
    }
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      const end = close < 0 ? n : close;
      if (end > i + 1) parts.push(lit(text, i + 1, end, true));
      else parts.push({ k: 'lit', text: '', origins: [], quoted: true });
      i = Math.min(n, end + 1);
      continue;
    }
    if (c === '"') {
      const end = findDoubleQuoteEnd(text, i + 1);
      const inner = parseQuotedContent(text, i + 1, end, false);
      if (inner.length) for (const q of inner) parts.push(q);
      else parts.push({ k: 'lit', text: '', origins: [], quoted: true });
      i = Math.min(n, end + 1);
      continue;
    }
    if (c === '$' || c === '`') {
      const r = readDollar(text, i, false);
      if (r) {
        parts.push(r.part);
        i = r.end;
        continue;
      }
    }
    pushChar(parts, c, i, false);
    i++;
  }
  return { k: 'word', parts, start, end: i };
}

function findDoubleQuoteEnd(text: string, from: number): number {
  const state = dollarState;
  const cached = state?.quoteEnd.get(from);
  if (cached !== undefined) return cached;
  // `"$("$("...` recurses through matchParen once per level: past the cap the string is read as running to the end.
  if (state && state.scanDepth >= MAX_SCAN_NESTING) {
    state.notes.nestingCapped = true;
    return text.length;
  }
  if (state) state.scanDepth++;
  try {
    const end = scanDoubleQuote(text, from);
    state?.quoteEnd.set(from, end);
    return end;
  } finally {
    if (state) state.scanDepth--;
  }
}

function scanDoubleQuote(text: string, from: number): number {
  let i = from;
  const n = text.length;
  while (i < n) {
    checkBudget();
    const c = text[i];
    if (c === '\\') i += 2;
    else if (c === '"') return i;
    else if (c === '$' && text[i + 1] === '(') i = matchParen(text, i + 1);
    else if (c === '`') {
      const close = text.indexOf('`', i + 1);
      i = close < 0 ? n : close + 1;
    } else i++;
  }
  return n;
}

/**
 * Offset just past the `)` matching the `(` at `open`, skipping quotes. Every `(` met on the way gets its own match
 * recorded, and a `(` already matched is jumped over, so scanning a line of unclosed `$((` costs its length once,
 * not once per `(`.
 */
function matchParen(text: string, open: number): number {
  return matchGroup(text, open, dollarState?.parenEnd, '(', ')', true);
}

function matchBrace(text: string, open: number): number {
  return matchGroup(text, open, dollarState?.braceEnd, '{', '}', false);
}

function matchGroup(text: string, open: number, memo: Map<number, number> | undefined, opener: string, closer: string, quotes: boolean): number {
  const cached = memo?.get(open);
  if (cached !== undefined) return cached;
  const opens: number[] = [];
  let i = open;
  const n = text.length;
  while (i < n) {
    checkBudget();
    const c = text[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (quotes && c === "'") {
      const close = text.indexOf("'", i + 1);
      i = close < 0 ? n : close + 1;
      continue;
    }
    if (quotes && c === '"') {
      i = findDoubleQuoteEnd(text, i + 1) + 1;
      continue;
    }
    if (c === opener) {
      const known = opens.length > 0 ? memo?.get(i) : undefined;
      if (known !== undefined) {
        i = known;
        continue;
      }
      opens.push(i);
    } else if (c === closer && opens.length > 0) {
      const o = opens.pop() as number;
      memo?.set(o, i + 1);
      if (opens.length === 0) return i + 1;
    }
    i++;
  }
  for (const o of opens) memo?.set(o, n);
  return n;
}

/**
 * The content of "..." (or an unquoted heredoc body): literal characters, `\$ \" \\ \``, and expansions.
 * In a heredoc a double quote is an ordinary character.
 */
export function parseQuotedContent(text: string, start: number, end: number, heredoc: boolean): Part[] {
  const parts: Part[] = [];
  let i = start;
  while (i < end) {
    checkBudget();
    const c = text[i]!;
    if (c === '\\' && i + 1 < end) {
      const d = text[i + 1]!;
      if (d === '\n') {
        i += 2;
        continue;
      }
      if (d === '$' || d === '`' || d === '\\' || (d === '"' && !heredoc)) {
        pushChar(parts, d, i + 1, true);
        i += 2;
        continue;
      }
    }
    if (c === '$' || c === '`') {
      const r = readDollar(text, i, true);
      if (r && r.end <= end) {
        parts.push(r.part);
        i = r.end;
        continue;
      }
    }
    pushChar(parts, c, i, true);
    i++;
  }
  return parts;
}

function readDollar(text: string, i: number, quoted: boolean): { part: Part; end: number } | undefined {
  const state = dollarState;
  if (!state) return readDollarUncached(text, i, quoted);
  const key = quoted ? -1 - i : i;
  if (state.memo.has(key)) return state.memo.get(key);
  const r = readDollarUncached(text, i, quoted);
  state.memo.set(key, r);
  return r;
}

/** Reads the inside of a construct one level deeper, or gives up (an unknown value) past MAX_DOLLAR_NESTING. */
function nested<T>(fallback: T, read: () => T): T {
  const state = dollarState;
  if (!state) return read();
  if (state.depth >= MAX_DOLLAR_NESTING) {
    state.notes.nestingCapped = true;
    return fallback;
  }
  state.depth++;
  try {
    return read();
  } finally {
    state.depth--;
  }
}

function readDollarUncached(text: string, i: number, quoted: boolean): { part: Part; end: number } | undefined {
  const c = text[i];
  if (c === '`') {
    const close = text.indexOf('`', i + 1);
    const end = close < 0 ? text.length : close + 1;
    return { part: { k: 'cmd', quoted, start: i, end }, end };
  }
  const d = text[i + 1];
  if (d === '(' && text[i + 2] === '(') {
    const end = matchParen(text, i + 1);
    // `$(( expr ))`: the expression sits between the inner parentheses.
    const exprStart = i + 3;
    const exprEnd = Math.max(exprStart, end - 2);
    const unknown: Part = { k: 'cmd', quoted, start: i, end };
    return { part: nested<Part>(unknown, () => ({ k: 'arith', expr: parseQuotedContent(text, exprStart, exprEnd, true), quoted, start: i, end })), end };
  }
  if (d === '(') {
    const end = matchParen(text, i + 1);
    return { part: { k: 'cmd', quoted, start: i, end }, end };
  }
  if (d === '{') {
    const end = matchBrace(text, i + 1);
    const unknown: Part = { k: 'param', name: '', op: '?', quoted, start: i, end };
    return { part: nested(unknown, () => parseBraced(text, i, end, quoted)), end };
  }
  if (d !== undefined && /[0-9@*#?$!-]/.test(d)) {
    return { part: { k: 'param', name: d, quoted, start: i, end: i + 2 }, end: i + 2 };
  }
  const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1, i + 200));
  if (m) return { part: { k: 'param', name: m[0], quoted, start: i, end: i + 1 + m[0].length }, end: i + 1 + m[0].length };
  return undefined;
}

function parseBraced(text: string, start: number, end: number, quoted: boolean): ParamPart {
  const innerStart = start + 2;
  const innerEnd = Math.max(innerStart, end - 1);
  const inner = text.slice(innerStart, innerEnd);
  if (inner.startsWith('#') && NAME.test(inner.slice(1))) return { k: 'param', name: inner.slice(1), op: '#', quoted, start, end };
  const m = /^([A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*#?$!])(?:\[([^\]]*)\])?/.exec(inner);
  if (!m) return { k: 'param', name: '', op: '?', quoted, start, end };
  const name = m[1]!;
  const index = m[2];
  let j = m[0].length;
  const opm = /^(:-|:=|:\+|:\?|-|=|\+|\?)/.exec(inner.slice(j));
  if (!opm) {
    // Anything else (`${X/a/b}`, `${X%%.*}`, `${X:0:3}`) is beyond what we resolve: mark unknown.
    return j === inner.length ? { k: 'param', name, index, quoted, start, end } : { k: 'param', name, index, op: '?', quoted, start, end };
  }
  j += opm[1]!.length;
  const arg = parseQuotedWordContent(text, innerStart + j, innerEnd);
  return { k: 'param', name, index, op: opm[1]!, arg, quoted, start, end };
}

/** The default in `${X:-"1"}`: quotes inside are removed as bash does. */
function parseQuotedWordContent(text: string, start: number, end: number): Part[] {
  const parts: Part[] = [];
  let i = start;
  while (i < end) {
    checkBudget();
    const c = text[i]!;
    if (c === '"') {
      const close = findDoubleQuoteEnd(text, i + 1);
      for (const q of parseQuotedContent(text, i + 1, Math.min(close, end), false)) parts.push(q);
      i = Math.min(close, end) + 1;
      continue;
    }
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      const e = close < 0 || close > end ? end : close;
      parts.push(lit(text, i + 1, e, true));
      i = e + 1;
      continue;
    }
    if (c === '$' || c === '`') {
      const r = readDollar(text, i, false);
      if (r && r.end <= end) {
        parts.push(r.part);
        i = r.end;
        continue;
      }
    }
    pushChar(parts, c, i, false);
    i++;
  }
  return parts;
}
