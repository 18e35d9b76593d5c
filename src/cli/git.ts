// A file's text at a git revision, for `diff --base REF`: git is run directly (execFile, never a shell), from the
// repository that holds the file, with the path relative to its top level. The revision is checked once per
// repository; a path the revision does not have is "absent" (a file the change adds), not an error.
import { execFileSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';

export type RevisionText = { ok: true; text: string } | { ok: false; absent: true } | { ok: false; absent: false; message: string };

const TOPLEVELS = new Map<string, string | Error>();
const VERIFIED = new Map<string, string | null>();

function git(cwd: string, args: string[], maxBytes = 1024 * 1024): Buffer {
  return execFileSync('git', args, { cwd, maxBuffer: maxBytes, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
}

/** The file's absolute real path, resolved through its nearest existing folder (the file itself may be deleted). */
function realPathOf(file: string): { dir: string; path: string } {
  let dir = dirname(resolve(file));
  const rest: string[] = [basename(resolve(file))];
  while (!existsSync(dir) && dirname(dir) !== dir) {
    rest.unshift(basename(dir));
    dir = dirname(dir);
  }
  const real = realpathSync(dir);
  return { dir: real, path: join(real, ...rest) };
}

function toplevelOf(dir: string): string | Error {
  let top = TOPLEVELS.get(dir);
  if (top === undefined) {
    try {
      top = git(dir, ['rev-parse', '--show-toplevel']).toString('utf8').trim();
    } catch {
      top = new Error('is not inside a git repository');
    }
    TOPLEVELS.set(dir, top);
  }
  return top;
}

/** The commit a revision names, or null when it names none. */
function verify(top: string, ref: string): string | null {
  const key = `${top}\u0000${ref}`;
  if (!VERIFIED.has(key)) {
    try {
      VERIFIED.set(
        key,
        git(top, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`])
          .toString('utf8')
          .trim(),
      );
    } catch {
      VERIFIED.set(key, null);
    }
  }
  return VERIFIED.get(key) ?? null;
}

export function textAtRevision(ref: string, file: string, maxBytes: number): RevisionText {
  if (ref.startsWith('-')) return { ok: false, absent: false, message: `--base "${ref}" is not a revision` };
  let where: { dir: string; path: string };
  try {
    where = realPathOf(file);
  } catch (e) {
    return { ok: false, absent: false, message: `cannot be located (${(e as NodeJS.ErrnoException).code ?? String(e)})` };
  }
  const top = toplevelOf(where.dir);
  if (top instanceof Error) return { ok: false, absent: false, message: top.message };
  const commit = verify(top, ref);
  if (commit === null) return { ok: false, absent: false, message: `cannot be compared: "${ref}" is not a revision of the repository at ${top}` };
  const path = relative(top, where.path).split(sep).join('/');
  const object = `${commit}:${path}`;
  try {
    git(top, ['cat-file', '-e', object]);
  } catch {
    return { ok: false, absent: true };
  }
  let bytes: Buffer;
  try {
    bytes = git(top, ['cat-file', 'blob', object], maxBytes + 1);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOBUFS') return { ok: false, absent: false, message: `is over the ${(maxBytes / 1048576).toFixed(0)} MB analysis limit at ${ref}` };
    return { ok: false, absent: false, message: `cannot be read at ${ref} (${code ?? String(e)})` };
  }
  if (bytes.includes(0)) return { ok: false, absent: false, message: `is a binary file at ${ref}, not a config` };
  return { ok: true, text: bytes.toString('utf8') };
}
