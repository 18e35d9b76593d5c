// Reads a CodeCarbon emissions.csv into one measurement: how long the tracked span ran, the energy it used (GPU,
// CPU, RAM, total), its emissions and the GPUs the tracker saw. Columns are matched by name, so files from old
// CodeCarbon versions (no run_id, no per-device energies) and files with reordered columns read the same way.
//
// Several rows: CodeCarbon appends one row per tracker session (stop()), and one row per flush() of the same
// session, each flush cumulative. So rows sharing a run_id are snapshots of one session (the last, longest one is
// kept), and different run_ids (or no run_id column: one row per session) are separate sessions (summed). The
// measurement says which it did.
import { parseCsv } from './csv';

export interface Measurement {
  durationS: number;
  /** energy_consumed: what CodeCarbon counted for the tracked machine (CPU + GPU + RAM), kWh. */
  energyKWh?: number;
  gpuEnergyKWh?: number;
  cpuEnergyKWh?: number;
  ramEnergyKWh?: number;
  emissionsKg?: number;
  /** GPUs the tracker saw (one node's worth when each node runs its own tracker). */
  gpuCount?: number;
  gpuModel?: string;
  codecarbonVersion?: string;
  /** The last row's timestamp, as written. */
  measuredAt?: string;
  rowsRead: number;
  sessions: number;
  /** How the rows became one measurement, in words. */
  combined: string;
}

export type ReadResult = { ok: true; measurement: Measurement } | { ok: false; message: string };

type NumericColumn = 'duration' | 'energy_consumed' | 'gpu_energy' | 'cpu_energy' | 'ram_energy' | 'emissions' | 'gpu_count';
const NUMERIC_COLUMNS: NumericColumn[] = ['duration', 'energy_consumed', 'gpu_energy', 'cpu_energy', 'ram_energy', 'emissions', 'gpu_count'];

interface Row {
  line: number;
  runId?: string;
  timestamp?: string;
  gpuModel?: string;
  version?: string;
  values: Partial<Record<NumericColumn, number>>;
}

/** Decimal numbers only ("1.2e-3", "-0", "42"); anything else (units, words, "NaN", "inf") is garbage. */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function cellNumber(text: string): number | 'empty' | 'bad' {
  const t = text.trim();
  if (t === '') return 'empty';
  if (!NUMBER.test(t)) return 'bad';
  const n = Number(t);
  return Number.isFinite(n) ? n : 'bad';
}

export function readEmissionsCsv(text: string, fileName: string): ReadResult {
  const table = parseCsv(text);
  if (table.error) return { ok: false, message: `${fileName}: ${table.error}` };
  const index = new Map<string, number>();
  table.header.forEach((name, i) => {
    const key = name.toLowerCase();
    if (!index.has(key)) index.set(key, i);
  });
  if (!index.has('duration')) {
    // The header is not quoted back: a file given here by mistake may hold anything.
    return { ok: false, message: `${fileName} has no "duration" column in its first line, so it is not a CodeCarbon emissions.csv` };
  }
  if (!index.has('energy_consumed') && !index.has('gpu_energy')) {
    return { ok: false, message: `${fileName} has neither an "energy_consumed" nor a "gpu_energy" column: no energy to read` };
  }
  if (table.rows.length === 0) return { ok: false, message: `${fileName} has a header but no rows` };

  const rows: Row[] = [];
  for (const [r, cells] of table.rows.entries()) {
    const line = r + 2;
    const text = (column: string): string | undefined => {
      const i = index.get(column);
      const v = i === undefined ? undefined : cells[i]?.trim();
      return v === '' ? undefined : v;
    };
    const row: Row = { line, runId: text('run_id'), timestamp: text('timestamp'), gpuModel: text('gpu_model'), version: text('codecarbon_version'), values: {} };
    for (const column of NUMERIC_COLUMNS) {
      const i = index.get(column);
      if (i === undefined) continue;
      const v = cellNumber(cells[i] ?? '');
      if (v === 'empty') continue;
      if (v === 'bad' || v < 0) return { ok: false, message: `${fileName} row ${line}: ${column} "${(cells[i] ?? '').trim()}" is not a usable number` };
      row.values[column] = v;
    }
    const duration = row.values.duration;
    if (duration === undefined) return { ok: false, message: `${fileName} row ${line}: duration is empty` };
    if (duration <= 0) return { ok: false, message: `${fileName} row ${line}: duration ${duration} s is not a positive time` };
    if (row.values.energy_consumed === undefined && row.values.gpu_energy === undefined) {
      return { ok: false, message: `${fileName} row ${line}: no energy (energy_consumed and gpu_energy are empty)` };
    }
    rows.push(row);
  }

  const sessions = sessionsOf(rows, index.has('run_id'));
  const sum = (column: NumericColumn): number | undefined => {
    let total = 0;
    for (const s of sessions) {
      const v = s.values[column];
      if (v === undefined) return undefined; // one session without it: the total is unknown
      total += v;
    }
    return total;
  };
  const last = rows[rows.length - 1]!;
  const gpuCounts = sessions.map((s) => s.values.gpu_count).filter((n): n is number => n !== undefined && n > 0);
  const measurement: Measurement = {
    durationS: sum('duration') ?? 0,
    energyKWh: sum('energy_consumed'),
    gpuEnergyKWh: sum('gpu_energy'),
    cpuEnergyKWh: sum('cpu_energy'),
    ramEnergyKWh: sum('ram_energy'),
    emissionsKg: sum('emissions'),
    // Sessions of one job see the same machine; the largest count is the one that ran the work.
    gpuCount: gpuCounts.length > 0 ? Math.max(...gpuCounts) : undefined,
    gpuModel: last.gpuModel,
    codecarbonVersion: last.version,
    measuredAt: last.timestamp,
    rowsRead: rows.length,
    sessions: sessions.length,
    combined: describeCombination(rows.length, sessions.length, index.has('run_id')),
  };
  return { ok: true, measurement };
}

/** One row per session: the longest (latest cumulative) row of each run_id, or every row when there is no run_id. */
function sessionsOf(rows: Row[], hasRunId: boolean): Row[] {
  if (!hasRunId) return rows;
  const byRun = new Map<string, Row>();
  for (const row of rows) {
    // A row without a run_id is its own session.
    const key = row.runId ?? `row ${row.line}`;
    const seen = byRun.get(key);
    if (!seen || (row.values.duration ?? 0) >= (seen.values.duration ?? 0)) byRun.set(key, row);
  }
  return [...byRun.values()];
}

function describeCombination(rows: number, sessions: number, hasRunId: boolean): string {
  if (rows === 1) return 'one row';
  if (!hasRunId) return `${rows} rows summed (no run_id column: each row is one tracker session)`;
  if (sessions === 1) return `${rows} rows of one run_id: the last cumulative row taken`;
  if (sessions === rows) return `${rows} runs (run_ids) summed`;
  return `${rows} rows in ${sessions} runs (run_ids): the last cumulative row of each, summed`;
}
