// `footprint-lens gpus` and `footprint-lens regions`: the data tables with their sources, and the check that names
// given on the command line exist in them.
import { findGpu, GPUS, unknownGpuMessage } from '../core/data/gpus';
import { priceFor } from '../core/data/prices';
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
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
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
      price ? price.usdPerGpuHour.toFixed(2) : '-',
      `${g.source} (${g.year})`,
    ];
  });
  return `Dense peak TFLOP/s per precision (not the sparse datasheet headline), rated power, on-demand price\n\n${table(
    ['id', 'name', ...PRECISIONS, 'watts', 'USD/GPU-h', 'source'],
    rows,
  )}`;
}

export function listRegions(): string {
  const rows = REGIONS.map((r) => [r.code, r.name, String(r.gCO2ePerKWh), r.method, `${r.source} (${r.year})`]);
  return `Grid carbon intensity, location-based\n\n${table(['code', 'name', 'gCO2e/kWh', 'method', 'source'], rows)}`;
}
