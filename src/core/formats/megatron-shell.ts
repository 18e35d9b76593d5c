// PLACEHOLDER until its extractor lands: detects nothing.
import type { FormatExtractor } from './extractor';
import { RunBuilder } from './builder';

export const megatronShell: FormatExtractor = {
  id: 'megatron-shell',
  syntax: 'shell',
  detect: () => 0,
  extract: (cfg, fileName) => new RunBuilder(cfg, 'megatron-shell', fileName).run,
};
