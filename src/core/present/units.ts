// Human-readable numbers with units, shared by the CLI, the lenses, the hovers and the panel, so a figure reads the
// same everywhere: 184k GPU-h, $460k, 74 MWh, 31 tCO2e, 10 days. Inputs are always finite and non-negative by the
// time they get here; anything else is shown as "n/a" rather than as NaN.

const SUFFIXES: Array<[number, string]> = [
  [1e15, 'P'],
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'k'],
];

const NOT_AVAILABLE = 'n/a';

function usable(n: number): boolean {
  return Number.isFinite(n) && n >= 0;
}

/** Two or three significant digits: 1.23, 12.3, 123. */
function significant(n: number): string {
  if (n === 0) return '0';
  if (n >= 100) return Math.round(n).toString();
  if (n >= 10) return trimZeros(n.toFixed(1));
  // Below 1, fixed decimals would round 0.0077 to 0.01: keep two significant digits instead.
  if (n < 1) return trimZeros(n.toPrecision(2));
  return trimZeros(n.toFixed(2));
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** 1234 → "1.23k", 6.9e10 → "69B", 12 → "12". */
export function formatCount(n: number): string {
  if (!usable(n)) return NOT_AVAILABLE;
  for (const [scale, suffix] of SUFFIXES) if (n >= scale) return `${significant(n / scale)}${suffix}`;
  return significant(n);
}

/** An integer as written out: 1,024. */
export function formatInteger(n: number): string {
  if (!usable(n)) return NOT_AVAILABLE;
  return Math.round(n).toLocaleString('en-US');
}

/** A fraction as a percentage with `digits` decimals: 0.274 → "27%", (0.274, 1) → "27.4%". */
export function formatPercent(fraction: number, digits = 0): string {
  return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(digits)}%` : NOT_AVAILABLE;
}

/** FLOPs in scientific notation, as papers and regulations write them: 1.04e24. */
export function formatFlops(n: number): string {
  if (!usable(n)) return NOT_AVAILABLE;
  if (n === 0) return '0';
  const [mantissa, exponent] = n.toExponential(2).split('e');
  return `${trimZeros(mantissa ?? '0')}e${Number(exponent)}`;
}

export function formatGpuHours(h: number): string {
  return usable(h) ? `${formatCount(h)} GPU-h` : NOT_AVAILABLE;
}

export function formatUSD(usd: number): string {
  return usable(usd) ? `$${formatCount(usd)}` : NOT_AVAILABLE;
}

/** kWh below 1 MWh, then MWh, GWh. */
export function formatEnergyKWh(kWh: number): string {
  if (!usable(kWh)) return NOT_AVAILABLE;
  if (kWh >= 1e6) return `${significant(kWh / 1e6)} GWh`;
  if (kWh >= 1e3) return `${significant(kWh / 1e3)} MWh`;
  return `${significant(kWh)} kWh`;
}

/** kg below one tonne, then tCO2e (with k/M for very large runs). */
export function formatCo2eKg(kg: number): string {
  if (!usable(kg)) return NOT_AVAILABLE;
  if (kg >= 1000) return `${formatCount(kg / 1000)} tCO2e`;
  return `${significant(kg)} kgCO2e`;
}

/** Hours below two days, then days, then years. */
export function formatDurationHours(hours: number): string {
  if (!usable(hours)) return NOT_AVAILABLE;
  const days = hours / 24;
  if (days >= 730) return `${significant(days / 365)} years`;
  if (hours >= 48) return `${significant(days)} days`;
  return `${significant(hours)} h`;
}

/** A point with its range: "184k GPU-h (120k–260k)"; the unit is written once when the ends share it. */
export function formatWithRange(range: { point: number; low: number; high: number }, format: (n: number) => string): string {
  const [low, high] = [format(range.low), format(range.high)];
  const unit = (s: string) => s.slice(s.indexOf(' ') + 1);
  const number = (s: string) => s.slice(0, s.indexOf(' '));
  const shared = low.includes(' ') && high.includes(' ') && unit(low) === unit(high);
  return `${format(range.point)} (${shared ? `${number(low)}–${number(high)}` : `${low}–${high}`})`;
}

/**
 * GPU memory in binary GB (GiB), as GPU datasheets, nvidia-smi and PyTorch state it: 62 GB, 9.5 GB, 0.3 GB. The
 * unit is written "GB" because that is how an 80 GB card is named.
 */
export function formatMemoryGB(bytes: number): string {
  if (!usable(bytes)) return NOT_AVAILABLE;
  const gib = bytes / 2 ** 30;
  return `${gib >= 10 ? Math.round(gib).toString() : significant(gib)} GB`;
}
