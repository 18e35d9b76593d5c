// A config text parsed by the syntax its name and content say (formats/registry.ts syntaxOf): the one place that
// maps a syntax to its parser, for the analysis, companions and the workspace index.
import { syntaxOf } from '../formats/registry';
import type { ParsedConfig, Syntax } from './config';
import { parseJson } from './json';
import { parseShell } from './shell';
import { parseToml } from './toml';
import { parseYaml } from './yaml';

export const PARSERS: Record<Syntax, (text: string) => ParsedConfig> = {
  yaml: parseYaml,
  json: parseJson,
  toml: parseToml,
  shell: parseShell,
};

export function parseAny(text: string, fileName: string): ParsedConfig {
  return PARSERS[syntaxOf(text, fileName)](text);
}
