// What the CLI, the panel and the reports import from the budget planner.
export { budgetPlan, formatComputeShare, hasCaps } from './budget';
export type { BudgetCaps, BudgetPlan, CapKind, CapStatus, Relaxation, RelaxLeverId, TimingOption } from './budget';
