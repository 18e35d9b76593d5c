// JSON (and JSON with comments) text -> ParsedConfig, through jsonc-parser's tree (offsets for every node, tolerant
// of comments and trailing commas, never throws).
import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import type { Finding } from '../types';
import type { ConfigEntry, ParsedConfig, Scalar } from './config';
import { LineIndex } from './lines';

const MAX_DEPTH = 32;

export function parseJson(text: string): ParsedConfig {
  const lines = new LineIndex(text);
  const entries = new Map<string, ConfigEntry>();
  const sections = new Set<string>();
  const findings: Finding[] = [];
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  for (const err of errors.slice(0, 5)) {
    findings.push({
      code: 'parse-error',
      severity: 'error',
      message: `JSON syntax error on line ${lines.lineOf(err.offset) + 1}: ${printParseErrorCode(err.error)}`,
      span: lines.span(err.offset, err.offset + err.length),
    });
  }
  const walk = (node: Node, prefix: string, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    if (node.type === 'object') {
      if (prefix) sections.add(prefix);
      for (const prop of node.children ?? []) {
        const [keyNode, valueNode] = prop.children ?? [];
        if (!keyNode || typeof keyNode.value !== 'string') continue;
        const path = prefix ? `${prefix}.${keyNode.value}` : keyNode.value;
        const keySpan = lines.span(keyNode.offset, keyNode.offset + keyNode.length);
        if (!valueNode) continue;
        if (valueNode.type === 'object' || valueNode.type === 'array') {
          walk(valueNode, path, depth + 1);
          continue;
        }
        if (entries.has(path)) {
          findings.push({
            code: 'duplicate-key',
            severity: 'warning',
            message: `Key \`${path}\` appears more than once (line ${keySpan.line + 1}); the last one is used.`,
            key: path,
            span: keySpan,
          });
        }
        entries.set(path, {
          path,
          value: (valueNode.value ?? null) as Scalar,
          keySpan,
          valueSpan: lines.span(valueNode.offset, valueNode.offset + valueNode.length),
          raw: text.slice(valueNode.offset, valueNode.offset + valueNode.length),
        });
      }
    } else if (node.type === 'array') {
      if (prefix) sections.add(prefix);
      (node.children ?? []).forEach((item, i) => {
        const path = `${prefix}.${i}`;
        if (item.type === 'object' || item.type === 'array') walk(item, path, depth + 1);
        else {
          const span = lines.span(item.offset, item.offset + item.length);
          entries.set(path, { path, value: (item.value ?? null) as Scalar, keySpan: span, valueSpan: span, raw: text.slice(item.offset, item.offset + item.length) });
        }
      });
    }
  };
  if (root) walk(root, '', 0);
  return { syntax: 'json', text, lines, entries, sections, findings, failed: !root || entries.size === 0 && errors.length > 0 };
}
