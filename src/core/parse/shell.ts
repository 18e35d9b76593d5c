// PLACEHOLDER until the launch-script reader lands: reads nothing.
import type { ParsedConfig } from './config';
import { emptyConfig } from './empty';

export function parseShell(text: string): ParsedConfig {
  return emptyConfig('shell', text);
}
