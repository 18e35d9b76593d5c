// Parametric loss fits L(N, D) = E + A / N^alpha + B / D^beta (Chinchilla form; reference facts §6.1).
// The Epoch AI refit is the default: Hoffmann's published Approach-3 constants imply 60-150 tokens per parameter,
// which disagrees with the paper's own Approaches 1-2 and with the ~20 tokens/parameter everyone uses.

export interface ScalingFit {
  id: 'epoch-2024' | 'hoffmann-2022';
  name: string;
  /** Irreducible loss (nats per token). */
  E: number;
  A: number;
  B: number;
  alpha: number;
  beta: number;
  source: string;
  year: number;
}

export const SCALING_FITS: readonly ScalingFit[] = [
  {
    id: 'epoch-2024',
    name: 'Chinchilla fit, Epoch AI refit',
    E: 1.8172,
    A: 482.01,
    B: 2085.43,
    alpha: 0.3478,
    beta: 0.3658,
    source: 'Besiroglu, Erdil, Barnett, You, "Chinchilla Scaling: A Replication Attempt", arXiv 2404.10102',
    year: 2024,
  },
  {
    id: 'hoffmann-2022',
    name: 'Chinchilla fit, Hoffmann et al. Approach 3',
    E: 1.69,
    A: 406.4,
    B: 410.7,
    alpha: 0.34,
    beta: 0.28,
    source: 'Hoffmann et al., "Training Compute-Optimal Large Language Models", arXiv 2203.15556, Approach 3',
    year: 2022,
  },
];

export const DEFAULT_SCALING_FIT_ID: ScalingFit['id'] = 'epoch-2024';

export function findScalingFit(id: string): ScalingFit | undefined {
  return SCALING_FITS.find((f) => f.id === id);
}

/** The default fit (the Epoch refit). */
export function defaultScalingFit(): ScalingFit {
  const fit = findScalingFit(DEFAULT_SCALING_FIT_ID);
  if (!fit) throw new Error('scaling-fits table lost its default row');
  return fit;
}

/** Training FLOPs per parameter per token (forward 2, backward 4): C = 6·N·D (Kaplan 2020; Hoffmann 2022). */
export const TRAINING_FLOPS_PER_PARAM_TOKEN = 6;
/** Inference FLOPs per parameter per token (forward only): 2·N (Kaplan 2020; Sardana & Frankle 2024). */
export const INFERENCE_FLOPS_PER_PARAM_TOKEN = 2;

/**
 * How close to the lifetime-optimal compute a run must come for its over-training to count as fully justified
 * (0.1 = within 10%). A product choice, not a published constant: the fits' own uncertainty (Epoch's standard
 * errors on A and B are 25-60%) makes finer verdicts meaningless.
 */
export const LIFETIME_OPTIMUM_TOLERANCE = 0.1;
