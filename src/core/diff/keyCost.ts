// What one changed key costs on its own: the new text with only that key put back to its earlier value, analysed
// again; the difference is that key's share of the change ("was 2,000 → +$1.6M"). Pure: texts in, numbers out.
import { analyze, type Analysis, type AnalyzeOptions } from '../analyze';
import type { KeyChange, RunComparison } from './compare';
import { HEADLINE_METERS } from './text';
import type { Meter } from '../whatif/whatif';

/** Beyond this many changed keys (a file rewritten), only the first are priced: each is one more analysis. */
export const MAX_PRICED_KEYS = 24;

export interface KeyCost {
  change: KeyChange;
  /** The change this key alone makes, per headline meter; null where either analysis cannot know the meter. */
  delta: Partial<Record<Meter, number | null>>;
}

/** The changed keys whose reversal moves a headline meter, each with its share; keys that cost nothing are left out. */
export function keyChangeCosts(beforeText: string, afterText: string, comparison: RunComparison, options: AnalyzeOptions): KeyCost[] {
  const after = comparison.after;
  if (comparison.status !== 'changed' || !after?.projection) return [];
  const out: KeyCost[] = [];
  for (const change of comparison.keys.slice(0, MAX_PRICED_KEYS)) {
    const cost = keyChangeCost(beforeText, afterText, change, options, after);
    if (cost) out.push(cost);
  }
  return out;
}

function keyChangeCost(beforeText: string, afterText: string, change: KeyChange, options: AnalyzeOptions, after: Analysis): KeyCost | undefined {
  const was = change.before?.valueSpan;
  const now = change.after?.valueSpan;
  if (!was || !now) return undefined;
  const reverted = `${afterText.slice(0, now.start)}${beforeText.slice(was.start, was.end)}${afterText.slice(now.end)}`;
  const without = analyze(reverted, options).projection;
  const delta: KeyCost['delta'] = {};
  let moved = false;
  for (const m of HEADLINE_METERS) {
    const a = after.projection?.[m]?.point;
    const b = without?.[m]?.point;
    const d = a !== undefined && b !== undefined ? a - b : null;
    delta[m] = d !== null && Number.isFinite(d) ? d : null;
    if (delta[m] !== null && delta[m] !== 0) moved = true;
  }
  return moved ? { change, delta } : undefined;
}
