// Which memory fixes a quick fix writes and which the user makes by hand: the CLI table and --json say so for each
// fix, the mark is true to the file (a fix marked applicable writes edits that give the run the verdict it promised;
// one marked by hand says what to do instead), and a fix that moves the meters says by how much even when the run's
// GPU-hours are unknown.
import { strict as assert } from 'node:assert';
import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { analyze } from '../../../src/core/analyze';
import { applyEdits } from '../../../src/core/edit/apply';
import { planMemoryFix } from '../../../src/core/memory/plan';
import type { MemoryFix } from '../../../src/core/memory/types';
import { runCli } from '../helpers/cli';
import { nemoSeventyBText } from '../helpers/nemoSeventyB';

const FIXTURES = join(__dirname, '../../fixtures');
const ZEPHYR = join(FIXTURES, 'finetune/alignment-handbook/zephyr-7b-beta/sft/config_full.yaml');

/** The 70B-shaped NeMo run, written to a file of its own for the CLI. */
function nemoSeventyB(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'footprint-')), 'megatron_llama_70b.yaml');
  writeFileSync(file, nemoSeventyBText());
  return file;
}

/** The table's line for a fix and the line under it that says how to make it. */
function fixLines(out: string, title: string): [string, string] {
  const lines = out.split('\n');
  const at = lines.findIndex((l) => l.startsWith(`  ${title} `));
  assert.ok(at >= 0, `a line for "${title}" in:\n${out}`);
  return [lines[at]!, lines[at + 1]!];
}

function configsUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...configsUnder(full));
    else if (/\.(ya?ml|json|sh|toml)$/.test(entry)) out.push(full);
  }
  return out;
}

