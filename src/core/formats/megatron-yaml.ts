// PLACEHOLDER until its extractor lands: detects nothing.
import type { FormatExtractor } from './extractor';
import { RunBuilder } from './builder';

export const megatronYaml: FormatExtractor = {
  id: 'megatron-yaml',
  syntax: 'yaml',
  detect: () => 0,
  extract: (cfg, fileName) => new RunBuilder(cfg, 'megatron-yaml', fileName).run,
};
