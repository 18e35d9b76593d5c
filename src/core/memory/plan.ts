// A memory fix planned for a file the caller holds as text: the file analysed (or the caller's analysis reused), then
// the fix's edits written into it (memory/edit.ts).
import { analyze, type Analysis } from '../analyze';
import { planFixSteps, type MemoryFixPlan } from './edit';
import type { MemoryFixId } from './types';

export type { MemoryFixPlan } from './edit';

/**
 * The edits of one fix (or of the steps of a combined one, written together). `analysis` is the caller's analysis of this same text, when it has one: the keys are the
 * file's either way, and not analysing the file again keeps a quick-fix request inside the analysis budget (one file
 * analysed once, not once per fix) on a busy machine.
 */
export function planMemoryFix(text: string, fileName: string, fix: MemoryFixId | readonly MemoryFixId[], analysis: Analysis = analyze(text, { fileName })): MemoryFixPlan {
  if (!analysis.run || !analysis.format) return { edits: [], notes: [], skipped: `${fileName} is not a training config Footprint Lens understands` };
  return planFixSteps(text, analysis.run, analysis.format, typeof fix === 'string' ? [fix] : fix);
}
