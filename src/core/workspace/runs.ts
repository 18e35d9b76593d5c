// Every run of a workspace, grouped by folder (a sweep is a folder) with each folder's totals, the folders and the runs
// in each sorted by cost, most expensive first. Pure: analyses in, the tree the Explorer view and
// `footprint-lens estimate <folder>` show out. A run whose cost cannot be known is listed last, with what it needs,
// and named in its folder's count of unknowns: never counted as zero without saying so.
import type { Analysis } from '../analyze';
import { MISSING_HINTS } from '../present/labels';
import { memoryTitle } from '../memory/text';

export interface IndexedRun {
  /** The host's id of the file (a URI string in the editor, a path in the CLI). */
  id: string;
  /** Workspace-relative path with forward slashes ("sweeps/lr/run-1.yaml"). */
  path: string;
  analysis: Analysis;
}

export interface RunTotals {
  gpuHours: number;
  costUSD: number;
  co2eKg: number;
  /** Runs counted in the sums above (their meter known), and runs left out (a meter unknown). */
  known: number;
  unknown: number;
}

export interface FolderGroup {
  /** "" for the workspace root. */
  folder: string;
  runs: IndexedRun[];
  totals: RunTotals;
}

export interface RunsSummary {
  folders: FolderGroup[];
  totals: RunTotals;
}

/** The folder of a workspace-relative path: "a/b/c.yaml" → "a/b", "c.yaml" → "". */
export function folderOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** What a run costs for sorting: its dollars, else its GPU-hours; null when nothing is known. */
function sortKey(a: Analysis): number | null {
  return a.projection?.costUSD?.point ?? a.projection?.gpuHours?.point ?? null;
}

function byCost(x: { key: number | null; name: string }, y: { key: number | null; name: string }): number {
  if (x.key === null || y.key === null) return x.key === y.key ? x.name.localeCompare(y.name) : x.key === null ? 1 : -1;
  return y.key - x.key || x.name.localeCompare(y.name);
}

function emptyTotals(): RunTotals {
  return { gpuHours: 0, costUSD: 0, co2eKg: 0, known: 0, unknown: 0 };
}

function add(t: RunTotals, a: Analysis): void {
  const p = a.projection;
  if (p?.gpuHours && p.costUSD && p.co2eKg) {
    t.gpuHours += p.gpuHours.point;
    t.costUSD += p.costUSD.point;
    t.co2eKg += p.co2eKg.point;
    t.known += 1;
  } else t.unknown += 1;
}

/** Only training configs are runs: other files the index read (a workflow, package.json) are left out. */
export function summarizeRuns(indexed: readonly IndexedRun[]): RunsSummary {
  const groups = new Map<string, FolderGroup>();
  const totals = emptyTotals();
  for (const run of indexed) {
    if (!run.analysis.format) continue;
    const folder = folderOf(run.path);
    let g = groups.get(folder);
    if (!g) groups.set(folder, (g = { folder, runs: [], totals: emptyTotals() }));
    g.runs.push(run);
    add(g.totals, run.analysis);
    add(totals, run.analysis);
  }
  const folders = [...groups.values()];
  for (const g of folders) g.runs.sort((a, b) => byCost({ key: sortKey(a.analysis), name: a.path }, { key: sortKey(b.analysis), name: b.path }));
  folders.sort((a, b) => byCost({ key: a.totals.known > 0 ? a.totals.costUSD : null, name: a.folder }, { key: b.totals.known > 0 ? b.totals.costUSD : null, name: b.folder }));
  return { folders, totals };
}

/** Why a run has no cost, in a few words: "needs the GPU count, the training length". */
export function missingPhrase(a: Analysis): string | undefined {
  if (a.projection?.costUSD) return undefined;
  const missing = a.run?.missing ?? [];
  if (missing.length === 0) return 'cost unknown';
  return `needs ${missing.map((m) => MISSING_HINTS[m].split(':')[0]).join(', ')}`;
}

/** Memory per GPU with its verdict ("≈ 55 GB/GPU of 80 GB · fits", "✗ 97 GB/GPU on A100 80GB: 17 GB over"), when known. */
export function memoryPhrase(a: Analysis): string | undefined {
  return a.memory ? memoryTitle(a.memory) : undefined;
}
