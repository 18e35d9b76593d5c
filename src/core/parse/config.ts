// A parsed config as every format extractor sees it: a flat map from key path to scalar with spans, whatever the
// syntax (YAML, JSON, TOML, shell arguments). Extractors look keys up here and never re-parse text.
import type { Finding, Span } from '../types';
import type { LineIndex } from './lines';
import { finding } from '../present/findings';

export type Scalar = string | number | boolean | null;
export type Syntax = 'yaml' | 'json' | 'toml' | 'shell';

export interface ConfigEntry {
  /** Dotted path as written: "model.num_layers", "zero_optimization.stage", "--num-layers", "layers.0.size". */
  path: string;
  value: Scalar;
  /** The key's text (for a shell argument, the flag). */
  keySpan: Span;
  /** The value's literal text, absent when the value has no single literal (a sequence, a computed shell value). */
  valueSpan?: Span;
  /** The value exactly as written, before resolution ("${.hidden_size}", "$((NNODES*8))", "auto"). */
  raw?: string;
}

export interface ParsedConfig {
  syntax: Syntax;
  text: string;
  lines: LineIndex;
  /** Later duplicates win, as the tools that read these files do; each duplicate also gives a finding. */
  entries: Map<string, ConfigEntry>;
  /** Paths of mappings/tables present (so "has a `trainer:` section" can be asked without a scalar under it). */
  sections: Set<string>;
  /** Syntax errors, duplicate keys, refused aliases: each names the line. */
  findings: Finding[];
  /** True when the text could not be parsed at all (no entries). */
  failed: boolean;
}

/** The finding for a key written twice; the last one wins, as in the tools that read these files. */
export function duplicateKey(path: string, keySpan: Span): Finding {
  return finding('duplicate-key', { key: path, line: keySpan.line + 1 }, { key: path, span: keySpan });
}
