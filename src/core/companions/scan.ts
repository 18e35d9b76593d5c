// One cheap look at a file for the workspace index: its format (or null: not a training config) and the references it
// makes, from a single parse. No run is extracted and nothing is projected.
import { detectFormat } from '../formats/registry';
import { parseAny } from '../parse/any';
import type { FormatId } from '../types';
import { referencesOf } from './references';
import type { Reference } from './types';

export interface ScannedConfig {
  format: FormatId | null;
  references: Reference[];
}

export function scanConfig(text: string, fileName: string): ScannedConfig {
  try {
    const cfg = parseAny(text, fileName);
    return { format: detectFormat(cfg, fileName)?.id ?? null, references: referencesOf(cfg, fileName) };
  } catch {
    // The index must survive any file; the analysis of that file reports what is wrong with it.
    return { format: null, references: [] };
  }
}
