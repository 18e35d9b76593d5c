// The workspace index at scale: 1,000 configs (the shipped real ones, cycled into sweep folders, each with its own
// step count) written to a temporary folder, indexed by the same RunIndex the Explorer view uses, through Node's
// async fs as the editor uses workspace.fs. Goal: under 5 s on a 2-core machine, never blocking the host for more
// than a slice (the longest stretch between yields is reported too). Prints a table; asserts nothing.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { RunIndex } from '../src/core/workspace/runIndex';
import { summarizeRuns } from '../src/core/workspace/runs';
import { fixtureNames, readFixture } from '../test/unit/helpers/fixtures';

const CONFIGS = 1000;
const GOAL_MS = 5000;
const FOLDERS = 40;

/** A distinct run per copy: a comment naming it, and (where the fixture has one) its own step count. */
function variant(text: string, n: number): string {
  const varied = text.replace(/(max_steps|train_iters|"train-iters"|train-iters)(\s*[:=]\s*)(\d+)(?![\d_])/, (_m, key: string, sep: string, steps: string) => `${key}${sep}${Number(steps) + n}`);
  const comment = text.trimStart().startsWith('{') ? '' : `# sweep run ${n}\n`;
  return `${comment}${varied}`;
}

export async function workspaceIndexBench(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'footprint-bench-index-'));
  try {
    const names = fixtureNames();
    const files: string[] = [];
    for (let i = 0; i < CONFIGS; i++) {
      const name = names[i % names.length]!;
      const folder = join(root, `sweep-${i % FOLDERS}`);
      mkdirSync(folder, { recursive: true });
      const file = join(folder, `${i}-${name.replace(/[\\/]/g, '_')}`);
      writeFileSync(file, variant(readFixture(name), i));
      files.push(file);
    }
    let longestSliceMs = 0;
    let last = performance.now();
    const index = new RunIndex(
      {
        list: async () => files,
        read: (id) => readFile(id, 'utf8'),
        pathOf: (id) => relative(root, id).split(sep).join('/'),
        analyzeOptions: (id) => ({ fileName: id }),
      },
      {
        pause: () =>
          new Promise((resolve) => {
            const now = performance.now();
            longestSliceMs = Math.max(longestSliceMs, now - last);
            setTimeout(() => {
              last = performance.now();
              resolve();
            }, 0);
          }),
      },
    );
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    last = start;
    await index.ready();
    const indexedMs = performance.now() - start;
    const cpu = process.cpuUsage(cpuStart);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const summaryStart = performance.now();
    const summary = summarizeRuns(index.all());
    const summaryMs = performance.now() - summaryStart;
    const runs = summary.totals.known + summary.totals.unknown;
    console.log(`\nWorkspace index: ${CONFIGS.toLocaleString('en-US')} configs in ${FOLDERS} folders (RunIndex, async reads)\n`);
    // Wall time is what a user waits; CPU time is the same work without the other processes sharing the cores.
    console.log('| configs | runs found | indexed in (wall) | CPU time | longest slice | folder totals | goal |');
    console.log('|---|---|---|---|---|---|---|');
    console.log(
      `| ${CONFIGS} | ${runs} | ${(indexedMs / 1000).toFixed(2)} s | ${(cpuMs / 1000).toFixed(2)} s | ${longestSliceMs.toFixed(0)} ms | ${summaryMs.toFixed(1)} ms | ${indexedMs < GOAL_MS ? 'met' : 'missed'} (< 5 s) |`,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
