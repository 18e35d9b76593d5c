// Regulatory training-compute thresholds, compared with a run's FLOPs (issue 3, item 2).

export interface FlopsThreshold {
  code: 'flops-threshold-eu' | 'flops-threshold-us';
  flops: number;
  what: string;
  source: string;
  year: number;
}

export const FLOPS_THRESHOLDS: readonly FlopsThreshold[] = [
  {
    code: 'flops-threshold-eu',
    flops: 1e25,
    what: 'EU AI Act presumption of a general-purpose model with systemic risk (Art. 51(2))',
    source: 'Regulation (EU) 2024/1689, Article 51',
    year: 2024,
  },
  {
    code: 'flops-threshold-us',
    flops: 1e26,
    what: 'US reporting threshold for dual-use foundation models (Executive Order 14110 §4.2)',
    source: 'Executive Order 14110',
    year: 2023,
  },
];
