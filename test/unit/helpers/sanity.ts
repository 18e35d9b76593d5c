// What "never a NaN, never a negative cost" means, checked over a whole analysis.
import assert from 'node:assert/strict';
import type { Analysis } from '../../../src/core/analyze';

/** Every number anywhere in the analysis is finite; meters and their ranges are non-negative and ordered. */
export function assertSaneAnalysis(a: Analysis, context: string): void {
  assert.ok(!a.findings.some((f) => f.code === 'internal-error'), `${context}: internal error: ${a.findings.map((f) => f.message).join('; ')}`);
  const walk = (v: unknown, path: string): void => {
    if (typeof v === 'number') assert.ok(Number.isFinite(v), `${context}: ${path} is ${v}`);
    else if (v && typeof v === 'object') for (const [k, c] of Object.entries(v)) walk(c, `${path}.${k}`);
  };
  walk({ run: a.run, projection: a.projection, computeOptimal: a.computeOptimal }, 'analysis');
  const p = a.projection;
  if (!p) return;
  for (const [name, r] of Object.entries({ gpuHours: p.gpuHours, wallClockHours: p.wallClockHours, energyKWh: p.energyKWh, co2eKg: p.co2eKg, costUSD: p.costUSD })) {
    if (!r) continue;
    assert.ok(r.low >= 0 && r.point >= r.low && r.high >= r.point, `${context}: ${name} range ${r.low}/${r.point}/${r.high}`);
  }
}
