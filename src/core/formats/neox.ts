// PLACEHOLDER until its extractor lands: detects nothing.
import type { FormatExtractor } from './extractor';
import { RunBuilder } from './builder';

export const neoxYaml: FormatExtractor = {
  id: 'neox-yaml',
  syntax: 'yaml',
  detect: () => 0,
  extract: (cfg, fileName) => new RunBuilder(cfg, 'neox-yaml', fileName).run,
};
