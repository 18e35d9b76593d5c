// The input registry is the one declaration of every input: package.json's settings, the README's table, the CLI's
// flags and help, the annotation keys and the panel's fields are generated from it or checked against it here, so a
// new input is one entry (and this suite fails when something was written by hand beside it).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HELP } from '../../../src/cli/help';
import { parseInvocation, UsageError } from '../../../src/cli/args';
import { configurationContribution, inputsMarkdown } from '../../../src/core/inputs/configuration';
import { ALL_INPUTS, ANNOTATION_KEYS, cleanInput, INPUTS, SETTING_KEYS, type InputSpec } from '../../../src/core/inputs/registry';
import { readAnnotations } from '../../../src/core/parse/annotations';
import { settingsFrom, type SettingKey } from '../../../src/extension/settings';
import { WhatIfSchema } from '../../../src/shared/protocol';
import { FIELDS } from '../../../webview/fields';

const ROOT = join(__dirname, '../../..');
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

describe('input registry: what is generated from it is current', () => {
  it("package.json's contributes.configuration is the registry's (run `npm run docs` after changing an input)", () => {
    assert.deepEqual(manifest.contributes.configuration, configurationContribution());
  });

  it("the README's Inputs table is the registry's (run `npm run docs`)", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    assert.ok(readme.includes(`<!-- inputs:start -->\n${inputsMarkdown()}\n<!-- inputs:end -->`), 'README "Inputs" is stale');
  });

  it('every setting the extension reads is declared, and nothing else', () => {
    assert.deepEqual(Object.keys(manifest.contributes.configuration.properties).sort(), SETTING_KEYS.map((k) => `footprint.${k}`).sort());
  });

  it('no two inputs share a setting, a flag, an annotation key or a panel label', () => {
    for (const name of ['setting', 'flag', 'annotation', 'panel'] as const) {
      const values = ALL_INPUTS.flatMap((s) => (s[name] ? [s[name]] : []));
      assert.equal(new Set(values).size, values.length, `${name}: ${values.join(', ')}`);
    }
  });
});

describe('input registry: every host takes each input by its declared name and bounds', () => {
  const flagged = INPUTS.filter((s): s is InputSpec<(typeof s)['id']> & { flag: string } => s.flag !== undefined);

  it('--help lists every input flag with its one-line doc', () => {
    for (const s of flagged) assert.match(HELP, new RegExp(`^  --${s.flag}\\b`, 'm'), s.flag);
  });

  it('the CLI accepts every input flag and refuses a value past its bound, naming the flag', () => {
    for (const s of flagged) {
      if (s.kind !== 'number' && s.kind !== 'integer') continue;
      const top = s.max!;
      if (!s.maxExclusive) assert.ok(parseInvocation(['estimate', 'a.yaml', `--${s.flag}`, String(top)]).overrides[s.id] !== undefined, `${s.flag} ${top}`);
      const past = s.percent ? '150%' : String(top * 2);
      assert.throws(
        () => parseInvocation(['estimate', 'a.yaml', `--${s.flag}`, past]),
        (e: unknown) => e instanceof UsageError && e.message.includes(`--${s.flag}`),
        `${s.flag} ${past}`,
      );
    }
  });

  it('a setting, a flag and an annotation of the same input accept and refuse the same values', () => {
    const samples = ['0', '0.5', '1', '3', '40', '40%', '150', '2500', '-1', 'lots'];
    for (const s of INPUTS.filter((x) => x.setting && x.flag && x.annotation && (x.kind === 'number' || x.kind === 'integer'))) {
      for (const text of samples) {
        const setting = settingsFrom((key: SettingKey) => (key === s.setting ? text : undefined)).defaults[s.id];
        let flag: unknown;
        try {
          flag = parseInvocation(['estimate', 'a.yaml', `--${s.flag}`, text]).overrides[s.id];
        } catch {
          flag = undefined;
        }
        const annotation = readAnnotations(`# footprint: ${s.annotation}=${text}\n`).values[s.annotation!]?.value;
        assert.deepEqual([setting, flag, annotation], [flag, flag, flag], `${s.id} = ${text}`);
      }
    }
  });

  it('the annotation parser knows exactly the declared keys', () => {
    assert.deepEqual([...ANNOTATION_KEYS].sort(), INPUTS.flatMap((s) => (s.annotation ? [s.annotation] : [])).sort());
    const unknown = readAnnotations('# footprint: colour=blue\n').findings[0]!;
    for (const key of ANNOTATION_KEYS) assert.ok(unknown.message.includes(key), key);
  });

  it('the panel has one field per input with a panel label, its schema bounded as declared', () => {
    const panelInputs = INPUTS.filter((s) => s.panel);
    assert.deepEqual(
      FIELDS.map((f) => f.key),
      panelInputs.map((s) => s.id),
    );
    assert.deepEqual(Object.keys(WhatIfSchema.shape).sort(), panelInputs.map((s) => s.id).sort());
    for (const s of panelInputs) {
      if (s.max === undefined) continue;
      const schema = WhatIfSchema.shape[s.id as keyof typeof WhatIfSchema.shape];
      assert.equal(schema.safeParse(s.max * 2 + 1).success, false, `${s.id} above its bound`);
      assert.equal(schema.safeParse(s.maxExclusive ? s.max * 0.99 : s.max).success, true, `${s.id} at its bound`);
    }
  });

  it('a percentage is written one way everywhere: 0.4, 40% and 40 are the same', () => {
    for (const s of INPUTS.filter((x) => x.percent)) {
      for (const written of ['0.4', '40%', '40', 40, 0.4]) assert.deepEqual(cleanInput(s, written), { ok: true, value: 0.4 }, `${s.id} ${written}`);
    }
  });
});
