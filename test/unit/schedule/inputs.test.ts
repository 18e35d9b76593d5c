// The timing inputs are declared once (src/core/inputs/registry.ts, TIMING_INPUTS): the setting in package.json, the
// CLI's flags and help, and the scheduler all agree with that declaration.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TIMING_INPUTS, timingInputSpec } from '../../../src/core/inputs/registry';
import { SCHEDULE_WINDOW_DAYS } from '../../../src/core/data/schedule';
import { HELP } from '../../../src/cli/help';
import { parseInvocation, UsageError } from '../../../src/cli/args';
import { settingsFrom } from '../../../src/extension/settings';

const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as {
  contributes: { configuration: { properties: Record<string, { minimum?: number; maximum?: number; default?: unknown }> } };
};

describe('timing inputs, declared once', () => {
  it('the setting in package.json has the declared bounds and default', () => {
    for (const spec of TIMING_INPUTS.filter((s) => s.setting)) {
      const p = manifest.contributes.configuration.properties[`footprint.${spec.setting}`];
      assert.ok(p, `footprint.${spec.setting} is declared`);
      assert.equal(p.minimum, spec.min);
      assert.equal(p.maximum, spec.max);
    }
    assert.equal(manifest.contributes.configuration.properties['footprint.schedule.windowDays']!.default, SCHEDULE_WINDOW_DAYS.value);
  });

  it('every timing flag is in --help, and the CLI, the settings and the scheduler refuse what the declaration refuses', () => {
    for (const spec of TIMING_INPUTS) assert.match(HELP, new RegExp(`--${spec.flag}\\b`), `--${spec.flag} in --help`);
    const window = timingInputSpec('scheduleWindowDays');
    const stretch = timingInputSpec('maxStretch');
    const schedule = (...flags: string[]) => parseInvocation(['schedule', 'x.yaml', '--region', 'gb', ...flags]).schedule!;
    assert.equal(schedule('--window', `${window.max}d`).windowHours, window.max! * 24);
    assert.throws(() => schedule('--window', `${window.max! + 1}d`), UsageError);
    assert.equal(schedule('--interruptible', '--max-stretch', String(stretch.max)).interruptible!.maxStretch, stretch.max);
    assert.throws(() => schedule('--interruptible', '--max-stretch', String(stretch.max! + 1)), /--max-stretch expects a number from 1 to 10/);
    assert.throws(() => schedule('--interruptible', '--max-stretch', '0.5'), UsageError);
    const s = settingsFrom((key) => (key === 'schedule.windowDays' ? window.max! + 1 : undefined));
    assert.equal(s.scheduleWindowDays, SCHEDULE_WINDOW_DAYS.value);
    assert.deepEqual(s.ignored, [`footprint.schedule.windowDays = ${window.max! + 1} ignored: expected a number from 0 to 365 days`]);
  });
});
