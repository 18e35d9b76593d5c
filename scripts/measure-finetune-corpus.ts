// Measures how much of a folder of real fine-tuning recipes Footprint Lens reads, as the README reports it for the
// held-out corpus listed in scripts/finetune-corpus.txt (fetch those files into a folder first; this tool does no
// network). Usage: npx tsx scripts/measure-finetune-corpus.ts <folder>
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyze } from '../src/core/analyze';

const dir = process.argv[2];
if (!dir) {
  console.error('usage: measure-finetune-corpus.ts <folder of recipes>');
  process.exit(2);
}
const files = (d: string): string[] => readdirSync(d).flatMap((e) => (statSync(join(d, e)).isDirectory() ? files(join(d, e)) : [join(d, e)]));
let total = 0;
let recognised = 0;
let named = 0;
let sized = 0;
for (const f of files(dir)) {
  if (/\.(txt|md)$/.test(f)) continue;
  total++;
  const a = analyze(readFileSync(f, 'utf8'), { fileName: relative(dir, f) });
  if (a.format) recognised++;
  if (a.run?.fineTune?.baseModel) {
    named++;
    if (a.run.params) sized++;
  }
  if (!a.format) console.log(`not recognised: ${relative(dir, f)}`);
}
console.log(`recognised ${recognised} of ${total}; base model named in ${named}, its size known for ${sized}`);
