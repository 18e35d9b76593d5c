// The way out a run that does not fit is offered, as the editor offers it, and whether it works when taken: the
// one-click fix is written into the file and the file read again, so "fits" is what the edited file says, not what
// the fix promised. The README's one-click coverage table (scripts/memory-fix-coverage.ts) is built from this.
import type { Analysis } from '../analyze';
import type { Companion } from '../companions/types';
import { applyEdits } from '../edit/apply';
import { syntaxOf } from '../formats/registry';
import { upsertAnnotation } from '../parse/annotations';
import type { Overrides } from '../types';
import { gpusToFit } from './index';
import { planWrites } from './edit';
import { planMemoryFix } from './plan';
import type { MemoryFix, MemoryVerdict } from './types';

/**
 * The file read again after an edit; `defaults` stand for an editor setting (a JSON file takes no annotation), `texts`
 * for the companions the fix edited (its DeepSpeed JSON), by the name the run cites them by.
 */
export type Reread = (text: string, defaults?: Overrides, texts?: ReadonlyMap<string, string>) => Analysis;

/** What the edited file says when read again. */
export interface AfterClick {
  verdict: MemoryVerdict | 'unknown';
  totalBytes: number | null;
}

export type FixOffer =
  /** A quick fix in the file's own keys (the cheapest that fits, as the will-not-fit diagnostic names it), with the GPU count it needs where the file gives none and more GPUs alone do not fit. */
  | { kind: 'one-click'; fix: MemoryFix; after: AfterClick }
  /** The states are sharded over a GPU count the file leaves open: "Set GPU count to N (fits from there)". */
  | { kind: 'gpu-count'; gpus: number; after: AfterClick }
  /** A fix that fits, which the file cannot take in one click: what to do instead. */
  | { kind: 'by-hand'; fix: MemoryFix; instead: string }
  /** No fix (nor pair) fits: the closest, and by how much it still misses (undefined when there is no fix at all). */
  | { kind: 'none'; closest?: MemoryFix };

/**
 * The fix offered to a run that does not fit (undefined for one that fits or has no memory estimate), in the order
 * the editor offers them: a run whose GPU count is left open gets the count it fits from (its diagnostic's quick fix),
 * else the cheapest one-click fix that fits, else the one to make by hand, else the closest.
 */
export function fixOfferFor(text: string, analysis: Analysis, reread: Reread, companions: readonly Companion[] = []): FixOffer | undefined {
  const m = analysis.memory;
  if (!m || m.verdict !== 'does-not-fit') return undefined;
  if (analysis.findings.some((f) => f.code === 'memory-needs-gpus')) {
    const fit = gpusToFit(m);
    if (fit) return { kind: 'gpu-count', gpus: fit.gpus, after: afterGpuCount(text, analysis.fileName, fit.gpus, reread) };
  }
  const oneClick = m.fixes.find((f) => f.applicable && f.verdict === 'fits');
  if (oneClick) {
    const plan = planMemoryFix(text, analysis.fileName, oneClick.steps, analysis, oneClick.gpus?.gpus, companions);
    const setting = plan.gpuCountSetting === undefined ? undefined : { gpus: plan.gpuCountSetting };
    // The DeepSpeed JSON's edits are read again with the file, as the editor saves both.
    const edited = plan.companions?.length ? new Map(plan.companions.map((c) => [c.fileName, applyEdits(c.text, c.edits)])) : undefined;
    return {
      kind: 'one-click',
      fix: oneClick,
      after: planWrites(plan) ? afterOf(reread(applyEdits(text, plan.edits), setting, edited)) : { verdict: 'unknown', totalBytes: null },
    };
  }
  const byHand = m.fixes.find((f) => f.verdict === 'fits');
  if (byHand) return { kind: 'by-hand', fix: byHand, instead: byHand.instead ?? byHand.change };
  const closest = m.fixes.length > 0 ? m.fixes.reduce((a, b) => (b.totalBytes < a.totalBytes ? b : a)) : undefined;
  return closest ? { kind: 'none', closest } : { kind: 'none' };
}

/** Whether the offer is taken in one click and the file, read again, fits. */
export function worksInOneClick(offer: FixOffer): boolean {
  return (offer.kind === 'one-click' || offer.kind === 'gpu-count') && offer.after.verdict === 'fits';
}

/** The GPU count written as the extension's command writes it: the file's annotation, or the setting for JSON. */
function afterGpuCount(text: string, fileName: string, gpus: number, reread: Reread): AfterClick {
  const syntax = syntaxOf(text, fileName);
  if (syntax === 'json') return afterOf(reread(text, { gpus }));
  return afterOf(reread(applyEdits(text, [upsertAnnotation(text, syntax, { gpus: String(gpus) })])));
}

function afterOf(a: Analysis): AfterClick {
  return a.memory ? { verdict: a.memory.verdict, totalBytes: a.memory.busiest.totalBytes } : { verdict: 'unknown', totalBytes: null };
}
