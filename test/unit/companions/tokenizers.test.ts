// Tokenizers by name give the vocabulary, with where it came from, on real NeMo launcher configs
// (test/fixtures/configs/NeMo-Framework-Launcher, SOURCES.md): a Hugging Face tokenizer id the open-models table
// knows, a tokenizer file of the one tokenizer table, and — when the tokenizer is unknown or not named — the
// vocabulary of the model the file's path names, when that model has the file's layers and width.
import { strict as assert } from 'node:assert';
import { analyze } from '../../../src/core/analyze';
import { findTokenizer, TOKENIZERS } from '../../../src/core/data/tokenizers';
import { readFixture } from '../helpers/fixtures';

const open = (name: string) => analyze(readFixture(name), { fileName: name });

describe('tokenizers by name', () => {
  it('NeMo Qwen2 7B names the Hugging Face tokenizer Qwen/Qwen1.5-7B: 151,936 tokens (padded by NeMo to 152,064), not a default 32,000', () => {
    const a = open('NeMo-Framework-Launcher/qwen2_7b.yaml');
    const v = a.run!.arch.vocabSize!;
    assert.equal(v.value, 152064);
    assert.match(v.detail, /Qwen\/Qwen1\.5-7B tokenizer has 151,936 tokens .*padded to a multiple of 128 × TP 4/);
    assert.ok(!a.findings.some((f) => f.code === 'default-vocabulary'));
    assert.ok(Math.abs(a.run!.params!.value / 7.72e9 - 1) < 0.01, `${a.run!.params!.value}`);
  });

  it('NeMo Mistral 7B names mistralai/Mistral-7B-v0.1: 32,000 tokens from that model (padded to 32,768), and 7.24B parameters', () => {
    const a = open('NeMo-Framework-Launcher/mistral_7b.yaml');
    assert.equal(a.run!.arch.vocabSize!.value, 32768);
    assert.match(a.run!.arch.vocabSize!.detail, /mistralai\/Mistral-7B-v0\.1 tokenizer has 32,000 tokens/);
    assert.ok(Math.abs(a.run!.params!.value / 7.24e9 - 1) < 0.01, `${a.run!.params!.value}`);
  });

  it('an unknown tokenizer (bigcode/starcoder2-tokenizer) takes the vocabulary of the model the path names: StarCoder2 3B, 49,152', () => {
    const a = open('NeMo-Framework-Launcher/starcoder2_3b.yaml');
    const v = a.run!.arch.vocabSize!;
    assert.equal(v.value, 49152);
    assert.match(
      v.detail,
      /vocabulary of bigcode\/starcoder2-3b, the model its path names \(starcoder2_3b\.yaml\), with the same layers and width \(its tokenizer `bigcode\/starcoder2-tokenizer` is not in the table\)/,
    );
    assert.ok(!a.findings.some((f) => f.code === 'default-vocabulary'), 'no assumed GPT-2 vocabulary');
  });

  it("a SentencePiece tokenizer left null (Baichuan2 7B) takes Baichuan2-7B-Base's 125,696 tokens: 7.5B, not 6.74B", () => {
    const a = open('NeMo-Framework-Launcher/baichuan2_7b.yaml');
    assert.equal(a.run!.arch.vocabSize!.value, 125696);
    assert.match(a.run!.arch.vocabSize!.detail, /it names no tokenizer the table knows/);
    assert.ok(Math.abs(a.run!.params!.value / 7.506e9 - 1) < 0.01, `${a.run!.params!.value}`);
  });

  it('one tokenizer table: names, tokenizer files and model ids, each row with its source', () => {
    assert.equal(findTokenizer('data/20B_tokenizer.json')?.vocabSize, 50277);
    assert.equal(findTokenizer('/data/gpt2/vocab.json')?.vocabSize, 50257);
    assert.equal(findTokenizer('GPT2BPETokenizer')?.vocabSize, 50257);
    assert.equal(findTokenizer('/checkpoints/llama-2-7b-hf/tokenizer.model')?.vocabSize, 32000);
    assert.equal(findTokenizer('meta-llama/Meta-Llama-3-8B')?.vocabSize, 128256);
    assert.equal(findTokenizer('Qwen/Qwen2-7B/tokenizer.json')?.vocabSize, 152064);
    assert.equal(findTokenizer('sentencepiece'), undefined, 'a tokenizer class is not a vocabulary');
    for (const row of TOKENIZERS) assert.ok(row.source.length > 10 && row.year >= 2018, row.id);
  });
});
