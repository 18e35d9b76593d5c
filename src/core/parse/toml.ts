// PLACEHOLDER until the TOML reader lands: reads nothing.
import type { ParsedConfig } from './config';
import { emptyConfig } from './empty';

export function parseToml(text: string): ParsedConfig {
  return emptyConfig('toml', text);
}
