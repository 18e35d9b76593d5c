// TOML -> flat entries with spans: the real torchtitan configs, the TOML forms they use, and broken text mid-edit.
import assert from 'node:assert/strict';
import { parseToml } from '../../../src/core/parse/toml';
import { readFixture } from '../helpers/fixtures';

/** The text a span covers. */
function at(text: string, span: { start: number; end: number } | undefined): string | undefined {
  return span ? text.slice(span.start, span.end) : undefined;
}

describe('parse/toml: real torchtitan configs', () => {
  it('llama3_8b.toml: tables flatten to dotted paths, with key and value spans on the right lines', () => {
    const text = readFixture('torchtitan/llama3_8b.toml');
    const cfg = parseToml(text);
    assert.equal(cfg.failed, false);
    assert.deepEqual(cfg.findings, []);
    const flavor = cfg.entries.get('model.flavor');
    assert.equal(flavor?.value, '8B');
    assert.equal(flavor && flavor.keySpan.line + 1, 19);
    assert.equal(at(text, flavor?.keySpan), 'flavor');
    assert.equal(at(text, flavor?.valueSpan), '"8B"');
    const shard = cfg.entries.get('parallelism.data_parallel_shard_degree');
    assert.equal(shard?.value, -1);
    assert.equal(at(text, shard?.valueSpan), '-1');
    // A trailing comment is not part of the value.
    const mode = cfg.entries.get('activation_checkpoint.mode');
    assert.equal(mode?.value, 'selective');
    assert.equal(at(text, mode?.valueSpan), '"selective"');
    // A commented-out key is absent.
    assert.equal(cfg.entries.has('model.converters.0'), false);
    assert.ok(cfg.sections.has('quantize.linear.float8'));
    assert.ok(cfg.sections.has('quantize'));
  });

  it('deepseek_v3_671b.toml: underscores in numbers, arrays flattened by index', () => {
    const text = readFixture('torchtitan/deepseek_v3_671b.toml');
    const cfg = parseToml(text);
    const steps = cfg.entries.get('training.steps');
    assert.equal(steps?.value, 10000);
    assert.equal(steps?.raw, '10_000');
    assert.equal(cfg.entries.get('quantize.linear.float8.filter_fqns.1')?.value, 'router.gate');
  });

  it('every torchtitan fixture parses without findings', () => {
    for (const f of ['llama3_8b', 'llama3_70b', 'llama3_405b', 'deepseek_v3_671b']) {
      const cfg = parseToml(readFixture(`torchtitan/${f}.toml`));
      assert.deepEqual(cfg.findings, [], f);
      assert.ok(cfg.entries.get('training.seq_len'), f);
    }
  });
});

describe('parse/toml: forms and errors', () => {
  it('arrays of tables are numbered, dotted and quoted keys split, multi-line values followed to their end', () => {
    const text = ['[[layer]]', 'size = 1', '[[layer]]', 'size = 2', '[a."b.c"]', 'd.e = 3', 'list = [', '  1, # one', '  2,', ']', 'doc = """', 'x = 9', '"""', 'after = true'].join('\n');
    const cfg = parseToml(text);
    assert.equal(cfg.entries.get('layer.0.size')?.value, 1);
    assert.equal(cfg.entries.get('layer.1.size')?.value, 2);
    assert.equal(cfg.entries.get('layer.1.size')?.keySpan.line, 3);
    assert.equal(cfg.entries.get('a.b.c.d.e')?.value, 3);
    assert.equal(cfg.entries.get('a.b.c.list.1')?.value, 2);
    assert.equal(cfg.entries.get('a.b.c.doc')?.value, 'x = 9\n');
    assert.equal(cfg.entries.has('a.b.c.x'), false, 'a line inside a multi-line string is not a key');
    assert.equal(cfg.entries.get('a.b.c.after')?.keySpan.line, 13);
  });

  it('a syntax error becomes a finding naming its line; the readable keys are kept', () => {
    const text = '[training]\nsteps = 1000\nseq_len = \nlocal_batch_size = 8\n';
    const cfg = parseToml(text);
    const err = cfg.findings.find((f) => f.code === 'parse-error');
    assert.ok(err);
    assert.match(err.message, /line 3/);
    assert.equal(err.span?.line, 2);
    assert.equal(cfg.failed, false);
    assert.equal(cfg.entries.get('training.steps')?.value, 1000);
    assert.equal(cfg.entries.get('training.local_batch_size')?.value, 8);
    assert.equal(cfg.entries.has('training.seq_len'), false);
  });

  it('duplicate keys are a syntax error in TOML and reported as one', () => {
    const cfg = parseToml('[training]\nsteps = 1\nsteps = 2\n');
    assert.ok(cfg.findings.some((f) => f.code === 'parse-error'));
  });

  it('never throws, whatever the text', () => {
    for (const t of ['', '[', '[[', 'a = "unterminated', 'a = [1, 2', '= 3', '"""', 'x = {', '\u0000\u0001', '[a]\n[a]\n']) {
      const cfg = parseToml(t);
      assert.equal(cfg.syntax, 'toml');
    }
  });

  it('text that is not TOML at all fails with a finding and no entries', () => {
    const cfg = parseToml('this is : not toml\n');
    assert.equal(cfg.failed, true);
    assert.equal(cfg.entries.size, 0);
    assert.equal(cfg.findings[0]?.span?.line, 0);
  });
});
