// A later stage of a multi-stage run (SmolLM3's stage 2 and 3, a long-context extension) resumes from a checkpoint
// and states its steps cumulatively: `train_steps: 4720000` with `resume_checkpoint_path: .../3450000`. Counting
// from step zero would price the earlier stages again; this stage trains only the steps past the checkpoint.
import type { Sourced } from '../types';
import type { RunBuilder } from './builder';

/** The step a checkpoint path ends in: ".../3450000", ".../iter_0003450000", ".../step-3450000/". */
export function checkpointStep(path: string): number | undefined {
  const m = /(?:^|[/_-])(?:iter_|step[_-]?|global_step)?0*(\d{3,})\/?$/.exec(path.trim());
  const n = m ? Number(m[1]) : NaN;
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

/** The steps of this stage when the file resumes from a numbered checkpoint below its cumulative step count. */
export function resumedStage(b: RunBuilder, steps: Sourced<number> | undefined, resumeKey: string): Sourced<number> | undefined {
  const resume = b.entry(resumeKey);
  if (!steps || !resume || typeof resume.value !== 'string') return steps;
  const from = checkpointStep(resume.value);
  if (from === undefined) return steps;
  const fmt = (n: number) => n.toLocaleString('en-US');
  const at = { key: resume.path, from, line: resume.keySpan.line + 1, to: steps.value };
  if (from >= steps.value) {
    b.finding('resumed-stage', { ...at, trainsNothing: true }, resume);
    return steps;
  }
  b.finding('resumed-stage', { ...at, trainsNothing: false }, resume);
  return {
    value: steps.value - from,
    source: 'derived',
    detail: `${steps.detail} less the ${fmt(from)} steps of the checkpoint it resumes from (${resume.path})`,
    span: steps.span,
  };
}
