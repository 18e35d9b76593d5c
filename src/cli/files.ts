// Reading and writing files for the CLI: the only place it touches the file system. A problem becomes one line naming
// the file, never a stack trace, and never the file's contents.
//
// Only regular files are read: a FIFO or a character device (/dev/zero, /dev/stdin on a terminal) would block or
// never end, and a directory is a mistake. The read itself is capped: a file that grows past the limit between the
// size check and the read is refused, not read whole.
import { closeSync, constants, fstatSync, openSync, readSync, statSync, writeFileSync, type Stats } from 'node:fs';

/** `missing`: the path does not exist (a file a change deletes), as opposed to one that cannot be read. */
export type ReadResult = { ok: true; text: string } | { ok: false; message: string; missing?: true };
export type WriteResult = { ok: true } | { ok: false; message: string };

const CHUNK_BYTES = 1024 * 1024;

function notRegular(stat: Stats): string | null {
  if (stat.isFile()) return null;
  if (stat.isDirectory()) return 'is a directory, not a config file';
  if (stat.isFIFO()) return 'is a named pipe, not a regular file (it is not read)';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'is a device, not a regular file (it is not read)';
  if (stat.isSocket()) return 'is a socket, not a regular file (it is not read)';
  return 'is not a regular file (it is not read)';
}

function tooLarge(bytes: number, maxBytes: number): string {
  return `is ${(bytes / 1048576).toFixed(1)} MB, over the ${(maxBytes / 1048576).toFixed(0)} MB analysis limit`;
}

function ioMessage(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read (permission denied)';
  if (code === 'EISDIR') return 'is a directory, not a config file';
  return `cannot be read (${code ?? 'I/O error'})`;
}

export function readConfigFile(path: string, maxBytes: number): ReadResult {
  let fd: number | undefined;
  try {
    // stat first: opening a FIFO for reading would wait for a writer.
    const before = notRegular(statSync(path));
    if (before) return { ok: false, message: before };
    // O_NONBLOCK: should the path be swapped for a FIFO after the stat, the open does not wait either.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
    const stat = fstatSync(fd);
    const after = notRegular(stat);
    if (after) return { ok: false, message: after };
    if (stat.size > maxBytes) return { ok: false, message: tooLarge(stat.size, maxBytes) };
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, maxBytes + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) return { ok: false, message: `grew past the ${(maxBytes / 1048576).toFixed(0)} MB analysis limit while being read` };
    }
    const bytes = Buffer.concat(chunks, total);
    if (bytes.includes(0)) return { ok: false, message: 'is a binary file, not a config' };
    return { ok: true, text: bytes.toString('utf8') };
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    return { ok: false, message: ioMessage(e), ...(missing ? { missing: true as const } : {}) };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Same file: the same device and inode (a hard link, a symlink or another spelling of the path all count). */
function sameFile(a: Stats, b: Stats): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

/**
 * Writes a report or a calibration to `path`. Never over one of `inputs` (the configs and measurements read), even
 * with --force; never over any existing file without `force`. Without force the file is created exclusively, so a
 * file that appears between the check and the write is not overwritten either.
 */
export function writeOutputFile(path: string, text: string, inputs: readonly string[], force: boolean): WriteResult {
  let existing: Stats | undefined;
  try {
    existing = statSync(path);
  } catch {
    existing = undefined;
  }
  if (existing) {
    for (const input of inputs) {
      let inputStat: Stats | undefined;
      try {
        inputStat = statSync(input);
      } catch {
        continue;
      }
      if (sameFile(existing, inputStat)) return { ok: false, message: `${path} is one of the input files; it is not overwritten (choose another --out)` };
    }
    if (!force) return { ok: false, message: `${path} already exists; it is not overwritten (add --force to replace it)` };
    if (!existing.isFile()) return { ok: false, message: `${path} is not a regular file; nothing was written` };
  }
  let fd: number | undefined;
  try {
    fd = openSync(path, existing ? 'w' : 'wx');
    writeFileSync(fd, text, 'utf8');
    return { ok: true };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return { ok: false, message: `${path} already exists; it is not overwritten (add --force to replace it)` };
    return { ok: false, message: `cannot write ${path} (${code ?? 'I/O error'})` };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
