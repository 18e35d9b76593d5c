// What the CLI, the panel and the planner import for carbon-aware timing.
export { parseGridTrace, describeGaps, gapRuns, hourLabel, MS_PER_HOUR } from './trace';
export type { GridTrace, GapRun, TraceParse } from './trace';
export { schedule, paretoFront, traceHourOf } from './scheduler';
export type { Schedule, ScheduleRequest, ScheduleResult, StartOption, InterruptiblePlan, ParetoPoint, Segment } from './scheduler';
export { scheduleRun, placeOnEachTrace, resolveTrace, tracedRegionsText } from './run';
export { formatDelay, scheduleSummary, startDateText, submitHour, timingOption, traceHourText, typicalYearNote } from './describe';
export type { RunSchedule, RunScheduleRequest, RunScheduleResult, TracePlacement, TraceLookup } from './run';
