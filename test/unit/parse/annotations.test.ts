// The `# footprint: gpu=H100 gpus=1024 ...` annotation: reading it (values, spans, findings naming the line) and
// writing it (one edit, every other byte of the real fixture kept).
import assert from 'node:assert/strict';
import { canAnnotate, readAnnotations, upsertAnnotation } from '../../../src/core/parse/annotations';
import type { Syntax } from '../../../src/core/parse/config';
import { parseShell } from '../../../src/core/parse/shell';
import { syntaxOf } from '../../../src/core/formats/registry';
import type { TextEdit } from '../../../src/core/types';
import { fixtureNames, readFixture } from '../helpers/fixtures';

function apply(text: string, e: TextEdit): string {
  return text.slice(0, e.start) + e.newText + text.slice(e.end);
}

describe('readAnnotations', () => {
  it('reads every key with the span of its value', () => {
    const text = 'model:\n  layers: 2\n# footprint: gpu=H100 gpus=1024 region=us-east-1 pue=1.1 price=2.5 grid=350 mfu=0.4\n';
    const { values, findings } = readAnnotations(text);
    assert.deepEqual(findings, []);
    assert.equal(values.gpu?.value, 'H100');
    assert.equal(values.gpus?.value, 1024);
    assert.equal(values.region?.value, 'us-east-1');
    assert.equal(values.pue?.value, 1.1);
    assert.equal(values.price?.value, 2.5);
    assert.equal(values.grid?.value, 350);
    assert.equal(values.mfu?.value, 0.4);
    const s = values.region!.span;
    assert.equal(text.slice(s.start, s.end), 'us-east-1');
    assert.equal(s.line, 2);
  });

  it('JSONC `//` comments, quoted values, CRLF, case-insensitive marker', () => {
    const text = '// Footprint: gpu="A100 80GB" gpus=64\r\n{"train_batch_size": 8}\r\n';
    const { values, findings } = readAnnotations(text);
    assert.deepEqual(findings, []);
    assert.equal(values.gpu?.value, 'A100 80GB');
    assert.equal(text.slice(values.gpus!.span.start, values.gpus!.span.end), '64');
  });

  it('unknown keys, bad values and non-pairs become findings naming the line; good keys still count', () => {
    const text = 'a: 1\n\n# footprint: gpu=H100 gpus=-3 mfu=140 colour=blue pue=0.5 region=atlantis grid=abc h100\n';
    const { values, findings } = readAnnotations(text);
    assert.equal(values.gpu?.value, 'H100');
    for (const k of ['gpus', 'mfu', 'pue', 'region', 'grid'] as const) assert.equal(values[k], undefined, k);
    assert.equal(findings.length, 7, JSON.stringify(findings));
    assert.ok(findings.every((f) => f.code === 'unknown-annotation'));
    assert.match(findings.find((f) => f.key === 'colour')!.message, /unknown key `colour`/);
    for (const f of findings) {
      assert.match(f.message, /line 3/);
      assert.equal(f.span?.line, 2);
    }
    assert.match(findings.find((f) => f.key === 'mfu')!.message, /mfu=140 is not 'auto' or a percentage from 1% to 100% \(0\.4 or 40%\)/);
  });

  it('writes a percentage as a setting and a flag do: mfu=40 and mfu=40% are 0.4, mfu=auto leaves the prior', () => {
    for (const written of ['40', '40%', '0.4']) assert.equal(readAnnotations(`# footprint: mfu=${written}\n`).values.mfu?.value, 0.4, written);
    const auto = readAnnotations('# footprint: mfu=auto gpus=8\n');
    assert.equal(auto.values.mfu, undefined);
    assert.deepEqual(auto.findings, []);
  });

  it('an unknown GPU name is reported, not passed on', () => {
    const { values, findings } = readAnnotations('# footprint: gpu=Z9000\n');
    assert.equal(values.gpu, undefined);
    assert.equal(findings[0]?.code, 'unknown-annotation');
    assert.match(findings[0]!.message, /gpu=Z9000/);
  });

  it('a file without the comment has no values and no findings; "footprint" elsewhere is not an annotation', () => {
    assert.deepEqual(readAnnotations(readFixture('NeMo/megatron_gpt_config.yaml')), { values: {}, findings: [] });
    assert.deepEqual(readAnnotations('name: "footprint: gpu=H100"\n'), { values: {}, findings: [] });
  });
});

