// `footprint-lens gpus` and `footprint-lens regions`: the data tables with their sources, and the check that names
// given on the command line exist in them.
import { findGpu, GPUS, unknownGpuMessage } from '../core/data/gpus';
import { priceFor } from '../core/data/prices';
import { GRID_TRACES } from '../core/data/grid-traces';
import { findRegion, knownRegionCodes, REGIONS } from '../core/data/regions';
import type { Overrides, Precision } from '../core/types';
import { UsageError } from './args';

const PRECISIONS: Precision[] = ['fp32', 'tf32', 'fp16', 'bf16', 'fp8'];

/** Throws a UsageError for a --gpu or --region the tables do not know, listing the known names. */
export function checkNames(overrides: Overrides): void {
  if (overrides.gpuType !== undefined && !findGpu(overrides.gpuType)) throw new UsageError(unknownGpuMessage(overrides.gpuType));
  if (overrides.region !== undefined && !findRegion(overrides.region)) {
    throw new UsageError(`Unknown region "${overrides.region}". Known regions: ${knownRegionCodes().join(', ')}.`);
  }
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return `${[line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n')}\n`;
}

export function listGpus(): string {
  const rows = GPUS.map((g) => {
    const price = priceFor(g.id);
    return [
      g.id,
      g.name,
      ...PRECISIONS.map((p) => (g.peakTFlops[p] !== undefined ? String(g.peakTFlops[p]) : '-')),
      String(g.ratedPowerW),
      String(g.memoryGB),
      price ? price.usdPerGpuHour.toFixed(2) : '-',
      `${g.source} (${g.year})`,
    ];
  });
  return `Dense peak TFLOP/s per precision (not the sparse datasheet headline), rated power, memory (the capacity memory per GPU is checked against), on-demand price\n\n${table(['id', 'name', ...PRECISIONS, 'watts', 'memory GB', 'USD/GPU-h', 'source'], rows)}`;
}

export function listRegions(): string {
  const rows = REGIONS.map((r) => [r.code, r.name, String(r.gCO2ePerKWh), r.method, `${r.source} (${r.year})`]);
  return `Grid carbon intensity, location-based\n\n${table(['code', 'name', 'gCO2e/kWh', 'method', 'source'], rows)}\n${listTraces()}`;
}

/** The hourly traces behind `schedule`, each with the regions it stands in for and the credit its licence asks for. */
export function listTraces(): string {
  const rows = GRID_TRACES.map((t) => [t.code, t.name, String(t.year), t.sameGrid.join(' ') || '-', t.standIns.join(' ') || '-', String(t.documentedMissingHours)]);
  const credits = [...new Set(GRID_TRACES.map((t) => t.attribution))].map((a) => {
    const codes = GRID_TRACES.filter((t) => t.attribution === a).map((t) => t.code);
    return `  ${codes.join(', ')}: ${a}.`;
  });
  const licences = [...new Set(GRID_TRACES.map((t) => t.licence))].map((l) => {
    const codes = GRID_TRACES.filter((t) => t.licence === l).map((t) => t.code);
    return `  ${codes.join(', ')}: ${l}.`;
  });
  return (
    `Hourly grid traces for carbon-aware timing (\`footprint-lens schedule\`): one historical year each, a typical-year\n` +
    `estimate, not a forecast. Missing hours are never filled. A stand-in region is only a proxy for the trace's grid:\n` +
    `a ${GRID_TRACES[0]!.caveat.split(';')[0]}.\n\n` +
    table(['trace', 'grid', 'year', 'same grid', 'stand-in for', 'missing h'], rows) +
    `\nSources and required attribution\n${credits.join('\n')}\nLicences (data/grid-traces/NOTICE.md)\n${licences.join('\n')}\n`
  );
}
