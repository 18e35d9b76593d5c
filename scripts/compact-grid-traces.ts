// Writes data/grid-traces/<code>-<year>.txt from the hourly CSVs (utc_hour,g_co2_per_kwh; 8,760 rows, an empty value
// for a missing hour). The compact file keeps every value and every gap as it was: one UTC day per line, 24
// comma-separated integers (grams, or tenths of a gram for the files the source gives to one decimal), an empty
// field where the source has none. It drops only the timestamp column, which the header's start hour and the
// line/column position make redundant.
//   node --import tsx scripts/compact-grid-traces.ts <folder with the CSVs and manifest.json>
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GRID_TRACES } from '../src/core/data/grid-traces';
import { parseGridTrace } from '../src/core/schedule/trace';

const HOURS_PER_DAY = 24;

function hourKey(ms: number): string {
  return new Date(ms).toISOString().slice(0, 13);
}

function compact(csv: string, code: string, year: number, decimals: number): string {
  const divisor = 10 ** decimals;
  const rows = csv.trim().split('\n');
  if (rows[0]?.trim() !== 'utc_hour,g_co2_per_kwh') throw new Error(`${code}: unexpected header "${rows[0]}"`);
  const start = Date.UTC(year, 0, 1);
  const values: string[] = [];
  rows.slice(1).forEach((row, i) => {
    const [hour, value = ''] = row.split(',');
    const expected = hourKey(start + i * 3_600_000);
    if (hour !== expected) throw new Error(`${code}: row ${i + 2} is ${hour}, expected ${expected}`);
    const v = value.trim();
    if (v === '') values.push('');
    else {
      const units = Math.round(Number(v) * divisor);
      if (!Number.isFinite(units) || units < 0 || Math.abs(units / divisor - Number(v)) > 1e-9) throw new Error(`${code}: row ${i + 2} value "${v}" has more than ${decimals} decimals`);
      values.push(String(units));
    }
  });
  const lines = [
    '# Footprint Lens grid trace, format 1: hourly grid carbon intensity, gCO2e/kWh (gb: gCO2/kWh) times the divisor.',
    '# One UTC day per line, 24 integers from 00:00; an empty field is a missing hour (never filled).',
    '# Licence and attribution: NOTICE.md in this folder.',
    `code ${code}`,
    `year ${year}`,
    `start ${hourKey(start)}`,
    `hours ${values.length}`,
    `divisor ${divisor}`,
  ];
  for (let d = 0; d < values.length; d += HOURS_PER_DAY) lines.push(values.slice(d, d + HOURS_PER_DAY).join(','));
  return `${lines.join('\n')}\n`;
}

const folder = process.argv[2];
if (!folder) throw new Error('usage: compact-grid-traces.ts <folder with the CSVs>');
const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as {
  files: Array<{ file: string; code: string; year: number; decimals: number; hours_missing: number; stats: { mean: number } }>;
};
for (const entry of manifest.files) {
  const meta = GRID_TRACES.find((t) => t.code === entry.code);
  if (!meta) throw new Error(`${entry.code}: not in src/core/data/grid-traces.ts`);
  const text = compact(readFileSync(join(folder, entry.file), 'utf8'), entry.code, entry.year, entry.decimals);
  // Round trip: the parser the product uses must read back the manifest's gap count and mean.
  const parsed = parseGridTrace(text, meta.file);
  if (!parsed.ok) throw new Error(`${entry.code}: ${parsed.message}`);
  const present = parsed.trace.values.filter((v) => v !== null) as number[];
  const mean = present.reduce((a, b) => a + b, 0) / present.length;
  if (parsed.trace.missingHours !== entry.hours_missing) throw new Error(`${entry.code}: ${parsed.trace.missingHours} gaps, manifest says ${entry.hours_missing}`);
  if (Math.abs(mean - entry.stats.mean) > 0.05) throw new Error(`${entry.code}: mean ${mean}, manifest says ${entry.stats.mean}`);
  writeFileSync(join('data/grid-traces', meta.file), text);
  console.log(`${meta.file}: ${text.length} bytes, ${parsed.trace.missingHours} missing hours, mean ${mean.toFixed(1)}`);
}
