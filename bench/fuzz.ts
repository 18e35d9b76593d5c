// npm run fuzz [-- --runs N --seed S]: analyses N mutated configs (default 10,000, spread over every fixture) and the
// adversarial set, each timed on its own, with the editor's settings (its size limit and one-second time limit).
// Reports the machine and its load, p50, p99 and max per set, the inputs stopped at the time limit (one too-complex
// finding instead of a reading), the slowest inputs, and every failure (a crash, an internal error, a NaN or
// Infinity, a negative or disordered meter). Speed is reported, not asserted (goal: none over 1 s); the exit code is 1
// only for failures.
import { cpus, loadavg } from 'node:os';
import { analyze } from '../src/core/analyze';
import { TOO_COMPLEX } from '../src/core/limits';
import { adversarialInputs, EDITOR_LIMIT_BYTES, mutatedConfigs, type FuzzInput } from '../test/fuzz/corpus';
import { assertSaneAnalysis } from '../test/unit/helpers/sanity';
import { percentile } from './timing';

const GOAL_MS = 1000;
const SLOWEST_SHOWN = 15;

function flag(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) ? v : fallback;
}

interface Timed {
  input: FuzzInput;
  ms: number;
  codes: string;
  /** Stopped at the time limit: one too-complex finding, nothing read. */
  stopped: boolean;
}

function runOne(input: FuzzInput, failures: string[]): Timed {
  const started = performance.now();
  let codes = '';
  try {
    const a = analyze(input.text, { fileName: input.fileName, maxBytes: EDITOR_LIMIT_BYTES });
    const ms = performance.now() - started;
    codes = [...new Set(a.findings.map((f) => f.code))].slice(0, 4).join(', ');
    assertSaneAnalysis(a, input.name);
    return { input, ms, codes, stopped: a.findings.some((f) => f.code === TOO_COMPLEX && /budget/.test(f.message)) };
  } catch (e) {
    failures.push(`${input.name}: ${String((e as Error)?.message ?? e).split('\n')[0]}`);
    return { input, ms: performance.now() - started, codes: 'FAILED', stopped: false };
  }
}

function size(text: string): string {
  return text.length >= 1024 * 1024 ? `${(text.length / 1048576).toFixed(1)} MB` : `${(text.length / 1024).toFixed(1)} KB`;
}

function row(label: string, ts: Timed[]): string {
  const sorted = ts.map((t) => t.ms).sort((a, b) => a - b);
  const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(n < 10 ? 1 : 0)} ms` : '—');
  const over = ts.filter((t) => t.ms > GOAL_MS).length;
  const stopped = ts.filter((t) => t.stopped).length;
  return `| ${label} | ${ts.length} | ${ms(percentile(sorted, 50))} | ${ms(percentile(sorted, 99))} | ${ms(sorted[sorted.length - 1] ?? 0)} | ${over} | ${stopped} |`;
}

function main(): void {
  const runs = flag('runs', 10_000);
  const seed = flag('seed', 15);
  const failures: string[] = [];
  const loadBefore = loadavg()[0]!;
  const started = performance.now();
  const adversarial = adversarialInputs().map((input) => runOne(input, failures));
  const mutated = mutatedConfigs(runs, seed).map((input) => runOne(input, failures));
  const all = [...adversarial, ...mutated];
  const seconds = (performance.now() - started) / 1000;
  const slowest = [...all].sort((x, y) => y.ms - x.ms).slice(0, SLOWEST_SHOWN);
  const over = all.filter((t) => t.ms > GOAL_MS);
  const cores = cpus();

  console.log(`Fuzz: ${mutated.length} mutated configs (seed ${seed}) and ${adversarial.length} adversarial inputs, ${seconds.toFixed(0)} s in all`);
  console.log(`Machine: ${cores.length} × ${cores[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}; load average ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after\n`);
  console.log(`| set | inputs | p50 | p99 | max | over ${GOAL_MS} ms | stopped at the time limit |`);
  console.log('|---|---|---|---|---|---|---|');
  console.log(row('adversarial', adversarial));
  console.log(row('mutated fixtures', mutated));
  console.log(row('all', all));
  console.log(`\nSlowest ${SLOWEST_SHOWN}\n`);
  console.log('| ms | size | input | findings |');
  console.log('|---|---|---|---|');
  for (const t of slowest) console.log(`| ${t.ms.toFixed(0)} | ${size(t.input.text)} | ${t.input.name.replace(/\|/g, '\\|')} | ${t.codes} |`);
  console.log(
    `\nGoal (none over ${GOAL_MS} ms): ${
      over.length === 0
        ? 'met'
        : `missed by ${over.length} input(s): ${over
            .map((t) => `${t.input.name} ${t.ms.toFixed(0)} ms`)
            .slice(0, 10)
            .join('; ')}`
    }.`,
  );
  if (failures.length > 0) {
    console.log(`\n${failures.length} failure(s):`);
    for (const f of failures.slice(0, 50)) console.log(`  ${f}`);
    process.exitCode = 1;
  } else console.log('No crash, no internal error, no NaN or Infinity, no negative or disordered meter.');
}

main();
