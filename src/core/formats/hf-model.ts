// PLACEHOLDER until its extractor lands: detects nothing.
import type { FormatExtractor } from './extractor';
import { RunBuilder } from './builder';

export const hfModelJson: FormatExtractor = {
  id: 'hf-model-json',
  syntax: 'json',
  detect: () => 0,
  extract: (cfg, fileName) => new RunBuilder(cfg, 'hf-model-json', fileName).run,
};
