// The config files under a folder, for `footprint-lens estimate <folder>`: the same extensions and skipped folders as
// the editor's workspace index, sorted, without following links out of the tree. Node's fs only, read-only.
import { lstatSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { isConfigPath, SKIPPED_FOLDERS } from '../core/workspace/files';

/** A folder with more candidate files than this is read this far (and the output says so). */
export const MAX_FOLDER_FILES = 20000;

export interface FolderFiles {
  /** Paths as given + relative, e.g. "sweeps/lr/run-1.yaml" under "sweeps". */
  files: string[];
  truncated: boolean;
}

export function configsUnder(folder: string): FolderFiles {
  const files: string[] = [];
  let truncated = false;
  const queue = [folder];
  while (queue.length > 0) {
    const dir = queue.shift()!;
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      continue;
    }
    for (const name of names) {
      const path = join(dir, name);
      let stat;
      try {
        stat = lstatSync(path);
      } catch {
        continue;
      }
      if (stat.isDirectory()) {
        if (!SKIPPED_FOLDERS.includes(name)) queue.push(path);
      } else if (stat.isFile() && isConfigPath(name)) {
        if (files.length >= MAX_FOLDER_FILES) {
          truncated = true;
          break;
        }
        files.push(path);
      }
    }
  }
  return { files: files.sort(), truncated };
}

/** "sweeps/lr/run-1.yaml" relative to the folder given, with forward slashes. */
export function relativeTo(folder: string, path: string): string {
  return relative(folder, path).split(sep).join('/');
}
