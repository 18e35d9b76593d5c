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
  return revertedTexts(beforeText, afterText, comparison).flatMap(({ change, text }) => {
    const cost = keyCostOf(change, comparison.after!, analyze(text, options));
    return cost ? [cost] : [];
  });
}

/**
 * The texts keyChangeCosts analyses, one per priced key: the new text with that key put back. The editor analyses
 * them in its workers and prices each with keyCostOf.
 */
export function revertedTexts(beforeText: string, afterText: string, comparison: RunComparison): Array<{ change: KeyChange; text: string }> {
  if (comparison.status !== 'changed' || !comparison.after?.projection) return [];
  const out: Array<{ change: KeyChange; text: string }> = [];
  for (const change of comparison.keys.slice(0, MAX_PRICED_KEYS)) {
    const was = change.before?.valueSpan;
    const now = change.after?.valueSpan;
    if (!was || !now) continue;
    out.push({ change, text: `${afterText.slice(0, now.start)}${beforeText.slice(was.start, was.end)}${afterText.slice(now.end)}` });
  }
  return out;
}

/** The key's share of the change: the new run's meters minus those of the text with only that key put back. */
export function keyCostOf(change: KeyChange, after: Analysis, reverted: Analysis): KeyCost | undefined {
  const without = reverted.projection;
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
