// The interruptible policy at every stretch cap at once: for each horizon H (hours from now within which the run must
// finish), the run's hours go to the cleanest known hours among the first H. Growing H by one hour adds one candidate,
// so a max-heap of the hours chosen so far gives every horizon in O(H log W) instead of sorting each horizon anew.
// It picks exactly what the sort in scheduler.ts picks (the cleanest first, the earlier among equal intensities).

export interface CurvePoint {
  horizonHours: number;
  /** Grams per kWh summed over the chosen hours (the partial hour weighted by its share). */
  gramHours: number;
  /** Hours from now until the last chosen hour is done. */
  finishHours: number;
}

interface Pick {
  delay: number;
  g: number;
}

/** a is worse than b: dirtier, or as dirty and later (so it is the first to give way). */
function worse(a: Pick, b: Pick): boolean {
  return a.g > b.g || (a.g === b.g && a.delay > b.delay);
}

class WorstFirstHeap {
  readonly items: Pick[] = [];

  get size(): number {
    return this.items.length;
  }

  top(): Pick {
    return this.items[0]!;
  }

  push(p: Pick): void {
    const a = this.items;
    a.push(p);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!worse(a[i]!, a[parent]!)) break;
      [a[i], a[parent]] = [a[parent]!, a[i]!];
      i = parent;
    }
  }

  /** Replaces the worst pick with `p` (which must be better). */
  replaceTop(p: Pick): void {
    const a = this.items;
    a[0] = p;
    let i = 0;
    for (;;) {
      const [l, r] = [2 * i + 1, 2 * i + 2];
      let w = i;
      if (l < a.length && worse(a[l]!, a[w]!)) w = l;
      if (r < a.length && worse(a[r]!, a[w]!)) w = r;
      if (w === i) break;
      [a[i], a[w]] = [a[w]!, a[i]!];
      i = w;
    }
  }
}

/**
 * For every horizon from `firstHorizon` to `lastHorizon`, the interruptible plan's carbon (as gram-hours) and finish;
 * horizons with fewer known hours than the run needs are left out. `at(d)` is the intensity d hours after now.
 */
export function interruptibleCurve(at: (delay: number) => number | null, runHours: number, firstHorizon: number, lastHorizon: number): CurvePoint[] {
  const whole = Math.floor(runHours);
  const part = runHours - whole;
  const needed = whole + (part > 0 ? 1 : 0);
  const heap = new WorstFirstHeap();
  let sum = 0;
  let last: Pick | null = null;
  const out: CurvePoint[] = [];
  for (let d = 0; d < lastHorizon; d++) {
    const g = at(d);
    if (g !== null) {
      const p = { delay: d, g };
      if (heap.size < needed) {
        heap.push(p);
        sum += g;
        last = p;
      } else if (worse(heap.top(), p)) {
        sum += g - heap.top().g;
        heap.replaceTop(p);
        last = p;
      }
    }
    const horizon = d + 1;
    if (horizon < firstHorizon || heap.size < needed || !last) continue;
    // The worst chosen hour is the one run only in part (its start), as in the sort.
    const top = heap.top();
    const gramHours = part > 0 ? sum - (1 - part) * top.g : sum;
    const finishHours = last.delay + (part > 0 && top === last ? part : 1);
    out.push({ horizonHours: horizon, gramHours, finishHours });
  }
  return out;
}
