// Which files a pull request changed that could be training configs: git's own list between the merge base and the
// head (added, modified, renamed, deleted), filtered to the extensions Footprint Lens reads. git runs directly.
import { execFileSync } from 'node:child_process';
import { isConfigPath } from '../core/workspace/files';

export function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** The commit the pull request branched from: what its changes are measured against. */
export function mergeBase(cwd: string, base: string, head: string): string {
  return git(cwd, ['merge-base', base, head]).trim();
}

/** Paths (relative to the repository's top level) changed between `from` and `head`, configs only, in git's order. */
export function changedConfigs(cwd: string, from: string, head: string): string[] {
  const out = git(cwd, ['diff', '--name-only', '-z', '--no-renames', '--diff-filter=ACMRD', from, head, '--']);
  return out
    .split('\0')
    .filter((p) => p.length > 0)
    .filter(isConfigPath);
}
