// Reading config files for the CLI: the only place it touches the file system. A problem becomes one line naming the
// file, never a stack trace.
import { readFileSync, statSync } from 'node:fs';

export type ReadResult = { ok: true; text: string } | { ok: false; message: string };

export function readConfigFile(path: string, maxBytes: number): ReadResult {
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) return { ok: false, message: 'is a directory, not a config file' };
    if (stat.size > maxBytes) {
      return { ok: false, message: `is ${(stat.size / 1048576).toFixed(1)} MB, over the ${(maxBytes / 1048576).toFixed(0)} MB analysis limit` };
    }
    const bytes = readFileSync(path);
    if (bytes.includes(0)) return { ok: false, message: 'is a binary file, not a config' };
    return { ok: true, text: bytes.toString('utf8') };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { ok: false, message: 'does not exist' };
    if (code === 'EACCES') return { ok: false, message: 'cannot be read (permission denied)' };
    return { ok: false, message: `cannot be read (${code ?? String(e)})` };
  }
}
