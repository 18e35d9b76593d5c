// The panel's pure parts, in Node: reading what engineers type, showing numbers so they read back the same, the
// what-if keeping only real changes, and which budget cap binds — against real fixture configs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { FIELDS, currentOf, displayValue, parseInput, parseNumber, type Field } from '../../webview/fields';
import { analyzePair, capUses, withValue, type LoadedDocument } from '../../webview/model';

const field = (key: Field['key']): Field => FIELDS.find((f) => f.key === key)!;

function doc(relative: string, options: LoadedDocument['options'] = {}): LoadedDocument {
  const text = readFileSync(path.join(__dirname, '../fixtures/configs', relative), 'utf8');
  return { uri: `file:///${relative}`, fileName: relative, version: 1, text, options };
}

describe('panel inputs', () => {
  it('reads counts as engineers write them', () => {
    assert.equal(parseNumber('1.4T'), 1.4e12);
    assert.equal(parseNumber('7B'), 7e9);
    assert.equal(parseNumber('512k'), 512e3);
    assert.equal(parseNumber('1,000,000'), 1e6);
    assert.equal(parseNumber('1_000'), 1000);
    assert.equal(parseNumber('2e12'), 2e12);
    assert.ok(Number.isNaN(parseNumber('lots')));
    assert.ok(Number.isNaN(parseNumber('7 GB')));
  });

  it('shows large counts so that they read back to nearly the same value', () => {
    for (const n of [314_572_800_000, 174_600_000_000, 3.1e12, 2_500_000]) {
      const shown = displayValue(field('tokens'), n);
      const back = parseNumber(shown);
      assert.ok(Math.abs(back - n) / n < 5e-4, `${n} → ${shown} → ${back}`);
    }
    assert.equal(displayValue(field('gpus'), 1024), '1024');
    assert.equal(displayValue(field('mfu'), 0.385), '38.5');
  });

  it('checks values against the protocol’s bounds and says which input is wrong', () => {
    assert.deepEqual(parseInput(field('mfu'), '40'), { ok: true, value: 0.4 });
    assert.deepEqual(parseInput(field('gpus'), ''), { ok: true, value: undefined });
    const pue = parseInput(field('pue'), '0.5');
    assert.equal(pue.ok, false);
    assert.match(pue.ok ? '' : pue.message, /^PUE: /);
    assert.equal(parseInput(field('gpus'), '2.5').ok, false);
    assert.equal(parseInput(field('mfu'), '140').ok, false);
  });

  it('prefills from the file with where each value came from', () => {
    const { baseline } = analyzePair(doc('bigscience/tr11-176B-ml.slurm'), {});
    const precision = currentOf('precision', baseline);
    assert.equal(precision.value, 'bf16');
    assert.match(precision.provenance, /^file line \d+$/);
    const gpus = currentOf('gpus', baseline);
    assert.equal(gpus.value, 192);
    assert.equal(currentOf('lifetimeInferenceTokens', baseline).value, undefined);
  });
});

describe('panel what-if', () => {
  it('keeps only values that differ from the run', () => {
    assert.deepEqual(withValue({}, 'gpus', 1024, 1024), {});
    assert.deepEqual(withValue({}, 'gpus', 2048, 1024), { gpus: 2048 });
    assert.deepEqual(withValue({ gpus: 2048, pue: 1.3 }, 'gpus', undefined, 1024), { pue: 1.3 });
  });

  it('reuses a load’s baseline for each what-if, and gives the same numbers as a fresh run', () => {
    const d = doc('NeMo-Framework-Launcher/175b.yaml');
    const first = analyzePair(d, {});
    assert.equal(first.whatIf, first.baseline, 'an empty what-if is the baseline run itself');
    const again = analyzePair(d, { region: 'fr' }, first.baseline);
    assert.equal(again.baseline, first.baseline);
    assert.deepEqual(again.whatIf.projection, analyzePair(d, { region: 'fr' }).whatIf.projection);
    assert.ok(again.whatIf.projection!.co2eKg!.point < first.baseline.projection!.co2eKg!.point, 'France emits less than the file’s region');
  });

  it('names the budget cap that binds first', () => {
    const d = doc('NeMo-Framework-Launcher/175b.yaml', { budgets: { maxUSD: 2e6, maxTCO2e: 100, maxGpuHours: 1e7 } });
    const { baseline, whatIf } = analyzePair(d, { region: 'fr' });
    assert.equal(capUses(baseline, d.options.budgets)[0]?.what, 'emissions');
    // In France the carbon cap stops binding; cost (same in every region) comes first.
    const after = capUses(whatIf, d.options.budgets);
    assert.equal(after[0]?.what, 'cost');
    assert.ok(after.every((u) => Number.isFinite(u.share) && u.share >= 0));
  });
});
