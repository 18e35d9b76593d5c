// Reading the shipped grid traces (data/grid-traces/) for the CLI, through files.ts like every other read. The bundle
// lives in dist/ and the sources in src/cli/, so the folder is looked up from either; a missing or unreadable file
// becomes a reason, never a crash.
import { join } from 'node:path';
import { GRID_TRACES } from '../core/data/grid-traces';
import { parseGridTrace, type GridTrace, type TraceLookup } from '../core/schedule';
import { readConfigFile } from './files';

const CANDIDATES = [join(__dirname, '..', 'data', 'grid-traces'), join(__dirname, '..', '..', 'data', 'grid-traces')];
/** A year of hours is about 35 KB; anything near this is not one of ours. */
const MAX_TRACE_BYTES = 1024 * 1024;

export function traceFolder(): string | undefined {
  return CANDIDATES.find((dir) => readConfigFile(join(dir, 'NOTICE.md'), MAX_TRACE_BYTES).ok);
}

export interface LoadedTraces {
  lookup: TraceLookup;
  problems: string[];
}

/** Every shipped trace that reads cleanly, and one line per file that does not. */
export function loadTraces(): LoadedTraces {
  const dir = traceFolder();
  const traces = new Map<string, GridTrace>();
  const problems: string[] = [];
  if (!dir) problems.push('the grid-trace folder (data/grid-traces) is missing');
  else {
    for (const row of GRID_TRACES) {
      const read = readConfigFile(join(dir, row.file), MAX_TRACE_BYTES);
      if (!read.ok) {
        problems.push(`${row.file} ${read.message}`);
        continue;
      }
      const parsed = parseGridTrace(read.text, row.file);
      if (!parsed.ok) problems.push(parsed.message);
      else if (parsed.trace.code !== row.code || parsed.trace.year !== row.year) problems.push(`${row.file} holds ${parsed.trace.code} ${parsed.trace.year}, not ${row.code} ${row.year}`);
      else traces.set(row.code, parsed.trace);
    }
  }
  return { lookup: (code) => traces.get(code), problems };
}
