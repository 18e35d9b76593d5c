// What the CLI, the Action and the editor import from the comparison module.
export { compareAnalyses } from './compare';
export type { ComparisonStatus, InputChange, KeyChange, RunComparison } from './compare';
export { checkIncreaseGates, totalChange, GATES } from './gates';
export type { GateResult, IncreaseCaps } from './gates';
export { COMMENT_MARKER, diffMarkdown } from './markdown';
export { diffToJson, DIFF_SCHEMA_VERSION } from './json';
export type { DiffJson } from './json';
export { headline, signedMeter, signedPercent } from './text';
export { keyChangeCosts, MAX_PRICED_KEYS } from './keyCost';
export type { KeyCost } from './keyCost';
