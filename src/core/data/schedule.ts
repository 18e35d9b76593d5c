// The defaults and bounds of carbon-aware timing's inputs, each with where it comes from.

export interface ScheduleConstant {
  value: number;
  min: number;
  max: number;
  unit: string;
  source: string;
  year: number;
}

/** How far the start may be deferred. A week covers the daily cycle and a weather front or two. */
export const SCHEDULE_WINDOW_DAYS: ScheduleConstant = {
  value: 7,
  min: 0,
  max: 365,
  unit: 'days',
  source: 'Product choice: one week, the deferral window the traces were checked with (data/grid-traces/README.md)',
  year: 2026,
};

/** How much longer than running straight through an interruptible run may take to finish. */
export const MAX_STRETCH: ScheduleConstant = {
  value: 1.5,
  min: 1,
  max: 10,
  unit: '× the run',
  source: 'Product choice: half as long again, enough to skip the dirtiest hours of each day',
  year: 2026,
};
