// `footprint-lens diff` as a reviewer and a CI job use it: two files, or files against a git revision in a real
// temporary repository of public configs; the Markdown comment, the JSON, the gates and the exit codes.
import assert from 'node:assert/strict';
import { unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../src/core/analyze';
import type { Projection } from '../../../src/core/estimate/types';
import { formatDurationHours, formatGpuHours, formatUSD } from '../../../src/core/present/units';
import { runCli } from '../helpers/cli';
import { FIXTURES_DIR, readFixture } from '../helpers/fixtures';
import { tempRepo, type TempRepo } from '../helpers/git-repo';

const LLAMA = 'NeMo-Framework-Launcher/llama2_70b.yaml';
const PYTHIA = 'pythia/pythia-12b.yml';

/** What `estimate` projects for this text: the diff's before and after cells must say the same. */
function projected(text: string, gpu?: string): Projection {
  return analyze(text, { fileName: 'x.yaml', ...(gpu ? { overrides: { gpuType: gpu } } : {}) }).projection!;
}

const longer = (steps: number) => readFixture(LLAMA).replace('max_steps: 300000', `max_steps: ${steps}`);

describe('footprint-lens diff', () => {
  let repo: TempRepo;
  let base: string;
  const at = (p: string) => join(repo.dir, p);

  beforeEach(() => {
    repo = tempRepo({ 'configs/llama2_70b.yaml': LLAMA, 'configs/pythia-12b.yml': PYTHIA, 'sweep/a.yaml': LLAMA });
    repo.write('.github/workflows/ci.yml', 'on: push\njobs: {}\n');
    base = repo.commit('configs');
  });
  afterEach(() => repo.remove());

  it('compares two files: the comment names the new file, the steps that grew and the cost they add', () => {
    repo.write('longer.yaml', longer(600000));
    const r = runCli('diff', join(FIXTURES_DIR, LLAMA), at('longer.yaml'), '--gpu', 'A100-80GB');
    assert.equal(r.code, 0, r.err);
    const [b, a] = [projected(readFixture(LLAMA), 'A100-80GB'), projected(longer(600000), 'A100-80GB')];
    const addedUSD = formatUSD(a.costUSD!.point - b.costUSD!.point);
    assert.match(r.out, /^<!-- footprint-lens:diff -->\n## Footprint Lens: \+[\d.]+[kM] GPU-h · \+\$[\d.]+[kM] · \+\d+ tCO2e over 1 run\n/);
    assert.ok(r.out.split('\n')[1]!.includes(` · +${addedUSD} · `), r.out.split('\n')[1]);
    assert.ok(r.out.includes(`### \`${at('longer.yaml')}\` · NeMo YAML · changed`), r.out);
    // Twice the steps: twice the GPU-hours, and each side as `estimate` projects it.
    const row = `| GPU-hours | ${formatGpuHours(b.gpuHours!.point)} | ${formatGpuHours(a.gpuHours!.point)} | +${formatGpuHours(a.gpuHours!.point - b.gpuHours!.point)} (+100%) |`;
    assert.ok(r.out.includes(row), `${row} in ${r.out}`);
    assert.match(r.out, /\| training steps \| 300,000 \| 600,000 \| file: trainer\.max\\_steps: 600000 \(line 23\) \|/);
  });

  it('the comment gives memory per GPU and its verdict before and after', () => {
    repo.write('bigger-micro.yaml', readFixture(LLAMA).replace('  micro_batch_size: 1', '  micro_batch_size: 8'));
    const r = runCli('diff', join(FIXTURES_DIR, LLAMA), at('bigger-micro.yaml'), '--gpu', 'A100-80GB');
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /\*\*Memory per GPU:\*\* ≈ \d+ GB\/GPU of 80 GB · fits → ✗ \d+ GB\/GPU on A100 SXM 80GB: \d+ GB over/);
    const json = JSON.parse(runCli('diff', join(FIXTURES_DIR, LLAMA), at('bigger-micro.yaml'), '--gpu', 'A100-80GB', '--json').out);
    assert.match(json.runs[0].memory.before, /· fits$/);
    assert.match(json.runs[0].memory.after, /^✗ /);
  });

  it('--base compares the working tree with a revision: changed, new, deleted, same cost, and skips a workflow', () => {
    repo.write('configs/llama2_70b.yaml', readFixture(LLAMA).replace('num_nodes: 128', 'num_nodes: 256').replace('max_steps: 300000', 'max_steps: 400000'));
    repo.write('configs/new-run.yml', readFixture('OLMo/OLMo-1B.yaml'));
    unlinkSync(at('sweep/a.yaml'));
    repo.write('.github/workflows/ci.yml', 'on: [push, pull_request]\njobs: {}\n');
    const files = ['configs/llama2_70b.yaml', 'configs/new-run.yml', 'sweep/a.yaml', 'configs/pythia-12b.yml', '.github/workflows/ci.yml'].map(at);
    const r = runCli('diff', '--base', base, ...files, '--gpu', 'A100-80GB');
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /ci\.yml: not a training config on either side, skipped/);
    assert.match(r.out, /## Footprint Lens: [+−].* over 3 runs against `[0-9a-f]{40}`/);
    assert.match(r.out, /llama2_70b\.yaml` · NeMo YAML · changed/);
    assert.match(r.out, /new-run\.yml` · OLMo YAML · new run\n\n\| meter \| before \| after \| change \|\n\|---\|--:\|--:\|--:\|\n\| GPU-hours \| none \| [\d.]+k? GPU-h \| \+/);
    const cost = formatUSD(projected(readFixture(LLAMA), 'A100-80GB').costUSD!.point);
    const removed = r.out.slice(r.out.indexOf('a.yaml` · NeMo YAML · run removed'));
    assert.ok(removed.length > 0 && removed.includes(`| cost | ${cost} | none | −${cost} (−100%) |`), r.out);
    // Twice the nodes and a third more steps: the run ends sooner although it costs more.
    const wall = [projected(readFixture(LLAMA), 'A100-80GB'), projected(readFixture(LLAMA).replace('num_nodes: 128', 'num_nodes: 256').replace('max_steps: 300000', 'max_steps: 400000'), 'A100-80GB')];
    assert.ok(wall[1]!.wallClockHours!.point < wall[0]!.wallClockHours!.point);
    assert.ok(r.out.includes(`| wall-clock | ${formatDurationHours(wall[0]!.wallClockHours!.point)} | ${formatDurationHours(wall[1]!.wallClockHours!.point)} | −`), r.out);
    assert.match(r.out, /Same cost: `[^`]*pythia-12b\.yml`\./);
  });

  it('passes a gate the change fits in, fails one it exceeds with the reason on stderr (exit 1)', () => {
    repo.write('configs/llama2_70b.yaml', longer(400000));
    const file = at('configs/llama2_70b.yaml');
    const [b, a] = [projected(readFixture(LLAMA), 'A100-80GB'), projected(longer(400000), 'A100-80GB')];
    const addedUSD = a.costUSD!.point - b.costUSD!.point;
    const addedHours = a.gpuHours!.point - b.gpuHours!.point;
    const ok = runCli('diff', '--base', 'HEAD', file, '--gpu', 'A100-80GB', '--max-increase-usd', String(Math.ceil(addedUSD * 2)), '--max-increase-tco2e', '1e6');
    assert.equal(ok.code, 0, ok.err);
    const esc = (t: string) => t.replace(/\$/g, '\\$');
    assert.ok(ok.out.includes(`✅ cost +${esc(formatUSD(addedUSD))} is within --max-increase-usd ${esc(formatUSD(Math.ceil(addedUSD * 2)))}`), ok.out);
    const cap = Math.floor(addedHours / 2);
    const over = runCli('diff', '--base', 'HEAD', file, '--gpu', 'A100-80GB', '--max-increase-gpu-hours', String(cap), '--max-increase-usd', String(Math.ceil(addedUSD * 2)));
    assert.equal(over.code, 1);
    const added = formatGpuHours(addedHours);
    assert.equal(over.err, `footprint-lens: GPU-hours +${added} exceeds --max-increase-gpu-hours ${formatGpuHours(cap)} (${file} +${added})\n`);
    assert.match(over.out, /❌ GPU-hours/);
  });

  it('prints JSON with --json: the base, each run with its status, and the gates', () => {
    repo.write('configs/llama2_70b.yaml', readFixture(LLAMA).replace('max_steps: 300000', 'max_steps: 400000'));
    const r = runCli('diff', '--base', 'HEAD', at('configs/llama2_70b.yaml'), at('configs/pythia-12b.yml'), '--json', '--max-increase-usd', '1');
    assert.equal(r.code, 1);
    const json = JSON.parse(r.out);
    assert.equal(json.schemaVersion, 1);
    assert.equal(json.base, 'HEAD');
    assert.deepEqual(
      json.runs.map((x: { status: string }) => x.status),
      ['changed', 'unchanged'],
    );
    assert.ok(json.total.costUSD.change > 0);
    assert.equal(json.gates[0].exceeded, true);
  });

  it('refuses a revision that does not exist, a file outside git, and bad usage (exit 2, one line each)', () => {
    const file = at('configs/llama2_70b.yaml');
    const cases: Array<[string[], RegExp]> = [
      [['diff', '--base', 'no-such-branch', file], /"no-such-branch" is not a revision of the repository/],
      [['diff', '--base', 'HEAD', join(FIXTURES_DIR, '..', '..', '..', '..', 'outside.yaml')], /does not exist, here or at HEAD|not inside a git repository/],
      [['diff', '--base', 'HEAD', at('configs/missing.yaml')], /missing\.yaml does not exist, here or at HEAD/],
      [['diff', file], /diff needs two files \(old, then new\), or --base REF/],
      [['diff', '--base=--output=x', file], /--base expects a git revision/],
      [['diff', file, file, '--max-increase-usd', 'lots'], /--max-increase-usd expects an increase in USD/],
      [['estimate', file, '--max-increase-usd', '5'], /--max-increase-usd goes with the diff command/],
      [['diff', at('.github/workflows/ci.yml'), at('.github/workflows/ci.yml')], /is a training config that Footprint Lens recognises/],
    ];
    for (const [argv, message] of cases) {
      const r = runCli(...argv);
      assert.equal(r.code, 2, `${argv.join(' ')}: ${r.err}`);
      assert.match(r.err, message);
      assert.equal(r.err.trim().split('\n').length, 1, r.err);
    }
  });

  it('reads the revision through git, not the working tree: a committed change shows against HEAD~1 only', () => {
    repo.write('sweep/a.yaml', longer(600000));
    repo.commit('twice the steps');
    const file = at('sweep/a.yaml');
    assert.match(runCli('diff', '--base', 'HEAD', file).out, /No change to the cost of any run\./);
    // No --gpu: the default GPU on both sides.
    const [b, a] = [projected(readFixture(LLAMA)), projected(longer(600000))];
    const row = `| GPU-hours | ${formatGpuHours(b.gpuHours!.point)} | ${formatGpuHours(a.gpuHours!.point)} | +${formatGpuHours(a.gpuHours!.point - b.gpuHours!.point)} (+100%) |`;
    assert.ok(runCli('diff', '--base', 'HEAD~1', file).out.includes(row), row);
  });
});
