// Work that grows with what a file says, not with how it is nested or repeated: each construct that used to cost
// seconds to minutes (an unclosed `$((` opened 26 times, `${A:-` 25 times, `X="$X $X $X $X"` repeated, thousands of
// YAML aliases, a doubling interpolation, a huge flow list) is read with the real config around it intact and, where
// a cap was hit, one finding saying so. Past the time budget an analysis stops with one finding.
// (Times are measured by `npm run fuzz`, not asserted here; mocha's timeout only stops a run that would not end.)
import assert from 'node:assert/strict';
import { analyze, type Analysis } from '../../../src/core/analyze';
import { resolveInterpolations } from '../../../src/core/parse/interpolate';
import { parseYaml } from '../../../src/core/parse/yaml';
import { readFixture } from '../helpers/fixtures';
import { assertSaneAnalysis } from '../helpers/sanity';

const GPT3 = 'Megatron-LM/train_gpt3_175b_distributed.sh';
const LLAMA = 'NeMo-Framework-Launcher/llama2_70b.yaml';

function codes(a: Analysis): string[] {
  return a.findings.map((f) => f.code);
}

/** The real GPT-3 175B launch script with `tail` after it: its run must read exactly as without. */
function scriptWith(tail: string): { plain: Analysis; hostile: Analysis } {
  const text = readFixture(GPT3);
  return { plain: analyze(text, { fileName: 'train.sh' }), hostile: analyze(`${text}\n${tail}\n`, { fileName: 'train.sh' }) };
}

function sameRun(plain: Analysis, hostile: Analysis): void {
  assert.equal(hostile.format, plain.format);
  for (const field of ['params', 'tokens', 'gpus', 'globalBatch', 'seqLength'] as const) {
    assert.equal(hostile.run?.[field]?.value, plain.run?.[field]?.value, field);
  }
  assertSaneAnalysis(hostile, 'hostile script');
}

describe('bounded work on hostile shell, YAML and interpolation', () => {
  it('an unclosed `$((` opened 26 times, or `${A:-` 25 times, leaves the script readable and says where it gave up', () => {
    for (const line of [`X=${'$(('.repeat(26)}1`, `X=${'${A:-'.repeat(25)}1`, `X="${'$("'.repeat(300)}`]) {
      const { plain, hostile } = scriptWith(line);
      sameRun(plain, hostile);
      const capped = hostile.findings.filter((f) => f.code === 'expansion-capped');
      assert.equal(capped.length, 1, `${line.slice(0, 12)}…: ${codes(hostile).join(', ')}`);
      assert.match(capped[0]!.message, /nested more than 8 deep/);
    }
  });

  it('a variable that quadruples on each of 20 lines is cut at the cap, with a finding naming the line', () => {
    const text = readFixture(GPT3);
    const growth = ['X=a', ...Array.from({ length: 20 }, () => 'X="$X $X $X $X"')].join('\n');
    const { plain, hostile } = scriptWith(growth);
    sameRun(plain, hostile);
    const capped = hostile.findings.filter((f) => f.code === 'expansion-capped');
    assert.equal(capped.length, 1, codes(hostile).join(', '));
    const firstGrowthLine = text.split('\n').length + 2;
    const line = Number(/on line (\d+)/.exec(capped[0]!.message)?.[1]);
    assert.ok(line > firstGrowthLine && line <= firstGrowthLine + 20, capped[0]!.message);
  });

  it('10,000 aliases of one scalar resolve to its value, each to the closest anchor before it', () => {
    // Five sections of 2,000 (the most one section is read for).
    const sections = Array.from({ length: 5 }, (_, s) => `s${s}:\n${Array.from({ length: 2000 }, (_, i) => `  k${i}: *n`).join('\n')}`);
    const cfg = parseYaml(`base: &n 7\n${sections.join('\n')}\nlater: &n 9\nafter: *n\n`);
    assert.equal(cfg.entries.get('s0.k0')?.value, 7);
    assert.equal(cfg.entries.get('s4.k1999')?.value, 7);
    assert.equal(cfg.entries.get('after')?.value, 9);
    assert.deepEqual(cfg.findings, []);
  });

  it('a YAML flow list of 150,000 items is read up to 2,000 entries, with the keys after it intact', () => {
    const text = readFixture(LLAMA);
    const list = `  data_weights: [${Array.from({ length: 150_000 }, (_, i) => String(i)).join(', ')}]\n`;
    const hostile = text.replace(/^model:\n/m, `model:\n${list}`);
    assert.notEqual(hostile, text);
    const plain = analyze(text, { fileName: 'llama2_70b.yaml' });
    const a = analyze(hostile, { fileName: 'llama2_70b.yaml', budgetMs: 60_000 });
    assert.equal(a.run?.params?.value, plain.run?.params?.value);
    assert.equal(a.run?.globalBatch?.value, plain.run?.globalBatch?.value);
    const cut = a.findings.filter((f) => f.code === 'large-section');
    assert.equal(cut.length, 1, codes(a).join(', '));
    assert.match(cut[0]!.message, /^`model\.data_weights` holds more than 2,000 entries/);
  });

  it('an interpolation that doubles at each key is refused past its cap, not built', () => {
    const keys = ['l0: abcd', ...Array.from({ length: 24 }, (_, i) => `l${i + 1}: \${l${i}}\${l${i}}`)];
    const r = resolveInterpolations(parseYaml(`${keys.join('\n')}\n`));
    assert.equal(r.cfg.entries.get('l10')?.value, 'abcd'.repeat(1024), 'short values still resolve');
    const last = r.problems.get('l24');
    assert.ok(last, 'the last key is reported');
    assert.match(last.message, /grows past 20,000 characters/);
  });

  it('past its time budget an analysis stops with one finding, whatever the file', () => {
    let clock = 0;
    const now = () => (clock += 10);
    for (const name of [GPT3, LLAMA, 'DeepSpeedExamples/ds_config.json', 'torchtitan/llama3_8b.toml']) {
      const a = analyze(readFixture(name), { fileName: name.split('/').pop()!, budgetMs: 5, now });
      assert.deepEqual(codes(a), ['too-complex'], name);
      assert.match(a.findings[0]!.message, /^Too complex to analyse: analysis ran past its 5 ms budget/);
      assert.equal(a.projection, null);
    }
    // The same files with the default budget and a real clock analyse as usual.
    assert.ok(analyze(readFixture(GPT3), { fileName: 'train.sh' }).projection);
  });
});
