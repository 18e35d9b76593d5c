// What the CLI does with inputs that are not what they seem: a pipe or a device that never ends, an output path that
// is one of its inputs, a cap of 0, a negative number after a flag, a file nested past any parser's stack. Each gets
// one clear line (or the result it asked for), never a hang, a lost file, an engine message or the file's contents.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { linkSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../helpers/cli';
import { FIXTURES_DIR, readFixture } from '../helpers/fixtures';

const SCRIPT = join(FIXTURES_DIR, 'bigscience/tr11-176B-ml.slurm');
const PYTHIA = join(FIXTURES_DIR, 'pythia/pythia-160m.yml');
const MEASUREMENTS = join(__dirname, '../../fixtures/measurements');
const ROOT = join(__dirname, '../../..');

function tmpDir(): string {
  return mkdtempSync(join(tmpdir(), 'fl-cli-'));
}

function oneLine(err: string): string {
  const lines = err.trim().split('\n');
  assert.equal(lines.length, 1, `not one line: ${err}`);
  return lines[0] as string;
}

describe('CLI: inputs that are not regular files', () => {
  it('refuses a named pipe and /dev/zero in one line each, without waiting on them', function () {
    const dir = tmpDir();
    const fifo = join(dir, 'config.yaml');
    if (spawnSync('mkfifo', [fifo]).status !== 0) this.skip();
    // A separate process: a read that never ends would otherwise hang the test run instead of failing it.
    const r = spawnSync(join(ROOT, 'node_modules/.bin/tsx'), [join(ROOT, 'src/cli/main.ts'), 'estimate', fifo, '/dev/zero'], { encoding: 'utf8', timeout: 15000 });
    assert.equal(r.signal, null, 'the CLI did not answer');
    assert.equal(r.status, 2, r.stderr);
    const lines = r.stderr.trim().split('\n');
    assert.deepEqual(lines, [`footprint-lens: ${fifo} is a named pipe, not a regular file (it is not read)`, 'footprint-lens: /dev/zero is a device, not a regular file (it is not read)']);
  });

  it('refuses a directory without a config in one line (a folder of configs is summed)', () => {
    const dir = tmpDir();
    const r = runCli('estimate', dir);
    assert.equal(r.code, 2);
    assert.equal(oneLine(r.err), `footprint-lens: ${dir} holds no training config that Footprint Lens recognises`);
  });
});

