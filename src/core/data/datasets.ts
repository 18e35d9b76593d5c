// What a fine-tune's dataset holds, when the recipe names it instead of stating its size: the characters-per-token
// ratio that turns measured text into tokens, the bounds of what a host reads of a dataset file, and a small table
// of the most used fine-tuning datasets, each row from its dataset card (split sizes as the card's dataset_info
// metadata gives them), with the card's address and year.
import type { SourcedRange } from './finetune';

/**
 * Characters of English text per token of a byte-level BPE or SentencePiece vocabulary. The point is the published
 * rule of thumb; the range is this product's allowance for the vocabulary (a 32k vocabulary splits English finer
 * than a 128k one) and for the text (code and lists split finer than prose). Not for Chinese, Japanese or Korean
 * text, where a character is often a token or more: a finding says so when the measured text is mostly such.
 */
export const CHARS_PER_TOKEN: SourcedRange = {
  range: { point: 4, low: 3.5, high: 4.5 },
  source: 'OpenAI Help Center, "What are tokens and how to count them?": one token ≈ 4 characters of common English text (≈ ¾ of a word)',
  year: 2023,
};

/**
 * The most a host reads of a dataset file: larger files are sampled from their start and extrapolated by size (the
 * CLI), or not read (the editor, whose file API reads whole files). Bounds the work, not the answer.
 */
export const DATASET_SAMPLE_BYTES = 4 * 1024 * 1024;

/** The largest dataset file the editor reads whole (workspace.fs cannot read part of a file). */
export const EDITOR_DATASET_MAX_BYTES = 16 * 1024 * 1024;

/** Rows measured at most from a sample: past this the mean is stable and the rest is extrapolated. */
export const DATASET_SAMPLE_ROWS = 20_000;

export interface NamedDatasetRow {
  /** The Hugging Face id. */
  id: string;
  /** Other names recipes use for it: torchtune and LitGPT builder names, LLaMA-Factory registry names. */
  aliases: readonly string[];
  /** The split a fine-tune trains on. */
  split: string;
  examples: number;
  /** The split's num_bytes in the card's dataset_info (the Arrow text, ≈ its characters for English). */
  bytes?: number;
  /** Each example is a pair (chosen and rejected) the trainer runs as two sequences. */
  pairwise?: boolean;
  source: string;
  year: number;
}

export const NAMED_DATASETS: readonly NamedDatasetRow[] = [
  {
    id: 'tatsu-lab/alpaca',
    aliases: ['torchtune.datasets.alpaca_dataset', 'alpaca'],
    split: 'train',
    examples: 52002,
    source: 'https://huggingface.co/datasets/tatsu-lab/alpaca (train split, 52,002 rows; "52K instruction-following demonstrations", Taori et al.)',
    year: 2023,
  },
  {
    id: 'yahma/alpaca-cleaned',
    aliases: ['torchtune.datasets.alpaca_cleaned_dataset'],
    split: 'train',
    examples: 51760,
    source: 'https://huggingface.co/datasets/yahma/alpaca-cleaned (train split, 51,760 rows); torchtune alpaca_cleaned_dataset loads it',
    year: 2023,
  },
  {
    id: 'mhenrichsen/alpaca_2k_test',
    aliases: ['litgpt.data.Alpaca2k'],
    split: 'train',
    examples: 2000,
    source: 'https://huggingface.co/datasets/mhenrichsen/alpaca_2k_test (2,000 rows); LitGPT litgpt/data/alpaca_2k.py: val_split_fraction 0.05 "to get exactly 100 validation samples"',
    year: 2023,
  },
  {
    id: 'HuggingFaceH4/ultrachat_200k',
    aliases: [],
    split: 'train_sft',
    examples: 207865,
    bytes: 1397058554,
    source: 'https://huggingface.co/datasets/HuggingFaceH4/ultrachat_200k (README dataset_info: train_sft num_examples 207865, num_bytes 1397058554, all columns)',
    year: 2023,
  },
  {
    id: 'HuggingFaceH4/ultrafeedback_binarized',
    aliases: [],
    split: 'train_prefs',
    examples: 61135,
    // The split's num_bytes (405,688,662) holds the pair and a `messages` copy of the chosen side: not the text a
    // trainer runs, so only the example count is used.
    pairwise: true,
    source: 'https://huggingface.co/datasets/HuggingFaceH4/ultrafeedback_binarized (README dataset_info: train_prefs num_examples 61135)',
    year: 2023,
  },
  {
    id: 'stanfordnlp/imdb',
    aliases: ['imdb'],
    split: 'train',
    examples: 25000,
    source: 'https://ai.stanford.edu/~amaas/data/sentiment/ (25,000 training reviews; Maas et al., ACL 2011)',
    year: 2011,
  },
];

/** A dataset of the table by id, alias or builder name (case-insensitive; "torchtune.datasets.alpaca_dataset" matches its alias). */
export function findNamedDataset(name: string): NamedDatasetRow | undefined {
  const n = name.trim().toLowerCase();
  return NAMED_DATASETS.find((r) => r.id.toLowerCase() === n || r.aliases.some((a) => a.toLowerCase() === n));
}
