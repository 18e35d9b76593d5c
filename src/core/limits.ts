// The bounds that keep every analysis short whatever the text: how deep a file may nest and the one finding an
// analysis ends with when a bound is hit. No training config comes near these; a hostile or broken file can.
import type { Finding, Span } from './types';
import { finding, type FindingCode } from './present/findings';

export const TOO_COMPLEX = 'too-complex' satisfies FindingCode;

/** Brackets nested deeper than this are refused before parsing: the parsers recurse per level. */
export const MAX_NESTING = 512;

/** The finding an analysis stops with when a bound is hit: one line saying which, never an engine message. */
export function tooComplex(reason: string, span?: Span): Finding {
  return finding(TOO_COMPLEX, { reason }, { span });
}

/** A recursion that ran out of stack: the engine's own message ("Maximum call stack size exceeded") is not shown. */
export function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /call stack/i.test(e.message);
}

export const NESTED_TOO_DEEP = `nested more than ${MAX_NESTING} levels deep`;
/** When the parser itself ran out of stack (its depth limit is the engine's, not ours). */
export const NESTED_TOO_DEEP_TO_READ = 'nested too deeply to read (thousands of levels)';

/**
 * The deepest nesting of [ ] and { } outside strings and comments, in one linear pass, for JSON (with comments).
 * Returns the offset where MAX_NESTING is passed, or -1.
 */
export function jsonNestingExceeded(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i++;
        else if (d === 0x22 || d === 0x0a) break;
      }
    } else if (c === 0x2f /* / */ && text.charCodeAt(i + 1) === 0x2f) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (c === 0x2f && text.charCodeAt(i + 1) === 0x2a /* * */) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > MAX_NESTING) return i;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth = Math.max(0, depth - 1);
    }
  }
  return -1;
}

/**
 * Children of one mapping, list or table read as entries: past this, a section is a dataset list or a sweep, not
 * training settings, and reading it would make a large file cost far more than its parse.
 */
export const MAX_SECTION_CHILDREN = 2000;

/** The finding for a section cut short at MAX_SECTION_CHILDREN. */
export function largeSection(path: string): Finding {
  return finding('large-section', { path, limit: MAX_SECTION_CHILDREN });
}

/** How long one analysis may run in the editor before it stops with a finding (the CLI allows more). */
export const DEFAULT_ANALYSIS_BUDGET_MS = 1000;

/** Thrown by `checkBudget` when the running analysis is past its budget; analyze() turns it into one finding. */
export class BudgetExceeded extends Error {
  constructor(readonly budgetMs: number) {
    super(`analysis ran past its ${budgetMs} ms budget`);
  }
}

interface Budget {
  deadline: number;
  budgetMs: number;
  now: () => number;
  /** Work units left before the next clock read. */
  untilClock: number;
}

/** The budget of the analysis running now (analyses are synchronous, so one at a time per thread). */
let current: Budget | undefined;

/**
 * Work units between two reads of the clock: a checkpoint must cost next to nothing, and the clock must still be read
 * well within the budget (a unit is a character lexed, a key walked, or a character an expansion produced).
 */
const UNITS_PER_CLOCK_READ = 4096;

/**
 * The share of the budget kept for stopping: the step under way when the clock is read past the deadline still
 * finishes, and npm run fuzz measured that last step at up to 135 ms of a 1 s budget (a 262 KB file of control
 * characters, on 2 cores at load 10). Stopping at 80% of the budget keeps the whole analysis, stop included, within it.
 */
export const STOP_MARGIN_SHARE = 0.2;

/** Runs `work` under a time budget; `checkBudget()` inside it throws BudgetExceeded early enough to end within it. */
export function withBudget<T>(budgetMs: number, now: () => number, work: () => T): T {
  const outer = current;
  current = { deadline: now() + budgetMs * (1 - STOP_MARGIN_SHARE), budgetMs, now, untilClock: UNITS_PER_CLOCK_READ };
  try {
    return work();
  } finally {
    current = outer;
  }
}

/** A checkpoint in a loop whose length the input decides, for `units` of work (default one). */
export function checkBudget(units = 1): void {
  const b = current;
  if (!b) return;
  b.untilClock -= units;
  if (b.untilClock > 0) return;
  b.untilClock = UNITS_PER_CLOCK_READ;
  if (b.now() > b.deadline) throw new BudgetExceeded(b.budgetMs);
}

/** A checkpoint between phases of an analysis: reads the clock now. */
export function checkBudgetNow(): void {
  checkBudget(Number.POSITIVE_INFINITY);
}
