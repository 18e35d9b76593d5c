// The Hugging Face model-card pieces: the `co2_eq_emissions` metadata block (emissions in GRAMS, as the Hub reads
// it) and the card template's "Environmental Impact" lines. A value that cannot be projected is left out of the
// metadata and shown as "[More Information Needed]" with what is missing, as the template does.
import type { Analysis } from '../analyze';
import { formatCo2eKg, formatGpuHours, formatWithRange } from '../present/units';
import { markdownInline as md } from './markdown-text';
import { assumptionLabel, assumptionValue, energyMethodOf, PROJECTION_NOTICE, provenanceOf, rangeNote, reportFacts, TOOL_NAME } from './facts';

const MORE_INFO = '[More Information Needed]';

/** A YAML double-quoted scalar (JSON strings are valid YAML double-quoted scalars). */
function yamlString(text: string): string {
  return JSON.stringify(text);
}

/** Grams of CO2e as a whole number, as the Hub's `emissions` field expects; null when unknown. */
export function emissionsGrams(analysis: Analysis): number | null {
  const kg = analysis.projection?.co2eKg?.point;
  return typeof kg === 'number' && Number.isFinite(kg) && kg >= 0 ? Math.round(kg * 1000) : null;
}

export function modelCardReport(analysis: Analysis): string {
  const f = reportFacts(analysis);
  const p = analysis.projection;
  const grams = emissionsGrams(analysis);
  const missing = f.missingShort;
  const source = `${TOOL_NAME} projection from the training configuration ${f.file} (not measured)`;
  const out: string[] = ['---', 'co2_eq_emissions:'];
  if (grams !== null) out.push(`  emissions: ${grams}`);
  else out.push(`  # emissions left out: ${missing || 'not projected'}; set them with the report's flags (--params, --tokens, --gpus, --gpu)`);
  out.push(`  source: ${yamlString(source)}`);
  out.push(`  training_type: ${yamlString('pre-training')}`);
  out.push(`  geographical_location: ${yamlString(f.location)}`);
  if (f.hardwareUsed) out.push(`  hardware_used: ${yamlString(f.hardwareUsed)}`);
  out.push('---', '');

  out.push('## Environmental Impact', '');
  out.push(
    `${PROJECTION_NOTICE} ${rangeNote(p)}${rangeNote(p) ? ' ' : ''}Carbon emissions were projected with ${TOOL_NAME} from the training configuration, in the manner of the [Machine Learning Impact calculator](https://mlco2.github.io/impact#compute) presented in [Lacoste et al. (2019)](https://arxiv.org/abs/1910.09700).`,
    '',
  );
  const unknown = (what: string | null) => (what !== null ? md(what) : `${MORE_INFO}${missing ? ` (${md(missing)})` : ''}`);
  out.push(`- **Hardware Type:** ${unknown(f.hardwareUsed)}`);
  out.push(`- **Hours used:** ${unknown(p?.gpuHours ? `${formatWithRange(p.gpuHours, formatGpuHours)} (projected)` : null)}`);
  out.push(`- **Cloud Provider:** ${f.cloudProvider !== null ? md(f.cloudProvider) : MORE_INFO}`);
  out.push(`- **Compute Region:** ${f.region ? md(f.region.name) : `${MORE_INFO} (${md(f.location)})`}`);
  out.push(`- **Carbon Emitted:** ${unknown(p?.co2eKg ? `${formatWithRange(p.co2eKg, formatCo2eKg)} (projected, location-based)` : null)}`);
  out.push('');
  if (f.assumptions.length) {
    out.push('Assumptions of this projection:', '');
    const method = energyMethodOf(f.assumptions);
    if (method) out.push(`- energy method: ${md(method)}`);
    if (p?.mfu) out.push(`- MFU range: ${(p.mfu.low * 100).toFixed(1)}–${(p.mfu.high * 100).toFixed(1)}%`);
    for (const a of f.assumptions) out.push(`- ${md(assumptionLabel(a))}: ${md(assumptionValue(a))} (${md(provenanceOf(a))})`);
    out.push('');
  }
  return out.join('\n');
}
