// Timing helpers shared by the benchmarks: sorted samples in milliseconds and their percentiles.

/** Runs `fn` `runs` times; the durations in ms, sorted ascending. */
export function timeMs(fn: () => unknown, runs: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

/** `timeMs` for work that ends when its promise settles. */
export async function timeMsAsync(fn: () => Promise<unknown>, runs: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

/** The p-th percentile of sorted samples (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

export function median(sorted: number[]): number {
  return percentile(sorted, 50);
}
