// `footprint-lens calibrate <config> <emissions.csv>` (or `--tokens-per-second X`): closes the loop between the
// projection and a measured run. Reads the measurement, backs out the achieved MFU and power per GPU, prints
// projected vs measured, and with --save writes a calibration that `estimate --calibration FILE` then uses.
// Also loads a saved calibration for `estimate`. Every problem is one line and exit code 2.
import { basename } from 'node:path';
import { DEFAULT_MAX_BYTES } from '../core/analyze';
import { backOut, type BackedOut, type Evidence } from '../core/calibrate/backout';
import { readEmissionsCsv } from '../core/calibrate/emissions';
import { CALIBRATION_SCHEMA_VERSION, calibrationOverride, serializeCalibration, type SavedCalibration } from '../core/calibrate/saved';
import { formatCo2eKg, formatDurationHours, formatEnergyKWh, formatGpuHours, formatWithRange } from '../core/present/units';
import type { Overrides } from '../core/types';
import type { Invocation } from './args';
import { analyzeWithCompanions, cliLookup } from './companions';
import { budgetOf } from './limits';
import { readConfigFile, writeOutputFile } from './files';

export interface CalibrateIO {
  out(text: string): void;
  err(text: string): void;
}

const EXIT_OK = 0;
const EXIT_USAGE = 2;
/** Measurement files are small; a larger one is not a CodeCarbon log. */
const MAX_MEASUREMENT_BYTES = 16 * 1024 * 1024;

const FORMATTERS: Record<string, (n: number) => string> = {
  'GPU-h': formatGpuHours,
  h: formatDurationHours,
  kWh: formatEnergyKWh,
  kgCO2e: formatCo2eKg,
};

