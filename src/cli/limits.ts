// How long the CLI lets one analysis run. Nobody is typing while it runs, so it allows a large legal file (an 8 MB
// YAML on a busy machine) far more than the editor's one second; a pathological one still ends with a finding.
export const CLI_ANALYSIS_BUDGET_MS = 30_000;

/** The time limit of one analysis for this invocation: its --time-limit, or the CLI's default. */
export function budgetOf(invocation: { timeLimitMs?: number }): number {
  return invocation.timeLimitMs ?? CLI_ANALYSIS_BUDGET_MS;
}
