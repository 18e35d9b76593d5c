// JSON (and JSON with comments) text -> ParsedConfig, in one streaming pass of jsonc-parser's visitor: offsets and
// lines for every key and value come from the scanner, tolerant of comments and trailing commas, never throws. No
// tree is built, so a 5 MB config costs little more than its scan.
import { printParseErrorCode, visit } from 'jsonc-parser';
import type { Finding, Span } from '../types';
import { duplicateKey, type ConfigEntry, type ParsedConfig, type Scalar } from './config';
import { LineIndex } from './lines';

/** Nesting below which keys are not flattened: no training config is this deep, a hostile one may be. */
const MAX_DEPTH = 32;
/** Syntax errors reported per file; after the first few they are noise. */
const MAX_ERRORS = 5;

interface Frame {
  kind: 'object' | 'array';
  path: string;
  key?: { name: string; span: Span };
  index: number;
}

export function parseJson(text: string): ParsedConfig {
  const lines = new LineIndex(text);
  const entries = new Map<string, ConfigEntry>();
  const sections = new Set<string>();
  const findings: Finding[] = [];
  const stack: Frame[] = [];
  let errors = 0;

  const childPath = (frame: Frame | undefined): string | undefined => {
    if (!frame) return '';
    if (frame.kind === 'array') return `${frame.path}.${frame.index}`;
    return frame.key ? (frame.path ? `${frame.path}.${frame.key.name}` : frame.key.name) : undefined;
  };
  const afterValue = () => {
    const top = stack[stack.length - 1];
    if (top?.kind === 'array') top.index++;
    else if (top) top.key = undefined;
  };
  const open = (kind: Frame['kind']) => {
    const path = childPath(stack[stack.length - 1]) ?? '';
    if (path) sections.add(path);
    stack.push({ kind, path, index: 0 });
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
        const top = stack[stack.length - 1];
        if (top) top.key = { name, span: { start: offset, end: offset + length, line: startLine } };
      },
      onLiteralValue: (value: unknown, offset, length, startLine) => {
        const top = stack[stack.length - 1];
        const path = childPath(top);
        if (top && path !== undefined && stack.length <= MAX_DEPTH) {
          const valueSpan = { start: offset, end: offset + length, line: startLine };
          const keySpan = top.kind === 'object' && top.key ? top.key.span : valueSpan;
          if (entries.has(path) && top.kind === 'object') findings.push(duplicateKey(path, keySpan));
          const raw = text.slice(offset, offset + length);
          // A number beyond double range (1e400) stays text, so extractors report it instead of using Infinity.
          const scalar = typeof value === 'number' && !Number.isFinite(value) ? raw : ((value ?? null) as Scalar);
          entries.set(path, { path, value: scalar, keySpan, valueSpan, raw });
        }
        afterValue();
      },
      onError: (error, offset, length, startLine) => {
        if (++errors > MAX_ERRORS) return;
        findings.push({
          code: 'parse-error',
          severity: 'error',
          message: `JSON syntax error on line ${startLine + 1}: ${printParseErrorCode(error)}`,
          span: { start: offset, end: offset + length, line: startLine },
        });
      },
    },
    { allowTrailingComma: true, disallowComments: false },
  );
  return { syntax: 'json', text, lines, entries, sections, findings, failed: entries.size === 0 && errors > 0 };
}
