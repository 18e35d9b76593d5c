// YAML text -> ParsedConfig, through the `yaml` package's document API (it keeps source ranges). Alias bombs are
// harmless here: the document is walked, never converted to JS, and aliases to collections are not expanded.
// Never throws: syntax errors become findings naming the line.
import { Composer, isAlias, isMap, isPair, isScalar, isSeq, Lexer, LineCounter, Parser, visit, YAMLParseError, type Alias, type CST, type Document, type Node } from 'yaml';
import type { Finding } from '../types';
import { duplicateKey, type ConfigEntry, type ParsedConfig, type Scalar } from './config';
import { LineIndex } from './lines';
import { BudgetExceeded, isStackOverflow, largeSection, MAX_SECTION_CHILDREN, NESTED_TOO_DEEP_TO_READ, tooComplex } from '../limits';
import { checkBudget } from '../limits';
import { finding } from '../present/findings';

/** Nesting below which keys are not flattened: no training config is this deep, a hostile one may be. */
const MAX_DEPTH = 32;

export function parseYaml(text: string): ParsedConfig {
  const lines = new LineIndex(text);
  const entries = new Map<string, ConfigEntry>();
  const sections = new Set<string>();
  const findings: Finding[] = [];
  const lineCounter = new LineCounter();
  let failed = false;
  try {
    const doc = parseDocumentWithin(text, lineCounter);
    for (const err of doc.errors) {
      const at = err.pos?.[0] ?? 0;
      // The parser reports its own stack overflow as a syntax error; say what it means instead.
      if (/call stack/i.test(err.message)) {
        findings.push(tooComplex(NESTED_TOO_DEEP_TO_READ, lines.span(at, at)));
        continue;
      }
      findings.push(finding('parse-error', { syntax: 'YAML', line: lines.lineOf(at) + 1, detail: firstLine(err.message) }, { span: lines.span(at, Math.max(at, err.pos?.[1] ?? at)) }));
    }
    if (doc.errors.length > 0 && !doc.contents) failed = true;
    let anchors: Anchors | undefined;
    const walk = (node: unknown, prefix: string, depth: number): void => {
      checkBudget();
      if (depth > MAX_DEPTH) return;
      if (isMap(node)) {
        if (prefix) sections.add(prefix);
        if (node.items.length > MAX_SECTION_CHILDREN) findings.push(largeSection(prefix));
        for (const pair of node.items.slice(0, MAX_SECTION_CHILDREN)) {
          checkBudget();
          if (!isPair(pair)) continue;
          const keyNode = pair.key as Node | null;
          const key = isScalar(keyNode) ? String(keyNode.value) : keyText(text, keyNode);
          if (!key) continue;
          const path = prefix ? `${prefix}.${key}` : key;
          const keyRange = keyNode?.range;
          const valueNode = pair.value as Node | null;
          if (isMap(valueNode) || isSeq(valueNode)) {
            walk(valueNode, path, depth + 1);
            continue;
          }
          const keySpan = keyRange ? lines.span(keyRange[0], keyRange[1]) : lines.span(0, 0);
          let value: Scalar = null;
          let valueSpan;
          let raw: string | undefined;
          if (isScalar(valueNode)) {
            value = toScalar(valueNode.value);
            if (valueNode.range) {
              valueSpan = lines.span(valueNode.range[0], valueNode.range[1]);
              raw = text.slice(valueNode.range[0], valueNode.range[1]);
            }
          } else if (isAlias(valueNode)) {
            // Aliases to scalars are resolved; aliases to collections are left out (their keys stay at the anchor).
            anchors ??= anchorsOf(doc);
            const resolved = resolveAlias(anchors, valueNode);
            if (isScalar(resolved)) value = toScalar(resolved.value);
          }
          if (entries.has(path)) findings.push(duplicateKey(path, keySpan));
          entries.set(path, { path, value, keySpan, valueSpan, raw });
        }
      } else if (isSeq(node)) {
        if (prefix) sections.add(prefix);
        if (node.items.length > MAX_SECTION_CHILDREN) findings.push(largeSection(prefix));
        node.items.slice(0, MAX_SECTION_CHILDREN).forEach((item, i) => {
          const path = `${prefix}.${i}`;
          if (isMap(item) || isSeq(item)) walk(item, path, depth + 1);
          else if (isScalar(item) && item.range) {
            const span = lines.span(item.range[0], item.range[1]);
            entries.set(path, { path, value: toScalar(item.value), keySpan: span, valueSpan: span, raw: text.slice(item.range[0], item.range[1]) });
          }
        });
      }
    };
    walk(doc.contents, '', 0);
  } catch (e) {
    if (e instanceof BudgetExceeded) throw e;
    // The yaml package throws for refused aliases ("Excessive alias count") and a few malformed inputs.
    failed = true;
    if (isStackOverflow(e)) findings.push(tooComplex(NESTED_TOO_DEEP_TO_READ));
    else findings.push(finding('parse-error', { syntax: 'YAML', unreadable: true, detail: firstLine(String((e as Error)?.message ?? e)) }));
  }
  if (entries.size === 0 && findings.some((f) => f.code === 'parse-error')) failed = true;
  return { syntax: 'yaml', text, lines, entries, sections, findings, failed };
}

