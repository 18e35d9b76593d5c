// The documents Footprint Lens looks at: by language, never by scheme, so virtual and web workspaces work too.
import type * as vscode from 'vscode';

export const LANGUAGES = ['yaml', 'json', 'jsonc', 'shellscript', 'toml'] as const;

export const SELECTOR: vscode.DocumentSelector = LANGUAGES.map((language) => ({ language }));

export function isCandidate(document: vscode.TextDocument): boolean {
  return (LANGUAGES as readonly string[]).includes(document.languageId) && document.uri.scheme !== 'output';
}
