// `footprint-lens estimate <folder>`: every training config under the folder, grouped by folder (a sweep is a folder)
// with each folder's total and the grand total, sorted by cost: the same summary the editor's "Training Runs" view
// shows, from the same core. Files that are not training configs are skipped and counted; --json gives the numbers.
import { statSync } from 'node:fs';
import { DEFAULT_MAX_BYTES } from '../core/analyze';
import { formatCo2eKg, formatGpuHours, formatUSD } from '../core/present/units';
import { BUDGET_EXCEEDED } from '../core/run/budget';
import { memoryPhrase, missingPhrase, summarizeRuns, type IndexedRun, type RunsSummary, type RunTotals } from '../core/workspace/runs';
import type { Invocation } from './args';
import { analyzeWithCompanions, cliLookup } from './companions';
import { budgetOf } from './limits';
import { readConfigFile } from './files';
import { configsUnder } from './walk';

export interface FolderIO {
  out(text: string): void;
  err(text: string): void;
}

const EXIT_OK = 0;
const EXIT_BUDGET = 1;
const EXIT_USAGE = 2;
export const RUNS_SCHEMA_VERSION = 1;

export function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function estimateFolders(invocation: Invocation, io: FolderIO): number {
  let exit = EXIT_OK;
  let skipped = 0;
  const runs: IndexedRun[] = [];
  // Companions (a model named by id, a script's DeepSpeed JSON) are read from disk as `estimate <file>` reads them.
  const lookup = cliLookup([]);
  for (const arg of invocation.files) {
    const folder = isFolder(arg);
    const { files, truncated } = folder ? configsUnder(arg) : { files: [arg], truncated: false };
    if (truncated) io.err(`footprint-lens: ${arg} holds more config files than are read at once; the first ${files.length} were read\n`);
    const before = runs.length;
    for (const file of files) {
      const read = readConfigFile(file, DEFAULT_MAX_BYTES);
      if (!read.ok) {
        io.err(`footprint-lens: ${file} ${read.message}\n`);
        exit = Math.max(exit, EXIT_USAGE);
        continue;
      }
      const analysis = analyzeWithCompanions(read.text, { fileName: file, overrides: invocation.overrides, budgetMs: budgetOf(invocation) }, lookup);
      if (!analysis.format) {
        // Inside a folder, other YAML and JSON is expected; named explicitly, it is a mistake.
        if (folder) skipped += 1;
        else {
          io.err(`footprint-lens: ${file}: not a training config that Footprint Lens recognises\n`);
          exit = Math.max(exit, EXIT_USAGE);
        }
        continue;
      }
      for (const f of analysis.findings.filter((x) => x.code === BUDGET_EXCEEDED)) {
        io.err(`footprint-lens: ${file}: ${f.message}\n`);
        exit = Math.max(exit, EXIT_BUDGET);
      }
      runs.push({ id: file, path: file.split('\\').join('/'), analysis });
    }
    // A folder without a single run is most likely the wrong folder: say so, as for a file that is not a config.
    if (folder && runs.length === before) {
      io.err(`footprint-lens: ${arg} holds no training config that Footprint Lens recognises\n`);
      exit = Math.max(exit, EXIT_USAGE);
    }
  }
  const summary = summarizeRuns(runs);
  io.out(invocation.json ? `${JSON.stringify(summaryJson(summary, skipped), null, 2)}\n` : renderSummary(summary, skipped));
  return exit;
}

function totals(t: RunTotals) {
  return { gpuHours: t.gpuHours, costUSD: t.costUSD, co2eKg: t.co2eKg, runsCounted: t.known, runsNotCounted: t.unknown };
}

function summaryJson(s: RunsSummary, skipped: number) {
  return {
    schemaVersion: RUNS_SCHEMA_VERSION,
    folders: s.folders.map((g) => ({
      folder: g.folder,
      totals: totals(g.totals),
      runs: g.runs.map((r) => ({
        file: r.path,
        format: r.analysis.format,
        gpuHours: r.analysis.projection?.gpuHours?.point ?? null,
        costUSD: r.analysis.projection?.costUSD?.point ?? null,
        co2eKg: r.analysis.projection?.co2eKg?.point ?? null,
        energyKWh: r.analysis.projection?.energyKWh?.point ?? null,
        missing: r.analysis.run?.missing ?? [],
        memory: r.analysis.memory
          ? { bytesPerGpu: r.analysis.memory.busiest.totalBytes, capacityBytes: r.analysis.memory.capacityBytes, gpu: r.analysis.memory.gpu.id, verdict: r.analysis.memory.verdict }
          : null,
      })),
    })),
    totals: totals(s.totals),
    skippedFiles: skipped,
  };
}

const NAME_WIDTH = 44;
const METER_WIDTH = 16;

function row(name: string, cells: string[]): string {
  const left = name.length >= NAME_WIDTH ? `${name} ` : name.padEnd(NAME_WIDTH);
  return `${left}${cells.map((c) => c.padStart(METER_WIDTH)).join('')}`.trimEnd();
}

function meterCells(t: { gpuHours: number; costUSD: number; co2eKg: number }): string[] {
  return [formatGpuHours(t.gpuHours), formatUSD(t.costUSD), formatCo2eKg(t.co2eKg)];
}

function renderSummary(s: RunsSummary, skipped: number): string {
  const count = s.totals.known + s.totals.unknown;
  const out: string[] = [`${count} run${count === 1 ? '' : 's'} in ${s.folders.length} folder${s.folders.length === 1 ? '' : 's'}, most costly first`, ''];
  out.push(`${row('folder / run', ['GPU-hours', 'cost', 'emissions'])}  memory per GPU`);
  for (const g of s.folders) {
    out.push(row(g.folder || '.', g.totals.known > 0 ? meterCells(g.totals) : ['cost unknown']));
    for (const r of g.runs) {
      const p = r.analysis.projection;
      const name = `  ${r.path.slice(r.path.lastIndexOf('/') + 1)}`;
      const memory = memoryPhrase(r.analysis);
      const line =
        p?.gpuHours && p.costUSD && p.co2eKg
          ? row(name, meterCells({ gpuHours: p.gpuHours.point, costUSD: p.costUSD.point, co2eKg: p.co2eKg.point }))
          : `${name.padEnd(NAME_WIDTH)}${missingPhrase(r.analysis) ?? 'cost unknown'}`;
      out.push(memory ? `${line}  ${memory}` : line);
    }
  }
  out.push('', row('total', meterCells(s.totals)));
  const unknown = s.folders.flatMap((g) => g.runs.filter((r) => !(r.analysis.projection?.costUSD && r.analysis.projection.gpuHours && r.analysis.projection.co2eKg)).map((r) => r.path));
  if (unknown.length > 0) out.push(`not counted (an input missing): ${unknown.join(', ')}`);
  if (skipped > 0) out.push(`skipped ${skipped} file${skipped === 1 ? '' : 's'} that ${skipped === 1 ? 'is not a training config' : 'are not training configs'}`);
  return `${out.join('\n')}\n`;
}
