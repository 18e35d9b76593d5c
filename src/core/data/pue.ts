// Power usage effectiveness: facility energy over IT energy (reference facts §4). Operator fleet figures and the
// default used when the run names no operator.

export interface PueRow {
  id: string;
  name: string;
  pue: number;
  source: string;
  year: number;
}

export const PUES: readonly PueRow[] = [
  { id: 'google', name: 'Google fleet average', pue: 1.09, source: 'Google Environmental Report 2025 (via press summaries)', year: 2025 },
  { id: 'aws', name: 'AWS fleet average', pue: 1.14, source: 'sustainability.aboutamazon.com', year: 2025 },
  { id: 'azure', name: 'Microsoft fleet average', pue: 1.18, source: 'Microsoft 2024 report via DatacenterDynamics', year: 2024 },
  { id: 'meta', name: 'Meta fleet average', pue: 1.08, source: 'Meta sustainability data', year: 2023 },
  { id: 'hyperscale', name: 'Large training cluster (as LLaMA, Patterson et al. used)', pue: 1.1, source: 'Patterson et al. 2021; LLaMA paper 2023', year: 2023 },
  { id: 'public-cloud', name: 'Public cloud average', pue: 1.25, source: 'IDC estimate cited on AWS sustainability page', year: 2025 },
  { id: 'industry', name: 'Industry average (largest site per operator)', pue: 1.56, source: 'Uptime Institute Global Data Center Survey 2024', year: 2024 },
  { id: 'on-premises', name: 'On-premises enterprise', pue: 1.63, source: 'IDC estimate cited on AWS sustainability page', year: 2025 },
];

/**
 * Default PUE: 1.1, the figure the published training reports used (Patterson 2021, LLaMA 2023) and close to the
 * hyperscale fleets where large runs happen. Not the 1.56 industry average, which is dominated by small enterprise rooms.
 */
export const DEFAULT_PUE_ID = 'hyperscale';

export function findPue(id: string): PueRow | undefined {
  const key = id.trim().toLowerCase();
  return PUES.find((row) => row.id === key);
}

export function defaultPue(): PueRow {
  const row = findPue(DEFAULT_PUE_ID);
  if (!row) throw new Error('PUE table lacks its default row');
  return row;
}
