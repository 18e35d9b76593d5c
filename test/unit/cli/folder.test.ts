// `footprint-lens estimate <folder>` on a folder of real configs laid out as sweeps: every run found, grouped by
// folder with totals that are the sums of what `estimate` projects for each file, other files skipped and counted.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatUSD } from '../../../src/core/present/units';
import { runCli } from '../helpers/cli';
import { readFixture } from '../helpers/fixtures';

describe('footprint-lens estimate <folder>', () => {
  let root: string;
  const put = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'footprint-folder-'));
    put('sweep-lr/a.yaml', readFixture('NeMo-Framework-Launcher/llama3_1_8b.yaml'));
    put('sweep-lr/b.yaml', readFixture('NeMo-Framework-Launcher/llama2_70b.yaml'));
    put('olmo.yaml', readFixture('OLMo/OLMo-1B.yaml'));
    put('models/deepseek.json', readFixture('DeepSeek-V3/config_671B.json'));
    put('.github/workflows/ci.yml', 'on: push\njobs: {}\n');
    put('node_modules/pkg/config.yaml', readFixture('OLMo/OLMo-1B.yaml'));
    put('notes.md', '# not a config\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const single = (rel: string) => JSON.parse(runCli('estimate', join(root, rel), '--gpu', 'A100-80GB', '--json').out) as { projection: { costUSD: number; gpuHours: number } | null };

  it('sums every run by folder, most costly first, as estimate projects each file', () => {
    const r = runCli('estimate', root, '--gpu', 'A100-80GB', '--json');
    assert.equal(r.code, 0, r.err);
    const json = JSON.parse(r.out);
    assert.equal(json.schemaVersion, 1);
    const folders = json.folders.map((f: { folder: string }) => f.folder.slice(root.length + 1));
    assert.deepEqual(folders.slice(0, 2), ['sweep-lr', ''], 'the sweep costs more than the root');
    assert.ok(!folders.includes('node_modules/pkg'), 'dependencies are not runs');
    const sweep = json.folders[0];
    assert.deepEqual(
      sweep.runs.map((x: { file: string }) => x.file.slice(root.length + 1)),
      ['sweep-lr/b.yaml', 'sweep-lr/a.yaml'],
    );
    assert.equal(sweep.totals.costUSD, single('sweep-lr/a.yaml').projection!.costUSD + single('sweep-lr/b.yaml').projection!.costUSD);
    assert.equal(json.totals.runsCounted, 3);
    assert.equal(json.totals.runsNotCounted, 1, 'the model config without a training length');
    assert.equal(json.skippedFiles, 1, 'the workflow');
  });

  it('prints a table a person reads: each folder with its total, its runs, the grand total, and what was left out', () => {
    const r = runCli('estimate', root, '--gpu', 'A100-80GB');
    assert.equal(r.code, 0, r.err);
    const lines = r.out.split('\n');
    assert.match(lines[0]!, /^4 runs in 3 folders, most costly first$/);
    const b = single('sweep-lr/b.yaml').projection!;
    const a = single('sweep-lr/a.yaml').projection!;
    const sweepLine = lines.find((l) => l.startsWith(join(root, 'sweep-lr')))!;
    assert.ok(sweepLine.includes(formatUSD(a.costUSD + b.costUSD)), sweepLine);
    assert.ok(lines.findIndex((l) => l.startsWith('  b.yaml')) < lines.findIndex((l) => l.startsWith('  a.yaml')), 'the costlier run first');
    assert.match(r.out, /^ {2}deepseek\.json +needs the training length, the GPU count/m);
    assert.match(r.out, /^total +[\d.]+[kM] GPU-h +\$[\d.]+[kM] +[\d.]+k? tCO2e$/m);
    assert.match(r.out, /not counted \(an input missing\): .*models\/deepseek\.json/);
    assert.match(r.out, /skipped 1 file that is not a training config/);
  });

  it('gives each run its memory per GPU and verdict, in the table and the JSON', () => {
    const json = JSON.parse(runCli('estimate', root, '--gpu', 'A100-80GB', '--json').out);
    const runs = json.folders.flatMap((f: { runs: unknown[] }) => f.runs) as Array<{ file: string; memory: { bytesPerGpu: number; capacityBytes: number; verdict: string } | null }>;
    const b = runs.find((x) => x.file.endsWith('sweep-lr/b.yaml'))!;
    assert.ok(b.memory && b.memory.bytesPerGpu > 0 && b.memory.capacityBytes === 80 * 2 ** 30, JSON.stringify(b.memory));
    assert.ok(['fits', 'tight', 'does-not-fit'].includes(b.memory.verdict));
    assert.equal(runs.find((x) => x.file.endsWith('deepseek.json'))!.memory, null, 'no batch: no memory estimate, and no verdict made up');
    const table = runCli('estimate', root, '--gpu', 'A100-80GB').out;
    assert.match(table, /^folder \/ run .* memory per GPU$/m);
    assert.match(table, /^ {2}b\.yaml .*tCO2e {2}(≈ \d+ GB\/GPU of 80 GB · (fits|tight \(\d+%\))|✗ \d+ GB\/GPU on A100 SXM 80GB: \d+ GB over)$/m);
  });

  it('still refuses a named file that is not a config, and exits 1 over a budget', () => {
    const bad = runCli('estimate', root, join(root, 'notes.md'));
    assert.equal(bad.code, 2);
    const over = runCli('estimate', root, '--gpu', 'A100-80GB', '--max-usd', '1000');
    assert.equal(over.code, 1);
    assert.match(over.err, /sweep-lr\/b\.yaml: Projected cost/);
  });
});
