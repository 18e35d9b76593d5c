// What one key is worth: the file is re-analysed with that key's literal doubled (the core does all the arithmetic,
// so a layer count moves the parameters, an iteration count the tokens, a node count the wall clock). The extension
// gives the analyses to its workers (`Analyzer`); without one they run here, as in the unit tests.
import { analyze, type Analysis, type AnalyzeOptions } from '../core/analyze';
import { formatDurationHours, formatGpuHours } from '../core/present/units';
import type { KeyRole, KeyRef, Precision } from '../core/types';

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
  'epochs',
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

/** Who runs a what-if analysis: the extension's workers, or (by default) this thread. */
export type Analyzer = (text: string, options: AnalyzeOptions) => Promise<Analysis>;

const here: Analyzer = async (text, options) => analyze(text, options);

/**
 * Results per analysis: an analysis is of one text under one set of settings, so its what-ifs never change. Lenses
 * resolved again on scroll and the hover on the same key cost nothing after the first time.
 */
const memo = new WeakMap<Analysis, Map<string, Promise<Marginal | undefined>>>();

function remembered<M extends Marginal>(base: Analysis, id: string, compute: () => Promise<M | undefined>): Promise<M | undefined> {
  let byKey = memo.get(base);
  if (!byKey) memo.set(base, (byKey = new Map()));
  if (!byKey.has(id)) byKey.set(id, compute());
  return byKey.get(id) as Promise<M | undefined>;
}

/** The key's value literal, when it is a number that can be doubled in place (cheap: no analysis). */
function literalOf(text: string, key: KeyRef): { quote: string; bare: string } | undefined {
  const span = key.valueSpan;
  if (!span) return undefined;
  const literal = text.slice(span.start, span.end);
  const quote = /^["']/.test(literal) ? literal[0]! : '';
  // Python and shell scripts write 220_000_000; the doubled value is written without separators.
  const bare = (quote ? literal.slice(1, -1) : literal).replace(/(\d)_(?=\d)/g, '$1');
  return NUMBER.test(bare) ? { quote, bare } : undefined;
}

/** True when a doubling lens can be offered for this key (its value is a literal number and the run projects). */
export function canDouble(text: string, base: Analysis, key: KeyRef): boolean {
  return COST_ROLES.has(key.role) && (base.projection?.gpuHours?.point ?? 0) > 0 && literalOf(text, key) !== undefined;
}

/** Undefined when the key has no literal number, or either analysis projects nothing. */
export function marginalOfDoubling(text: string, options: AnalyzeOptions, base: Analysis, key: KeyRef, run: Analyzer = here): Promise<Marginal | undefined> {
  return remembered(base, `double:${key.valueSpan?.start ?? -1}`, () => computeDoubling(text, options, base, key, run));
}

async function computeDoubling(text: string, options: AnalyzeOptions, base: Analysis, key: KeyRef, run: Analyzer): Promise<Marginal | undefined> {
  const span = key.valueSpan;
  const before = base.projection?.gpuHours;
  const lit = literalOf(text, key);
  if (!span || !lit || !before || before.point <= 0) return undefined;
  const { quote, bare } = lit;
  const doubled = Number(bare) * 2;
  if (!Number.isFinite(doubled)) return undefined;
  const changed = `${text.slice(0, span.start)}${quote}${formatLike(bare, doubled)}${quote}${text.slice(span.end)}`;
  const after = (await run(changed, options)).projection;
  if (!after?.gpuHours) return undefined;
  const wallBefore = base.projection?.wallClockHours?.point;
  const wallAfter = after.wallClockHours?.point;
  return {
    gpuHoursDelta: after.gpuHours.point - before.point,
    gpuHoursRatio: after.gpuHours.point / before.point,
    wallClockHoursDelta: wallBefore !== undefined && wallAfter !== undefined ? wallAfter - wallBefore : null,
  };
}

/**
 * Precision cannot be doubled: the lens prices the other usual choice instead (FP8 for a BF16/FP16/FP32 run, BF16 for
 * an FP8 run), through the same override the what-if panel uses, so a GPU without FP8 peak gets no FP8 price.
 */
export function alternativePrecision(current: unknown): Precision {
  return current === 'fp8' ? 'bf16' : 'fp8';
}

export interface PrecisionMarginal extends Marginal {
  precision: Precision;
}

/** Undefined when the run projects nothing, or the alternative precision is not one the GPU has a peak for. */
export function marginalOfPrecision(text: string, options: AnalyzeOptions, base: Analysis, run: Analyzer = here): Promise<PrecisionMarginal | undefined> {
  return remembered(base, 'precision', () => computePrecision(text, options, base, run));
}

async function computePrecision(text: string, options: AnalyzeOptions, base: Analysis, run: Analyzer): Promise<PrecisionMarginal | undefined> {
  const before = base.projection?.gpuHours;
  if (!before || before.point <= 0) return undefined;
  const precision = alternativePrecision(base.run?.precision?.value);
  const after = await run(text, { ...options, overrides: { ...options.overrides, precision } });
  // The core falls back (and says so) when the GPU has no peak at that precision: no lens for a change it ignored.
  if (!after.projection?.gpuHours || after.findings.some((f) => f.code === 'precision-fallback' || f.code === 'no-peak')) return undefined;
  const wallBefore = base.projection?.wallClockHours?.point;
  const wallAfter = after.projection.wallClockHours?.point;
  return {
    precision,
    gpuHoursDelta: after.projection.gpuHours.point - before.point,
    gpuHoursRatio: after.projection.gpuHours.point / before.point,
    wallClockHoursDelta: wallBefore !== undefined && wallAfter !== undefined ? wallAfter - wallBefore : null,
  };
}

/** Keeps integers integral and avoids exponent notation for ordinary sizes. */
function formatLike(original: string, n: number): string {
  if (/[eE]/.test(original)) return n.toExponential();
  return Number.isInteger(n) ? n.toFixed(0) : String(n);
}

/** "2× → +184k GPU-h (+100%)", "FP8 → −192k GPU-h (−17%), −7.82 days" or "2× → same GPU-h, −5 days". */
export function marginalTitle(m: Marginal, change = '2×'): string {
  const pct = Math.round((m.gpuHoursRatio - 1) * 100);
  // One sign, the same typographic minus, for the hours and the percentage.
  const sign = m.gpuHoursDelta >= 0 ? '+' : '−';
  let title = Math.abs(pct) < 1 ? `${change} → same GPU-h` : `${change} → ${sign}${formatGpuHours(Math.abs(m.gpuHoursDelta))} (${sign}${Math.abs(pct)}%)`;
  if (m.wallClockHoursDelta !== null && Math.abs(m.wallClockHoursDelta) >= 1) {
    title += `, ${m.wallClockHoursDelta >= 0 ? '+' : '−'}${formatDurationHours(Math.abs(m.wallClockHoursDelta))}`;
  }
  return title;
}
