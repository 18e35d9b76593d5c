// How many tokens open base models were pretrained on, as their owners published it: the denominator of a fine-tune's
// "share of the base model's pretraining compute" (6·N·D_pretraining). A model whose owners did not publish its
// token count (Mistral 7B) is absent, and the share is not shown. Names are matched on the last path segment, ignoring
// case and the usual suffixes of released variants (-hf, -Instruct, -chat, -it), whose extra post-training is small
// next to pretraining.
import { PUBLISHED_RUNS } from './published-runs';

export interface BasePretrainingRow {
  /** Model names as recipes write them (the part after the organisation). */
  names: string[];
  model: string;
  pretrainingTokens: number;
  source: string;
  year: number;
}

function fromPublished(id: string, names: string[]): BasePretrainingRow {
  const run = PUBLISHED_RUNS.find((r) => r.id === id);
  if (!run) throw new Error(`published run ${id} missing`);
  return { names, model: run.label, pretrainingTokens: run.tokens, source: run.source, year: run.year };
}

export const BASE_PRETRAINING: readonly BasePretrainingRow[] = [
  fromPublished('llama2-7b', ['Llama-2-7b']),
  fromPublished('llama2-13b', ['Llama-2-13b']),
  fromPublished('llama2-70b', ['Llama-2-70b']),
  fromPublished('llama3-8b', ['Meta-Llama-3-8B', 'Llama-3-8B']),
  fromPublished('llama3-70b', ['Meta-Llama-3-70B', 'Llama-3-70B']),
  fromPublished('llama3.1-8b', ['Meta-Llama-3.1-8B', 'Llama-3.1-8B']),
  fromPublished('llama3.1-70b', ['Meta-Llama-3.1-70B', 'Llama-3.1-70B']),
  fromPublished('llama1-7b', ['llama-7b']),
  fromPublished('llama1-13b', ['llama-13b']),
  fromPublished('pythia-1b', ['pythia-1b']),
  fromPublished('pythia-1.4b', ['pythia-1.4b']),
  fromPublished('pythia-6.9b', ['pythia-6.9b']),
  fromPublished('pythia-12b', ['pythia-12b']),
  { names: ['Llama-3.2-1B', 'Llama-3.2-3B'], model: 'Llama 3.2 1B/3B', pretrainingTokens: 9e12, source: 'Llama 3.2 model card: "pretrained on up to 9 trillion tokens"', year: 2024 },
  { names: ['Qwen2.5-0.5B', 'Qwen2.5-1.5B', 'Qwen2.5-3B', 'Qwen2.5-7B', 'Qwen2.5-14B', 'Qwen2.5-32B', 'Qwen2.5-72B'], model: 'Qwen2.5', pretrainingTokens: 18e12, source: 'Qwen2.5 Technical Report (arXiv 2412.15115) §1: pretraining data scaled "from 7 trillion to 18 trillion tokens"', year: 2024 },
  { names: ['gemma-2-2b'], model: 'Gemma 2 2B', pretrainingTokens: 2e12, source: 'Gemma 2 report (arXiv 2408.00118) §3.1: 2B on 2 trillion tokens', year: 2024 },
  { names: ['gemma-2-9b'], model: 'Gemma 2 9B', pretrainingTokens: 8e12, source: 'Gemma 2 report (arXiv 2408.00118) §3.1: 9B on 8 trillion tokens', year: 2024 },
  { names: ['gemma-2-27b'], model: 'Gemma 2 27B', pretrainingTokens: 13e12, source: 'Gemma 2 report (arXiv 2408.00118) §3.1: 27B on 13 trillion tokens', year: 2024 },
  { names: ['TinyLlama-1.1B-intermediate-step-1431k-3T', 'TinyLlama_v1.1', 'tiny-llama-1.1b'], model: 'TinyLlama 1.1B', pretrainingTokens: 3e12, source: 'TinyLlama (Zhang et al. 2024, arXiv 2401.02385): 1.1B on about 3 trillion tokens', year: 2024 },
  { names: ['OLMo-2-1124-7B'], model: 'OLMo 2 7B', pretrainingTokens: 4.05e12, source: 'OLMo 2 paper (arXiv 2501.00656)', year: 2025 },
  { names: ['SmolLM3-3B', 'SmolLM3-3B-Base'], model: 'SmolLM3 3B', pretrainingTokens: 11.2e12, source: 'huggingface/smollm README: ~11.2T tokens in three stages', year: 2025 },
];

const VARIANT_SUFFIX = /-(hf|instruct|chat|it|base)$/i;

function normalise(name: string): string {
  let n = name.trim().replace(/\\/g, '/').replace(/\/+$/, '');
  n = n.slice(n.lastIndexOf('/') + 1).toLowerCase();
  while (VARIANT_SUFFIX.test(n)) n = n.replace(VARIANT_SUFFIX, '');
  return n;
}

/** The pretraining row of a base model named by HF id, path or bare name; undefined when not published. */
export function findBasePretraining(name: string): BasePretrainingRow | undefined {
  const n = normalise(name);
  if (!n) return undefined;
  return BASE_PRETRAINING.find((r) => r.names.some((x) => normalise(x) === n));
}
