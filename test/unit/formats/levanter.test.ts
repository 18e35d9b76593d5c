// Levanter (JAX) training YAML on real public configs (test/fixtures/configs/levanter, SOURCES.md): detected from
// its content, the model by its `type` with Levanter's defaults for what it leaves out, the vocabulary from the
// `data.tokenizer` it names, and tokens = steps × global batch × sequence length, worked out by hand below.
import { strict as assert } from 'node:assert';
import { analyze } from '../../../src/core/analyze';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readFixture } from '../helpers/fixtures';

const open = (name: string) => analyze(readFixture(name), { fileName: name, overrides: { gpuType: 'tpu-v5p', gpus: 64 } });
const within = (actual: number, expected: number, tolerance: number, what: string) => assert.ok(Math.abs(actual / expected - 1) <= tolerance, `${what}: ${actual} vs ${expected}`);

/** Dense decoder parameters: attention (q, o full; k, v by KV heads), MLP, embeddings (twice when untied). */
function dense(l: number, d: number, ffn: number, heads: number, kv: number, vocab: number, gated: boolean, tied: boolean): number {
  const head = d / heads;
  const attention = 2 * d * d + 2 * d * kv * head;
  const mlp = (gated ? 3 : 2) * d * ffn;
  return l * (attention + mlp) + (tied ? 1 : 2) * vocab * d;
}

describe('Levanter YAML', () => {
  it('llama2_7b.yaml: a Llama of 32 × 4096 with 8 KV heads and a Llama 2 tokenizer (32,000), 10,000 steps × 1,024 × 4,096', () => {
    const a = open('levanter/llama2_7b.yaml');
    assert.equal(a.format, 'levanter-yaml');
    within(a.run!.params!.value, dense(32, 4096, 14336, 32, 8, 32000, true, false), 0.01, 'params');
    assert.equal(a.run!.arch.vocabSize!.value, 32000);
    assert.match(a.run!.arch.vocabSize!.detail, /NousResearch\/Llama-2-7b-hf|Llama 2/);
    assert.equal(a.run!.tokens!.value, 10000 * 1024 * 4096);
    assert.equal(a.run!.precision!.value, 'bf16');
    assert.ok(a.projection!.gpuHours!.point > 0 && a.projection!.co2eKg!.point > 0);
  });

  it("mistral_7b.yaml: `type: mistral` and nothing else is Levanter's MistralConfig, 7.24B, at its 8,192 default length", () => {
    const a = open('levanter/mistral_7b.yaml');
    assert.equal(a.format, 'levanter-yaml');
    within(a.run!.params!.value, 7.24e9, 0.01, 'params');
    assert.equal(a.run!.arch.layers!.source, 'default');
    assert.match(a.run!.arch.layers!.detail, /MistralConfig/);
    assert.equal(a.run!.tokens!.value, 1000 * 256 * 8192);
  });

  it('llama_small_fast.yaml: a 12-layer Llama of width 768, 20,000 steps × 256 × 1,024', () => {
    const a = open('levanter/llama_small_fast.yaml');
    within(a.run!.params!.value, dense(12, 768, 2048, 12, 12, 32000, true, false), 0.01, 'params');
    assert.equal(a.run!.tokens!.value, 20000 * 256 * 1024);
  });

  it("gpt2_small.yaml: GPT-2 small (124M, tied embeddings), Levanter's default 400,000 steps, said as a default", () => {
    const a = open('levanter/gpt2_small.yaml');
    assert.equal(a.format, 'levanter-yaml');
    within(a.run!.params!.value, dense(12, 768, 3072, 12, 12, 50257, false, true), 0.01, 'params');
    assert.equal(a.run!.trainIters!.source, 'default');
    assert.equal(a.run!.tokens!.value, 400_000 * 512 * 1024);
  });

  it('without a device count it says what is missing rather than guessing a TPU slice', () => {
    const name = 'levanter/llama2_7b.yaml';
    const a = analyze(readFixture(name), { fileName: name });
    assert.ok(a.run!.missing.includes('gpus') || a.run!.missing.includes('gpuType'));
  });
});

describe('Levanter `data: !include`', () => {
  const name = 'levanter/gpt2_medium.yaml';
  const included = 'levanter/data/openwebtext_source.yaml';
  const includedText = readFileSync(join(__dirname, '../../fixtures/extra/levanter-data/openwebtext_source.yaml'), 'utf8');

  it('names the included file as a reference under its key', () => {
    const refs = analyze(readFixture(name), { fileName: name }).references;
    const ref = refs.find((r) => r.include === 'data');
    assert.ok(ref, JSON.stringify(refs));
    assert.equal(ref.target, 'data/openwebtext_source.yaml');
    assert.equal(ref.kind, 'config');
  });

  it("reads the included file's keys as the file's own: its tokenizer gives the vocabulary, with the line that wrote it", () => {
    const a = analyze(readFixture(name), {
      fileName: name,
      companions: [{ kind: 'config', target: 'data/openwebtext_source.yaml', fileName: included, text: includedText }],
    });
    assert.equal(a.format, 'levanter-yaml');
    assert.equal(a.run!.arch.vocabSize!.value, 50257);
    assert.equal(a.run!.arch.vocabSize!.source, 'companion');
    assert.match(a.run!.arch.vocabSize!.detail, /data\.tokenizer gpt2/);
    assert.ok(a.companionsUsed.includes(included));
    assert.ok(!a.findings.some((f) => f.code === 'companion-missing'), JSON.stringify(a.findings));
    // The key's hover points at the include line of the analysed file.
    const key = a.run!.keys.find((k) => k.key === 'data.tokenizer');
    assert.equal(key?.span.line, 0);
  });
});
