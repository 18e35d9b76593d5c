// The defaults of carbon-aware timing's inputs, each with where it comes from. Names, bounds and docs of the inputs
// themselves are declared once in the inputs registry (src/core/inputs/registry.ts, TIMING_INPUTS).

export interface ScheduleDefault {
  value: number;
  source: string;
  year: number;
}

/** How far the start may be deferred, in days. A week covers the daily cycle and a weather front or two. */
export const SCHEDULE_WINDOW_DAYS: ScheduleDefault = {
  value: 7,
  source: 'Product choice: one week, the deferral window the traces were checked with (data/grid-traces/README.md)',
  year: 2026,
};

/** How much longer than running straight through an interruptible run may take to finish (× its length). */
export const MAX_STRETCH: ScheduleDefault = {
  value: 1.5,
  source: 'Product choice: half as long again, enough to skip the dirtiest hours of each day',
  year: 2026,
};
