// Vocabulary sizes of the tokenizers training configs name instead of stating a vocabulary (Megatron's
// --tokenizer-type / --vocab-file, NeMo's tokenizer.type, NeoX's tokenizer_type). Unpadded: each framework pads it
// its own way (Megatron to a multiple of 128 × TP).

export interface TokenizerRow {
  id: string;
  name: string;
  vocabSize: number;
  /** Names and file names that mean this tokenizer (matched case-insensitively against the whole value). */
  match: RegExp;
  source: string;
  year: number;
}

export const TOKENIZERS: readonly TokenizerRow[] = [
  {
    id: 'gpt2',
    name: 'GPT-2 BPE',
    vocabSize: 50257,
    match: /^gpt2bpetokenizer$|gpt2-vocab\.json$|^gpt2$/i,
    source: 'OpenAI GPT-2 encoder.json (50,000 merges + 256 bytes + <|endoftext|>), Radford et al.',
    year: 2019,
  },
  {
    id: 'llama2',
    name: 'Llama 2 SentencePiece',
    vocabSize: 32000,
    match: /^llama2tokenizer$|llama-?2/i,
    source: 'meta-llama/Llama-2-7b-hf config.json vocab_size',
    year: 2023,
  },
  {
    // NeMo launcher files name the SentencePiece file itself (`.../llama/llama_tokenizer.model`).
    id: 'llama-sentencepiece',
    name: 'Llama 1/2 SentencePiece',
    vocabSize: 32000,
    match: /llama_tokenizer\.model$/i,
    source: 'meta-llama/Llama-2-7b-hf config.json vocab_size (Llama 1 and 2 share this SentencePiece model)',
    year: 2023,
  },
  {
    id: 'llama3',
    name: 'Llama 3 tiktoken',
    vocabSize: 128256,
    match: /llama-?3/i,
    source: 'meta-llama/Meta-Llama-3-8B config.json vocab_size',
    year: 2024,
  },
];

/** The tokenizer a name or path means, if it is one of the table's. */
export function findTokenizer(nameOrPath: string): TokenizerRow | undefined {
  const v = nameOrPath.trim();
  if (!v) return undefined;
  return TOKENIZERS.find((t) => t.match.test(v));
}
