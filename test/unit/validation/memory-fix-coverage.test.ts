// The README's one-click coverage: which shipped runs that do not fit get a fix that works in one click. Each way out
// is checked on a real fixture read with its companions as the CLI reads it, a one-click fix counts only when the
// edited file fits when read again, and the README's table is the one the code prints today.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeWithCompanions, analyzeWithCompanionTexts } from '../../../src/cli/companions';
import type { Analysis } from '../../../src/core/analyze';
import { fixOfferFor, worksInOneClick } from '../../../src/core/memory/coverage';
import type { Overrides } from '../../../src/core/types';
import { nemoSeventyBText } from '../helpers/nemoSeventyB';

const ROOT = join(__dirname, '../../..');
const FIXTURES = join(ROOT, 'test/fixtures');
const GB = 2 ** 30;

function reader(rel: string): { text: string; read: (text: string, defaults?: Overrides) => Analysis } {
  const file = join(FIXTURES, rel);
  const read = (text: string, defaults?: Overrides) => analyzeWithCompanions(text, { fileName: file, ...(defaults ? { defaults } : {}) }, { env: {}, root: ROOT });
  return { text: readFileSync(file, 'utf8'), read };
}

function offerOf(rel: string) {
  const { text, read } = reader(rel);
  return fixOfferFor(text, read(text), read);
}

function readmeSection(name: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = `<!-- ${name}:start -->`;
  const from = readme.indexOf(start);
  const to = readme.indexOf(`<!-- ${name}:end -->`);
  assert.ok(from >= 0 && to > from, `README has no ${name} section`);
  return readme.slice(from + start.length, to).trim();
}

