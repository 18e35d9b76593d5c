// Reading the shipped grid traces (data/grid-traces/) for the CLI. The bundle lives in dist/ and the sources in
// src/cli/, so the folder is looked up from either; a missing or unreadable file becomes a reason, never a crash.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GRID_TRACES } from '../core/data/grid-traces';
import { parseGridTrace, type GridTrace, type TraceLookup } from '../core/schedule';

const CANDIDATES = [join(__dirname, '..', 'data', 'grid-traces'), join(__dirname, '..', '..', 'data', 'grid-traces')];

export function traceFolder(): string | undefined {
  return CANDIDATES.find((dir) => existsSync(join(dir, 'NOTICE.md')));
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
      let text: string;
      try {
        text = readFileSync(join(dir, row.file), 'utf8');
      } catch (e) {
        problems.push(`${row.file} cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
        continue;
      }
      const parsed = parseGridTrace(text, row.file);
      if (!parsed.ok) problems.push(parsed.message);
      else if (parsed.trace.code !== row.code || parsed.trace.year !== row.year) problems.push(`${row.file} holds ${parsed.trace.code} ${parsed.trace.year}, not ${row.code} ${row.year}`);
      else traces.set(row.code, parsed.trace);
    }
  }
  return { lookup: (code) => traces.get(code), problems };
}
