// PLACEHOLDER until its extractor lands: detects nothing.
import type { FormatExtractor } from './extractor';
import { RunBuilder } from './builder';

export const llmFoundryYaml: FormatExtractor = {
  id: 'llm-foundry-yaml',
  syntax: 'yaml',
  detect: () => 0,
  extract: (cfg, fileName) => new RunBuilder(cfg, 'llm-foundry-yaml', fileName).run,
};
