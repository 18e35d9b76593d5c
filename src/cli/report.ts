// `footprint-lens report <config...> --format markdown|model-card|csv|latex [--out FILE [--force]] [--calibration FILE]`:
// the publishable forms of a projection. --out never replaces an input file, nor an existing file without --force. Files that cannot be analysed are named on stderr (exit 2) and left out of the report.
import { DEFAULT_MAX_BYTES, type Analysis } from '../core/analyze';
import { renderReport } from '../core/report/index';
import type { Invocation } from './args';
import { calibrationOverrides } from './calibrate';
import { analyzeWithCompanions, cliLookup } from './companions';
import { budgetOf } from './limits';
import { readConfigFile, writeOutputFile } from './files';

export interface ReportIO {
  out(text: string): void;
  err(text: string): void;
}

const EXIT_OK = 0;
const EXIT_USAGE = 2;

export function report(invocation: Invocation, io: ReportIO): number {
  const format = invocation.report?.format ?? 'markdown';
  let overrides = invocation.overrides;
  if (invocation.calibration !== undefined) {
    const loaded = calibrationOverrides(invocation.calibration);
    if (!loaded.ok) {
      io.err(`footprint-lens: ${loaded.message}\n`);
      return EXIT_USAGE;
    }
    overrides = { ...overrides, calibration: loaded.calibration };
  }
  let exit = EXIT_OK;
  const analyses: Analysis[] = [];
  const reads = invocation.files.map((file) => ({ file, read: readConfigFile(file, DEFAULT_MAX_BYTES) }));
  const lookup = cliLookup(reads);
  for (const { file, read } of reads) {
    if (!read.ok) {
      io.err(`footprint-lens: ${file} ${read.message}\n`);
      exit = EXIT_USAGE;
      continue;
    }
    const analysis = analyzeWithCompanions(read.text, { fileName: file, overrides, budgetMs: budgetOf(invocation) }, lookup);
    if (!analysis.format) {
      const why = analysis.findings[0]?.message ?? 'not a training config that Footprint Lens recognises';
      io.err(`footprint-lens: ${file}: ${why}\n`);
      exit = EXIT_USAGE;
      continue;
    }
    analyses.push(analysis);
  }
  if (analyses.length === 0) return exit;
  const text = renderReport(format, analyses);
  const out = invocation.report?.out;
  if (out === undefined) {
    io.out(text);
    return exit;
  }
  const inputs = [...invocation.files, ...(invocation.calibration !== undefined ? [invocation.calibration] : [])];
  const written = writeOutputFile(out, text, inputs, invocation.force === true);
  if (!written.ok) {
    io.err(`footprint-lens: ${written.message}\n`);
    return EXIT_USAGE;
  }
  io.err(`footprint-lens: wrote the ${format} report to ${out}\n`);
  return exit;
}
