// A memory fix planned for a file the caller holds as text: the file analysed (or the caller's analysis reused), then
// the fix's edits written into it (memory/edit.ts), with the GPU count a fix also sets written as the file's
// `# footprint: gpus=N` annotation (a JSON file takes none: the host sets it as the file's setting).
import { analyze, type Analysis } from '../analyze';
import type { Companion } from '../companions/types';
import { syntaxOf } from '../formats/registry';
import { upsertAnnotation } from '../parse/annotations';
import { deepSpeedFileOf } from './deepspeedJson';
import { planFixSteps, planWrites, type MemoryFixPlan } from './edit';
import type { MemoryFixId } from './types';

export type { MemoryFixPlan } from './edit';

/**
 * The edits of one fix (or of the steps of a combined one, written together). `analysis` is the caller's analysis of this same text, when it has one: the keys are the
 * file's either way, and not analysing the file again keeps a quick-fix request inside the analysis budget (one file
 * analysed once, not once per fix) on a busy machine. `gpus` is the GPU count the fix sets too (MemoryFix.gpus).
 */
export function planMemoryFix(
  text: string,
  fileName: string,
  fix: MemoryFixId | readonly MemoryFixId[],
  analysis: Analysis = analyze(text, { fileName }),
  gpus?: number,
  /** The companions the analysis was given: a DeepSpeed JSON among them takes the ZeRO-stage and offload edits. */
  companions: readonly Companion[] = [],
): MemoryFixPlan {
  if (!analysis.run || !analysis.format) return { edits: [], notes: [], skipped: `${fileName} is not a training config Footprint Lens understands` };
  const plan = planFixSteps(text, analysis.run, analysis.format, typeof fix === 'string' ? [fix] : fix, deepSpeedFileOf(analysis.fileName, analysis.references, companions, analysis.companionsUsed));
  if (gpus === undefined || !planWrites(plan)) return plan;
  const syntax = syntaxOf(text, fileName);
  if (syntax === 'json') return { ...plan, gpuCountSetting: gpus, notes: [...plan.notes, `GPU count: ${gpus} (setting)`] };
  return { ...plan, edits: [...plan.edits, upsertAnnotation(text, syntax, { gpus: String(gpus) })], notes: [...plan.notes, `# footprint: gpus=${gpus}`] };
}
