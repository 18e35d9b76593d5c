// The shipped hourly grid traces (data/grid-traces/), read once through vscode.workspace.fs so the web host reads them
// too, parsed by the core and handed to the panel. A file that cannot be read is named, never fatal.
import * as vscode from 'vscode';
import { GRID_TRACES } from '../../core/data/grid-traces';
import { parseGridTrace, type GridTrace } from '../../core/schedule/trace';

export interface LoadedGridTraces {
  traces: GridTrace[];
  problems: string[];
}

const loads = new Map<string, Promise<LoadedGridTraces>>();

async function readAll(extensionUri: vscode.Uri): Promise<LoadedGridTraces> {
  const decoder = new TextDecoder('utf-8');
  const results = await Promise.all(
    GRID_TRACES.map(async (row): Promise<GridTrace | string> => {
      try {
        const bytes = await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'data', 'grid-traces', row.file));
        const parsed = parseGridTrace(decoder.decode(bytes), row.file);
        if (!parsed.ok) return parsed.message;
        return parsed.trace.code === row.code && parsed.trace.year === row.year ? parsed.trace : `${row.file} holds ${parsed.trace.code} ${parsed.trace.year}, not ${row.code} ${row.year}`;
      } catch (e) {
        return `${row.file} cannot be read (${(e as Error)?.message ?? String(e)})`;
      }
    }),
  );
  return { traces: results.filter((r): r is GridTrace => typeof r !== 'string'), problems: results.filter((r): r is string => typeof r === 'string') };
}

/** Every trace that reads cleanly, read at most once per extension location. */
export function gridTraces(extensionUri: vscode.Uri): Promise<LoadedGridTraces> {
  const key = extensionUri.toString();
  let load = loads.get(key);
  if (!load) {
    load = readAll(extensionUri);
    loads.set(key, load);
  }
  return load;
}
