// Named architectures that configs refer to by name instead of writing the dimensions (a torchtitan flavor, a LitGPT
// model_name), and tokenizers that configs name by file instead of writing the vocabulary size. Each row cites where
// its numbers are defined and the year. Dimensions are as the framework builds the model (vocabulary as the
// embedding table holds it).
import type { Architecture, FfnActivation, Sourced, Span } from '../types';

export interface MoePreset {
  experts: number;
  topK: number;
  sharedExperts: number;
  /** Hidden size of one routed/shared expert. */
  expertFfnHiddenSize: number;
  /** Leading layers that stay dense. */
  denseLayers: number;
}

export interface MlaPreset {
  qLoraRank: number;
  kvLoraRank: number;
  qkNopeHeadDim: number;
  qkRopeHeadDim: number;
  vHeadDim: number;
}

export interface ModelPreset {
  /** The framework the name belongs to: the same name can mean different shapes in two frameworks. */
  framework: 'torchtitan' | 'litgpt' | 'shape';
  /** Names as configs write them (compared ignoring case); for torchtitan "<model.name>/<flavor>". */
  names: string[];
  /** Human name of the model. */
  model: string;
  layers: number;
  hiddenSize: number;
  heads: number;
  kvHeads: number;
  /** Width of one FFN matrix (the gated half for SwiGLU). */
  ffnHiddenSize: number;
  ffnActivation: FfnActivation;
  vocabSize: number;
  tiedEmbeddings: boolean;
  moe?: MoePreset;
  mla?: MlaPreset;
  source: string;
  year: number;
}

/**
 * Llama 3's FFN sizing as torchtitan (and Meta's reference code) computes it: 2/3 of 4·dim, scaled by
 * ffn_dim_multiplier, rounded up to a multiple of multiple_of (torchtitan/models/llama3/model/model.py FeedForward).
 */
export function llamaFfnHiddenSize(dim: number, ffnDimMultiplier: number, multipleOf: number): number {
  const hidden = Math.floor(ffnDimMultiplier * Math.floor((2 * 4 * dim) / 3));
  return multipleOf * Math.ceil(hidden / multipleOf);
}

const LLAMA3_VOCAB = 128_256;
const LLAMA2_VOCAB = 32_000;

