// The analysis time limit is declared once (footprint.analysisTimeLimit and --time-limit): the editor's setting and
// the CLI's flag take and refuse the same values, 0 included, and package.json states the same bounds.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseInvocation, UsageError } from '../../../src/cli/args';
import { budgetOf } from '../../../src/cli/limits';
import { OPTIONS } from '../../../src/core/inputs/registry';
import { settingsFrom } from '../../../src/extension/settings';

const spec = OPTIONS.find((o) => o.id === 'analysisTimeLimit')!;

/** What the editor does with the setting: the limit in ms, or undefined when the value is refused (and logged). */
function fromSetting(value: unknown): number | undefined {
  const s = settingsFrom((k) => (k === 'analysisTimeLimit' ? value : undefined));
  const refused = s.ignored.some((l) => l.startsWith('footprint.analysisTimeLimit'));
  return refused ? undefined : s.analysisBudgetMs;
}

/** What the CLI does with the flag: the limit in ms, or undefined when it exits with a usage error. */
function fromFlag(value: string): number | undefined {
  try {
    return budgetOf(parseInvocation(['estimate', 'train.sh', '--time-limit', value]));
  } catch (e) {
    if (e instanceof UsageError) return undefined;
    throw e;
  }
}

describe('analysis time limit: one declaration for the setting and the flag', () => {
  it('both refuse 0, negatives, below the minimum and above the maximum; both take the bounds', () => {
    for (const v of [0, -1, 0.05, 601, 1e9]) {
      assert.equal(fromSetting(v), undefined, `setting ${v} is refused`);
      assert.equal(fromFlag(String(v)), undefined, `--time-limit ${v} is refused`);
    }
    for (const [v, ms] of [
      [spec.min!, 100],
      [1, 1000],
      [2.5, 2500],
      [spec.max!, 600_000],
    ] as const) {
      assert.equal(fromSetting(v), ms, `setting ${v}`);
      assert.equal(fromFlag(String(v)), ms, `--time-limit ${v}`);
    }
  });

  it('the refusal names the bounds, in the same words for the flag as the registry gives', () => {
    assert.throws(
      () => parseInvocation(['estimate', 'train.sh', '--time-limit', '0']),
      (e: Error) => e instanceof UsageError && /--time-limit expects .*0\.1.*600.*not "0"/.test(e.message),
    );
    assert.throws(
      () => parseInvocation(['estimate', 'train.sh', '--time-limit', '-1']),
      (e: Error) => e instanceof UsageError && /not "-1"/.test(e.message),
      'the space-separated negative gets the same message',
    );
  });

  it('unset: one second in the editor, thirty in the CLI', () => {
    assert.equal(fromSetting(undefined), 1000);
    assert.equal(budgetOf(parseInvocation(['estimate', 'train.sh'])), 30_000);
  });

  it("package.json's setting states the registry's bounds", () => {
    const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8'));
    const setting = manifest.contributes.configuration.properties['footprint.analysisTimeLimit'];
    assert.equal(setting.minimum, spec.min);
    assert.equal(setting.maximum, spec.max);
    assert.equal(setting.default, 1);
  });
});
