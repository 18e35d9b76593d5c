import assert from 'node:assert/strict';
import { formatCo2eKg, formatCount, formatDurationHours, formatEnergyKWh, formatFlops, formatGpuHours, formatUSD, formatPercent, formatWithRange } from '../../../src/core/present/units';

describe('units: figures read the way a lens shows them', () => {
  it('scales counts with k, M, B, T', () => {
    assert.equal(formatCount(184_320), '184k');
    assert.equal(formatCount(68_976_648_192), '69B');
    assert.equal(formatCount(1_400_000_000_000), '1.4T');
    assert.equal(formatCount(12), '12');
  });
  it('writes GPU-hours, dollars, energy, carbon and time with their units', () => {
    assert.equal(formatGpuHours(184_000), '184k GPU-h');
    assert.equal(formatUSD(460_000), '$460k');
    assert.equal(formatEnergyKWh(74_000), '74 MWh');
    assert.equal(formatEnergyKWh(950), '950 kWh');
    assert.equal(formatEnergyKWh(1_250_000), '1.25 GWh');
    assert.equal(formatCo2eKg(31_000), '31 tCO2e');
    assert.equal(formatCo2eKg(12.5), '12.5 kgCO2e');
    assert.equal(formatDurationHours(240), '10 days');
    assert.equal(formatDurationHours(5.5), '5.5 h');
    assert.equal(formatDurationHours(24 * 365 * 3), '3 years');
  });
  it('writes FLOPs as papers do', () => {
    assert.equal(formatFlops(1.04e24), '1.04e24');
    assert.equal(formatFlops(3.14e23), '3.14e23');
  });
  it('never shows NaN, Infinity or a negative amount', () => {
    for (const bad of [NaN, Infinity, -1]) {
      for (const f of [formatCount, formatGpuHours, formatUSD, formatEnergyKWh, formatCo2eKg, formatDurationHours, formatFlops]) {
        assert.equal(f(bad), 'n/a');
      }
    }
  });
  it('shows a range after the point', () => {
    assert.equal(formatWithRange({ point: 184_000, low: 120_000, high: 260_000 }, formatGpuHours), '184k GPU-h (120k–260k)');
    assert.equal(formatWithRange({ point: 900, low: 800, high: 1500 }, formatEnergyKWh), '900 kWh (800 kWh–1.5 MWh)');
  });

  it('percentages: 0.274 reads 27% (or 27.4% with a decimal); a non-finite fraction reads n/a', () => {
    assert.equal(formatPercent(0.274), '27%');
    assert.equal(formatPercent(0.274, 1), '27.4%');
    assert.equal(formatPercent(Number.NaN), 'n/a');
  });
});
