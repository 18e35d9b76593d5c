// OmegaConf interpolation: what NeMo configs write (absolute, relative, arithmetic resolvers, nested) resolves to the
// value NeMo would compute; what cannot be resolved keeps its text and says why, naming the key and line.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { resolveInterpolations } from '../../../src/core/parse/interpolate';
import { parseYaml } from '../../../src/core/parse/yaml';
import { readFixture } from '../helpers/fixtures';

function resolve(text: string, mountRoots: string[] = []) {
  return resolveInterpolations(parseYaml(text), { mountRoots });
}

function value(text: string, path: string, mountRoots: string[] = []) {
  return resolve(text, mountRoots).cfg.entries.get(path)?.value;
}

describe('OmegaConf interpolation', () => {
  it('absolute and relative references keep the target type', () => {
    const text = 'model:\n  hidden_size: 4096\n  seq: 2048\n  pos: ${.seq}\n  copy: ${model.hidden_size}\n  inner:\n    up: ${..hidden_size}\ntop: ${model.inner.up}\n';
    assert.equal(value(text, 'model.pos'), 2048);
    assert.equal(value(text, 'model.copy'), 4096);
    assert.equal(value(text, 'model.inner.up'), 4096);
    assert.equal(value(text, 'top'), 4096);
  });

  it('resolvers: multiply, sum, divide_ceil, floor_div, int, nested', () => {
    const text = [
      'model:',
      '  hidden_size: 12288',
      '  tp: 4',
      '  pp: 8',
      '  ffn: ${multiply:4, ${.hidden_size}}',
      '  mp: ${multiply:${model.tp}, ${model.pp}}',
      '  less: ${sum:${.tp},-1}',
      '  ceil: ${divide_ceil:${.hidden_size}, 5000}',
      '  floor: ${floor_div:${.hidden_size}, 5000}',
      '  whole: ${int:${divide_ceil:7, 2}}',
      '  deep: ${multiply:${multiply:${.tp}, 2}, ${sum:1, ${.pp}}}',
    ].join('\n');
    const entries = resolve(text).cfg.entries;
    assert.equal(entries.get('model.ffn')?.value, 49152);
    assert.equal(entries.get('model.mp')?.value, 32);
    assert.equal(entries.get('model.less')?.value, 3);
    assert.equal(entries.get('model.ceil')?.value, 3);
    assert.equal(entries.get('model.floor')?.value, 2);
    assert.equal(entries.get('model.whole')?.value, 4);
    assert.equal(entries.get('model.deep')?.value, 72);
  });

  it('keeps the text as written in raw, drops the value span (not a literal), keeps the key line', () => {
    const r = resolve('model:\n  h: 8\n  f: ${multiply:4, ${.h}}\n');
    const e = r.cfg.entries.get('model.f');
    assert.equal(e?.value, 32);
    assert.equal(e?.raw, '${multiply:4, ${.h}}');
    assert.equal(e?.valueSpan, undefined);
    assert.equal(e?.keySpan.line, 2);
    assert.ok(r.resolved.has('model.f'));
  });

  it('text around a reference makes a string', () => {
    assert.equal(value('run:\n  name: gpt\n  dir: /results/${.name}/ckpt\n', 'run.dir'), '/results/gpt/ckpt');
  });

  it('launcher files say ${training.model.x} for their own model.x', () => {
    const text = 'model:\n  tp: 4\n  pp: 2\nexp:\n  mp: ${multiply:${training.model.tp}, ${training.model.pp}}\n';
    assert.equal(value(text, 'exp.mp', ['training']), 8);
    assert.notEqual(value(text, 'exp.mp'), 8, 'without the mount root the reference is unknown');
  });

  it('unknown keys, cycles, unknown resolvers and division by zero are reported with the key and line', () => {
    const text = ['a: ${b}', 'b: ${a}', 'dir: ${data_dir}/x', 'env: ${oc.env:NNODES}', 'zero: ${divide_ceil:4, 0}', 'sect: ${model}', 'model:', '  h: 1', 'word: ${multiply:2, abc}'].join('\n');
    const r = resolve(text);
    const msg = (k: string) => r.problems.get(k)?.message ?? '';
    assert.match(msg('a'), /^`a` = `\$\{b\}` \(line 1\) could not be resolved: .*cycle: a → b → a/);
    assert.match(msg('b'), /line 2.*cycle/);
    assert.match(msg('dir'), /line 3.*`data_dir`, which this file does not define/);
    assert.match(msg('env'), /line 4.*resolver `oc\.env`/);
    assert.match(msg('zero'), /line 5.*no finite value/);
    assert.match(msg('sect'), /line 6.*section/);
    assert.match(msg('word'), /line 9.*not a number/);
    for (const k of ['a', 'b', 'dir', 'env', 'zero', 'sect', 'word']) {
      assert.equal(r.problems.get(k)?.code, 'unresolved-reference', k);
      assert.equal(r.cfg.entries.get(k)?.value, parseYaml(text).entries.get(k)?.value, `${k} keeps its text`);
    }
  });

  it('a long chain stops at the depth limit instead of recursing without end', () => {
    const lines = ['k0: 1'];
    for (let i = 1; i <= 40; i++) lines.push(`k${i}: \${k${i - 1}}`);
    // Written deepest-first, so the first key resolved has to follow the whole chain.
    const r = resolve(lines.reverse().join('\n'));
    assert.equal(r.cfg.entries.get('k5')?.value, 1);
    assert.match(r.problems.get('k40')?.message ?? '', /chain of more than/);
  });

  it('resolves every numeric interpolation in the NeMo fixtures', () => {
    const gpt = resolve(readFixture('NeMo/megatron_gpt_config.yaml'), ['training']).cfg.entries;
    assert.equal(gpt.get('model.max_position_embeddings')?.value, 512);
    assert.equal(gpt.get('model.data.seq_length')?.value, 512);
    assert.equal(gpt.get('exp_manager.checkpoint_callback_params.model_parallel_size')?.value, 1);
    assert.equal(gpt.get('model.cpu_offloading_num_layers')?.value, 11);
    const launcher = resolve(readFixture('NeMo-Framework-Launcher/175b.yaml'), ['training']);
    assert.equal(launcher.cfg.entries.get('model.ffn_hidden_size')?.value, 49152);
    assert.equal(launcher.cfg.entries.get('exp_manager.checkpoint_callback_params.model_parallel_size')?.value, 32);
    assert.match(launcher.problems.get('run.results_dir')?.message ?? '', /`base_results_dir`, which this file does not define/);
  });

  it('never throws and never yields NaN or Infinity, whatever the expressions (property)', () => {
    const piece = fc.constantFrom('${', '}', '${.a}', '${..b}', '${x.a}', '${multiply:', '${divide_ceil:', '${floor_div:', '${int:', '${sum:', ',', '0', '-1', '1e308', ' ', 'abc', '${oc.env:X}', ':');
    const value = fc.array(piece, { maxLength: 12 }).map((parts) => JSON.stringify(parts.join('')));
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 6 }), (values) => {
        const text = ['x:', ...values.map((v, i) => `  ${String.fromCharCode(97 + i)}: ${v}`)].join('\n');
        const r = resolve(text);
        for (const e of r.cfg.entries.values()) {
          if (typeof e.value === 'number') assert.ok(Number.isFinite(e.value), `${e.path} = ${e.value}`);
        }
      }),
      { numRuns: 300 },
    );
  });
});
