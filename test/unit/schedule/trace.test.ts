// The shipped grid traces as the product reads them: every file parses, keeps the gaps the source documents (none
// filled), credits its source, and maps only to regions the region table knows. Bad files get a diagnostic with
// the line.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GRID_TRACES, traceForCode } from '../../../src/core/data/grid-traces';
import { findRegion } from '../../../src/core/data/regions';
import { describeGaps, parseGridTrace, resolveTrace, type GridTrace } from '../../../src/core/schedule';
import { loadTraces, traceFolder } from '../../../src/cli/traces';

const DIR = join(__dirname, '../../../data/grid-traces');

function trace(code: string): GridTrace {
  const t = loadTraces().lookup(code);
  assert.ok(t, `${code} loads`);
  return t;
}

describe('shipped grid traces', () => {
  it('every trace reads cleanly: a full 2022 of hours, the documented gaps and the documented annual mean', () => {
    const { lookup, problems } = loadTraces();
    assert.deepEqual(problems, []);
    // Annual means of the source CSVs (their README §7), recomputed from the compact files.
    const means: Record<string, number> = { 'us-caiso': 256.2, 'us-ercot': 347.2, 'us-bpa': 54.7, 'us-pjm': 362.8, gb: 182.3, de: 477.9, no: 38.1, kr: 452.9 };
    for (const row of GRID_TRACES) {
      const t = lookup(row.code);
      assert.ok(t, row.code);
      assert.equal(t.values.length, 8760, `${row.code}: 365 days of hours`);
      assert.equal(t.year, 2022);
      assert.equal(t.missingHours, row.documentedMissingHours, `${row.code}: gaps as documented`);
      const known = t.values.filter((v): v is number => v !== null);
      assert.ok(
        known.every((v) => v > 0),
        `${row.code}: a gap is never read as 0`,
      );
      const mean = known.reduce((a, b) => a + b, 0) / known.length;
      assert.ok(Math.abs(mean - means[row.code]!) < 0.05, `${row.code}: mean ${mean}`);
      // The US balancing areas are regions too, at their trace's annual mean.
      if (row.code.startsWith('us-')) assert.ok(Math.abs(findRegion(row.code)!.gCO2ePerKWh - mean) < 0.05, `${row.code} region row`);
    }
  });

  it('keeps the one-decimal values of BPA and Norway exactly', () => {
    const bpa = trace('us-bpa');
    assert.equal(bpa.values[0], 56.7);
    assert.equal(bpa.values[1], 55.8);
  });

  it('reports the gaps where the source has them, and says they are never filled', () => {
    const pjm = trace('us-pjm');
    const text = describeGaps(pjm);
    assert.match(text, /^28 missing hours/);
    assert.match(text, /22 h from 2022-03-13T07/, 'the DST-day outage');
    assert.match(text, /never filled/);
    assert.equal(describeGaps(trace('gb')), 'no missing hours');
    const caiso = trace('us-caiso');
    assert.equal(caiso.values[8759], null, 'CAISO 2022-12-31T23 is outside the extract');
    assert.equal(caiso.values[4 * 24 + 9], null, '2022-01-05T09 is empty in the source');
  });

  it('ships the attribution the licences ask for next to the data', () => {
    assert.ok(traceFolder(), 'the folder is found from the sources');
    const notice = readFileSync(join(DIR, 'NOTICE.md'), 'utf8');
    for (const row of GRID_TRACES) assert.ok(notice.includes(row.file), `NOTICE.md covers ${row.file}`);
    assert.match(notice, /Supported by National Energy SO Open Data/);
    assert.match(notice, /Electricity Maps/);
    assert.match(notice, /ODbL/);
    for (const row of GRID_TRACES.filter((r) => ['de', 'no', 'kr'].includes(r.code))) assert.match(row.attribution, /Electricity Maps.*ODbL/);
  });

  it('maps cloud regions to the trace they stand in for, and only regions the region table knows', () => {
    for (const row of GRID_TRACES) {
      for (const code of [...row.standIns, ...row.sameGrid]) assert.equal(findRegion(code)?.code, code, `${code} (${row.code}) is in the region table`);
    }
    assert.deepEqual(traceForCode('aws:us-east-1'), { trace: GRID_TRACES.find((t) => t.code === 'us-pjm'), relation: 'stand-in' });
    assert.equal(traceForCode('gb')?.relation, 'same-grid');
    assert.equal(traceForCode('us-caiso')?.relation, 'trace');
    const east = resolveTrace('us-east-1');
    assert.ok(east.ok && east.trace.code === 'us-pjm' && east.code === 'aws:us-east-1', 'AWS codes work without their prefix');
    const france = resolveTrace('fr');
    assert.ok(!france.ok && /no hourly grid trace for "fr" \(France\)/.test(france.reason) && /us-pjm/.test(france.reason));
  });
});

describe('grid trace parser', () => {
  const header = 'code x\nyear 2022\nstart 2022-01-01T00\nhours 48\ndivisor 1\n';
  const day = (v: string) => Array.from({ length: 24 }, () => v).join(',');

  it('reads empty fields as missing hours, never as zero', () => {
    const r = parseGridTrace(`${header}${day('100')}\n${day('')}\n`, 'x.txt');
    assert.ok(r.ok);
    assert.equal(r.trace.missingHours, 24);
    assert.deepEqual(r.trace.gaps, [{ startHour: 24, hours: 24 }]);
    assert.equal(r.trace.values[30], null);
  });

  it('names the file and line of a bad value, a short day or a count that does not match', () => {
    const bad = parseGridTrace(`${header}${day('100')}\n${day('12a')}\n`, 'x.txt');
    assert.ok(!bad.ok && bad.message === 'x.txt:7: "12a" is not a whole number');
    const short = parseGridTrace(`${header}${day('100')}\n1,2,3\n`, 'x.txt');
    assert.ok(!short.ok && /x\.txt:7: 3 values on the line/.test(short.message));
    const count = parseGridTrace(`${header}${day('100')}\n`, 'x.txt');
    assert.ok(!count.ok && /24 hourly values, the header says 48/.test(count.message));
    const noHeader = parseGridTrace(`${day('100')}\n`, 'x.txt');
    assert.ok(!noHeader.ok && /values before the header names code, year, start, hours, divisor/.test(noHeader.message));
    const absurd = parseGridTrace(`${header}${day('100')}\n${day('99999')}\n`, 'x.txt');
    assert.ok(!absurd.ok && /not a plausible grid intensity/.test(absurd.message));
  });

  it('refuses a huge file before splitting it', () => {
    const r = parseGridTrace('1,'.repeat(200_000), 'big.txt');
    assert.ok(!r.ok && /too long/.test(r.message));
  });
});
