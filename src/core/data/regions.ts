// Grid carbon intensity (gCO2e/kWh), location-based, for countries and cloud regions (reference facts §3).
// Countries use one method throughout: OWID/Ember lifecycle intensity as copied by CodeCarbon (data year 2023).
// Google regions use Google's own published grid intensity (2024). AWS and Azure publish none: their rows are
// Cloud Carbon Footprint's location mapping (eGRID2020 NERC regions in the US, EEA in Europe, carbonfootprint.com
// elsewhere), which is a different method; `method` says which applies to each row.

export type GridMethod = 'lifecycle' | 'operational' | 'production-mix';

export interface RegionRow {
  /** Lookup code: ISO country code ("us", "fr"), a cloud region ("us-central1", "aws:us-east-1", "azure:westeurope"). */
  code: string;
  name: string;
  gCO2ePerKWh: number;
  method: GridMethod;
  source: string;
  year: number;
}

const CC = 'OWID/Ember via CodeCarbon global_energy_mix.json';
const GCP = 'Google region-carbon-info 2024.csv';
const CCF = 'Cloud Carbon Footprint methodology (eGRID2020 / EEA / carbonfootprint.com)';

const TRACE = 'annual mean of the shipped EIA-930 hourly trace (data/grid-traces), IPCC AR5 lifecycle factors';
/** The US balancing areas the hourly traces cover, at their trace's annual mean, so their codes work everywhere. */
function balancingArea(code: string, name: string, g: number): RegionRow {
  return { code, name: `US ${name} balancing area`, gCO2ePerKWh: g, method: 'lifecycle', source: TRACE, year: 2022 };
}
function country(code: string, name: string, g: number, year = 2023): RegionRow {
  return { code, name, gCO2ePerKWh: g, method: 'lifecycle', source: CC, year };
}
function gcp(code: string, name: string, g: number): RegionRow {
  return { code, name: `Google Cloud ${code} (${name})`, gCO2ePerKWh: g, method: 'operational', source: GCP, year: 2024 };
}
function aws(code: string, name: string, g: number): RegionRow {
  return { code: `aws:${code}`, name: `AWS ${code} (${name})`, gCO2ePerKWh: g, method: 'production-mix', source: CCF, year: 2021 };
}
function azure(code: string, name: string, g: number): RegionRow {
  return { code: `azure:${code}`, name: `Azure ${code} (${name})`, gCO2ePerKWh: g, method: 'production-mix', source: CCF, year: 2021 };
}

