// One precedence for every input, applied after run completion derives what it can:
//   what-if edits and CLI flags > `# footprint:` annotations > the file's own values, stated or derived > settings
//   > documented defaults. Checked on real configs, through analyze(), which every host calls.
import assert from 'node:assert/strict';
import { analyze, type AnalyzeOptions } from '../../../src/core/analyze';
import { settingsFrom, type SettingKey } from '../../../src/extension/settings';
import { parseInvocation } from '../../../src/cli/args';
import { readFixture } from '../helpers/fixtures';

const NEMO = 'NeMo-Framework-Launcher/llama2_70b.yaml';
const DEEPSPEED = 'DeepSpeedExamples/ds_config.json';
const settings = (values: Partial<Record<SettingKey, unknown>>) => settingsFrom((key) => values[key]).defaults;

function run(name: string, options: Omit<AnalyzeOptions, 'fileName'>, text = readFixture(name)) {
  const analysis = analyze(text, { fileName: name, ...options });
  assert.ok(analysis.run, `${name} is read as a run`);
  return analysis;
}

describe('input precedence: the file, stated or derived, beats settings', () => {
  it('NeMo: trainer.num_nodes 512 × devices 8 beats a footprint.gpus setting of 1024', () => {
    // The case: the launcher config with its node count raised to 512.
    const text = readFixture(NEMO).replace(/num_nodes: 128/, 'num_nodes: 512');
    const a = run(NEMO, { defaults: settings({ gpus: 1024 }) }, text);
    assert.equal(a.run!.gpus!.value, 4096);
    assert.equal(a.run!.gpus!.source, 'derived');
    assert.match(a.run!.gpus!.detail, /512 nodes × 8 GPUs per node/);
    // The wall-clock the lens shows is that of 4,096 GPUs, not 1,024.
    const p = a.projection!;
    assert.ok(Math.abs(p.wallClockHours!.point * 4096 - p.gpuHours!.point) < 1e-6 * p.gpuHours!.point);
  });

  it('NeMo as published (128 × 8): the file’s 1,024 GPUs beat a setting of 64, and derived data parallelism follows the file', () => {
    const a = run(NEMO, { defaults: settings({ gpus: 64 }) });
    assert.equal(a.run!.gpus!.value, 1024);
    assert.equal(a.run!.gpus!.source, 'derived');
    const plain = run(NEMO, {});
    assert.deepEqual(a.run!.parallel.dp, plain.run!.parallel.dp);
    assert.equal(a.projection!.gpuHours!.point, plain.projection!.gpuHours!.point);
  });

  it('DeepSpeed JSON with no GPU count: the setting fills it, and completion derives the rest from it', () => {
    const a = run(DEEPSPEED, { defaults: settings({ gpus: 8 }) });
    assert.equal(a.run!.gpus!.value, 8);
    assert.equal(a.run!.gpus!.source, 'setting');
    assert.equal(a.run!.gpus!.detail, 'setting footprint.gpus');
    // train_batch_size 256 = micro 8 × accumulation × DP 8: the accumulation the file leaves out is now known.
    assert.equal(a.run!.parallel.dp!.value, 8);
    assert.equal(a.run!.gradAccum!.value, 4);
    assert.equal(a.run!.gradAccum!.source, 'derived');
    assert.ok(!a.run!.missing.includes('gpus'));
    const without = run(DEEPSPEED, {});
    assert.ok(without.run!.missing.includes('gpus'), 'without the setting the file gives no GPU count');
  });
});

describe('input precedence: flags and what-if edits beat the file and settings; annotations beat the file', () => {
  it('a --gpus flag beats both the file’s derived count and the setting', () => {
    const flags = parseInvocation(['estimate', NEMO, '--gpus', '256']).overrides;
    const a = run(NEMO, { overrides: flags, defaults: settings({ gpus: 64 }) });
    assert.equal(a.run!.gpus!.value, 256);
    assert.equal(a.run!.gpus!.source, 'override');
    assert.equal(a.run!.gpus!.detail, 'command-line flag --gpus');
  });

  it('a what-if edit says it is one', () => {
    const a = run(NEMO, { overrides: { gpus: 2048 }, overridesFrom: 'what-if', defaults: settings({ gpus: 64 }) });
    assert.equal(a.run!.gpus!.value, 2048);
    assert.equal(a.run!.gpus!.detail, 'what-if GPU count');
  });

  it('a `# footprint:` annotation beats the file and the setting, and loses to a flag', () => {
    const text = `# footprint: gpus=512 pue=1.3\n${readFixture(NEMO)}`;
    const annotated = run(NEMO, { defaults: settings({ gpus: 64, pue: 1.2 }) }, text);
    assert.equal(annotated.run!.gpus!.value, 512);
    assert.equal(annotated.run!.gpus!.source, 'annotation');
    assert.equal(annotated.run!.pue!.value, 1.3);
    const flagged = run(NEMO, { overrides: { pue: 1.05 }, defaults: settings({ pue: 1.2 }) }, text);
    assert.equal(flagged.run!.pue!.value, 1.05);
    assert.equal(flagged.run!.gpus!.value, 512, 'the annotation still beats the file for what the flags leave');
  });

  it('settings fill what nothing else gives, and documented defaults come last', () => {
    const a = run(NEMO, { defaults: settings({ pue: 1.2, region: 'fr' }) });
    assert.equal(a.run!.pue!.detail, 'setting footprint.pue');
    assert.equal(a.projection!.assumptions.find((x) => x.name === 'pue')!.source, 'setting');
    const plain = run(NEMO, {});
    assert.equal(plain.projection!.assumptions.find((x) => x.name === 'pue')!.source, 'default');
  });
});

