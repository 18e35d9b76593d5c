// PLACEHOLDER until its extractor lands: detects nothing.
import type { FormatExtractor } from './extractor';
import { RunBuilder } from './builder';

export const nanotronYaml: FormatExtractor = {
  id: 'nanotron-yaml',
  syntax: 'yaml',
  detect: () => 0,
  extract: (cfg, fileName) => new RunBuilder(cfg, 'nanotron-yaml', fileName).run,
};