describe('memory fixes: one click or by hand', () => {
  it('zephyr SFT in the CLI table: the ZeRO stage and the 8-bit optimizer in one click (the recipe takes a DeepSpeed config inline)', () => {
    const r = runCli('estimate', ZEPHYR);
    assert.equal(r.code, 0);
    const [zero, zeroHow] = fixLines(r.out, 'Raise the ZeRO stage to 1');
    assert.match(zero, /\d+ GB · fits/);
    assert.equal(zeroHow.trim(), 'quick fix: one click, one undo');
    const [, eightHow] = fixLines(r.out, 'Use an 8-bit Adam optimizer');
    assert.equal(eightHow.trim(), 'quick fix: one click, one undo');
  });

  it('in --json: each fix has applicable, and instead says what to do when it is false (a Trainer launch command with no --deepspeed)', () => {
    const fixes = (JSON.parse(runCli('estimate', '--json', ZEPHYR).out) as { memory: { fixes: MemoryFix[] } }).memory.fixes;
    assert.deepEqual(
      fixes.filter((f) => f.id === 'zero-stage' || f.id === 'optimizer-8bit').map((f) => [f.id, f.applicable, f.instead]),
      [
        ['zero-stage', true, null],
        ['optimizer-8bit', true, null],
      ],
    );
    for (const f of fixes) assert.equal(typeof f.applicable, 'boolean', f.id);
    // Read alone (no accelerate config beside it), tulu3's launch command has no DeepSpeed flag to raise.
    const script = join(FIXTURES, 'finetune/open-instruct/train/tulu3/finetune_8b.sh');
    const zero = analyze(readFileSync(script, 'utf8'), { fileName: script }).memory!.fixes.find((f) => f.id === 'zero-stage')!;
    assert.equal(zero.applicable, false);
    assert.match(zero.instead!, /^add --deepspeed with a DeepSpeed config whose "zero_optimization" has "stage": 1 to the command$/);
  });

  it('over every fixture: a fix is applicable exactly when its edits can be written, and written, the run has the verdict it promised', () => {
    let applicable = 0;
    let byHand = 0;
    for (const file of [...configsUnder(join(FIXTURES, 'configs')), ...configsUnder(join(FIXTURES, 'finetune'))]) {
      const name = relative(FIXTURES, file);
      const text = readFileSync(file, 'utf8');
      const a = analyze(text, { fileName: name, budgetMs: 30_000 });
      for (const f of a.memory?.fixes ?? []) {
        const plan = planMemoryFix(text, name, f.steps, a, f.gpus?.gpus);
        assert.equal(f.applicable, plan.edits.length > 0, `${name} ${f.id}`);
        if (!f.applicable) {
          byHand++;
          assert.ok(f.instead && f.instead.length > 20, `${name} ${f.id} says what to do by hand: ${f.instead}`);
          continue;
        }
        applicable++;
        assert.equal(f.instead, null);
        const setting = plan.gpuCountSetting === undefined ? undefined : { gpus: plan.gpuCountSetting };
        const after = analyze(applyEdits(text, plan.edits), { fileName: name, budgetMs: 30_000, defaults: setting }).memory;
        assert.equal(after?.verdict, f.verdict, `${name} ${f.id}: the verdict it promised`);
        assert.ok(after.busiest.totalBytes < a.memory!.busiest.totalBytes, `${name} ${f.id} lowers memory per GPU`);
      }
    }
    assert.ok(applicable >= 20 && byHand >= 20, `${applicable} one-click fixes, ${byHand} by hand`);
  });

  it('full recomputation on a run without a token count is priced in relative terms; with one, in GPU-hours, $ and CO2e', () => {
    const [noTokens] = fixLines(runCli('estimate', join(FIXTURES, 'configs/Megatron-LM/modelopt/Qwen3-8B.sh')).out, 'Enable full activation recomputation');
    assert.match(noTokens, /\+33% GPU-hours, \$ and CO2e; absolute figures need the training tokens/);
    assert.doesNotMatch(noTokens, /unchanged/);
    const [priced] = fixLines(runCli('estimate', join(FIXTURES, 'configs/Megatron-LM/train_llama3_8b_h100_fp8.sh')).out, 'Enable full activation recomputation');
    assert.match(priced, /\+[\d.]+k GPU-h, \+\$[\d.]+M, \+[\d.]+ tCO2e \(\+33%\)/);
    const [tp] = fixLines(runCli('estimate', join(FIXTURES, 'configs/Megatron-LM/train_llama3_8b_h100_fp8.sh')).out, 'Double tensor parallelism to 2');
    assert.match(tp, /GPU-hours, \$ and CO2e unchanged/);
  });

  it('--require-fit on a sharded run with no GPU count says the amount over as read and the count it fits from', () => {
    const file = join(FIXTURES, 'configs/torchtitan/llama3_70b.toml');
    const r = runCli('estimate', '--require-fit', file);
    assert.equal(r.code, 1);
    assert.match(
      r.err,
      /Will not fit as read: ≈ \d+ GB per GPU on 8 GPUs, \d+ GB over the 80 GB of NVIDIA H100 SXM5 80GB\. The file gives no GPU count, and memory per GPU depends on it \(states sharded over data parallel\): it fits from 32 GPUs \(data parallel 4\): set --gpus 32 or a `# footprint: gpus=32` comment\./,
    );
    assert.equal(runCli('estimate', '--require-fit', '--gpus', '32', file).code, 0, 'and with that count it passes');
    const none = runCli('estimate', '--require-fit', join(FIXTURES, 'configs/maxtext/models/deepseek3-671b.yml'));
    assert.equal(none.code, 1);
    assert.match(none.err, /over the 80 GB of .*: more GPUs alone do not bring it under 80 GB: see the fixes\./);
  });

  it('where no single fix makes it fit, the cheapest pair of one-click fixes that does is one priced fix; its edits, written together, make it fit', () => {
    const name = 'configs/Megatron-LM/modelopt/Qwen3-8B.sh';
    const text = readFileSync(join(FIXTURES, name), 'utf8');
    const a = analyze(text, { fileName: name });
    assert.ok(!a.memory!.fixes.some((f) => f.steps.length === 1 && f.verdict === 'fits'), 'no single fix fits');
    const pair = a.memory!.fixes[0]!;
    assert.deepEqual(pair.steps, ['distributed-optimizer', 'recompute-full']);
    assert.equal(pair.title, 'Use the distributed optimizer, and enable full activation recomputation');
    assert.equal(pair.verdict, 'fits');
    assert.equal(pair.applicable, true);
    const [line, how] = fixLines(runCli('estimate', join(FIXTURES, name)).out, pair.title);
    assert.match(line, /\d+ GB · fits +\+33% GPU-hours, \$ and CO2e; absolute figures need the training tokens/);
    assert.equal(how.trim(), 'quick fix: one click, one undo');
    const plan = planMemoryFix(text, name, pair.steps, a);
    const fixed = applyEdits(text, plan.edits);
    assert.match(fixed, /--micro-batch-size \S+ --use-distributed-optimizer --recompute-granularity full --recompute-method uniform --recompute-num-layers 1/);
    const after = analyze(fixed, { fileName: name }).memory!;
    assert.equal(after.verdict, 'fits');
    assert.equal(after.busiest.totalBytes, pair.totalBytes, 'the memory the pair promised');
  });

  it('where nothing makes it fit, the table says which fix comes closest and by how much it still misses', () => {
    const out = runCli('estimate', nemoSeventyB()).out;
    assert.match(out, /\n {2}No fix here makes it fit, alone or with another the file can take: the closest, [a-z ]+, still needs \d+ GB per GPU, \d+ GB over the 80 GB\.\n/);
  });

  it('the will-not-fit diagnostic names the fix to make: the cheapest that fits in one click, else the one by hand, else the closest', () => {
    const message = (path: string) => {
      const json = JSON.parse(runCli('estimate', '--json', path.startsWith('/') ? path : join(FIXTURES, path)).out) as { findings: Array<{ code: string; message: string }> };
      return json.findings.find((f) => f.code === 'will-not-fit')!.message;
    };
    assert.match(
      message('configs/Megatron-LM/train_llama3_8b_h100_fp8.sh'),
      /\. Quick fix: double tensor parallelism to 2 brings it to \d+ GB per GPU \(the quick fixes list the others, cheapest first\)\.$/,
    );
    assert.match(
      message('finetune/alignment-handbook/zephyr-7b-beta/sft/config_full.yaml'),
      /\. Quick fix: raise the ZeRO stage to 1 brings it to \d+ GB per GPU \(the quick fixes list the others, cheapest first\)\.$/,
    );
    const script = join(FIXTURES, 'finetune/open-instruct/train/tulu3/finetune_8b.sh');
    assert.match(
      analyze(readFileSync(script, 'utf8'), { fileName: script }).findings.find((f) => f.code === 'will-not-fit')!.message,
      /\. No quick fix here makes it fit; by hand, raise the ZeRO stage to 1 \(\d+ GB per GPU\): add --deepspeed with a DeepSpeed config whose "zero_optimization" has "stage": 1 to the command\.$/,
    );
    assert.match(message(nemoSeventyB()), /\. No fix here makes it fit, alone or with another the file can take: the closest, [a-z ]+, still needs \d+ GB per GPU, \d+ GB over the 80 GB\.$/);
  });
});
