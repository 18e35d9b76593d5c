// "Footprint: Show Data Sources": every table row the estimates rest on, with its source and year, as Markdown. Pure.
import { GPUS } from '../core/data/gpus';
import { PRICES } from '../core/data/prices';
import { PUES } from '../core/data/pue';
import { REGIONS } from '../core/data/regions';

function cell(v: string | number): string {
  return String(v).replace(/\|/g, '\\|');
}

export function dataSourcesMarkdown(): string {
  const out: string[] = ['# Footprint Lens data sources', '', 'Every number below is used by the estimates; each row names its source and year.', ''];
  out.push('## GPUs', '', '| GPU | BF16 dense TFLOP/s | Rated W | Source | Year |', '|---|---|---|---|---|');
  for (const g of GPUS) out.push(`| ${cell(g.name)} | ${g.peakTFlops.bf16 ?? '–'} | ${g.ratedPowerW} | ${cell(g.source)} | ${g.year} |`);
  out.push('', '## Prices', '', '| GPU | USD / GPU-h | Provider | Kind | Source | Year |', '|---|---|---|---|---|---|');
  for (const p of PRICES) out.push(`| ${cell(p.gpuId)} | ${p.usdPerGpuHour} | ${cell(p.provider)} | ${p.kind} | ${cell(p.source)} | ${p.year} |`);
  out.push('', '## Data-centre PUE', '', '| Facility | PUE | Source | Year |', '|---|---|---|---|');
  for (const p of PUES) out.push(`| ${cell(p.name)} | ${p.pue} | ${cell(p.source)} | ${p.year} |`);
  out.push('', '## Grid carbon intensity', '', '| Code | Region | gCO2e/kWh | Method | Source | Year |', '|---|---|---|---|---|---|');
  for (const r of REGIONS) out.push(`| ${cell(r.code)} | ${cell(r.name)} | ${r.gCO2ePerKWh} | ${r.method} | ${cell(r.source)} | ${r.year} |`);
  out.push('');
  return out.join('\n');
}