describe('upsertAnnotation', () => {
  it('inserts after the shebang and #SBATCH block of the BLOOM script; the script still reads the same', () => {
    const text = readFixture('bigscience/tr11-176B-ml.slurm');
    const edit = upsertAnnotation(text, 'shell', { gpu: 'A100-80GB', gpus: '384' });
    const out = apply(text, edit);
    const lines = out.split('\n');
    assert.equal(lines[0], '#!/bin/bash');
    assert.equal(lines[14], '# footprint: gpu=A100-80GB gpus=384');
    assert.match(lines[13]!, /^#SBATCH --account/);
    assert.equal(readAnnotations(out).values.gpus?.value, 384);
    const before = parseShell(text).entries.get('#SBATCH --nodes')!;
    assert.equal(parseShell(out).entries.get('#SBATCH --nodes')?.value, before.value);
  });

  it('updates one key in place, keeps the others and their order, removes a key with undefined', () => {
    const text = 'x: 1\n  # footprint: region=eu-north-1 gpu=H100 mfu=0.35\ny: 2\n';
    const out = apply(text, upsertAnnotation(text, 'yaml', { gpu: 'A100', mfu: undefined, pue: '1.2' }));
    assert.equal(out, 'x: 1\n  # footprint: region=eu-north-1 gpu=A100 pue=1.2\ny: 2\n');
  });

  it('several annotation lines are merged into the first, so the written value is the one read', () => {
    const text = '# footprint: gpu=H100 gpus=8\na: 1\n# footprint: gpu=A100 region=us-east-1\nb: 2\n';
    assert.equal(readAnnotations(text).values.gpu?.value, 'A100');
    const out = apply(text, upsertAnnotation(text, 'yaml', { gpu: 'B200' }));
    assert.equal(out, '# footprint: gpu=B200 gpus=8 region=us-east-1\na: 1\nb: 2\n');
    assert.equal(readAnnotations(out).values.gpu?.value, 'B200');
    const cleared = apply(text, upsertAnnotation(text, 'yaml', { gpu: undefined, gpus: undefined, region: undefined }));
    assert.equal(cleared, 'a: 1\nb: 2\n');
  });

  it('removing the last key removes the line and gives back the original bytes', () => {
    const text = readFixture('gpt-neox/20B.yml');
    const added = apply(text, upsertAnnotation(text, 'yaml', { region: 'us-east-1' }));
    assert.notEqual(added, text);
    const removed = apply(added, upsertAnnotation(added, 'yaml', { region: undefined }));
    assert.equal(removed, text);
  });

  it('strict JSON is never annotated (a comment would break json.load); YAML, shell, TOML and JSONC are', () => {
    assert.equal(canAnnotate('json', 'ds_config.json'), false);
    assert.equal(canAnnotate('json', 'settings.jsonc'), true);
    assert.equal(canAnnotate('yaml', 'a.yaml'), true);
    assert.equal(canAnnotate('shell', 'run.slurm'), true);
    assert.equal(canAnnotate('toml', 'llama3_8b.toml'), true);
  });

  it('JSONC gets a `//` line; CRLF files get CRLF', () => {
    const text = '{\r\n  "train_batch_size": 8\r\n}\r\n';
    const out = apply(text, upsertAnnotation(text, 'json', { gpu: 'H100' }));
    assert.equal(out, '// footprint: gpu=H100\r\n' + text);
  });

  it('values with spaces are quoted and read back; nothing to do gives an empty edit', () => {
    const text = 'a: 1\n';
    const out = apply(text, upsertAnnotation(text, 'yaml', { gpu: 'A100 80GB' }));
    assert.equal(readAnnotations(out).values.gpu?.value, 'A100 80GB');
    assert.deepEqual(upsertAnnotation(text, 'yaml', { gpu: undefined }), { start: 0, end: 0, newText: '' });
  });

  it('round trip on every real fixture: only the annotation line changes, and removing it restores the file', () => {
    for (const name of fixtureNames()) {
      const text = readFixture(name);
      const syntax: Syntax = syntaxOf(text, name);
      const edit = upsertAnnotation(text, syntax, { gpu: 'H100', gpus: '512', region: 'us-east-1' });
      const out = apply(text, edit);
      // Everything outside the inserted line is byte-identical.
      assert.equal(out.slice(0, edit.start), text.slice(0, edit.start), name);
      assert.equal(out.slice(edit.start + edit.newText.length), text.slice(edit.end), name);
      const read = readAnnotations(out);
      assert.equal(read.values.gpus?.value, 512, name);
      assert.equal(read.values.gpu?.value, 'H100', name);
      const updated = apply(out, upsertAnnotation(out, syntax, { gpus: '1024' }));
      assert.equal(readAnnotations(updated).values.gpus?.value, 1024, name);
      const restored = apply(updated, upsertAnnotation(updated, syntax, { gpu: undefined, gpus: undefined, region: undefined }));
      assert.equal(restored, text, name);
    }
  });
});
