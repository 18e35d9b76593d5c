// Inside the libraries' own parse: a YAML text the `yaml` package alone takes seconds on (2 MB of blank lines, a
// million flow items) is read lexeme by lexeme under the time limit, so the analysis can stop while the library is
// still reading; and a shell word longer than any value may grow is read once, not copied on each look. Observed
// through the budget's clock (who reads it, and when), never through how long anything took.
import assert from 'node:assert/strict';
import { analyze } from '../../../src/core/analyze';
import { TOO_COMPLEX } from '../../../src/core/limits';
import { MAX_EXPANSION_CHARS } from '../../../src/core/parse/shell-expand';
import { MAX_WHOLE_PARSE_CHARS } from '../../../src/core/parse/toml';
import { readFixture } from '../helpers/fixtures';

/** A clock that says whether it was read from inside the YAML library's lexing, and then is past any deadline. */
function clockWatchingYaml(): { now: () => number; readInsideYaml: () => boolean } {
  let inside = false;
  let reads = 0;
  return {
    now: () => {
      reads++;
      if (/checkpointedTokens/.test(new Error().stack ?? '')) inside = true;
      // The start of the budget reads 0; every later read is far past it.
      return reads === 1 ? 0 : 1e12;
    },
    readInsideYaml: () => inside,
  };
}

describe('checkpoints inside the parse', () => {
  it('the YAML parse of 256 KB of blank lines reads the clock while it lexes, and stops there with one finding', () => {
    const clock = clockWatchingYaml();
    const a = analyze(`model:\n  num_layers: 2\n${'\n'.repeat(256 * 1024)}`, { fileName: 'c.yaml', budgetMs: 1000, now: clock.now });
    assert.ok(clock.readInsideYaml(), "the budget was checked inside the library's reading");
    assert.deepEqual(
      a.findings.map((f) => f.code),
      [TOO_COMPLEX],
    );
  });

  it('an ordinary YAML config reads exactly as before: same run, same findings', () => {
    const text = readFixture('NeMo-Framework-Launcher/llama2_70b.yaml');
    const a = analyze(text, { fileName: 'llama2_70b.yaml' });
    assert.equal(a.format, 'nemo-yaml');
    assert.equal(a.run?.arch.layers?.value, 80);
    assert.ok(!a.findings.some((f) => f.code === TOO_COMPLEX || f.code === 'parse-error'));
  });

  it('two YAML documents: the first is read and the second is an error, as the library reads them', () => {
    const a = analyze('model:\n  num_layers: 2\n---\nother: 1\n', { fileName: 'c.yaml' });
    assert.ok(
      a.findings.some((f) => f.code === 'parse-error' && /multiple documents/i.test(f.message)),
      a.findings.map((f) => f.message).join('; '),
    );
  });

  it('a shell word longer than any value is read as unknown past the cap, and the rest of the script still reads', () => {
    const script = readFixture('Megatron-LM/train_gpt3_175b_distributed.sh');
    const long = `X=${'`"\'$'.repeat(MAX_EXPANSION_CHARS)}`;
    const a = analyze(`${script}\n${long}\n`, { fileName: 'train.sh' });
    const plain = analyze(script, { fileName: 'train.sh' });
    assert.equal(a.run?.arch.layers?.value, plain.run?.arch.layers?.value);
    assert.equal(a.run?.gpus?.value, plain.run?.gpus?.value);
    assert.ok(
      a.findings.some((f) => f.code === 'expansion-capped'),
      a.findings.map((f) => f.code).join(', '),
    );
  });

  it('flow maps nested 30 deep as keys (a 32-byte mutation that took minutes) read as their syntax errors, not too complex', () => {
    // Each `{` opens a map whose first key is the next map: naming a key by the library's String() doubled per level.
    const a = analyze(`${'{'.repeat(30)}\n{`, { fileName: 'c.yaml' });
    assert.ok(a.findings.length > 0 && a.findings.every((f) => f.code === 'parse-error'), a.findings.map((f) => f.code).join(', '));
  });
});

describe('a TOML text too large to parse in one call', () => {
  it('is read value by value, and its run reads as the same config without the extra keys', () => {
    const name = 'torchtitan/llama3_8b.toml';
    const text = readFixture(name);
    const extra = Array.from({ length: 30_000 }, (_, i) => `k${i} = ${i}`).join('\n');
    const big = `${text}\n[extra]\n${extra}\n`;
    assert.ok(big.length > MAX_WHOLE_PARSE_CHARS);
    const plain = analyze(text, { fileName: 'llama3_8b.toml' });
    const a = analyze(big, { fileName: 'llama3_8b.toml', budgetMs: 60_000 });
    assert.equal(a.format, plain.format);
    for (const field of ['params', 'tokens', 'gpus', 'globalBatch', 'seqLength'] as const) assert.equal(a.run?.[field]?.value, plain.run?.[field]?.value, field);
    assert.ok(!a.findings.some((f) => f.code === 'parse-error' || f.code === TOO_COMPLEX));
  });
});
