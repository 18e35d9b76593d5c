// Regions, PUE, prices, thresholds and MFU constants: lookups work and every row carries a source and a year.
import { strict as assert } from 'node:assert';
import { GPUS } from '../../../src/core/data/gpus';
import { GENERATION_MFU } from '../../../src/core/data/mfu-benchmarks';
import { PRICES, defaultPrice } from '../../../src/core/data/prices';
import { PUES, defaultPue } from '../../../src/core/data/pue';
import { REGIONS, findRegion } from '../../../src/core/data/regions';
import { FLOPS_THRESHOLDS } from '../../../src/core/data/thresholds';

describe('regions', () => {
  it('finds countries and cloud regions case-insensitively', () => {
    assert.equal(findRegion('FR')?.gCO2ePerKWh, 56.0);
    assert.equal(findRegion('us-central1')?.gCO2ePerKWh, 412.72);
    assert.equal(findRegion('aws:us-east-1')?.gCO2ePerKWh, 379.1);
    assert.equal(findRegion('us-east-1')?.code, 'aws:us-east-1');
    assert.equal(findRegion('westeurope')?.code, 'azure:westeurope');
    assert.equal(findRegion('uk')?.code, 'gb');
    assert.equal(findRegion('atlantis'), undefined);
  });

  it('has unique codes, a source, a year and a non-negative intensity on every row', () => {
    assert.equal(new Set(REGIONS.map((r) => r.code)).size, REGIONS.length);
    for (const r of REGIONS) assert.ok(r.gCO2ePerKWh >= 0 && r.source && r.year >= 2016, r.code);
  });
});

describe('PUE, prices, thresholds, MFU constants', () => {
  it('PUE default is 1.1 and every operator figure is between 1 and 2', () => {
    assert.equal(defaultPue().pue, 1.1);
    for (const p of PUES) assert.ok(p.pue >= 1 && p.pue < 2 && p.source && p.year, p.id);
  });

  it('prices point at GPUs of the table and are positive', () => {
    const ids = new Set(GPUS.map((g) => g.id));
    for (const p of PRICES) assert.ok(ids.has(p.gpuId) && p.usdPerGpuHour > 0 && p.source && p.year, p.gpuId);
    assert.equal(defaultPrice().gpuId, 'h100-sxm');
  });

  it('thresholds are the EU 1e25 and US 1e26', () => {
    assert.deepEqual(FLOPS_THRESHOLDS.map((t) => [t.code, t.flops]), [['flops-threshold-eu', 1e25], ['flops-threshold-us', 1e26]]);
  });

  it('every GPU generation in the table has an MFU prior', () => {
    for (const g of GPUS) assert.ok(GENERATION_MFU[g.generation]?.mfu > 0, g.generation);
  });
});
