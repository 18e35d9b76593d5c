// The CLI's contract with a shell or a CI job: exit codes, one-line messages, forgiving numbers and names.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { numberFlag, parseInvocation } from '../../../src/cli/args';
import { runCli } from '../helpers/cli';

const scratch = mkdtempSync(join(tmpdir(), 'footprint-cli-'));

describe('CLI usage', () => {
  it('prints help with exit code 0', () => {
    const r = runCli('--help');
    assert.equal(r.code, 0);
    assert.match(r.out, /footprint-lens estimate <config\.\.\.>/);
  });

  it('reads numbers the way people write them', () => {
    const inv = parseInvocation(['estimate', 'a.yaml', '--params', '7B', '--tokens', '1.4T', '--gpus', '2,048', '--mfu', '45%', '--price', '2.5']);
    assert.equal(inv.overrides.params, 7e9);
    assert.equal(inv.overrides.tokens, 1.4e12);
    assert.equal(inv.overrides.gpus, 2048);
    assert.equal(inv.overrides.mfu, 0.45);
    assert.equal(inv.overrides.priceUSDPerGpuHour, 2.5);
    assert.equal(numberFlag('tokens-done', '7e9', { what: 'tokens', min: 1, max: 1e18 }), 7e9);
  });

  it('rejects nonsense values with one line naming the flag (exit 2)', () => {
    for (const [flag, value] of [
      ['--gpus', 'many'],
      ['--gpus', '-8'],
      ['--gpus', '1.5'],
      ['--mfu', '150'],
      ['--pue', '0.5'],
      ['--tokens', '1e300'],
    ]) {
      const r = runCli('estimate', 'a.yaml', flag as string, value as string);
      assert.equal(r.code, 2, `${flag} ${value}`);
      assert.ok(r.err.startsWith('footprint-lens: ') && r.err.includes(flag as string), r.err);
      assert.equal(r.err.trim().split('\n').length, 1);
    }
  });

  it('accepts forgiving GPU names and lists the known ones for an unknown name', () => {
    for (const name of ['h100', 'H100-SXM', 'A100-80GB', 'a100 40gb', 'V100', 'H800']) {
      assert.doesNotThrow(() => parseInvocation(['estimate', 'a.yaml', '--gpu', name]), name);
      const r = runCli('estimate', join(scratch, 'missing.yaml'), '--gpu', name);
      assert.doesNotMatch(r.err, /Unknown GPU/, name);
    }
    const r = runCli('estimate', 'a.yaml', '--gpu', 'K80000');
    assert.equal(r.code, 2);
    assert.match(r.err, /Unknown GPU "K80000"\. Known GPUs: /);
    assert.ok(r.err.includes('h100-sxm') && r.err.includes('a100-80gb'), r.err);
  });

  it('refuses an unknown command, a missing file list, and both --region and --grid', () => {
    assert.equal(runCli('estimat', 'a.yaml').code, 2);
    assert.equal(runCli('estimate').code, 2);
    const r = runCli('estimate', 'a.yaml', '--region', 'fr', '--grid', '50');
    assert.equal(r.code, 2);
    assert.match(r.err, /either --region or --grid/);
  });

  it('names the file when it is missing, a folder without a config, or binary (exit 2, no stack trace)', () => {
    const binary = join(scratch, 'model.bin');
    writeFileSync(binary, Buffer.from([0, 1, 2, 3]));
    for (const [file, words] of [
      [join(scratch, 'nope.yaml'), 'does not exist'],
      [scratch, 'holds no training config'],
      [binary, 'binary'],
    ]) {
      const r = runCli('estimate', file as string);
      assert.equal(r.code, 2);
      assert.ok(r.err.includes(file as string) && r.err.includes(words as string), r.err);
      assert.doesNotMatch(r.err, /at .*\.ts:\d+/);
    }
  });

  it('names file and line for a config it cannot parse (exit 2)', () => {
    const broken = join(scratch, 'broken.yaml');
    writeFileSync(broken, 'trainer:\n  num_nodes: 4\n  devices: [8\n');
    const r = runCli('estimate', broken);
    assert.equal(r.code, 2);
    assert.match(r.err, new RegExp(`${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+: YAML syntax error`));
  });

  it('lists the GPU and region tables with their sources', () => {
    const gpus = runCli('gpus');
    assert.equal(gpus.code, 0);
    assert.match(gpus.out, /h100-sxm .*989/);
    assert.match(gpus.out, /memory GB/);
    assert.match(gpus.out, /^h100-sxm\s.*\s700\s+80\s/m, 'rated watts, then the 80 GB the fit verdict is checked against');
    assert.match(gpus.out, /dense/i);
    const regions = runCli('regions');
    assert.equal(regions.code, 0);
    assert.match(regions.out, /^fr\s+France\s+56/m);
  });

  it('lists the hourly grid traces with the regions they stand in for and the credit each licence asks for', () => {
    const { out } = runCli('regions');
    assert.match(out, /typical-year\s+estimate, not a forecast/);
    assert.match(out, /^us-pjm\s+US, PJM.*2022\s+-\s+aws:us-east-1 aws:us-east-2/m);
    assert.match(out, /^gb\s+Great Britain.*\s+gb\s+aws:eu-west-2/m);
    assert.match(out, /U\.S\. Energy Information Administration, Form EIA-930/);
    assert.match(out, /Supported by National Energy SO Open Data/);
    assert.match(out, /de, no, kr: Contains information from the Electricity Maps Data Portal.*ODbL/);
  });

  it('a 50 MB file gets a one-line refusal naming its size, quickly', () => {
    const file = join(scratch, 'huge.yaml');
    writeFileSync(file, `trainer:\n  num_nodes: 4\n${'x: 1\n'.repeat(10 * 1024 * 1024)}`);
    const started = Date.now();
    const r = runCli('estimate', file);
    assert.ok(Date.now() - started < 1000, 'took over a second');
    assert.equal(r.code, 2);
    assert.match(r.err, /huge\.yaml is 50\.0 MB, over the \d+ MB analysis limit/);
    assert.equal(r.err.trim().split('\n').length, 1);
  });
});
