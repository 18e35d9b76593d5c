// Reading CodeCarbon emissions.csv files of several versions and shapes, matched by column name.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readEmissionsCsv, type Measurement } from '../../../src/core/calibrate/emissions';

const DIR = join(__dirname, '../../fixtures/measurements');

function read(name: string): Measurement {
  const r = readEmissionsCsv(readFileSync(join(DIR, name), 'utf8'), name);
  if (!r.ok) assert.fail(r.message);
  return r.measurement;
}

function fails(text: string): string {
  const r = readEmissionsCsv(text, 'emissions.csv');
  assert.equal(r.ok, false, 'expected the file to be refused');
  return r.ok ? '' : r.message;
}

describe('CodeCarbon emissions.csv reader', () => {
  it('modern file: flushes of one run_id are cumulative, so the last row is the measurement', () => {
    const m = read('codecarbon-2.8-pythia-160m.csv');
    assert.equal(m.rowsRead, 3);
    assert.equal(m.sessions, 1);
    assert.match(m.combined, /last cumulative row/);
    assert.ok(Math.abs(m.durationS - 1690.2) < 1e-6);
    assert.equal(m.gpuCount, 8);
    assert.equal(m.gpuModel, '8 x NVIDIA A100-SXM4-40GB');
    // energy_consumed is CPU + GPU + RAM in CodeCarbon's own rows
    const parts = (m.gpuEnergyKWh ?? 0) + (m.cpuEnergyKWh ?? 0) + (m.ramEnergyKWh ?? 0);
    assert.ok(Math.abs(parts - (m.energyKWh ?? 0)) < 1e-6);
    assert.equal(m.measuredAt, '2026-03-02T09:30:54');
  });

  it('old file without run_id or per-device columns: each row is one session, summed', () => {
    const m = read('codecarbon-1.2-pythia-160m.csv');
    assert.equal(m.sessions, 2);
    assert.match(m.combined, /summed/);
    assert.ok(Math.abs(m.durationS - (1012.6 + 694.9)) < 1e-6);
    assert.equal(m.gpuEnergyKWh, undefined);
    assert.equal(m.gpuCount, undefined);
    assert.ok(m.energyKWh !== undefined && m.energyKWh > 1.5 && m.energyKWh < 1.51);
  });

  it('reordered columns, CRLF, BOM and quoted cells read the same as the standard order', () => {
    const m = read('codecarbon-reordered-crlf.csv');
    assert.equal(m.durationS, 3605);
    assert.equal(m.gpuCount, 8);
    assert.equal(m.gpuModel, '8 x NVIDIA H100 80GB HBM3');
    // 4,960 W of GPUs for an hour and a bit
    assert.ok(m.gpuEnergyKWh !== undefined && Math.abs(m.gpuEnergyKWh - (4960 * 3605) / 3.6e6) < 1e-6);
  });

  it('separate run_ids are summed', () => {
    const text = 'run_id,duration,energy_consumed\na,100,1\na,200,2\nb,50,0.5\n';
    const r = readEmissionsCsv(text, 'x.csv');
    assert.ok(r.ok);
    if (!r.ok) return;
    assert.equal(r.measurement.durationS, 250);
    assert.equal(r.measurement.energyKWh, 2.5);
    assert.equal(r.measurement.sessions, 2);
  });

  it('refuses files without the needed columns, naming what is missing', () => {
    assert.match(fails('step,loss\n1,2.3\n'), /no "duration" column/);
    assert.match(fails('timestamp,duration,emissions\nx,10,0.1\n'), /energy_consumed/);
    assert.match(fails('duration,energy_consumed\n'), /no rows/);
    assert.match(fails(''), /no "duration" column/);
  });

  it('refuses zero, negative and garbage numbers with the row they are on', () => {
    assert.match(fails('duration,energy_consumed\n0,1\n'), /row 2: duration 0 s/);
    assert.match(fails('duration,energy_consumed\n10,1\n-5,1\n'), /row 3: duration "-5"/);
    assert.match(fails('duration,energy_consumed\n12 s,1\n'), /row 2: duration "12 s" is not a usable number/);
    assert.match(fails('duration,energy_consumed\n10,NaN\n'), /energy_consumed "NaN"/);
    assert.match(fails('duration,energy_consumed\n10,1e999\n'), /energy_consumed "1e999"/);
    assert.match(fails('duration,energy_consumed\n10,\n'), /no energy/);
  });
});
