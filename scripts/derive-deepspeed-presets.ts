// Derives src/core/data/deepspeed-presets.json: the DeepSpeed configs that fine-tuning stacks ship beside their
// recipes (axolotl's deepspeed_configs/, LLaMA-Factory's examples/deepspeed/), which recipes name by path and users
// rarely copy into their own repository. Each file is kept as written (its line numbers are cited) with its
// repository, commit and licence.
// Run: npx tsx scripts/derive-deepspeed-presets.ts <axolotl clone> <LLaMA-Factory clone>
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

interface Origin {
  repo: string;
  folder: string;
  licence: string;
}

const ORIGINS: Origin[] = [
  { repo: 'axolotl-ai-cloud/axolotl', folder: 'deepspeed_configs', licence: 'Apache-2.0' },
  { repo: 'hiyouga/LLaMA-Factory', folder: 'examples/deepspeed', licence: 'Apache-2.0' },
];

const [axolotl, llamaFactory] = process.argv.slice(2);
if (!axolotl || !llamaFactory) throw new Error('usage: derive-deepspeed-presets.ts <axolotl clone> <LLaMA-Factory clone>');
const presets = [axolotl, llamaFactory].flatMap((clone, i) => {
  const origin = ORIGINS[i]!;
  const git = (...args: string[]) => execFileSync('git', ['-C', clone, ...args], { encoding: 'utf8' }).trim();
  const commit = git('rev-parse', 'HEAD');
  const year = Number(git('log', '-1', '--format=%ad', '--date=format:%Y'));
  return readdirSync(join(clone, origin.folder))
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({ repo: origin.repo, commit, path: `${origin.folder}/${f}`, licence: origin.licence, year, text: readFileSync(join(clone, origin.folder, f), 'utf8') }));
});
writeFileSync(join(import.meta.dirname, '..', 'src', 'core', 'data', 'deepspeed-presets.json'), `${JSON.stringify(presets)}\n`);
console.log(`${presets.length} shipped DeepSpeed configs written`);
