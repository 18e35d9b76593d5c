// Which files can be training configs, and which folders never hold a team's runs: one list for the editor's
// workspace index, `footprint-lens estimate <folder>` and the GitHub Action's choice of changed files.

/** A config's file extension (lower case, no dot) and the language VS Code gives it (package.json maps .slurm too). */
export const CONFIG_LANGUAGES: Readonly<Record<string, string>> = {
  yaml: 'yaml',
  yml: 'yaml',
  json: 'json',
  jsonc: 'jsonc',
  sh: 'shellscript',
  slurm: 'shellscript',
  sbatch: 'shellscript',
  toml: 'toml',
};

/** Dependencies, environments and build output. */
export const SKIPPED_FOLDERS: readonly string[] = ['node_modules', '.git', '.venv', 'venv', '__pycache__', '.vscode-test', '.vscode-test-web'];

/** "yaml" for "a/b.YAML"; undefined for a name that cannot be a config. */
export function configLanguageOf(path: string): string | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot < 0 ? undefined : CONFIG_LANGUAGES[name.slice(dot + 1).toLowerCase()];
}

export function isConfigPath(path: string): boolean {
  return configLanguageOf(path) !== undefined;
}

/** The glob of every config name, for a file watcher or a file search: "**\/*.{yaml,yml,...}". */
export const CONFIG_GLOB = `**/*.{${Object.keys(CONFIG_LANGUAGES).join(',')}}`;
export const SKIPPED_GLOB = `**/{${SKIPPED_FOLDERS.join(',')}}/**`;
