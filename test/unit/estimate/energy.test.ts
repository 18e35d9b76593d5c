// The energy presets and carbon arithmetic against what published reports printed from the same inputs.
import { strict as assert } from 'node:assert';
import { findGpu } from '../../../src/core/data/gpus';
import { co2eKgFor, embodiedKgPerGpuHour, facilityEnergyKWh, itEnergyKWh, powerPerGpu } from '../../../src/core/estimate/energy';

describe('energy presets', () => {
  const a100 = findGpu('A100-80GB')!;
  const h100 = findGpu('H100')!;

  it('"rated" reproduces BLOOM: 1,082,990 A100-hours × 400 W = 433,196 kWh; 24.7 tCO2e at 57 g/kWh', () => {
    const kWh = itEnergyKWh(1_082_990, powerPerGpu(a100, 'rated').watts);
    assert.equal(Math.round(kWh), 433_196);
    assert.equal(Number((co2eKgFor(kWh, 57) / 1000).toFixed(1)), 24.7);
  });

  it('"rated" reproduces the Llama 3 8B card: 1.3M H100-hours × 700 W at its implied 0.429 kg/kWh ≈ 390 t', () => {
    const kWh = itEnergyKWh(1.3e6, powerPerGpu(h100, 'rated').watts);
    assert.equal(Math.round(co2eKgFor(kWh, 429) / 1000), 390);
  });

  it('"measured" is a typical draw plus a server share, and says where both come from', () => {
    const p = powerPerGpu(a100, 'measured');
    assert.equal(p.watts, 400 * 0.76 + 150);
    assert.match(p.detail, /Newkirk/);
    assert.match(p.detail, /server/);
    // Within 10% of the measured p4d instance (3.43 kW per 8 A100, Chien et al. 2023).
    assert.ok(Math.abs(p.watts / (3430 / 8) - 1) < 0.1);
  });

  it('PUE multiplies IT energy and nothing else', () => {
    assert.equal(facilityEnergyKWh(1000, 1.2), 1200);
  });

  it('embodied carbon amortised as BLOOM did: 384 A100 × 150 kg over 6 years at 85% use, for 118 days ≈ 3.65 t', () => {
    const gpuHours = 384 * 118 * 24;
    const kg = embodiedKgPerGpuHour(150, 6, 0.85) * gpuHours;
    assert.equal(Number((kg / 1000).toFixed(2)), 3.65);
  });

  it('a zero lifetime gives no embodied share rather than Infinity', () => {
    assert.equal(embodiedKgPerGpuHour(164, 0, 0.85), 0);
  });
});
