// Model shapes for the memory formulas' oracles.
import type { MemoryShape } from '../../../src/core/memory/types';

/** A model of `params` parameters in one block (no embedding), for the model-state formulas stated per parameter. */
export function flatShape(params: number, extra: Partial<MemoryShape> = {}): MemoryShape {
  return {
    layers: 1,
    hiddenSize: 4096,
    heads: 32,
    kvHeads: 32,
    ffnHiddenSize: 16384,
    gated: false,
    vocabSize: 0,
    tiedEmbeddings: true,
    embeddingParams: 0,
    attentionParamsPerLayer: params,
    denseFfnParamsPerLayer: 0,
    ...extra,
  };
}