describe('every input reaches the projection as a sourced value naming its layer', () => {
  const assumption = (a: ReturnType<typeof run>, name: string) => a.projection!.assumptions.find((x) => x.name === name);

  it('--spot-discount and --restart-overhead name their flags; the same settings name their keys', () => {
    const flags = parseInvocation(['estimate', NEMO, '--spot-discount', '50%', '--restart-overhead', '8']).overrides;
    assert.deepEqual(flags, { spotDiscount: 0.5, restartOverhead: 0.08 });
    const byFlag = run(NEMO, { overrides: flags });
    assert.match(assumption(byFlag, 'spotDiscount')!.detail, /50% off on-demand.*command-line flag --spot-discount/);
    assert.equal(assumption(byFlag, 'spotDiscount')!.source, 'override');
    assert.match(assumption(byFlag, 'restartOverhead')!.detail, /command-line flag --restart-overhead/);
    const bySetting = run(NEMO, { defaults: settings({ spotDiscount: 0.5, energyMethod: 'measured', marketGridGPerKWh: 20 }) });
    assert.match(assumption(bySetting, 'spotDiscount')!.detail, /setting footprint\.spotDiscount/);
    assert.equal(assumption(bySetting, 'gpuPowerKW')!.source, 'setting');
    assert.match(assumption(bySetting, 'gpuPowerKW')!.detail, /setting footprint\.energyMethod/);
    assert.match(assumption(bySetting, 'marketGPerKWh')!.detail, /setting footprint\.marketGridGPerKWh/);
  });

  it('a flag beats a setting for the newer inputs too', () => {
    const a = run(NEMO, { overrides: { spotDiscount: 0.2 }, defaults: settings({ spotDiscount: 0.6 }) });
    assert.equal(assumption(a, 'spotDiscount')!.value, 0.2);
  });

  it('a budget finding names the flag or the setting that set the cap', () => {
    const byFlag = run(NEMO, { overrides: parseInvocation(['estimate', NEMO, '--max-usd', '1000']).overrides });
    assert.match(byFlag.findings.find((f) => f.code === 'budget-exceeded')!.message, /\(command-line flag --max-usd\)/);
    const bySetting = run(NEMO, { defaults: settings({ 'budget.maxUSD': 1000 }) });
    assert.match(bySetting.findings.find((f) => f.code === 'budget-exceeded')!.message, /\(setting footprint\.budget\.maxUSD\)/);
  });
});

describe('one convention and one set of bounds per input, wherever it is written', () => {
  it('MFU 40 is 40% as a setting, a flag and an annotation', () => {
    assert.equal(settings({ mfu: 40 }).mfu, 0.4);
    assert.equal(parseInvocation(['estimate', NEMO, '--mfu', '40']).overrides.mfu, 0.4);
    const annotated = run(NEMO, {}, `# footprint: mfu=40\n${readFixture(NEMO)}`);
    assert.equal(annotated.run!.mfu!.value, 0.4);
  });

  it('a PUE of 6 is refused everywhere, so the lenses and the panel baseline agree', () => {
    const s = settingsFrom((key) => (key === 'pue' ? 6 : undefined));
    assert.equal(s.defaults.pue, undefined);
    assert.match(s.ignored[0]!, /^footprint\.pue = 6 ignored: expected a number from 1 to 3/);
    assert.throws(() => parseInvocation(['estimate', NEMO, '--pue', '6']), /--pue expects a number from 1 to 3/);
    const annotated = run(NEMO, {}, `# footprint: pue=6\n${readFixture(NEMO)}`);
    assert.ok(annotated.findings.some((f) => f.code === 'unknown-annotation' && /pue=6/.test(f.message)));
  });

  it('the default-GPU finding names the setting that exists', () => {
    const a = run(NEMO, {});
    const f = a.findings.find((x) => x.code === 'default-gpu');
    assert.ok(f, 'the launcher config names no GPU');
    assert.match(f.message, /footprint\.gpuType setting/);
    assert.doesNotMatch(f.message, /footprint\.gpu setting/);
  });
});
