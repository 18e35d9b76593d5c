// The contract each config format implements. A format is a file in this folder; registry.ts lists them.
import type { ParsedConfig, Syntax } from '../parse/config';
import type { FormatId, RunSpec } from '../types';

export interface FormatExtractor {
  id: FormatId;
  /** The syntaxes this format is written in; detection only asks formats of the text's syntax. */
  syntax: Syntax;
  /**
   * How sure this format is that `cfg` is one of its files: 0 = not at all; a training config of this family
   * typically scores 0.5-1. Must be cheap: it runs on every YAML/JSON/shell file the user opens.
   */
  detect(cfg: ParsedConfig, fileName: string): number;
  /**
   * What the file states, each value with provenance and every understood key recorded (RunBuilder does both).
   * Values the file does not state are left undefined: run completion derives parameters, global batch, DP,
   * tokens and GPU count, and lists what is missing. Never throws.
   */
  extract(cfg: ParsedConfig, fileName: string): RunSpec;
}
