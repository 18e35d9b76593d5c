// The baseline options the webview needs to re-run the host's analysis: the document's settings, cut down to what
// the protocol carries. Values that do not fit its bounds are left out rather than sent and rejected whole.
import { BaselineOptionsSchema, type BaselineOptions } from '../../shared/protocol';
import { INPUTS } from '../../core/inputs/registry';
import type { AnalyzeOptions } from '../../core/analyze';
import type { Overrides } from '../../core/types';

/** Every input goes over (so the panel's baseline is the lenses' run), the caps in their own group. */
export function baselineOptions(
  defaults: Overrides,
  overTrainingThreshold: number | undefined,
  scheduleWindowDays?: number,
  defaultsFrom?: AnalyzeOptions['defaultsFrom'],
  analysisBudgetMs?: number,
): BaselineOptions {
  const picked: Record<string, unknown> = {};
  const budgets: Record<string, number> = {};
  for (const spec of INPUTS) {
    const v = defaults[spec.id];
    if (v === undefined) continue;
    if (spec.group === 'budget') budgets[spec.id] = v as number;
    else picked[spec.id] = v;
  }
  if (defaults.calibration !== undefined) picked.calibration = defaults.calibration;
  const candidate: Record<string, unknown> = { defaults: picked, budgets };
  if (overTrainingThreshold !== undefined) candidate.overTrainingThreshold = overTrainingThreshold;
  if (scheduleWindowDays !== undefined) candidate.scheduleWindowDays = scheduleWindowDays;
  if (analysisBudgetMs !== undefined) candidate.analysisTimeLimitSeconds = analysisBudgetMs / 1000;
  if (defaultsFrom && Object.keys(defaultsFrom).length > 0) candidate.defaultsFrom = defaultsFrom;
  // Drop each value the schema refuses (a PUE of 6 in settings), then parse again; a few rounds at most.
  for (let round = 0; round < 20; round++) {
    const r = BaselineOptionsSchema.safeParse(candidate);
    if (r.success) return withoutStrayWords(r.data);
    // A whole setting goes (defaults.calibration, not just its bad mfu): a part of one would still not fit.
    const path = (r.error.issues[0]?.path ?? []).slice(0, 2);
    if (path.length === 0) break;
    let node: Record<string, unknown> = candidate;
    for (const p of path.slice(0, -1)) node = node[String(p)] as Record<string, unknown>;
    delete node[String(path[path.length - 1])];
  }
  return {};
}

/** The words of a value the schema dropped go too: words for nothing would name a layer no value came from. */
function withoutStrayWords(options: BaselineOptions): BaselineOptions {
  if (!options.defaultsFrom) return options;
  const kept = Object.fromEntries(Object.entries(options.defaultsFrom).filter(([id]) => options.defaults?.[id as keyof typeof options.defaults] !== undefined));
  const { defaultsFrom: _dropped, ...rest } = options;
  return Object.keys(kept).length > 0 ? { ...rest, defaultsFrom: kept } : rest;
}
