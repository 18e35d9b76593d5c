// PLACEHOLDER until its extractor lands: detects nothing.
import type { FormatExtractor } from './extractor';
import { RunBuilder } from './builder';

export const torchtitanToml: FormatExtractor = {
  id: 'torchtitan-toml',
  syntax: 'toml',
  detect: () => 0,
  extract: (cfg, fileName) => new RunBuilder(cfg, 'torchtitan-toml', fileName).run,
};
