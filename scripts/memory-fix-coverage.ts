// Prints the README's one-click fix coverage: every shipped fixture run that does not fit, read with its companions
// from disk as the CLI reads it (src/cli/companions.ts), and the way out the editor offers it (src/core/memory/
// coverage.ts): a one-click fix, written into the file and the file read again; the GPU count it fits from; a fix to
// make by hand; or nothing that fits, with the closest. Run: npx tsx scripts/memory-fix-coverage.ts (npm run docs
// writes it into the README).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyzeWithCompanionTexts, type LookupOptions } from '../src/cli/companions';
import { fixOfferFor, worksInOneClick, type AfterClick, type FixOffer } from '../src/core/memory/coverage';
import type { MemoryFix } from '../src/core/memory/types';
import { FORMAT_LABELS } from '../src/core/present/labels';
import { formatMemoryGB } from '../src/core/present/units';

const ROOT = join(__dirname, '..');
const FIXTURES = join(ROOT, 'test/fixtures');
// The shipped model table and the fixtures' own companions only: no Hugging Face cache of the machine it runs on.
const NO_CACHE = join(FIXTURES, '.no-model-cache');
const LOOKUP: LookupOptions = { env: { HF_HUB_CACHE: NO_CACHE, FOOTPRINT_CACHE_DIR: NO_CACHE }, root: ROOT };

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const full = join(dir, entry);
      return statSync(full).isDirectory() ? filesUnder(full) : entry.endsWith('.md') ? [] : [full];
    });
}

const lower = (t: string) => t[0]!.toLowerCase() + t.slice(1);
const over = (bytes: number, capacity: number) => `${formatMemoryGB(bytes - capacity)} over`;
const afterWords = (a: AfterClick, capacity: number) =>
  a.totalBytes === null
    ? 'the file read again has no memory estimate'
    : `read again: ${formatMemoryGB(a.totalBytes)}/GPU, ${a.verdict === 'fits' ? 'fits' : a.verdict === 'tight' ? 'tight' : over(a.totalBytes, capacity)}`;
const steps = (f: MemoryFix) => f.title;

function offerCells(offer: FixOffer, capacity: number): [string, string] {
  switch (offer.kind) {
    case 'one-click':
      return [steps(offer.fix), `one click (${afterWords(offer.after, capacity)})`];
    case 'gpu-count':
      return [`Set GPU count to ${offer.gpus} (the file gives none)`, `one click (${afterWords(offer.after, capacity)})`];
    case 'by-hand':
      return [steps(offer.fix), `by hand: ${offer.instead}`];
    case 'none':
      return offer.closest
        ? [`none fits; closest: ${lower(steps(offer.closest))}`, `${formatMemoryGB(offer.closest.totalBytes)}/GPU, ${over(offer.closest.totalBytes, capacity)}`]
        : ['none', 'no change Footprint Lens knows of lowers it'];
  }
}

const rows: string[] = [];
const counts = { runs: 0, works: 0, oneClick: 0, gpuCount: 0, byHand: 0, none: 0, clickMisses: 0 };
for (const file of filesUnder(FIXTURES)) {
  const text = readFileSync(file, 'utf8');
  const fileName = relative(ROOT, file);
  const readWith = (t: string, defaults?: object, texts?: ReadonlyMap<string, string>) =>
    analyzeWithCompanionTexts(t, { fileName: file, ...(defaults ? { defaults } : {}) }, { ...LOOKUP, ...(texts ? { texts } : {}) });
  const read = (t: string, defaults?: object, texts?: ReadonlyMap<string, string>) => readWith(t, defaults, texts).analysis;
  const first = readWith(text);
  const analysis = first.analysis;
  const offer = fixOfferFor(text, analysis, read, first.companions);
  const m = analysis.memory;
  if (!offer || !m || !analysis.format) continue;
  counts.runs++;
  if (worksInOneClick(offer)) counts.works++;
  else if (offer.kind === 'one-click' || offer.kind === 'gpu-count') counts.clickMisses++;
  if (offer.kind === 'one-click') counts.oneClick++;
  if (offer.kind === 'gpu-count') counts.gpuCount++;
  if (offer.kind === 'by-hand') counts.byHand++;
  if (offer.kind === 'none') counts.none++;
  const [fix, how] = offerCells(offer, m.capacityBytes);
  const memory = `${formatMemoryGB(m.busiest.totalBytes)} of ${formatMemoryGB(m.capacityBytes)} (${m.gpu.name})`;
  rows.push(`| ${fileName.replace(/^test\/fixtures\//, '')} | ${FORMAT_LABELS[analysis.format]} | ${memory} | ${fix} | ${how.replace(/\|/g, '\\|')} |`);
}

const share = counts.runs > 0 ? Math.round((counts.works / counts.runs) * 100) : 0;
const lines = [
  `**${counts.works} of ${counts.runs} runs that do not fit get a one-click fix that fits** (${share}%): ` +
    `${counts.oneClick} a quick fix in the file's own keys, ${counts.gpuCount} the GPU count they fit from` +
    `${counts.clickMisses > 0 ? ` (${counts.clickMisses} of those clicks still do not fit when the file is read again)` : ''}; ` +
    `${counts.byHand} more get a fix that fits made by hand, and ${counts.none} have no change that fits alone or paired.`,
  '',
  '| Run (test/fixtures/…) | Read as | Memory per GPU | Fix offered | How |',
  '|---|---|---|---|---|',
  ...rows,
];
console.log(lines.join('\n'));
