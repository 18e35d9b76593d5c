// A ParsedConfig with no entries, for parsers that could not read a text at all.
import type { Finding } from '../types';
import type { ParsedConfig, Syntax } from './config';
import { LineIndex } from './lines';

export function emptyConfig(syntax: Syntax, text: string, findings: Finding[] = []): ParsedConfig {
  return { syntax, text, lines: new LineIndex(text), entries: new Map(), sections: new Set(), findings, failed: true };
}
