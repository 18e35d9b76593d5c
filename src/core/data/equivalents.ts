// Everyday equivalents for a run's carbon and energy (reference facts §8). Each row says what one unit of the
// equivalent is worth in kgCO2e or kWh, with its source and year, so a report can print "≈ 120 car-years (EPA 2023)".
// Equivalents are for scale only; reports say so.

/** Which meter the row divides: carbon (co2eKg) or facility energy (energyKWh). */
export type EquivalentBasis = 'co2eKg' | 'energyKWh';

export interface EquivalentRow {
  id: string;
  /** What one unit is, in the plural the report prints after the number ("car-years"). */
  unitLabel: string;
  /** A longer description of one unit. */
  description: string;
  basis: EquivalentBasis;
  /** kgCO2e (basis co2eKg) or kWh (basis energyKWh) in one unit of the equivalent. */
  perUnit: number;
  source: string;
  year: number;
}

export const EQUIVALENTS: readonly EquivalentRow[] = [
  {
    id: 'car-year',
    unitLabel: 'car-years',
    description: 'a typical US passenger vehicle driven for one year (4.6 tCO2)',
    basis: 'co2eKg',
    perUnit: 4600,
    source: 'EPA "Greenhouse Gas Emissions from a Typical Passenger Vehicle", EPA-420-F-23-014',
    year: 2023,
  },
  {
    id: 'car-km',
    unitLabel: 'car-km',
    description: 'one km in a typical US passenger car (251 gCO2/km)',
    basis: 'co2eKg',
    perUnit: 0.251,
    source: 'EPA, as tabulated in Green Algorithms referenceValues.csv',
    year: 2022,
  },
  {
    id: 'flight-ny-sf',
    unitLabel: 'passenger flights New York–San Francisco',
    description: 'one economy passenger, New York to San Francisco (570 kgCO2e)',
    basis: 'co2eKg',
    perUnit: 570,
    source: 'carbonfootprint.com calculator, as tabulated in Green Algorithms referenceValues.csv',
    year: 2022,
  },
  {
    id: 'flight-long-haul-pkm',
    unitLabel: 'long-haul economy passenger-km',
    description: 'one passenger-km on a long-haul economy flight, with radiative forcing (0.150 kgCO2e/pkm)',
    basis: 'co2eKg',
    perUnit: 0.15,
    source: 'UK DESNZ GHG conversion factors (condensed set)',
    year: 2024,
  },
  {
    id: 'us-home-electricity-year',
    unitLabel: 'US household-years of electricity',
    description: 'the electricity an average US home uses in a year (10,715 kWh)',
    basis: 'energyKWh',
    perUnit: 10715,
    source: 'EIA FAQ "How much electricity does an American home use?" (2020 data)',
    year: 2021,
  },
  {
    id: 'us-person-year',
    unitLabel: 'US person-years of emissions',
    description: 'the average US per-capita emissions for a year (13.3 tCO2e)',
    basis: 'co2eKg',
    perUnit: 13300,
    source: 'IEA chart 2000–2023, as used in CodeCarbon webapp constants',
    year: 2023,
  },
];