export const REGIONS: readonly RegionRow[] = [
  { code: 'world', name: 'World average', gCO2ePerKWh: 475, method: 'lifecycle', source: 'IEA Global Energy & CO2 Status Report 2019 (CodeCarbon default)', year: 2019 },
  country('us', 'United States', 369.5),
  country('ca', 'Canada', 170.0),
  country('fr', 'France', 56.0),
  country('se', 'Sweden', 40.7),
  country('no', 'Norway', 30.1),
  country('is', 'Iceland', 27.7, 2022),
  country('pl', 'Poland', 661.9),
  country('in', 'India', 713.4),
  country('cn', 'China', 582.3),
  country('de', 'Germany', 381.0),
  country('gb', 'United Kingdom', 237.6),
  country('ie', 'Ireland', 290.8),
  country('nl', 'Netherlands', 267.6),
  country('fi', 'Finland', 79.2),
  country('jp', 'Japan', 485.4),
  country('kr', 'South Korea', 430.6),
  country('au', 'Australia', 548.7),
  country('br', 'Brazil', 98.3),
  country('sg', 'Singapore', 470.8),
  country('ch', 'Switzerland', 34.8),
  { code: 'eu', name: 'European Union (27)', gCO2ePerKWh: 211.2, method: 'lifecycle', source: 'OWID energy-data carbon_intensity_elec', year: 2024 },
  gcp('us-central1', 'Iowa', 412.72),
  gcp('us-east1', 'South Carolina', 575.77),
  gcp('us-east4', 'N. Virginia', 323.05),
  gcp('us-east5', 'Columbus', 323.05),
  gcp('us-south1', 'Dallas', 302.95),
  gcp('us-west1', 'Oregon', 79.23),
  gcp('us-west2', 'Los Angeles', 169.28),
  gcp('us-west4', 'Las Vegas', 357.3),
  gcp('northamerica-northeast1', 'Montréal', 5.48),
  gcp('northamerica-northeast2', 'Toronto', 58.56),
  gcp('europe-west1', 'Belgium', 103.37),
  gcp('europe-west2', 'London', 105.94),
  gcp('europe-west3', 'Frankfurt', 275.82),
  gcp('europe-west4', 'Eemshaven', 208.81),
  gcp('europe-west6', 'Zürich', 15.05),
  gcp('europe-west9', 'Paris', 16.3),
  gcp('europe-north1', 'Finland', 39.32),
  gcp('europe-north2', 'Stockholm', 2.73),
  gcp('europe-central2', 'Warsaw', 642.88),
  gcp('europe-southwest1', 'Madrid', 89.04),
  gcp('asia-east1', 'Taiwan', 439.29),
  gcp('asia-northeast1', 'Tokyo', 452.85),
  gcp('asia-south1', 'Mumbai', 678.76),
  gcp('asia-southeast1', 'Singapore', 366.85),
  gcp('australia-southeast1', 'Sydney', 497.5),
  gcp('southamerica-east1', 'São Paulo', 67.32),
  aws('us-east-1', 'N. Virginia', 379.1),
  aws('us-east-2', 'Ohio', 410.6),
  aws('us-west-1', 'N. California', 322.2),
  aws('us-west-2', 'Oregon', 322.2),
  aws('ca-central-1', 'Montréal', 120),
  aws('eu-west-1', 'Ireland', 278.6),
  aws('eu-west-2', 'London', 225),
  aws('eu-west-3', 'Paris', 51.1),
  aws('eu-central-1', 'Frankfurt', 311),
  aws('eu-north-1', 'Stockholm', 8.8),
  aws('ap-northeast-1', 'Tokyo', 465.8),
  aws('ap-southeast-1', 'Singapore', 408),
  aws('ap-south-1', 'Mumbai', 708.2),
  aws('sa-east-1', 'São Paulo', 61.7),
  azure('eastus', 'Virginia', 379.1),
  azure('eastus2', 'Virginia', 379.1),
  azure('centralus', 'Iowa', 426.3),
  azure('southcentralus', 'Texas', 373.2),
  azure('westus', 'California', 322.2),
  azure('westus2', 'Washington', 322.2),
  azure('westus3', 'Arizona', 322.2),
  azure('northeurope', 'Ireland', 278.6),
  azure('westeurope', 'Netherlands', 328.4),
  azure('francecentral', 'Paris', 51.3),
  azure('swedencentral', 'Gävle', 5.67),
  azure('uksouth', 'London', 225),
  azure('germanywestcentral', 'Frankfurt', 338.7),
  azure('norwayeast', 'Oslo', 7.62),
  azure('canadacentral', 'Toronto', 120),
  azure('japaneast', 'Tokyo', 465.8),
  azure('centralindia', 'Pune', 708.2),
  azure('southeastasia', 'Singapore', 408),
  azure('australiaeast', 'NSW', 790),
  balancingArea('us-caiso', 'California ISO', 256.2),
  balancingArea('us-ercot', 'ERCOT (Texas)', 347.2),
  balancingArea('us-bpa', 'Bonneville Power (Pacific NW)', 54.7),
  balancingArea('us-pjm', 'PJM (Mid-Atlantic, Ohio, Virginia)', 362.8),
];

/** The grid used when none is given: the world average, so an unlocated run is neither flattered nor penalised. */
export const DEFAULT_REGION_CODE = 'world';

const BY_CODE: ReadonlyMap<string, RegionRow> = new Map(REGIONS.map((row) => [row.code, row]));

/**
 * Finds a region by code, case-insensitively. AWS and Azure codes work with or without their "aws:"/"azure:" prefix
 * when unambiguous ("us-east-1" is AWS's; Google's codes have no dash before the digit).
 */
export function findRegion(code: string): RegionRow | undefined {
  const key = code.trim().toLowerCase();
  if (key === '') return undefined;
  const direct = BY_CODE.get(key) ?? BY_CODE.get(key.replace(/\s+/g, ''));
  if (direct) return direct;
  if (key === 'uk') return BY_CODE.get('gb');
  return BY_CODE.get(`aws:${key}`) ?? BY_CODE.get(`azure:${key}`) ?? REGIONS.find((row) => row.name.toLowerCase() === key);
}

export function knownRegionCodes(): string[] {
  return REGIONS.map((row) => row.code);
}
