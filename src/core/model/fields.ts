// The scalar fields of an architecture, in one list: what a named model, a companion file or a model table row hands
// a run that leaves them open, each with its source.
import type { Architecture } from '../types';

export const ARCH_SCALAR_FIELDS = [
  'layers',
  'hiddenSize',
  'ffnHiddenSize',
  'ffnActivation',
  'heads',
  'kvHeads',
  'headDim',
  'vocabSize',
  'tiedEmbeddings',
  'norm',
  'normsPerLayer',
] as const satisfies ReadonlyArray<keyof Architecture>;
