// The hourly grid carbon-intensity traces the product ships (data/grid-traces/, one full year each), with where each
// comes from, the credit its licence asks for, and the regions of the region table it can stand for. The values live
// in the data files, read by the host (the core never does I/O); this table is what every surface names and credits.
// Provenance, conversions and gap reasons: data/grid-traces/README.md and NOTICE.md.

export interface GridTraceRow {
  /** Trace code, usable as --region for the schedule ("us-caiso"). */
  code: string;
  /** The compact data file in data/grid-traces/. */
  file: string;
  /** The historical year the trace covers: a typical-year estimate, not a forecast. */
  year: number;
  name: string;
  /** What the numbers measure: emission factors and what the grid average covers. */
  basis: string;
  /** Data owner and carrier. */
  source: string;
  licence: string;
  /** The credit the licence asks for, shown wherever results computed from the trace are shown. */
  attribution: string;
  /** Region-table codes that are this very grid (a country trace for the country). */
  sameGrid: readonly string[];
  /** Cloud regions (region-table codes) whose grid this trace stands in for: a proxy, labelled as such. */
  standIns: readonly string[];
  /** Why the proxy is only a proxy for these regions. */
  caveat: string;
  /** Hours the source leaves empty (or that were blanked as source-estimated or implausible), by the README's count. */
  documentedMissingHours: number;
}

const EIA_SOURCE = 'U.S. EIA Form EIA-930 hourly generation mix (via HewlettPackard/dc-rl), intensity from IPCC AR5 lifecycle factors';
const EIA_LICENCE = 'EIA-930 data: U.S. public domain; extraction: MIT (Copyright (c) 2024 Hewlett Packard Enterprise)';
const EIA_CREDIT = 'Source: U.S. Energy Information Administration, Form EIA-930 (2022); generation mix as extracted in HewlettPackard/dc-rl (MIT)';
const EIA_BASIS = 'lifecycle gCO2e/kWh, production inside the balancing authority (imports ignored)';
const EM_SOURCE = 'Electricity Maps Data Portal, hourly 2022, LCA column';
const EM_LICENCE = 'ODbL-1.0 (Derivative Database of the Electricity Maps Data Portal)';
const EM_CREDIT = 'Contains information from the Electricity Maps Data Portal (electricitymaps.com/data-portal), made available under the ODbL v1.0';
const EM_BASIS = 'lifecycle gCO2e/kWh, consumption (flow-traced, imports counted)';
const PROXY = 'balancing-area or country average, not what a data centre buys (PPAs, sub-zones, average not marginal)';

