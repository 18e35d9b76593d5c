// Parameter counts from a transformer's architecture: total and active (what one token goes through), with the
// formula in words for provenance. Biases and norms are left out: they are well under 0.1% of any model here.
import type { Architecture } from '../types';

export interface ParamCount {
  total: number;
  active: number;
  /** How the count was made, in words, for hovers and reports. */
  formula: string;
  embedding: number;
  perLayerAttention: number;
  perLayerFfnTotal: number;
  perLayerFfnActive: number;
}

/** The dense FFN width Megatron and GPT-2-style models use when none is given: 4 × hidden. */
export const DEFAULT_FFN_MULTIPLIER = 4;

/** Which architecture fields a parameter count needs, for "missing" messages. */
export const REQUIRED_FOR_PARAMS = ['layers', 'hiddenSize', 'heads', 'vocabSize'] as const;

export function missingForParams(arch: Architecture): string[] {
  return REQUIRED_FOR_PARAMS.filter((k) => arch[k] === undefined);
}

export function countParams(arch: Architecture): ParamCount | undefined {
  const layers = arch.layers?.value;
  const d = arch.hiddenSize?.value;
  const heads = arch.heads?.value;
  const vocab = arch.vocabSize?.value;
  if (!layers || !d || !heads || !vocab) return undefined;
  const kvHeads = arch.kvHeads?.value ?? heads;
  const headDim = arch.headDim?.value ?? d / heads;
  const gated = arch.ffnActivation?.value === 'swiglu';
  const ffnMatrices = gated ? 3 : 2;
  const ffn = arch.ffnHiddenSize?.value ?? DEFAULT_FFN_MULTIPLIER * d;

  let attention: number;
  let attentionWords: string;
  const mla = arch.mla;
  if (mla) {
    const qkHead = mla.qkNopeHeadDim + mla.qkRopeHeadDim;
    const q = mla.qLoraRank > 0 ? d * mla.qLoraRank + mla.qLoraRank * heads * qkHead : d * heads * qkHead;
    const kv = d * (mla.kvLoraRank + mla.qkRopeHeadDim) + mla.kvLoraRank * heads * (mla.qkNopeHeadDim + mla.vHeadDim);
    const out = heads * mla.vHeadDim * d;
    attention = q + kv + out;
    attentionWords = 'multi-latent attention (compressed q/kv projections)';
  } else {
    // q and o are d × heads·head width, k and v d × kv heads·head width (head width d ÷ heads unless stated).
    attention = 2 * d * heads * headDim + 2 * d * kvHeads * headDim;
    const stated = arch.headDim !== undefined && arch.headDim.value * heads !== d;
    attentionWords =
      kvHeads === heads && !stated ? 'attention 4·d²' : stated ? `attention 2·d·${heads} heads·${headDim} + 2·d·${kvHeads} kv heads·${headDim}` : `attention 2·d² + 2·d·${kvHeads} kv heads·head dim`;
  }

  const denseFfn = ffnMatrices * d * ffn;
  let ffnTotal = denseFfn;
  let ffnActive = denseFfn;
  let moeLayers = 0;
  let moeWords = '';
  const moe = arch.moe;
  if (moe) {
    const experts = moe.experts.value;
    const topK = Math.min(moe.topK.value, experts);
    const shared = moe.sharedExperts?.value ?? 0;
    const expertWidth = moe.expertFfnHiddenSize?.value ?? ffn;
    const expert = ffnMatrices * d * expertWidth;
    const router = d * experts;
    ffnTotal = (experts + shared) * expert + router;
    ffnActive = (topK + shared) * expert + router;
    moeLayers = Math.min(moe.moeLayers?.value ?? layers, layers);
    moeWords = `; ${moeLayers} MoE layers of ${experts} experts (top-${topK}${shared ? ` + ${shared} shared` : ''}), expert width ${expertWidth}`;
  }
  const denseLayers = layers - moeLayers;
  const tied = arch.tiedEmbeddings?.value ?? false;
  const embedding = vocab * d * (tied ? 1 : 2);
  // A T5 decoder layer attends to the encoder too: one more attention block each.
  const cross = Math.min(arch.crossAttentionLayers?.value ?? 0, layers) * attention;
  const total = layers * attention + cross + denseLayers * denseFfn + moeLayers * ffnTotal + embedding;
  const active = layers * attention + cross + denseLayers * denseFfn + moeLayers * ffnActive + embedding;
  const formula =
    `${layers} layers × (${attentionWords} + ${gated ? 'SwiGLU 3' : 'GELU 2'}·d·ffn, d ${d}, ffn ${ffn}${arch.ffnHiddenSize ? '' : ' = 4·d'})` +
    `${moeWords}${cross ? ` + ${arch.crossAttentionLayers!.value} decoder cross-attention blocks` : ''} + ${tied ? 'tied' : 'untied'} embeddings ${vocab}·d${tied ? '' : ' × 2'}`;
  return {
    total,
    active,
    formula,
    embedding,
    perLayerAttention: attention,
    perLayerFfnTotal: moe ? ffnTotal : denseFfn,
    perLayerFfnActive: moe ? ffnActive : denseFfn,
  };
}
