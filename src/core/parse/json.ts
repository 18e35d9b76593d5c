// JSON (and JSON with comments) text -> ParsedConfig, in one streaming pass of jsonc-parser's visitor: offsets and
// lines for every key and value come from the scanner, tolerant of comments and trailing commas, never throws. No
// tree is built, so a 5 MB config costs little more than its scan.
import { printParseErrorCode, visit } from 'jsonc-parser';
import type { Finding, Span } from '../types';
import { duplicateKey, type ConfigEntry, type ParsedConfig, type Scalar } from './config';
import { LineIndex } from './lines';
import { jsonNestingExceeded, largeSection, MAX_SECTION_CHILDREN, NESTED_TOO_DEEP, tooComplex } from '../limits';
import { checkBudget } from '../limits';
import { finding } from '../present/findings';

/** Nesting below which keys are not flattened: no training config is this deep, a hostile one may be. */
const MAX_DEPTH = 32;
/** Syntax errors reported per file; after the first few they are noise. */
const MAX_ERRORS = 5;

// The key is kept as plain fields, not a span object: a large file has hundreds of thousands of keys, and a span is
// only built for the ones that become entries.
interface Frame {
  kind: 'object' | 'array';
  path: string;
  keyName: string | undefined;
  keyStart: number;
  keyEnd: number;
  keyLine: number;
  /** Elements (array) or values (object) seen so far. */
  index: number;
  /** Inside a section past MAX_SECTION_CHILDREN: scanned for syntax only. */
  unread: boolean;
}

export function parseJson(text: string): ParsedConfig {
  const lines = new LineIndex(text);
  const entries = new Map<string, ConfigEntry>();
  const sections = new Set<string>();
  const findings: Finding[] = [];
  const stack: Frame[] = [];
  let errors = 0;
  // jsonc-parser recurses once per level: a hostile depth is refused before it runs out of stack.
  const deep = jsonNestingExceeded(text);
  if (deep >= 0) return { syntax: 'json', text, lines, entries, sections, findings: [tooComplex(NESTED_TOO_DEEP, lines.span(deep, deep + 1))], failed: true };

  const childPath = (frame: Frame | undefined): string | undefined => {
    if (!frame) return '';
    if (frame.kind === 'array') return `${frame.path}.${frame.index}`;
    return frame.keyName !== undefined ? (frame.path ? `${frame.path}.${frame.keyName}` : frame.keyName) : undefined;
  };
  const afterValue = () => {
    const top = stack[stack.length - 1];
    if (!top) return;
    top.index++;
    top.keyName = undefined;
  };
  /** Whether the next child of `frame` is past the section limit (said once per section). */
  const unreadChild = (frame: Frame | undefined): boolean => {
    if (!frame) return false;
    if (frame.unread) return true;
    if (frame.index < MAX_SECTION_CHILDREN) return false;
    if (frame.index === MAX_SECTION_CHILDREN) findings.push(largeSection(frame.path));
    return true;
  };
  const open = (kind: Frame['kind']) => {
    const parent = stack[stack.length - 1];
    const unread = unreadChild(parent);
    const path = unread ? '' : (childPath(parent) ?? '');
    if (path) sections.add(path);
    stack.push({ kind, path, keyName: undefined, keyStart: 0, keyEnd: 0, keyLine: 0, index: 0, unread });
  };
  const close = () => {
    stack.pop();
    afterValue();
  };

  visit(
    text,
    {
      onObjectBegin: () => open('object'),
      onObjectEnd: close,
      onArrayBegin: () => open('array'),
      onArrayEnd: close,
      onObjectProperty: (name, offset, length, startLine) => {
        checkBudget();
        const top = stack[stack.length - 1];
        if (!top) return;
        top.keyName = name;
        top.keyStart = offset;
        top.keyEnd = offset + length;
        top.keyLine = startLine;
      },
      onLiteralValue: (value: unknown, offset, length, startLine) => {
        checkBudget();
        const top = stack[stack.length - 1];
        const path = unreadChild(top) ? undefined : childPath(top);
        if (top && path !== undefined && stack.length <= MAX_DEPTH) {
          const valueSpan = { start: offset, end: offset + length, line: startLine };
          const isKey = top.kind === 'object' && top.keyName !== undefined;
          const keySpan: Span = isKey ? { start: top.keyStart, end: top.keyEnd, line: top.keyLine } : valueSpan;
          if (isKey && entries.has(path)) findings.push(duplicateKey(path, keySpan));
          const raw = text.slice(offset, offset + length);
          // A number beyond double range (1e400) stays text, so extractors report it instead of using Infinity.
          const scalar = typeof value === 'number' && !Number.isFinite(value) ? raw : ((value ?? null) as Scalar);
          entries.set(path, { path, value: scalar, keySpan, valueSpan, raw });
        }
        afterValue();
      },
      onError: (error, offset, length, startLine) => {
        if (++errors > MAX_ERRORS) return;
        findings.push(finding('parse-error', { syntax: 'JSON', line: startLine + 1, detail: printParseErrorCode(error) }, { span: { start: offset, end: offset + length, line: startLine } }));
      },
    },
    { allowTrailingComma: true, disallowComments: false },
  );
  return { syntax: 'json', text, lines, entries, sections, findings, failed: entries.size === 0 && errors > 0 };
}