/** Longest text a key that is not a scalar stands for: no training setting has such a key; a hostile file nests them. */
const MAX_COMPLEX_KEY_CHARS = 200;

/**
 * A key that is a map, a list or an alias, named by its source text: the library's own String() of a nested flow-map
 * key costs twice as much per level (34 `{` took minutes), and no config key is one.
 */
function keyText(text: string, keyNode: Node | null): string {
  const range = keyNode?.range;
  if (!range) return '';
  return text.slice(range[0], Math.min(range[1], range[0] + MAX_COMPLEX_KEY_CHARS)).trim();
}

/**
 * yaml's parseDocument, with a budget checkpoint per lexeme: the library's own reading of a hostile text (2 MB of
 * blank lines, a million flow items) can take seconds, and one call to parseDocument cannot be stopped. The steps are
 * the library's own (lexer, parser, composer), as parseDocument chains them.
 */
function parseDocumentWithin(text: string, lineCounter: LineCounter): Document.Parsed {
  const composer = new Composer({ uniqueKeys: false });
  let doc: Document.Parsed | undefined;
  for (const next of composer.compose(checkpointedTokens(text, lineCounter), true, text.length)) {
    if (!doc) doc = next;
    else {
      // As parseDocument does: one document is read, a second is an error.
      doc.errors.push(new YAMLParseError(next.range.slice(0, 2) as [number, number], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
      break;
    }
  }
  return doc!;
}

function* checkpointedTokens(text: string, lineCounter: LineCounter): Generator<CST.Token> {
  const parser = new Parser(lineCounter.addNewLine);
  lineCounter.addNewLine(0);
  for (const lexeme of new Lexer().lex(text, false)) {
    checkBudget();
    yield* parser.next(lexeme);
  }
  yield* parser.end();
}

/** Every anchor of the document by name, in document order, with where it is written. */
type Anchors = Map<string, Array<{ at: number; node: Node }>>;

/**
 * The anchors, gathered in one pass. The yaml package's Alias.resolve searches the whole document for each alias,
 * so a file of many aliases cost the square of its size; this costs its size once.
 */
function anchorsOf(doc: Document): Anchors {
  const anchors: Anchors = new Map();
  visit(doc, {
    Node(_key, node) {
      const name = (node as { anchor?: string }).anchor;
      if (!name || isAlias(node)) return;
      const list = anchors.get(name) ?? [];
      list.push({ at: node.range?.[0] ?? 0, node });
      anchors.set(name, list);
    },
  });
  return anchors;
}

/** An alias names the closest anchor of that name written before it (YAML 1.2, 3.2.2.2). */
function resolveAlias(anchors: Anchors, alias: Alias): Node | undefined {
  const list = anchors.get(alias.source);
  if (!list) return undefined;
  const at = alias.range?.[0] ?? Number.MAX_SAFE_INTEGER;
  let lo = 0;
  let hi = list.length - 1;
  let found: Node | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const entry = list[mid] as { at: number; node: Node };
    if (entry.at < at) {
      found = entry.node;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function toScalar(v: unknown): Scalar {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return Number(v);
  return String(v);
}

function firstLine(s: string): string {
  return s.split('\n')[0] ?? s;
}
