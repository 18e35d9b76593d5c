// What one key is worth: the file is re-analysed with that key's literal doubled (the core does all the arithmetic,
// so a layer count moves the parameters, an iteration count the tokens, a node count the wall clock). Pure.
import { analyze, type Analysis, type AnalyzeOptions } from '../core/analyze';
import { formatDurationHours, formatGpuHours } from '../core/present/units';
import type { KeyRole, KeyRef } from '../core/types';

/** Keys whose value drives cost and whose literal can be doubled. */
export const COST_ROLES: ReadonlySet<KeyRole> = new Set<KeyRole>([
  'layers',
  'hiddenSize',
  'ffnHiddenSize',
  'seqLength',
  'microBatch',
  'gradAccum',
  'globalBatch',
  'trainIters',
  'trainSamples',
  'tokens',
  'nodes',
  'gpusPerNode',
  'gpus',
  'experts',
  'topK',
]);

export interface Marginal {
  /** GPU-hours after doubling minus before (may be negative: more GPUs, fewer hours lost to nothing but the clock). */
  gpuHoursDelta: number;
  gpuHoursRatio: number;
  wallClockHoursDelta: number | null;
}

const NUMBER = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/;

/** Undefined when the key has no literal number, or either analysis projects nothing. */
export function marginalOfDoubling(text: string, options: AnalyzeOptions, base: Analysis, key: KeyRef): Marginal | undefined {
  const span = key.valueSpan;
  const before = base.projection?.gpuHours;
  if (!span || !before || before.point <= 0) return undefined;
  const literal = text.slice(span.start, span.end);
  const quote = /^["']/.test(literal) ? literal[0]! : '';
  // Python and shell scripts write 220_000_000; the doubled value is written without separators.
  const bare = (quote ? literal.slice(1, -1) : literal).replace(/(\d)_(?=\d)/g, '$1');
  if (!NUMBER.test(bare)) return undefined;
  const doubled = Number(bare) * 2;
  if (!Number.isFinite(doubled)) return undefined;
  const changed = `${text.slice(0, span.start)}${quote}${formatLike(bare, doubled)}${quote}${text.slice(span.end)}`;
  const after = analyze(changed, options).projection;
  if (!after?.gpuHours) return undefined;
  const wallBefore = base.projection?.wallClockHours?.point;
  const wallAfter = after.wallClockHours?.point;
  return {
    gpuHoursDelta: after.gpuHours.point - before.point,
    gpuHoursRatio: after.gpuHours.point / before.point,
    wallClockHoursDelta: wallBefore !== undefined && wallAfter !== undefined ? wallAfter - wallBefore : null,
  };
}

/** Keeps integers integral and avoids exponent notation for ordinary sizes. */
function formatLike(original: string, n: number): string {
  if (/[eE]/.test(original)) return n.toExponential();
  return Number.isInteger(n) ? n.toFixed(0) : String(n);
}

/** "2× → +184k GPU-h (+100%)" or "2× → same GPU-h, −5 days". */
export function marginalTitle(m: Marginal): string {
  const pct = Math.round((m.gpuHoursRatio - 1) * 100);
  const sign = m.gpuHoursDelta >= 0 ? '+' : '−';
  let title = Math.abs(pct) < 1 ? '2× → same GPU-h' : `2× → ${sign}${formatGpuHours(Math.abs(m.gpuHoursDelta))} (${pct > 0 ? '+' : ''}${pct}%)`;
  if (m.wallClockHoursDelta !== null && Math.abs(m.wallClockHoursDelta) >= 1) {
    title += `, ${m.wallClockHoursDelta >= 0 ? '+' : '−'}${formatDurationHours(Math.abs(m.wallClockHoursDelta))}`;
  }
  return title;
}
