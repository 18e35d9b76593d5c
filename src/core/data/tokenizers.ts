// Vocabulary sizes of the tokenizers training configs name instead of stating a vocabulary (Megatron's
// --tokenizer-type / --vocab-file, NeMo's tokenizer.type, NeoX's tokenizer_type and vocab-file). Unpadded: each
// framework pads it its own way (Megatron to a multiple of 128 × TP). The one table of tokenizers: a name or file
// here, else a Hugging Face id (or a folder named after one) whose model the open-models table knows.
import { findOpenModel } from './open-models';

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
    // GPT-NeoX configs name its tokenizer file (`data/20B_tokenizer.json`).
    id: 'neox-20b',
    name: 'GPT-NeoX-20B tokenizer',
    vocabSize: 50277,
    match: /20b_tokenizer\.json$|neox-20b\/tokenizer\.json$/i,
    source: 'Black et al. 2022 (GPT-NeoX-20B), §3.2: 50,277 tokens; EleutherAI/gpt-neox-20b tokenizer.json',
    year: 2022,
  },
  {
    id: 'gpt2',
    name: 'GPT-2 BPE',
    vocabSize: 50257,
    match: /^gpt2bpetokenizer$|gpt2-vocab\.json$|gpt2\/vocab\.json$|^gpt2$/i,
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
    // Megatron-LM's BERT and T5 examples name Google's WordPiece vocabulary files.
    id: 'bert-cased',
    name: 'BERT cased WordPiece',
    vocabSize: 28996,
    match: /bert-(base|large)-cased-vocab\.txt$/i,
    source: 'google-bert/bert-base-cased and bert-large-cased config.json vocab_size',
    year: 2018,
  },
  {
    id: 'bert-uncased',
    name: 'BERT uncased WordPiece',
    vocabSize: 30522,
    match: /bert-(base|large)-uncased-vocab\.txt$/i,
    source: 'google-bert/bert-base-uncased and bert-large-uncased config.json vocab_size',
    year: 2018,
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

/** Tokenizer files inside a model folder: `…/Qwen2-7B/tokenizer.json` names the folder's model. */
const TOKENIZER_FILE = /\/(tokenizer(\.model|\.json|_config\.json)?|vocab\.json|merges\.txt|spiece\.model)$/i;

/**
 * The tokenizer a name or path means: one of the table's above, else a Hugging Face model id (or a folder named
 * after one) that the open-models table knows, whose vocabulary is its embedding's (`vocab_size` of its config.json).
 */
export function findTokenizer(nameOrPath: string): TokenizerRow | undefined {
  const v = nameOrPath.trim();
  if (!v) return undefined;
  const row = TOKENIZERS.find((t) => t.match.test(v));
  if (row) return row;
  return tokenizerOfModel(v.replace(/\\/g, '/').replace(TOKENIZER_FILE, ''));
}

function tokenizerOfModel(id: string): TokenizerRow | undefined {
  // A bare word ("GPT2BPETokenizer", "sentencepiece") is a tokenizer class, not a model: only ids and paths match.
  if (!id.includes('/') || id.includes('$')) return undefined;
  const model = findOpenModel(id);
  const vocab = model?.config.vocab_size;
  if (!model || typeof vocab !== 'number') return undefined;
  return {
    id: model.id,
    name: `${model.id}`,
    vocabSize: vocab,
    match: /$^/,
    source: `vocab_size of ${model.id}'s config.json, from the shipped open-models table (${model.source})`,
    year: model.year,
  };
}