describe('fixes that work in one click (README coverage)', function () {
  this.timeout(60000);

  it('Megatron Qwen3-8B: the distributed optimizer with full recomputation in one click, and the edited script fits when read again', () => {
    const offer = offerOf('configs/Megatron-LM/modelopt/Qwen3-8B.sh');
    assert.equal(offer?.kind, 'one-click');
    if (offer?.kind !== 'one-click') return;
    assert.deepEqual(offer.fix.steps, ['distributed-optimizer', 'recompute-full']);
    assert.equal(offer.after.verdict, 'fits');
    assert.ok(offer.after.totalBytes! < 80 * GB, `${offer.after.totalBytes! / GB} GB`);
    assert.ok(worksInOneClick(offer));
  });

  it('torchtitan Llama 3 70B, which gives no GPU count: Set GPU count to 32, and with the annotation written it fits', () => {
    const offer = offerOf('configs/torchtitan/llama3_70b.toml');
    assert.equal(offer?.kind, 'gpu-count');
    if (offer?.kind !== 'gpu-count') return;
    assert.equal(offer.gpus, 32);
    assert.equal(offer.after.verdict, 'fits');
  });

  it('zephyr-7b SFT, which names no DeepSpeed config: the ZeRO stage in one click (written into the recipe), and the edited recipe fits when read again', () => {
    const offer = offerOf('finetune/alignment-handbook/zephyr-7b-beta/sft/config_full.yaml');
    assert.equal(offer?.kind, 'one-click');
    if (offer?.kind !== 'one-click') return;
    assert.deepEqual(offer.fix.steps, ['zero-stage']);
    assert.equal(offer.after.verdict, 'fits');
    assert.equal(offer.after.totalBytes, offer.fix.totalBytes, 'read again at the memory the fix promised');
    assert.ok(worksInOneClick(offer));
  });

  it('NeMo Llama as its comments give the 70B shape, on the one node of 8 GPUs with tensor parallelism 8: nothing fits, and the closest fix still needs more than the GPU has', () => {
    const { read } = reader('configs/NeMo/megatron_llama_config.yaml');
    const text = nemoSeventyBText();
    const offer = fixOfferFor(text, read(text), read);
    assert.equal(offer?.kind, 'none');
    if (offer?.kind !== 'none') return;
    assert.ok(offer.closest, 'a closest fix');
    assert.ok(offer.closest.totalBytes > 80 * GB);
  });

  it('NeMo Llama on the one GPU its file gives: spread over the node, tensor parallelism 8, in one click, and the file read again fits', () => {
    const offer = offerOf('configs/NeMo/megatron_llama_config.yaml');
    assert.equal(offer?.kind, 'one-click');
    if (offer?.kind !== 'one-click') return;
    assert.deepEqual(offer.fix.steps, ['tensor-parallel-node']);
    assert.ok(worksInOneClick(offer));
  });

  it('torchtitan DeepSeek-V3 671B, whose file gives no GPU count and which more GPUs alone do not fit: one click sets the count with the fix that fits there, and the file read again fits', () => {
    const offer = offerOf('configs/torchtitan/deepseek_v3_671b.toml');
    assert.equal(offer?.kind, 'one-click');
    if (offer?.kind !== 'one-click') return;
    assert.ok(offer.fix.gpus, 'the fix sets a GPU count');
    assert.equal(offer.after.verdict, 'fits');
    assert.ok(worksInOneClick(offer));
  });

  it('a one-click fix whose edited file, read again, still does not fit is not counted as working', () => {
    const { text, read } = reader('configs/Megatron-LM/modelopt/Qwen3-8B.sh');
    const original = read(text);
    // Read again as if the edit had not taken: the file as it was.
    const offer = fixOfferFor(text, original, () => original);
    assert.equal(offer?.kind, 'one-click');
    assert.equal(offer?.kind === 'one-click' && offer.after.verdict, 'does-not-fit');
    assert.equal(worksInOneClick(offer!), false);
  });

  it('a fix written into the DeepSpeed JSON a launch names counts when the launch, read again with the edited JSON, fits (LLaMA-Factory single_node.sh, its JSON at stage 0)', () => {
    const file = join(FIXTURES, 'finetune/llama-factory/full_multi_gpu/single_node.sh');
    const jsonName = 'test/fixtures/finetune/llama-factory/full_multi_gpu/ds_z3_config.json';
    const stage0 = readFileSync(join(ROOT, jsonName), 'utf8').replace('"stage": 3', '"stage": 0');
    const readWith = (text: string, defaults?: Overrides, texts?: ReadonlyMap<string, string>) =>
      analyzeWithCompanionTexts(text, { fileName: file, ...(defaults ? { defaults } : {}) }, { env: {}, root: ROOT, texts: texts ?? new Map([[jsonName, stage0]]) });
    const text = readFileSync(file, 'utf8');
    const first = readWith(text);
    assert.equal(first.analysis.memory?.verdict, 'does-not-fit');
    const offer = fixOfferFor(text, first.analysis, (t, d, texts) => readWith(t, d, texts).analysis, first.companions);
    assert.equal(offer?.kind, 'one-click');
    if (offer?.kind !== 'one-click') return;
    assert.deepEqual(offer.fix.steps, ['zero-stage']);
    assert.equal(offer.after.verdict, 'fits', 'read again with the JSON at stage 1');
    assert.ok(worksInOneClick(offer));
    // Read again without the edited JSON (the disk's stage-0 copy standing in), the click would not be counted.
    const blind = fixOfferFor(text, first.analysis, (t, d) => readWith(t, d).analysis, first.companions);
    assert.equal(blind?.kind === 'one-click' && blind.after.verdict, 'does-not-fit');
  });

  it('a run that fits with its companion is offered nothing: open-instruct finetune_8b.sh with its ZeRO-3 config', () => {
    const { text, read } = reader('finetune/open-instruct/train/tulu3/finetune_8b.sh');
    const a = read(text);
    assert.equal(a.memory?.verdict, 'fits');
    assert.equal(fixOfferFor(text, a, read), undefined);
  });

  it('the README table is the one the code prints today (run `npm run docs`), and its summary counts its rows', () => {
    const printed = execFileSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/memory-fix-coverage.ts')], { encoding: 'utf8' }).trim();
    const section = readmeSection('memory-fix-coverage');
    assert.equal(section, printed, 'README one-click fix coverage is stale: regenerate it with `npm run docs`');
    const rows = section.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Run '));
    const works = rows.filter((r) => /\| one click \(read again: [\d.]+ GB\/GPU, fits\) \|$/.test(r)).length;
    const summary = /\*\*(\d+) of (\d+) runs that do not fit get a one-click fix that fits\*\*/.exec(section);
    assert.ok(summary, 'a summary line');
    assert.equal(Number(summary[1]), works);
    assert.equal(Number(summary[2]), rows.length);
    assert.ok(rows.length >= 10, `${rows.length} runs that do not fit`);
  });
});
