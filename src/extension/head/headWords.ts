// The words of the "vs HEAD" lenses and hover, from a comparison. Pure (no vscode), so unit tests read the titles the
// editor shows: "vs HEAD: +412k GPU-h · +$1.6M · +88 tCO2e (+31%)", "was 2,000 → +$1.6M · +412k GPU-h".
import type { KeyChange, RunComparison } from '../../core/diff/compare';
import type { KeyCost } from '../../core/diff/keyCost';
import { headline, inputValue, keyValueText, METER_LABELS, METER_ORDER, meterValue, provenanceText, signedMeter, signedPercent } from '../../core/diff/text';
import { codeSpanText, escapeMarkdown } from '../../core/present/markdownText';

/** Undefined when there is nothing to say (the lens is then left out). */
export function headLensTitle(c: RunComparison): string | undefined {
  const line = headline(c);
  if (c.status === 'added') return line ? `vs HEAD: new run, ${line}` : 'vs HEAD: new run';
  if (c.status !== 'changed') return undefined;
  if (!line) return 'vs HEAD: changed, cost unknown';
  // Keys changed without moving a meter (bf16 written as bf16-mixed): say so rather than print a row of zeros.
  const moved = (['gpuHours', 'costUSD', 'co2eKg'] as const).some((m) => (c.meters[m].delta?.point ?? 0) !== 0);
  return moved ? `vs HEAD: ${line}` : 'vs HEAD: same cost';
}

/** Every meter at HEAD and now, and the compute-optimal verdicts: the lens's tooltip. */
export function headLensTooltip(c: RunComparison): string {
  const lines: string[] = [];
  for (const m of METER_ORDER) {
    const d = c.meters[m];
    if (!d.baseline && !d.after) continue;
    const change = d.delta ? ` (${signedMeter(m, d.delta.point)}${d.fraction ? `, ${signedPercent(d.fraction.point)}` : ''})` : '';
    lines.push(`${METER_LABELS[m]}: ${meterValue(m, d.baseline, 'unknown')} → ${meterValue(m, d.after, 'unknown')}${change}`);
  }
  const { before, after } = c.computeOptimal;
  if (before !== after) lines.push(`compute-optimal: ${before ?? 'unknown'} → ${after ?? 'unknown'}`);
  return lines.join('\n');
}

/** The order a key's own share is written in: money first, as a reviewer asks. */
const KEY_COST_METERS = ['costUSD', 'gpuHours', 'co2eKg'] as const;

function costParts(cost: KeyCost): string[] {
  return KEY_COST_METERS.flatMap((m) => {
    const d = cost.delta[m];
    return d === null || d === undefined ? [] : [signedMeter(m, d)];
  });
}

/** "was 2,000 → +$1.6M · +412k GPU-h": what this key's change alone costs. */
export function keyLensTitle(cost: KeyCost): string {
  return `was ${keyValueText(cost.change.before?.value)} → ${costParts(cost).slice(0, 2).join(' · ')}`;
}

/**
 * The hover on a changed key: its value at HEAD and now (with their lines), what its change alone costs, the run at
 * HEAD and now meter by meter, and the inputs that moved with where each value came from. File text is escaped.
 */
export function headHoverMarkdown(c: RunComparison, change: KeyChange, cost: KeyCost | undefined, commit: string): string {
  const out: string[] = [];
  const at = (line: number | undefined) => (line !== undefined ? ` (line ${line + 1})` : '');
  const short = commit.length > 12 ? commit.slice(0, 7) : commit;
  out.push(`**vs HEAD** (${escapeMarkdown(short)}) · \`${codeSpanText(change.key)}\``);
  out.push(`Was \`${codeSpanText(keyValueText(change.before?.value))}\`${at(change.before?.span.line)} → now \`${codeSpanText(keyValueText(change.after?.value))}\`${at(change.after?.span.line)}.`);
  if (cost) out.push(`This change alone: ${costParts(cost).join(' · ')}.`);
  const rows = ['| | HEAD | now | change |', '|---|--:|--:|--:|'];
  for (const m of METER_ORDER) {
    const d = c.meters[m];
    const delta = d.delta ? `${signedMeter(m, d.delta.point)}${d.fraction ? ` (${signedPercent(d.fraction.point)})` : ''}` : 'unknown';
    rows.push(`| ${METER_LABELS[m]} | ${meterValue(m, d.baseline, 'unknown')} | ${meterValue(m, d.after, 'unknown')} | ${delta} |`);
  }
  out.push(rows.join('\n'));
  if (c.inputs.length > 0) {
    const lines = c.inputs.map(
      (i) =>
        `- ${i.label}: ${escapeMarkdown(inputValue(i.field, i.before))} (${escapeMarkdown(provenanceText(i.before) || 'not set')}) → ` +
        `${escapeMarkdown(inputValue(i.field, i.after))} (${escapeMarkdown(provenanceText(i.after) || 'not set')})`,
    );
    out.push(`**Inputs that changed:**\n\n${lines.join('\n')}`);
  }
  const { before, after } = c.computeOptimal;
  if (before !== after) out.push(`*Compute-optimal:* ${before ?? 'unknown'} → ${after ?? 'unknown'}`);
  return out.join('\n\n');
}
