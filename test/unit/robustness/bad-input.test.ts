// Bad input of every kind a user can open: each gets a clear finding, quickly, and never a crash or a NaN.
import assert from 'node:assert/strict';
import { analyze } from '../../../src/core/analyze';
import { readFixture } from '../helpers/fixtures';
import { assertSaneAnalysis } from '../helpers/sanity';

describe('bad input', () => {
  it('an empty file is not a training config and says nothing', () => {
    for (const name of ['empty.yaml', 'empty.json', 'empty.sh', 'empty.toml']) {
      const a = analyze('', { fileName: name });
      assert.equal(a.format, null, name);
      assertSaneAnalysis(a, name);
    }
  });

  it('malformed YAML gives a finding naming the line', () => {
    const a = analyze('trainer:\n  num_nodes: 4\n  devices: [8\nmodel:\n  x: 1\n', { fileName: 'broken.yaml' });
    const parse = a.findings.find((f) => f.code === 'parse-error');
    assert.ok(parse, JSON.stringify(a.findings));
    assert.ok(parse.span && parse.span.line >= 2, `line ${parse.span?.line}`);
  });

  it('malformed JSON gives a finding naming the line', () => {
    const a = analyze('{\n  "train_batch_size": 256,\n  "fp16": { "enabled": true \n}', { fileName: 'ds_config.json' });
    const parse = a.findings.find((f) => f.code === 'parse-error');
    assert.ok(parse, JSON.stringify(a.findings));
    assert.ok(parse.span !== undefined);
  });

  it('a YAML alias bomb is refused quickly, without expanding it', () => {
    const levels = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++)
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    const started = Date.now();
    const a = analyze(levels.join('\n'), { fileName: 'bomb.yaml' });
    assert.ok(Date.now() - started < 1000, 'took over a second');
    assertSaneAnalysis(a, 'alias bomb');
  });

  it('a file over the size limit gets one finding and no analysis', () => {
    const big = `# padding\n${'x: 1\n'.repeat((11 * 1024 * 1024) / 5)}`;
    const a = analyze(big, { fileName: 'huge.yaml' });
    assert.equal(a.run, null);
    assert.deepEqual(
      a.findings.map((f) => f.code),
      ['file-too-large'],
    );
  });

  it('a byte-order mark and CRLF line ends change nothing but the offsets', () => {
    const text = readFixture('NeMo-Framework-Launcher/llama2_70b.yaml');
    const plain = analyze(text, { fileName: 'llama2_70b.yaml' });
    const crlf = analyze(`\ufeff${text.replace(/\n/g, '\r\n')}`, { fileName: 'llama2_70b.yaml' });
    assert.equal(crlf.format, plain.format);
    assert.equal(crlf.run?.params?.value, plain.run?.params?.value);
    assert.equal(crlf.run?.tokens?.value, plain.run?.tokens?.value);
    assertSaneAnalysis(crlf, 'BOM + CRLF');
    const json = analyze(`\ufeff${readFixture('DeepSpeedExamples/ds_config.json')}`, { fileName: 'ds_config.json' });
    assert.equal(json.format, 'deepspeed-json');
    assert.ok(!json.findings.some((f) => f.code === 'parse-error'), JSON.stringify(json.findings));
  });

  it('numbers beyond double range are named as written, never used as Infinity', () => {
    const json = analyze('{"train_batch_size": 1e400, "train_micro_batch_size_per_gpu": 4, "gradient_accumulation_steps": 1, "bf16": {"enabled": true}}', { fileName: 'ds_config.json' });
    assert.ok(
      json.findings.some((f) => f.message === '`train_batch_size` should be a number, not `1e400` (line 1).'),
      JSON.stringify(json.findings),
    );
    assertSaneAnalysis(json, 'JSON 1e400');
    const yaml = analyze('trainer:\n  num_nodes: .inf\n  devices: 8\nmodel:\n  global_batch_size: 8\n  encoder_seq_length: 2048\n  num_layers: 2\n  hidden_size: 64\n  num_attention_heads: 2\n', {
      fileName: 'nemo.yaml',
    });
    assert.ok(
      yaml.findings.some((f) => f.message === '`trainer.num_nodes` should be a number, not `.inf` (line 2).'),
      JSON.stringify(yaml.findings),
    );
    assert.equal(yaml.run?.gpus, undefined);
    assertSaneAnalysis(yaml, 'YAML .inf');
  });

  it('a JSON config with a huge dataset list reads its settings and says the list was cut short', () => {
    const shards = Array.from({ length: 5000 }, (_, i) => `"shard_${i}": {"path": "/data/part-${i}.jsonl", "weight": 0.5}`).join(',\n');
    const text = `{\n"data_blend": {\n${shards}\n},\n"train_batch_size": 512,\n"train_micro_batch_size_per_gpu": 4,\n"gradient_accumulation_steps": 2,\n"bf16": {"enabled": true}\n}`;
    const a = analyze(text, { fileName: 'ds_config.json' });
    assert.equal(a.format, 'deepspeed-json');
    assert.equal(a.run?.globalBatch?.value, 512);
    assert.equal(a.run?.gpus?.value, 64);
    const cut = a.findings.filter((f) => f.code === 'large-section');
    assert.equal(cut.length, 1);
    assert.match(cut[0]!.message, /^`data_blend` holds more than 2,000 entries/);
    assertSaneAnalysis(a, 'huge data blend');
  });
});
