// PLACEHOLDER until its extractor lands: detects nothing.
import type { FormatExtractor } from './extractor';
import { RunBuilder } from './builder';

export const deepspeedJson: FormatExtractor = {
  id: 'deepspeed-json',
  syntax: 'json',
  detect: () => 0,
  extract: (cfg, fileName) => new RunBuilder(cfg, 'deepspeed-json', fileName).run,
};