function cell(text: string, width: number): string {
  return text.length >= width ? `${text} ` : text.padEnd(width);
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

export function calibrate(invocation: Invocation, io: CalibrateIO): number {
  const fail = (message: string): number => {
    io.err(`footprint-lens: ${message}\n`);
    return EXIT_USAGE;
  };
  const flags = invocation.calibrate ?? {};
  const [configFile, measurementFile] = invocation.files;
  if (configFile === undefined) return fail('calibrate needs a config file');
  const read = readConfigFile(configFile, DEFAULT_MAX_BYTES);
  if (!read.ok) return fail(`${configFile} ${read.message}`);
  const analysis = analyzeWithCompanions(read.text, { fileName: configFile, overrides: invocation.overrides, budgetMs: budgetOf(invocation) }, cliLookup([{ file: configFile, read }]));
  if (!analysis.format) return fail(`${configFile}: not a training config that Footprint Lens recognises`);

  let evidence: Evidence;
  let measuredAt: string;
  let source: string;
  if (flags.tokensPerSecond !== undefined) {
    evidence = { kind: 'throughput', tokensPerSecond: flags.tokensPerSecond };
    source = `--tokens-per-second ${flags.tokensPerSecond}`;
    measuredAt = new Date().toISOString();
  } else {
    if (measurementFile === undefined) return fail('calibrate needs a CodeCarbon emissions.csv or --tokens-per-second X');
    const csv = readConfigFile(measurementFile, MAX_MEASUREMENT_BYTES);
    if (!csv.ok) return fail(`${measurementFile} ${csv.message}`);
    const m = readEmissionsCsv(csv.text, measurementFile);
    if (!m.ok) return fail(m.message);
    evidence = { kind: 'emissions', measurement: m.measurement, fileName: measurementFile };
    source = basename(measurementFile);
    measuredAt = m.measurement.measuredAt ?? new Date().toISOString();
  }

  const backed = backOut(analysis, evidence, { tokensDone: flags.tokensDone, stepsDone: flags.stepsDone });
  if (!backed.ok) return fail(backed.message);
  const result = backed.result;
  const saved: SavedCalibration = {
    schemaVersion: CALIBRATION_SCHEMA_VERSION,
    mfu: result.mfu,
    wattsPerGpu: result.wattsPerGpu,
    systemWattsPerGpu: result.systemWattsPerGpu,
    gpuType: result.gpuType,
    source,
    measuredAt,
    config: basename(configFile),
  };
  if (flags.save !== undefined) {
    const written = writeOutputFile(flags.save, serializeCalibration(saved), invocation.files, invocation.force === true);
    if (!written.ok) return fail(written.message);
  }
  if (invocation.json) {
    io.out(
      `${JSON.stringify({ calibration: saved, fraction: result.fraction, span: result.fractionDetail, systemWatts: result.systemWatts, comparison: result.comparison, notes: result.notes }, null, 2)}\n`,
    );
  } else {
    io.out(renderCalibration(configFile, source, result, analysis.projection?.mfu, evidence.kind === 'throughput'));
    if (flags.save !== undefined) io.out(`\nSaved to ${flags.save}; use it with: footprint-lens estimate <config> --calibration ${flags.save}\n`);
  }
  return EXIT_OK;
}

function renderCalibration(configFile: string, source: string, r: BackedOut, prior: { point: number; low: number; high: number } | undefined, throughputOnly: boolean): string {
  const out: string[] = [`${configFile} measured by ${source}`, ''];
  out.push(`  ${cell('measured span', 26)}${r.fractionDetail}`);
  const priorText = prior ? ` (projection used ${pct(prior.point)}, range ${pct(prior.low)}-${pct(prior.high)})` : '';
  out.push(`  ${cell('achieved MFU', 26)}${pct(r.mfu)} on ${r.gpus} × ${r.gpuType}${priorText}`);
  const noPower = throughputOnly ? 'not measured (a throughput carries no energy)' : (r.powerUnknown ?? 'unknown (no gpu_energy column)');
  out.push(`  ${cell('power per GPU', 26)}${r.wattsPerGpu !== null ? `${r.wattsPerGpu.toFixed(0)} W at the GPU` : noPower}`);
  if (r.systemWattsPerGpu !== null && r.systemWatts !== null) {
    out.push(`  ${cell('whole-system draw', 26)}${(r.systemWatts / 1000).toFixed(2)} kW tracked, ${r.systemWattsPerGpu.toFixed(0)} W per GPU (CPU + GPU + RAM)`);
  }
  out.push('', 'Projected vs measured (whole run)');
  out.push(`  ${cell('', 26)}${cell('projected (range)', 34)}${cell('measured', 16)}measured / projected`);
  for (const row of r.comparison) {
    const f = FORMATTERS[row.unit] ?? ((n: number) => `${n.toPrecision(3)} ${row.unit}`);
    const projected = row.projected ? formatWithRange(row.projected, f) : 'unknown';
    const measured = row.measured !== null ? f(row.measured) : (row.unmeasured ?? 'not in the file');
    const ratio =
      row.projected && row.measured !== null && row.projected.point > 0
        ? `${(row.measured / row.projected.point).toFixed(2)}×${row.measured >= row.projected.low && row.measured <= row.projected.high ? ' (inside the range)' : ' (outside the range)'}`
        : '';
    out.push(`  ${cell(row.label, 26)}${cell(projected, 34)}${cell(measured, 16)}${ratio}`);
  }
  if (r.notes.length > 0) {
    out.push('', 'Notes');
    for (const n of r.notes) out.push(`  ${n}`);
  }
  return `${out.join('\n')}\n`;
}

/** `estimate --calibration FILE`: the saved calibration as overrides, or a one-line reason. */
export function calibrationOverrides(file: string): { ok: true; calibration: NonNullable<Overrides['calibration']> } | { ok: false; message: string } {
  const read = readConfigFile(file, MAX_MEASUREMENT_BYTES);
  if (!read.ok) return { ok: false, message: `${file} ${read.message}` };
  return calibrationOverride(read.text, file);
}