export const MODEL_PRESETS: readonly ModelPreset[] = [
  // ---- torchtitan flavors (pytorch/torchtitan @ 238fa99, torchtitan/models/*/__init__.py)
  {
    framework: 'torchtitan', names: ['llama3/8B'], model: 'Llama 3.1 8B',
    layers: 32, hiddenSize: 4096, heads: 32, kvHeads: 8,
    ffnHiddenSize: llamaFfnHiddenSize(4096, 1.3, 1024), ffnActivation: 'swiglu', vocabSize: LLAMA3_VOCAB, tiedEmbeddings: false,
    source: 'torchtitan models/llama3/__init__.py flavor "8B" (dim 4096, ffn_dim_multiplier 1.3, multiple_of 1024; vocab 128256 from model/args.py)', year: 2025,
  },
  {
    framework: 'torchtitan', names: ['llama3/70B'], model: 'Llama 3.1 70B',
    layers: 80, hiddenSize: 8192, heads: 64, kvHeads: 8,
    ffnHiddenSize: llamaFfnHiddenSize(8192, 1.3, 4096), ffnActivation: 'swiglu', vocabSize: LLAMA3_VOCAB, tiedEmbeddings: false,
    source: 'torchtitan models/llama3/__init__.py flavor "70B" (dim 8192, ffn_dim_multiplier 1.3, multiple_of 4096)', year: 2025,
  },
  {
    framework: 'torchtitan', names: ['llama3/405B'], model: 'Llama 3.1 405B',
    layers: 126, hiddenSize: 16384, heads: 128, kvHeads: 8,
    ffnHiddenSize: llamaFfnHiddenSize(16384, 1.2, 4096), ffnActivation: 'swiglu', vocabSize: LLAMA3_VOCAB, tiedEmbeddings: false,
    source: 'torchtitan models/llama3/__init__.py flavor "405B" (dim 16384, ffn_dim_multiplier 1.2, multiple_of 4096)', year: 2025,
  },
  {
    framework: 'torchtitan', names: ['deepseek_v3/671B'], model: 'DeepSeek-V3 671B',
    layers: 61, hiddenSize: 7168, heads: 128, kvHeads: 128,
    ffnHiddenSize: 18432, ffnActivation: 'swiglu', vocabSize: 129_280, tiedEmbeddings: false,
    moe: { experts: 256, topK: 8, sharedExperts: 1, expertFfnHiddenSize: 2048, denseLayers: 3 },
    mla: { qLoraRank: 1536, kvLoraRank: 512, qkNopeHeadDim: 128, qkRopeHeadDim: 64, vHeadDim: 128 },
    source: 'torchtitan models/deepseek_v3/__init__.py flavor "671B"; same dims as deepseek-ai/DeepSeek-V3 inference/configs/config_671B.json', year: 2025,
  },
  // ---- LitGPT model names (Lightning-AI/litgpt @ 2685705, litgpt/config.py)
  {
    framework: 'litgpt', names: ['tiny-llama-1.1b', 'tiny-llama-1.1b-chat', 'TinyLlama-1.1B-intermediate-step-1431k-3T'], model: 'TinyLlama 1.1B',
    layers: 22, hiddenSize: 2048, heads: 32, kvHeads: 4,
    ffnHiddenSize: 5632, ffnActivation: 'swiglu', vocabSize: LLAMA2_VOCAB, tiedEmbeddings: false,
    source: 'litgpt config.py "tiny-llama-1.1b" (n_layer 22, n_embd 2048, n_head 32, n_query_groups 4, intermediate_size 5632, padded_vocab_size 32000)', year: 2024,
  },
  {
    framework: 'litgpt', names: ['Llama-2-7b-hf', 'Llama-2-7b-chat-hf'], model: 'Llama 2 7B',
    layers: 32, hiddenSize: 4096, heads: 32, kvHeads: 32,
    ffnHiddenSize: 11008, ffnActivation: 'swiglu', vocabSize: LLAMA2_VOCAB, tiedEmbeddings: false,
    source: 'litgpt config.py "Llama-2-7b{}-hf"; Llama 2 HF config.json', year: 2023,
  },
  {
    framework: 'litgpt', names: ['Llama-2-13b-hf', 'Llama-2-13b-chat-hf'], model: 'Llama 2 13B',
    layers: 40, hiddenSize: 5120, heads: 40, kvHeads: 40,
    ffnHiddenSize: 13824, ffnActivation: 'swiglu', vocabSize: LLAMA2_VOCAB, tiedEmbeddings: false,
    source: 'litgpt config.py "Llama-2-13b{}-hf"; Llama 2 HF config.json', year: 2023,
  },
  {
    framework: 'litgpt', names: ['Llama-2-70b-hf', 'Llama-2-70b-chat-hf'], model: 'Llama 2 70B',
    layers: 80, hiddenSize: 8192, heads: 64, kvHeads: 8,
    ffnHiddenSize: 28672, ffnActivation: 'swiglu', vocabSize: LLAMA2_VOCAB, tiedEmbeddings: false,
    source: 'litgpt config.py "Llama-2-70b{}-hf"; Llama 2 HF config.json', year: 2023,
  },
  {
    framework: 'litgpt', names: ['Meta-Llama-3-8B', 'Meta-Llama-3.1-8B', 'Llama-3.1-8B'], model: 'Llama 3.1 8B',
    layers: 32, hiddenSize: 4096, heads: 32, kvHeads: 8,
    ffnHiddenSize: 14336, ffnActivation: 'swiglu', vocabSize: LLAMA3_VOCAB, tiedEmbeddings: false,
    source: 'litgpt config.py "Meta-Llama-3{.1}-8B"; Llama 3.1 HF config.json', year: 2024,
  },
  {
    framework: 'litgpt', names: ['Meta-Llama-3-70B', 'Meta-Llama-3.1-70B', 'Llama-3.1-70B'], model: 'Llama 3.1 70B',
    layers: 80, hiddenSize: 8192, heads: 64, kvHeads: 8,
    ffnHiddenSize: 28672, ffnActivation: 'swiglu', vocabSize: LLAMA3_VOCAB, tiedEmbeddings: false,
    source: 'litgpt config.py "Meta-Llama-3{.1}-70B"; Llama 3.1 HF config.json', year: 2024,
  },
  // ---- Known shapes, matched by dimensions when a config states the shape but not the vocabulary
  // (GPT-NeoX's configs/llama2/*.yml write no tokenizer: they are meant to be combined with a Llama 2 tokenizer).
  {
    framework: 'shape', names: ['llama-2-7b'], model: 'Llama 2 7B',
    layers: 32, hiddenSize: 4096, heads: 32, kvHeads: 32,
    ffnHiddenSize: 11008, ffnActivation: 'swiglu', vocabSize: LLAMA2_VOCAB, tiedEmbeddings: false,
    source: 'Llama 2 paper (Touvron et al. 2023) and HF config.json: 32000-token SentencePiece vocabulary', year: 2023,
  },
  {
    framework: 'shape', names: ['llama-2-13b'], model: 'Llama 2 13B',
    layers: 40, hiddenSize: 5120, heads: 40, kvHeads: 40,
    ffnHiddenSize: 13824, ffnActivation: 'swiglu', vocabSize: LLAMA2_VOCAB, tiedEmbeddings: false,
    source: 'Llama 2 paper (Touvron et al. 2023) and HF config.json: 32000-token SentencePiece vocabulary', year: 2023,
  },
  {
    framework: 'shape', names: ['llama-2-70b'], model: 'Llama 2 70B',
    layers: 80, hiddenSize: 8192, heads: 64, kvHeads: 8,
    ffnHiddenSize: 28672, ffnActivation: 'swiglu', vocabSize: LLAMA2_VOCAB, tiedEmbeddings: false,
    source: 'Llama 2 paper (Touvron et al. 2023) and HF config.json: 32000-token SentencePiece vocabulary', year: 2023,
  },
];

