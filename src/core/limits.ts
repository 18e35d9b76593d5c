// The bounds that keep every analysis short whatever the text: how deep a file may nest and the one finding an
// analysis ends with when a bound is hit. No training config comes near these; a hostile or broken file can.
import type { Finding, Span } from './types';

export const TOO_COMPLEX = 'too-complex';

/** Brackets nested deeper than this are refused before parsing: the parsers recurse per level. */
export const MAX_NESTING = 512;

/** The finding an analysis stops with when a bound is hit: one line saying which, never an engine message. */
export function tooComplex(reason: string, span?: Span): Finding {
  return { code: TOO_COMPLEX, severity: 'error', message: `Too complex to analyse: ${reason}.`, ...(span ? { span } : {}) };
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
