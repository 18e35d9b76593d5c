// PLACEHOLDER until its extractor lands: detects nothing.
import type { FormatExtractor } from './extractor';
import { RunBuilder } from './builder';

export const olmoYaml: FormatExtractor = {
  id: 'olmo-yaml',
  syntax: 'yaml',
  detect: () => 0,
  extract: (cfg, fileName) => new RunBuilder(cfg, 'olmo-yaml', fileName).run,
};
