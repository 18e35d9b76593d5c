// Every run of a workspace on real configs: grouped by folder with totals that are the sums of their runs, sorted by
// cost, runs without a cost listed last and never counted as zero; the index lazy, sliced, and kept current.
import assert from 'node:assert/strict';
import { analyze } from '../../../src/core/analyze';
import { configLanguageOf, isConfigPath } from '../../../src/core/workspace/files';
import { RunIndex, type IndexHost } from '../../../src/core/workspace/runIndex';
import { folderOf, summarizeRuns, type IndexedRun } from '../../../src/core/workspace/runs';
import { readFixture } from '../helpers/fixtures';

const gpu = { gpuType: 'A100-80GB' };

function run(path: string, fixture: string): IndexedRun {
  return { id: path, path, analysis: analyze(readFixture(fixture), { fileName: fixture, overrides: gpu }) };
}

describe('the runs of a workspace', () => {
  const runs = [
    run('sweeps/lr/small.yaml', 'NeMo-Framework-Launcher/llama3_1_8b.yaml'),
    run('sweeps/lr/big.yaml', 'NeMo-Framework-Launcher/llama2_70b.yaml'),
    run('sweeps/lr/no-gpus.json', 'DeepSeek-V3/config_671B.json'),
    run('olmo.yaml', 'OLMo/OLMo-1B.yaml'),
    run('ci/workflow.yml', 'OLMo/OLMo-1B.yaml'),
  ];
  runs[4] = { ...runs[4]!, analysis: analyze('on: push\njobs: {}\n', { fileName: '.github/workflows/ci.yml' }) };

  it('groups by folder, sums each folder, and sorts folders and runs by cost with unknown costs last', () => {
    const s = summarizeRuns(runs);
    assert.deepEqual(
      s.folders.map((g) => g.folder),
      ['sweeps/lr', ''],
      'the workflow is not a run',
    );
    const [sweep, root] = s.folders as [NonNullable<(typeof s.folders)[0]>, NonNullable<(typeof s.folders)[0]>];
    assert.deepEqual(
      sweep.runs.map((r) => r.path),
      ['sweeps/lr/big.yaml', 'sweeps/lr/small.yaml', 'sweeps/lr/no-gpus.json'],
    );
    const cost = (r: IndexedRun) => r.analysis.projection!.costUSD!.point;
    assert.equal(sweep.totals.costUSD, cost(sweep.runs[0]!) + cost(sweep.runs[1]!));
    assert.equal(sweep.totals.known, 2);
    assert.equal(sweep.totals.unknown, 1, 'the config without a cost is counted as unknown, not as zero');
    assert.equal(s.totals.costUSD, sweep.totals.costUSD + root.totals.costUSD);
    assert.equal(s.totals.gpuHours, sweep.totals.gpuHours + root.totals.gpuHours);
    assert.equal(s.totals.co2eKg, sweep.totals.co2eKg + root.totals.co2eKg);
  });

  it('knows a config by its name as the editor does', () => {
    for (const p of ['a/b.yaml', 'x.YML', 'ds.json', 'c.jsonc', 'run.sh', 'tr11.slurm', 'job.sbatch', 'titan.toml']) assert.ok(isConfigPath(p), p);
    for (const p of ['README.md', 'model.py', 'yaml', 'a.yaml/b.txt']) assert.ok(!isConfigPath(p), p);
    assert.equal(configLanguageOf('tr11-176B-ml.slurm'), 'shellscript');
    assert.equal(folderOf('a/b/c.yaml'), 'a/b');
    assert.equal(folderOf('c.yaml'), '');
  });
});

describe('the workspace index', () => {
  function host(files: Record<string, string>, reads: string[] = []): IndexHost {
    return {
      list: async () => Object.keys(files),
      read: async (id) => {
        reads.push(id);
        return files[id];
      },
      pathOf: (id) => id,
      analyzeOptions: (id) => ({ fileName: id, overrides: gpu }),
    };
  }

  it('reads nothing until asked, then every file once', async () => {
    const reads: string[] = [];
    const index = new RunIndex(host({ 'a.yaml': readFixture('OLMo/OLMo-1B.yaml'), 'b.md': 'text' }, reads));
    assert.equal(index.started, false);
    assert.deepEqual(index.all(), []);
    await index.refresh('a.yaml');
    assert.deepEqual(reads, [], 'a watcher event before the first build reads nothing');
    await Promise.all([index.ready(), index.ready()]);
    assert.deepEqual(reads.sort(), ['a.yaml', 'b.md']);
    assert.deepEqual(
      index.all().map((r) => r.path),
      ['a.yaml'],
      'only configs are runs',
    );
  });

  it('yields between slices, so the host is never held for the whole build', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 20; i++) files[`r${i}.yaml`] = readFixture('OLMo/OLMo-1B.yaml');
    let pauses = 0;
    let clock = 0;
    // Each reading of the clock advances it by 4 ms: a 10 ms slice holds at most three analyses.
    const index = new RunIndex(host(files), { sliceMs: 10, now: () => (clock += 4), pause: async () => void pauses++ });
    await index.ready();
    assert.equal(index.all().length, 20);
    assert.ok(pauses >= 6, `${pauses} pauses for 20 analyses`);
  });

  it("analyses through the host where it has workers, the same runs as in this thread's index", async () => {
    const files = { 'a.yaml': readFixture('OLMo/OLMo-1B.yaml'), 'b.yaml': readFixture('NeMo-Framework-Launcher/llama3_1_8b.yaml') };
    const handed: string[] = [];
    const viaHost = new RunIndex({
      ...host(files),
      analyze: async (text, options) => {
        handed.push(options.fileName ?? '');
        return analyze(text, options);
      },
    });
    await viaHost.ready();
    assert.deepEqual(handed.sort(), ['a.yaml', 'b.yaml'], 'every file went to the host');
    const here = new RunIndex(host(files));
    await here.ready();
    const sorted = (i: RunIndex) => i.all().sort((x, y) => x.id.localeCompare(y.id));
    assert.deepEqual(sorted(viaHost), sorted(here));
    await viaHost.refresh('a.yaml');
    assert.equal(handed.length, 3, 'a refresh too');
  });

  it('follows a file that changes, appears or is deleted, and tells its listeners', async () => {
    const files: Record<string, string> = { 'a.yaml': readFixture('OLMo/OLMo-1B.yaml') };
    const index = new RunIndex(host(files));
    let changes = 0;
    index.onDidChange(() => changes++);
    await index.ready();
    const before = index.all()[0]!.analysis.projection!.gpuHours!.point;
    files['a.yaml'] = readFixture('OLMo/OLMo-1B.yaml').replace(/max_duration: ([\d_]+)/, (_m, n: string) => `max_duration: ${Number(n.replace(/_/g, '')) * 2}`);
    await index.refresh('a.yaml');
    assert.ok(Math.abs(index.all()[0]!.analysis.projection!.gpuHours!.point / before - 2) < 1e-9, 'the changed file is read again');
    files['b.yaml'] = readFixture('NeMo-Framework-Launcher/llama3_1_8b.yaml');
    await index.refresh('b.yaml');
    assert.equal(index.all().length, 2);
    index.remove('a.yaml');
    assert.deepEqual(
      index.all().map((r) => r.path),
      ['b.yaml'],
    );
    assert.equal(changes, 4);
  });
});