describe('CLI: a report never replaces a file it was not asked to', () => {
  it('refuses to write the report over its own input, even with --force, through another path or a link', () => {
    const dir = tmpDir();
    const config = join(dir, 'train.sh');
    const original = readFixture('bigscience/tr11-176B-ml.slurm');
    writeFileSync(config, original);
    symlinkSync(config, join(dir, 'link.sh'));
    linkSync(config, join(dir, 'hard.sh'));
    for (const out of [config, join(dir, '.', 'train.sh'), join(dir, 'link.sh'), join(dir, 'hard.sh')]) {
      for (const force of [[], ['--force']]) {
        const r = runCli('report', config, '--out', out, ...force);
        assert.equal(r.code, 2, `${out} ${force.join(' ')}: ${r.err}`);
        assert.match(oneLine(r.err), /is one of the input files; it is not overwritten/);
        assert.equal(readFileSync(config, 'utf8'), original, 'the config is intact');
      }
    }
  });

  it('refuses an existing file without --force, and replaces it with --force', () => {
    const dir = tmpDir();
    const out = join(dir, 'report.md');
    writeFileSync(out, 'notes I keep\n');
    const refused = runCli('report', SCRIPT, '--out', out);
    assert.equal(refused.code, 2);
    assert.equal(oneLine(refused.err), `footprint-lens: ${out} already exists; it is not overwritten (add --force to replace it)`);
    assert.equal(readFileSync(out, 'utf8'), 'notes I keep\n');
    const forced = runCli('report', SCRIPT, '--out', out, '--force');
    assert.equal(forced.code, 0, forced.err);
    assert.match(readFileSync(out, 'utf8'), /^# Footprint Lens projection/);
    const fresh = runCli('report', SCRIPT, '--out', join(dir, 'new.md'));
    assert.equal(fresh.code, 0, fresh.err);
  });

  it('calibrate --save never writes over the config or the measurement', () => {
    const dir = tmpDir();
    const config = join(dir, 'pythia.yml');
    writeFileSync(config, readFileSync(PYTHIA));
    const csv = join(MEASUREMENTS, 'codecarbon-2.8-pythia-160m.csv');
    const r = runCli('calibrate', config, csv, '--gpu', 'A100-40GB', '--gpus', '8', '--steps-done', '2000', '--save', config, '--force');
    assert.equal(r.code, 2);
    assert.match(oneLine(r.err), /is one of the input files/);
    assert.equal(readFileSync(config, 'utf8'), readFileSync(PYTHIA, 'utf8'));
  });

  it('--force goes with an output path only', () => {
    assert.match(oneLine(runCli('estimate', SCRIPT, '--force').err), /--force goes with report --out or calibrate --save/);
    assert.match(oneLine(runCli('report', SCRIPT, '--force').err), /--force goes with report --out or calibrate --save/);
  });
});

describe('CLI: caps and numbers', () => {
  for (const [flag, what] of [
    ['--max-usd', /Projected cost \$[\d,]+ exceeds the budget of \$0 \(command-line flag --max-usd\)/],
    ['--max-gpu-hours', /Projected GPU-hours [\d,]+ GPU-h exceeds the budget of 0 GPU-h/],
    ['--max-tco2e', /Projected emissions [\d,.]+ tCO2e exceeds the budget of 0 tCO2e/],
    ['--max-days', /Projected wall-clock [\d,.]+ days exceeds the budget of 0 days/],
  ] as const) {
    it(`${flag} 0 is a cap that nothing fits (exit 1, a budget plan, no lever offered)`, () => {
      const r = runCli('estimate', SCRIPT, flag, '0');
      assert.equal(r.code, 1, r.err);
      assert.match(oneLine(r.err), what);
      assert.doesNotMatch(r.err + r.out, /NaN|Infinity/);
      assert.match(r.out, /Budget plan/);
      assert.match(r.out, /the run does not fit\./);
      assert.doesNotMatch(r.out, /relax with/);
    });
  }

  it('a negative number after a flag gets the same message as --flag=-N', () => {
    for (const [flag, value] of [
      ['--price', '-1'],
      ['--max-usd', '-5'],
      ['--gpus', '-8'],
      ['--pue', '-.5'],
      ['--tokens', '-2T'],
    ] as const) {
      const spaced = runCli('estimate', SCRIPT, flag, value);
      const joined = runCli('estimate', SCRIPT, `${flag}=${value}`);
      assert.equal(spaced.code, 2);
      assert.equal(oneLine(spaced.err), oneLine(joined.err));
      assert.match(spaced.err, new RegExp(`${flag} expects .*, not "${value.replace('.', '\\.')}"`));
    }
  });
});

describe('CLI: messages name the problem, not the engine or the file contents', () => {
  it('a file nested 10,000 levels deep is too complex to analyse, in one line', () => {
    const dir = tmpDir();
    const depth = 10_000;
    const files = {
      'deep.json': `{"train_batch_size": ${'['.repeat(depth)}${']'.repeat(depth)}}`,
      'deep.yaml': `trainer:\n  devices: ${'['.repeat(depth)}${']'.repeat(depth)}\n`,
      'deep-map.yaml': `model:\n  x: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}\n`,
      'deep.toml': `[model]\nx = ${'['.repeat(depth)}${']'.repeat(depth)}\n`,
    };
    for (const [name, text] of Object.entries(files)) {
      const file = join(dir, name);
      writeFileSync(file, text);
      const r = runCli('estimate', file);
      assert.equal(r.code, 2, name);
      const line = oneLine(r.err);
      assert.match(line, /Too complex to analyse: nested/, name);
      assert.doesNotMatch(line, /call stack|RangeError|Maximum/i, name);
    }
  });

  it('calibrate on a file that is not a CSV does not print its first line', () => {
    const dir = tmpDir();
    const secret = join(dir, 'id_ed25519');
    writeFileSync(secret, 'openssh-private-key,AAAAC3NzaC1lZDI1NTE5AAAAIL\nmore\n');
    const r = runCli('calibrate', PYTHIA, secret, '--gpu', 'A100-40GB', '--gpus', '8');
    assert.equal(r.code, 2);
    const line = oneLine(r.err);
    assert.match(line, /has no "duration" column/);
    assert.doesNotMatch(line, /openssh|AAAA/);
  });

  it('an emissions file that measured zero energy says so, not that a column is missing', () => {
    const csv = readFileSync(join(MEASUREMENTS, 'codecarbon-2.8-pythia-160m.csv'), 'utf8').split('\n');
    const header = (csv[0] as string).split(',');
    const zeroed = csv.map((line, i) => {
      if (i === 0 || !line.trim()) return line;
      const cells = line.split(',');
      for (const col of ['cpu_energy', 'gpu_energy', 'ram_energy', 'energy_consumed', 'emissions']) cells[header.indexOf(col)] = '0';
      return cells.join(',');
    });
    const dir = tmpDir();
    mkdirSync(join(dir, 'm'));
    const file = join(dir, 'm', 'emissions.csv');
    writeFileSync(file, zeroed.join('\n'));
    const r = runCli('calibrate', PYTHIA, file, '--gpu', 'A100-40GB', '--gpus', '8', '--steps-done', '2000');
    assert.equal(r.code, 0, r.err);
    assert.doesNotMatch(r.out, /no gpu_energy column|not in the file/);
    assert.match(r.out, /power per GPU\s+not measured \(gpu_energy is 0 in the file\)/);
    assert.match(r.out, /emissions\s+.*0 in the file \(not measured\)/);
  });
});
