// The real public configs the tests run against (test/fixtures/configs, licences in SOURCES.md).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

export const FIXTURES_DIR = join(__dirname, '../../fixtures/configs');

/** Every config fixture, as a path relative to the fixtures folder ("NeMo/megatron_gpt_config.yaml"). */
export function fixtureNames(): string[] {
  const names: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (!entry.endsWith('.md')) names.push(relative(FIXTURES_DIR, full));
    }
  };
  walk(FIXTURES_DIR);
  return names.sort();
}

export function readFixture(name: string): string {
  return readFileSync(join(FIXTURES_DIR, name), 'utf8');
}
