// A throwaway git repository of real configs, for the commands that compare a file with a revision. git is run
// directly (no shell), with an identity of its own so the user's git config plays no part.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readFixture } from './fixtures';

export interface TempRepo {
  dir: string;
  git(...args: string[]): string;
  /** Writes a file (relative path) with the text given, or a fixture's text. */
  write(path: string, text: string): void;
  commit(message: string): string;
  remove(): void;
}

const IDENTITY = ['-c', 'user.name=Footprint Tests', '-c', 'user.email=tests@example.invalid', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main'];

export function tempRepo(fixtures: Record<string, string> = {}): TempRepo {
  const dir = mkdtempSync(join(tmpdir(), 'footprint-git-'));
  const git = (...args: string[]) => execFileSync('git', [...IDENTITY, ...args], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  };
  git('init', '-q');
  for (const [path, fixture] of Object.entries(fixtures)) write(path, readFixture(fixture));
  const repo: TempRepo = {
    dir,
    git,
    write,
    commit: (message) => {
      git('add', '-A');
      git('commit', '-q', '--allow-empty', '-m', message);
      return git('rev-parse', 'HEAD').trim();
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
  return repo;
}
