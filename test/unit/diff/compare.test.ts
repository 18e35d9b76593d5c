// A config against an earlier version of itself, on real public configs: what a reviewer reads in the comment and
// what the editor's "vs HEAD" lens says must follow from the two analyses, and nothing may be invented.
import assert from 'node:assert/strict';
import { analyze } from '../../../src/core/analyze';
import { checkIncreaseGates, compareAnalyses, diffMarkdown, diffToJson, headline, COMMENT_MARKER } from '../../../src/core/diff/index';
import { formatUSD } from '../../../src/core/present/units';
import { readFixture } from '../helpers/fixtures';

const LLAMA = 'NeMo-Framework-Launcher/llama2_70b.yaml';
const BLOOM = 'bigscience/tr11-176B-ml.slurm';
const DEEPSEEK = 'DeepSeek-V3/config_671B.json';
const gpu = { gpuType: 'A100-80GB' };

function analyzed(name: string, text = readFixture(name)) {
  return analyze(text, { fileName: name, overrides: gpu });
}

function edited(name: string, from: string, to: string): string {
  const text = readFixture(name);
  assert.ok(text.includes(from), `${name} has ${from}`);
  return text.replace(from, to);
}

describe('comparing a config with its earlier version', () => {
  it('prices a longer run: a third more steps is a third more of every meter, and says which key and line did it', () => {
    const before = analyzed(LLAMA);
    const after = analyzed(LLAMA, edited(LLAMA, 'max_steps: 300000', 'max_steps: 400000'));
    const c = compareAnalyses(before, after);
    assert.equal(c.status, 'changed');
    for (const m of ['gpuHours', 'costUSD', 'co2eKg', 'energyKWh', 'wallClockHours'] as const) {
      assert.ok(Math.abs(c.meters[m].fraction!.point - 1 / 3) < 0.01, `${m} ${c.meters[m].fraction?.point}`);
      assert.equal(c.meters[m].delta!.point, after.projection![m]!.point - before.projection![m]!.point);
    }
    const steps = c.inputs.find((i) => i.field === 'trainIters')!;
    assert.equal(steps.before?.value, 300000);
    assert.equal(steps.after?.value, 400000);
    assert.equal(steps.after?.source, 'file');
    assert.ok(
      c.inputs.some((i) => i.field === 'tokens'),
      'tokens follow the steps',
    );
    assert.deepEqual(
      c.keys.map((k) => [k.key, k.before?.value, k.after?.value]),
      [['trainer.max_steps', 300000, 400000]],
    );
    assert.match(c.computeOptimal.before!, /^1\.8× past compute-optimal/);
    assert.match(c.computeOptimal.after!, /^2\.4× past compute-optimal/);
    assert.match(headline(c)!, /^\+[\d.]+[kM] GPU-h · \+\$[\d.]+[kM] · \+\d+ tCO2e \(\+33%\)$/);
  });

  it('reads a comment-only edit as the same run at the same cost', () => {
    const text = readFixture(LLAMA);
    const c = compareAnalyses(analyzed(LLAMA, text), analyzed(LLAMA, `# tuned for the spring cluster\n${text}`));
    assert.equal(c.status, 'unchanged');
    assert.equal(c.meters.costUSD.delta!.point, 0);
    assert.deepEqual(c.keys, []);
  });

  it('matches a key stated twice by its order: the second node count changing is the only key change', () => {
    const text = readFixture(BLOOM);
    const c = compareAnalyses(analyzed(BLOOM, text), analyzed(BLOOM, text.replace('--nodes=24', '--nodes=48')));
    assert.equal(c.status, 'changed');
    assert.deepEqual(
      c.keys.map((k) => [k.key, k.before?.value, k.after?.value]),
      [['#SBATCH --nodes', 24, 48]],
    );
    // Twice the GPUs on the same work: the wall clock is the GPU-hours over twice the GPUs.
    const ratio = (1 + c.meters.wallClockHours.fraction!.point) / (1 + c.meters.gpuHours.fraction!.point);
    assert.ok(Math.abs(ratio - 0.5) < 1e-9, `wall-clock ratio ${ratio}`);
  });

  it('treats a new file as costing all it costs, a deleted one as saving all it cost', () => {
    const run = analyzed(LLAMA);
    const added = compareAnalyses(null, run);
    assert.equal(added.status, 'added');
    assert.equal(added.meters.costUSD.delta!.point, run.projection!.costUSD!.point);
    assert.equal(added.meters.costUSD.fraction, null, 'no percentage of nothing');
    const removed = compareAnalyses(run, null);
    assert.equal(removed.status, 'removed');
    assert.equal(removed.meters.costUSD.delta!.point, -run.projection!.costUSD!.point);
    assert.equal(removed.meters.costUSD.delta!.low, -run.projection!.costUSD!.high, 'the range turns over');
  });

  it('says the new version cannot be analysed, with its line, instead of calling the run removed', () => {
    const pythia = 'pythia/pythia-160m.yml';
    const c = compareAnalyses(analyzed(pythia), analyzed(pythia, readFixture(pythia).replace('{', '{{')));
    assert.equal(c.status, 'broken');
    assert.match(c.problem!, /^line \d+: YAML syntax error/);
    assert.equal(c.meters.gpuHours.delta, null);
    assert.match(diffMarkdown([c]), /· cannot be analysed\n\nThe new version could not be analysed: line \d+: YAML syntax error/);
  });

  it('compares what it could read of a new version with a syntax error, and says where the error is', () => {
    const pythia = 'pythia/pythia-160m.yml';
    const c = compareAnalyses(analyzed(pythia), analyzed(pythia, `${readFixture(pythia)}\n"num_layers": 12\n`));
    assert.equal(c.status, 'unchanged');
    assert.match(c.problem!, /^line 102: YAML syntax error on line 102/);
  });

  it('has nothing to say about a file that is a config on neither side', () => {
    const workflow = (t: string) => analyze(t, { fileName: '.github/workflows/ci.yml' });
    const c = compareAnalyses(workflow('on: push\njobs: {}\n'), workflow('on: [push, pull_request]\njobs: {}\n'));
    assert.equal(c.status, 'not-a-config');
    assert.match(diffMarkdown([c]), /No training config changed\./);
  });
});

