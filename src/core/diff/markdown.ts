// The pull-request comment: one heading with what the change adds in total, a table per changed run (meter, before,
// after, change), the compute-optimal verdict on each side, the inputs that moved (with where each value came from),
// and the budget gates. A hidden marker lets the Action find and update its own comment instead of adding another.
// Everything read from a file is escaped: a config cannot inject a link, HTML or an @-mention into the comment.
import { FORMAT_LABELS, MISSING_HINTS } from '../present/labels';
import { escapeMarkdown, markdownCode } from '../present/markdownText';
import type { Analysis } from '../analyze';
import type { RunComparison } from './compare';
import type { GateResult } from './gates';
import { totalChange } from './gates';
import { HEADLINE_METERS, inputValue, METER_LABELS, METER_ORDER, meterValue, provenanceText, signedMeter, signedPercent } from './text';

/** The first line of every comment the tool writes: how the Action recognises its own comment. */
export const COMMENT_MARKER = '<!-- footprint-lens:diff -->';

const STATUS_WORDS: Record<RunComparison['status'], string> = {
  changed: 'changed',
  unchanged: 'same cost',
  added: 'new run',
  removed: 'run removed',
  broken: 'cannot be analysed',
  'not-a-config': 'not a training config',
};

export interface DiffMarkdownOptions {
  /** What the runs were compared with, for the heading: "main", "HEAD", a commit. */
  baseLabel?: string;
  gates?: GateResult[];
}

export function diffMarkdown(comparisons: readonly RunComparison[], options: DiffMarkdownOptions = {}): string {
  const lines: string[] = [COMMENT_MARKER];
  const shown = comparisons.filter((c) => c.status !== 'unchanged' && c.status !== 'not-a-config');
  const same = comparisons.filter((c) => c.status === 'unchanged');
  const against = options.baseLabel ? ` against ${markdownCode(options.baseLabel)}` : '';
  lines.push(`## Footprint Lens: ${totalLine(shown)}${against}`, '');
  if (shown.length === 0) lines.push(same.length === 0 ? 'No training config changed.' : 'No change to the cost of any run.', '');
  for (const c of shown) lines.push(...runSection(c), '');
  if (same.length > 0) lines.push(`Same cost: ${same.map((c) => markdownCode(c.fileName)).join(', ')}.`, '');
  if (options.gates && options.gates.length > 0) lines.push(...gateLines(options.gates), '');
  lines.push('<sub>Projections by Footprint Lens from the configs alone (point values; `footprint-lens diff --json` gives the ranges). Every input says where it came from.</sub>');
  return `${lines.join('\n')}\n`;
}

/** "+412k GPU-h · +$1.6M · +88 tCO2e over 2 runs" (what the whole change adds). */
function totalLine(shown: readonly RunComparison[]): string {
  if (shown.length === 0) return 'no cost change';
  const parts: string[] = [];
  for (const m of HEADLINE_METERS) {
    const { total, unknown } = totalChange(shown, m);
    if (unknown.length < shown.length) parts.push(signedMeter(m, total));
  }
  const runs = `${shown.length} run${shown.length === 1 ? '' : 's'}`;
  return parts.length > 0 ? `${parts.join(' · ')} over ${runs}` : `${runs} changed, cost unknown`;
}

function runSection(c: RunComparison): string[] {
  const side = c.after ?? c.before;
  const format = side?.format ? ` · ${FORMAT_LABELS[side.format]}` : '';
  const out = [`### ${markdownCode(c.fileName)}${format} · ${STATUS_WORDS[c.status]}`, ''];
  if (c.status === 'broken') {
    out.push(`The new version could not be analysed: ${escapeMarkdown(c.problem ?? 'unknown error')}`);
    return out;
  }
  if (c.problem) out.push(`⚠️ The new version has an error; the figures use what could be read before it: ${escapeMarkdown(c.problem)}`, '');
  out.push('| meter | before | after | change |', '|---|--:|--:|--:|');
  for (const m of METER_ORDER) {
    const d = c.meters[m];
    const before = c.before === null || c.status === 'added' ? 'none' : meterValue(m, d.baseline, missingText(c.before));
    const after = c.after === null || c.status === 'removed' ? 'none' : meterValue(m, d.after, missingText(c.after));
    const change = d.delta ? `${signedMeter(m, d.delta.point)}${d.fraction ? ` (${signedPercent(d.fraction.point)})` : ''}` : 'unknown';
    out.push(`| ${METER_LABELS[m]} | ${before} | ${after} | ${change} |`);
  }
  out.push('');
  const { before: coBefore, after: coAfter } = c.computeOptimal;
  if (coBefore !== undefined || coAfter !== undefined) {
    const text = coBefore === coAfter ? `${coAfter} (unchanged)` : `${coBefore ?? 'unknown'} → ${coAfter ?? 'unknown'}`;
    out.push(`**Compute-optimal:** ${text}`);
  }
  const { before: memBefore, after: memAfter } = c.memory;
  if (memBefore !== undefined || memAfter !== undefined) {
    const text = memBefore === memAfter ? `${memAfter} (unchanged)` : `${memBefore ?? 'unknown'} → ${memAfter ?? 'unknown'}`;
    out.push('', `**Memory per GPU:** ${escapeMarkdown(text)}`);
  }
  if (c.inputs.length > 0) {
    out.push('', `<details><summary>Inputs that changed (${c.inputs.length})</summary>`, '');
    out.push('| input | before | after | where the new value comes from |', '|---|--:|--:|---|');
    for (const i of c.inputs) {
      const from = i.after ? escapeMarkdown(provenanceText(i.after)) : escapeMarkdown(provenanceText(i.before));
      out.push(`| ${i.label} | ${escapeMarkdown(inputValue(i.field, i.before))} | ${escapeMarkdown(inputValue(i.field, i.after))} | ${from} |`);
    }
    out.push('', '</details>');
  }
  return out;
}

/** Why a side has no value: the missing inputs it needs, in a few words. */
function missingText(a: Analysis | null): string {
  const missing = a?.run?.missing ?? [];
  if (missing.length === 0) return 'unknown';
  return `unknown (needs ${missing.map((m) => MISSING_HINTS[m].split(':')[0]).join(', ')})`;
}

function gateLines(gates: readonly GateResult[]): string[] {
  const out = ['**Budget gates**', ''];
  for (const g of gates) {
    out.push(`- ${g.exceeded ? '❌' : '✅'} ${escapeMarkdown(g.reason)}`);
    if (g.unknown.length > 0) out.push(`  - not counted (${METER_LABELS[g.meter]} unknown): ${g.unknown.map(markdownCode).join(', ')}`);
  }
  return out;
}
