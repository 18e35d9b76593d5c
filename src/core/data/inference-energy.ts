// Energy per generated (output) token of a served model, measured at the GPUs, for the per-request footprint and
// the inference/training break-even (reference worked example 5). Serving energy varies by orders of magnitude with
// batch size, quantisation and the serving stack, so each row says what setting it describes.

export interface InferenceEnergyRow {
  id: string;
  model: string;
  /** Parameters of the served model, to scale the figure to other sizes (energy per token ∝ 2·N FLOPs per token). */
  params: number;
  gpu: string;
  precision: string;
  whPerOutputToken: number;
  source: string;
  year: number;
  note: string;
}

export const INFERENCE_ENERGY: readonly InferenceEnergyRow[] = [
  {
    id: 'llama3-70b-h100-int8',
    model: 'Llama-3-70B',
    params: 70.6e9,
    gpu: 'H100',
    precision: 'INT8',
    whPerOutputToken: 0.3,
    source: 'Textbook worked example of the three-meter arithmetic ("one inference request"); an illustrative round figure, not traced to a published measurement',
    year: 2024,
    note:
      'A pessimistic, low-batch figure: batched serving measured by the ML.ENERGY leaderboard (v3, Dec 2025) is orders of magnitude lower per token (e.g. 0.12 J/token for Llama 3.1 8B on H100 at batch 64).',
  },
];

export const DEFAULT_INFERENCE_ENERGY_ID = 'llama3-70b-h100-int8';

/** Output tokens of one answer when the user gives none: the worked example's 500-token answer. */
export const DEFAULT_OUTPUT_TOKENS_PER_REQUEST = {
  value: 500,
  source: 'Textbook worked example ("one inference request": a 500-token answer)',
  year: 2024,
} as const;

export function findInferenceEnergy(id: string): InferenceEnergyRow | undefined {
  return INFERENCE_ENERGY.find((row) => row.id === id);
}