describe('gates on what a change adds', () => {
  const longer = () => compareAnalyses(analyzed(LLAMA), analyzed(LLAMA, edited(LLAMA, 'max_steps: 300000', 'max_steps: 400000')));
  const shorter = () => compareAnalyses(analyzed(LLAMA), analyzed(LLAMA, edited(LLAMA, 'max_steps: 300000', 'max_steps: 250000')));

  it('sums every run: one run growing and another shrinking net out', () => {
    const up = longer();
    const down = shorter();
    const [usd] = checkIncreaseGates([up, down], { maxIncreaseUSD: 0 });
    const net = up.meters.costUSD.delta!.point + down.meters.costUSD.delta!.point;
    assert.equal(usd!.total, net);
    assert.equal(usd!.exceeded, net > 0);
  });

  it('fails with a reason naming the total, the flag, the limit and the file; passes a limit above it', () => {
    const c = longer();
    const added = c.meters.costUSD.delta!.point;
    const cap = Math.floor(added / 2);
    const [usd, tco2e] = checkIncreaseGates([c], { maxIncreaseUSD: cap, maxIncreaseTCO2e: 1e6 });
    assert.equal(usd!.exceeded, true);
    assert.equal(usd!.reason, `cost +${formatUSD(added)} exceeds --max-increase-usd ${formatUSD(cap)} (${LLAMA} +${formatUSD(added)})`);
    assert.equal(tco2e!.exceeded, false);
    assert.equal(tco2e!.limit, 1e9, 'tCO2e caps compare with kg meters');
    assert.deepEqual(checkIncreaseGates([c], {}), []);
  });

  it('names a run whose cost cannot be known instead of counting it as zero', () => {
    const deepseek = compareAnalyses(analyzed(DEEPSEEK), analyzed(DEEPSEEK, readFixture(DEEPSEEK).replace('"n_layers": 61', '"n_layers": 62')));
    assert.equal(deepseek.status, 'changed');
    const [g] = checkIncreaseGates([deepseek], { maxIncreaseGpuHours: 0 });
    assert.deepEqual(g!.unknown, [DEEPSEEK]);
    assert.equal(g!.exceeded, false);
    const md = diffMarkdown([deepseek], { gates: [g!] });
    assert.match(md, /\| GPU-hours \| unknown \(needs the training length, the GPU count/);
    assert.match(md, /not counted \(GPU-hours unknown\): `DeepSeek-V3\/config_671B\.json`/);
    assert.doesNotMatch(md, /NaN|Infinity|undefined/);
  });
});

describe('the pull-request comment', () => {
  it('starts with the marker, heads with the total, and tables every meter before, after and change', () => {
    const c = compareAnalyses(analyzed(LLAMA), analyzed(LLAMA, edited(LLAMA, 'max_steps: 300000', 'max_steps: 400000')));
    const md = diffMarkdown([c], { baseLabel: 'main' });
    const lines = md.split('\n');
    assert.equal(lines[0], COMMENT_MARKER);
    assert.match(lines[1]!, /^## Footprint Lens: \+[\d.]+[kM] GPU-h · \+\$[\d.]+[kM] · \+\d+ tCO2e over 1 run against `main`$/);
    assert.match(md, /### `NeMo-Framework-Launcher\/llama2_70b\.yaml` · NeMo YAML · changed/);
    const cost = (r: { point: number }) => formatUSD(r.point);
    const row = `| cost | ${cost(c.meters.costUSD.baseline!)} | ${cost(c.meters.costUSD.after!)} | +${cost(c.meters.costUSD.delta!)} (+33%) |`;
    assert.ok(md.includes(row), `${row} in ${md}`);
    assert.match(md, /\*\*Compute-optimal:\*\* 1\.8× past compute-optimal \([\d.]+ tokens\/param\) → 2\.4× past/);
    assert.match(md, /\| training steps \| 300,000 \| 400,000 \| file: trainer\.max\\_steps: 400000 \(line 23\) \|/);
  });

  it('lets nothing from a file become a link, HTML or a mention', () => {
    const name = 'evil<img src=x onerror=alert(1)>|@octocat [x](https://e.vil).yaml';
    const text = readFixture(LLAMA);
    const c = compareAnalyses(analyze(text, { fileName: name, overrides: gpu }), analyze(text.replace('max_steps: 300000', 'max_steps: 300001'), { fileName: name, overrides: gpu }));
    const md = diffMarkdown([c], { gates: checkIncreaseGates([c], { maxIncreaseUSD: 1 }) });
    // Outside code spans (where GitHub renders text as typed) every `<`, `[` and `@` is backslash-escaped.
    const prose = md
      .replace(COMMENT_MARKER, '')
      .replace(/<\/?(sub|details|summary)>/g, '')
      .replace(/`(?:[^`\\]|\\.)*`/g, '');
    assert.doesNotMatch(prose, /(^|[^\\])[<@[]/);
    assert.ok(md.includes('`evil<img src=x onerror=alert(1)>\\|@octocat [x](https://e.vil).yaml`'), 'in a code span, as typed');
    // The file name sits in code spans whose pipe is escaped, so no table gains a column.
    assert.ok(md.includes('\\|@octocat'), md);
  });

  it('keeps a stable JSON: schema 1, each meter with its range, the totals and the gates', () => {
    const c = compareAnalyses(analyzed(LLAMA), analyzed(LLAMA, edited(LLAMA, 'max_steps: 300000', 'max_steps: 400000')));
    const gates = checkIncreaseGates([c], { maxIncreaseGpuHours: 1e6 });
    const json = JSON.parse(JSON.stringify(diffToJson([c], gates, 'main')));
    assert.equal(json.schemaVersion, 1);
    assert.equal(json.base, 'main');
    const run = json.runs[0];
    assert.equal(run.status, 'changed');
    assert.ok(run.meters.gpuHours.change.low < run.meters.gpuHours.change.point && run.meters.gpuHours.change.point < run.meters.gpuHours.change.high);
    assert.equal(json.total.costUSD.change, c.meters.costUSD.delta!.point);
    assert.equal(run.keys[0].line, 23);
    assert.equal(json.gates[0].flag, '--max-increase-gpu-hours');
    assert.equal(json.gates[0].exceeded, false);
  });
});