/** A preset of `framework` by name (case-insensitive). */
export function findPreset(framework: ModelPreset['framework'], name: string): ModelPreset | undefined {
  const n = name.trim().toLowerCase();
  return MODEL_PRESETS.find((p) => p.framework === framework && p.names.some((x) => x.toLowerCase() === n));
}

/** A known model with exactly this shape (layers, width, heads, KV heads, gated FFN width), for the vocabulary. */
export function findShape(shape: { layers: number; hiddenSize: number; heads: number; kvHeads: number; ffnHiddenSize: number }): ModelPreset | undefined {
  return MODEL_PRESETS.find(
    (p) =>
      p.framework === 'shape' &&
      p.layers === shape.layers &&
      p.hiddenSize === shape.hiddenSize &&
      p.heads === shape.heads &&
      p.kvHeads === shape.kvHeads &&
      p.ffnHiddenSize === shape.ffnHiddenSize,
  );
}

/**
 * The architecture a preset stands for, every field with 'companion' provenance naming the preset and its source;
 * `via` says how the config named it ('flavor "8B"'), `span` points at that name in the file.
 */
export function presetArchitecture(preset: ModelPreset, via: string, span?: Span): Architecture {
  const detail = `${via} → ${preset.model} (${preset.source})`;
  const s = <T>(value: T): Sourced<T> => ({ value, source: 'companion', detail, span });
  const arch: Architecture = {
    layers: s(preset.layers),
    hiddenSize: s(preset.hiddenSize),
    ffnHiddenSize: s(preset.ffnHiddenSize),
    ffnActivation: s(preset.ffnActivation),
    heads: s(preset.heads),
    kvHeads: s(preset.kvHeads),
    vocabSize: s(preset.vocabSize),
    tiedEmbeddings: s(preset.tiedEmbeddings),
  };
  if (preset.moe) {
    arch.moe = {
      experts: s(preset.moe.experts),
      topK: s(preset.moe.topK),
      sharedExperts: s(preset.moe.sharedExperts),
      expertFfnHiddenSize: s(preset.moe.expertFfnHiddenSize),
      moeLayers: s(preset.layers - preset.moe.denseLayers),
    };
  }
  if (preset.mla) arch.mla = { ...preset.mla, source: s(true as const) };
  return arch;
}
