// Offset -> line lookups for spans and messages. The line starts are found on the first lookup, not on
// construction: a large file whose parser reports lines itself (JSON, YAML) never pays for the scan.
import type { Span } from '../types';

export class LineIndex {
  private starts: number[] | undefined;

  constructor(private readonly text: string) {}

  private lineStarts(): number[] {
    if (this.starts) return this.starts;
    const starts = [0];
    for (let i = 0; i < this.text.length; i++) if (this.text.charCodeAt(i) === 10) starts.push(i + 1);
    return (this.starts = starts);
  }

  /** 0-based line of an offset. */
  lineOf(offset: number): number {
    const starts = this.lineStarts();
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  span(start: number, end: number): Span {
    return { start, end, line: this.lineOf(start) };
  }
}
