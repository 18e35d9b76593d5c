// What the panel and the CLI import from the what-if module.
export { whatIf, whatIfFrom, METERS } from './whatif';
export type { Meter, MeterDelta, WhatIfResult } from './whatif';
export { standardLevers, leversFor } from './levers';
export type { Lever, LeverId } from './levers';
export { regionsComparison, regionsFrom } from './regions';
export type { RegionPlacement } from './regions';