export const GRID_TRACES: readonly GridTraceRow[] = [
  {
    code: 'us-caiso',
    file: 'us-caiso-2022.txt',
    year: 2022,
    name: 'US, California ISO (EIA BA CISO)',
    basis: EIA_BASIS,
    source: EIA_SOURCE,
    licence: EIA_LICENCE,
    attribution: EIA_CREDIT,
    sameGrid: [],
    standIns: ['aws:us-west-1', 'azure:westus'],
    caveat: `${PROXY}; hour alignment ±1 h`,
    documentedMissingHours: 4,
  },
  {
    code: 'us-ercot',
    file: 'us-ercot-2022.txt',
    year: 2022,
    name: 'US, ERCOT Texas (EIA BA ERCO)',
    basis: EIA_BASIS,
    source: EIA_SOURCE,
    licence: EIA_LICENCE,
    attribution: EIA_CREDIT,
    sameGrid: [],
    standIns: ['us-south1', 'azure:southcentralus'],
    caveat: `${PROXY}; hour alignment ±1 h`,
    documentedMissingHours: 1,
  },
  {
    code: 'us-bpa',
    file: 'us-bpa-2022.txt',
    year: 2022,
    name: 'US, Bonneville Power Adm., Pacific NW (EIA BA BPAT)',
    basis: EIA_BASIS,
    source: EIA_SOURCE,
    licence: EIA_LICENCE,
    attribution: EIA_CREDIT,
    sameGrid: [],
    standIns: ['aws:us-west-2', 'us-west1'],
    caveat: `${PROXY}; very low because fossil imports are ignored; hour alignment ±1 h`,
    documentedMissingHours: 1,
  },
  {
    code: 'us-pjm',
    file: 'us-pjm-2022.txt',
    year: 2022,
    name: 'US, PJM, Mid-Atlantic/Ohio/Virginia (EIA BA PJM)',
    basis: EIA_BASIS,
    source: EIA_SOURCE,
    licence: EIA_LICENCE,
    attribution: EIA_CREDIT,
    sameGrid: [],
    standIns: ['aws:us-east-1', 'aws:us-east-2', 'us-east4', 'us-east5', 'azure:eastus', 'azure:eastus2'],
    caveat: `${PROXY}; whole-PJM average, the Dominion (Virginia) zone differs; hour alignment ±1 h`,
    documentedMissingHours: 28,
  },
  {
    code: 'gb',
    file: 'gb-2022.txt',
    year: 2022,
    name: 'Great Britain (NESO national intensity)',
    basis: 'operational (not lifecycle) gCO2/kWh, NESO method',
    source: 'NESO "Historic generation mix & carbon intensity" (via EECi/Cambridge-Estates-Building-Energy-Archive, hourly mean)',
    licence: 'NESO Open Data Licence v1.0; hourly aggregation: MIT (Copyright (c) 2023 Energy Efficient Cities Initiative, University of Cambridge)',
    attribution: 'Supported by National Energy SO Open Data; hourly aggregation by Langtry and Choudhary (2024), doi:10.5281/zenodo.10955332',
    sameGrid: ['gb'],
    standIns: ['aws:eu-west-2', 'europe-west2', 'azure:uksouth'],
    caveat: `${PROXY}; operational, so lower than the lifecycle traces`,
    documentedMissingHours: 0,
  },
  {
    code: 'de',
    file: 'de-2022.txt',
    year: 2022,
    name: 'Germany (Electricity Maps DE)',
    basis: EM_BASIS,
    source: EM_SOURCE,
    licence: EM_LICENCE,
    attribution: EM_CREDIT,
    sameGrid: ['de'],
    standIns: ['aws:eu-central-1', 'europe-west3', 'azure:germanywestcentral'],
    caveat: `${PROXY}; 2022 was a high-coal year (gas crisis)`,
    documentedMissingHours: 0,
  },
  {
    code: 'no',
    file: 'no-2022.txt',
    year: 2022,
    name: 'Norway, whole country (Electricity Maps NO)',
    basis: EM_BASIS,
    source: EM_SOURCE,
    licence: EM_LICENCE,
    attribution: EM_CREDIT,
    sameGrid: ['no'],
    standIns: ['azure:norwayeast'],
    caveat: `${PROXY}; national average, Oslo is zone NO1; not for Stockholm or Finland`,
    documentedMissingHours: 14,
  },
  {
    code: 'kr',
    file: 'kr-2022.txt',
    year: 2022,
    name: 'South Korea (Electricity Maps KR)',
    basis: EM_BASIS,
    source: EM_SOURCE,
    licence: EM_LICENCE,
    attribution: EM_CREDIT,
    sameGrid: ['kr'],
    standIns: [],
    caveat: `${PROXY}; a flat grid, little to gain from waiting`,
    documentedMissingHours: 18,
  },
];

export type TraceRelation = 'trace' | 'same-grid' | 'stand-in';

export interface TraceMatch {
  trace: GridTraceRow;
  /** "trace": the code is the trace's own; "same-grid": the region is this grid; "stand-in": a proxy. */
  relation: TraceRelation;
}

/** The trace for a trace code or a region-table code (already resolved to its canonical code), if any. */
export function traceForCode(code: string): TraceMatch | undefined {
  const key = code.trim().toLowerCase();
  for (const trace of GRID_TRACES) {
    if (trace.code === key && !trace.sameGrid.includes(key)) return { trace, relation: 'trace' };
    if (trace.sameGrid.includes(key)) return { trace, relation: 'same-grid' };
    if (trace.standIns.includes(key)) return { trace, relation: 'stand-in' };
  }
  return undefined;
}
