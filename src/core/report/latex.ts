// The ML CO2 Impact-style paragraph papers use (Lacoste et al. 2019): where it ran, the hours on which hardware,
// the emissions, and how they were estimated, worded as a projection, with every LaTeX special character escaped.
import type { Analysis } from '../analyze';
import { formatCount } from '../present/units';
import { assumptionLabel, assumptionValue, energyMethodOf, reportFacts, TOOL_NAME } from './facts';

const SPECIALS: Record<string, string> = {
  '\\': '\\textbackslash{}',
  '&': '\\&',
  '%': '\\%',
  $: '\\$',
  '#': '\\#',
  _: '\\_',
  '{': '\\{',
  '}': '\\}',
  '~': '\\textasciitilde{}',
  '^': '\\textasciicircum{}',
  '×': '$\\times$',
  '·': '$\\cdot$',
  '–': '--',
  '—': '---',
  '→': '$\\rightarrow$',
  '≈': '$\\approx$',
};

/** Text (from a config, a table or our own words) made safe for LaTeX. */
export function escapeLatex(text: string): string {
  // A line break would be a space at best and, doubled, end the paragraph inside a command's argument.
  return text.replace(/[\r\n]+/g, ' ').replace(/[\\&%$#_{}~^×·–—→≈]/g, (c) => SPECIALS[c] ?? c);
}

/** A number to three significant digits with thousands separators: 2732964.8 → "2,730,000"; 0.0561 → "0.0561". */
function amount(n: number): string {
  return Number(n.toPrecision(3)).toLocaleString('en-US', { maximumFractionDigits: 4 });
}

export function latexReport(analysis: Analysis): string {
  const f = reportFacts(analysis);
  const p = analysis.projection;
  const e = escapeLatex;
  const parts: string[] = [];
  parts.push(`% ${e(`${TOOL_NAME} projection for ${f.file}: projected from the training configuration, not measured.`)}`);
  const grid = p?.assumptions.find((a) => a.name === 'gridGPerKWh');
  const where =
    f.cloudProvider && f.region
      ? `using ${f.cloudProvider} in region ${f.region.code.replace(/^(aws|azure):/, '')}`
      : f.region
        ? `in ${f.region.name}`
        : 'in an unspecified location (world-average grid assumed)';
  const carbonEfficiency = typeof grid?.value === 'number' ? `, which has a carbon efficiency of ${amount(grid.value / 1000)} kgCO$_2$eq/kWh` : '';
  const sentences: string[] = [];
  sentences.push(`Experiments were conducted ${e(where)}${carbonEfficiency}.`);
  if (p?.gpuHours && f.gpu) {
    const h = p.gpuHours;
    sentences.push(
      `A cumulative of ${amount(h.point)} hours of computation (projected; range ${amount(h.low)}--${amount(h.high)} GPU-hours) was performed on hardware of type ${e(f.gpu.name)} (TDP of ${f.gpu.ratedPowerW}W)${f.gpuCount ? `, ${f.gpuCount} GPUs in parallel` : ''}.`,
    );
  } else {
    sentences.push(`The hours of computation could not be projected: ${e(f.missingShort || 'see the findings')}.`);
  }
  if (p?.co2eKg) {
    const c = p.co2eKg;
    sentences.push(`Total emissions are estimated to be ${amount(c.point)} kgCO$_2$eq (range ${amount(c.low)}--${amount(c.high)}), location-based, of which none are counted as offset.`);
  } else {
    sentences.push(`Total emissions could not be estimated: ${e(f.missingShort || 'see the findings')}.`);
  }
  const method = energyMethodOf(f.assumptions);
  const assumptions = f.assumptions
    .filter((a) => a.name !== 'flopsFormula')
    .map((a) => `${assumptionLabel(a)} ${assumptionValue(a)}`)
    .join(', ');
  const mfuRange = p?.mfu ? ` (MFU range ${formatPercent(p.mfu.low)}--${formatPercent(p.mfu.high)})` : '';
  sentences.push(
    `Estimations were conducted using ${TOOL_NAME} as a projection from the training configuration, not a measurement, in the manner of the \\href{https://mlco2.github.io/impact\\#compute}{Machine Learning Impact calculator} presented in \\cite{lacoste2019quantifying}${assumptions ? `, assuming ${e(assumptions)}${mfuRange}` : ''}${method ? `; energy method: ${e(method)}` : ''}.`,
  );
  if (p?.energyKWh) sentences.push(`The projected energy use is ${e(formatCount(p.energyKWh.point))} kWh including data-centre overhead (PUE).`);
  parts.push(sentences.join(' '));
  return `${parts.join('\n')}\n`;
}

function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(0)}\\%`;
}
