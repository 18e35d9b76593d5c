// Every setting, flag, annotation key and command that a message, a hover, a finding's doc or the help names exists:
// a user told to "set footprint.gpu" must find that setting. The sources are scanned as text, so a name written in
// any message is checked, wherever it is built.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { FLAG_NAMES } from '../../../src/cli/args';
import { HELP } from '../../../src/cli/help';
import { ANNOTATION_KEYS, SETTING_KEYS } from '../../../src/core/inputs/registry';
import { analyze } from '../../../src/core/analyze';
import { FINDING_DOCS } from '../../../src/core/present/findings';
import { COMMANDS, PANEL_VIEW_TYPE } from '../../../src/extension/ids';
import { fixtureNames, readFixture } from '../helpers/fixtures';

const ROOT = join(__dirname, '../../..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const full = join(dir, e);
    return statSync(full).isDirectory() ? files(full) : full.endsWith('.ts') ? [full] : [];
  });
}

const SOURCES = [...files(join(ROOT, 'src')), ...files(join(ROOT, 'webview'))].map((f) => ({ file: relative(ROOT, f), text: readFileSync(f, 'utf8') }));
const DOCS = FINDING_DOCS.map((d) => `${d.meaning} ${d.fix}`).join('\n');
// The messages as users read them, with their arguments filled in: every finding over every fixture, alone and with
// no GPU type assumed (the missing-input messages name flags, annotations and settings).
const RENDERED = fixtureNames().flatMap((name) =>
  [analyze(readFixture(name), { fileName: name }), analyze(readFixture(name), { fileName: name, defaults: { gpuType: 'no-such-gpu' } })].flatMap((a) =>
    a.findings.map((f) => ({ file: `${name}: ${f.code}`, text: f.message })),
  ),
);

/** The names a text mentions with the pattern, with where. */
function mentions(pattern: RegExp, texts: Array<{ file: string; text: string }>): Array<{ name: string; file: string }> {
  return texts.flatMap(({ file, text }) => [...text.matchAll(pattern)].map((m) => ({ name: m[1]!, file })));
}

describe('every name a message gives exists', () => {
  it('the rendered messages are many and varied enough to check', () => {
    assert.ok(new Set(RENDERED.map((r) => r.file.split(': ')[1])).size >= 15, `only ${RENDERED.length} messages`);
  });

  it('footprint.* names a setting, a command or the panel', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const views = Object.values(manifest.contributes.views ?? {})
      .flat()
      .map((v) => (v as { id: string }).id);
    const known = new Set<string>([...SETTING_KEYS.map((k) => `footprint.${k}`), ...Object.values(COMMANDS), PANEL_VIEW_TYPE, 'footprint.total', ...views]);
    // A name not preceded by a word or a dot (carbonfootprint.com, report.footprint.md are not names).
    const found = mentions(/(?<![\w.$}/-])(footprint\.[A-Za-z][\w.]*\w)/g, [...SOURCES, ...RENDERED, { file: 'findings docs', text: DOCS }, { file: 'help', text: HELP }]);
    const unknown = found.filter(({ name }) => !known.has(name) && ![...known].some((k) => name.startsWith('footprint.budget') && k.startsWith(name)));
    assert.deepEqual(unknown, []);
    assert.ok(found.length > 20, `only ${found.length} mentions found: is the scan still matching?`);
  });

  it('`# footprint: key=` names an annotation key', () => {
    const found = mentions(/footprint: ([a-z]+)=/g, [...SOURCES, ...RENDERED, { file: 'findings docs', text: DOCS }]);
    assert.deepEqual(
      found.filter(({ name }) => !(ANNOTATION_KEYS as readonly string[]).includes(name)),
      [],
    );
    assert.ok(found.length >= 5);
  });

  it('--flag in a message, a hover, a finding doc or the help names a flag of the CLI', () => {
    // Extractors, write-back, key docs and the vocabulary name the config's own flags (Megatron's), and the git
    // callers git's: not ours.
    const ours = SOURCES.filter(
      ({ file }) => !/^src\/core\/(formats|parse|edit|companions|memory)\/|^src\/action\/|^src\/cli\/git\.ts$|^src\/extension\/keyDocs\.ts$|^src\/core\/data\/|^src\/core\/types\.ts$/.test(file),
    );
    const flags = new Set(FLAG_NAMES);
    const flagPattern = /(?<![\w-])--([a-z][a-z0-9-]*[a-z0-9])(?![\w-])/g;
    // A finding's doc may name the config's own flag that the extractors read (`--num-layers`): that is not ours either.
    const configFlags = new Set(
      mentions(
        flagPattern,
        SOURCES.filter(({ file }) => file.startsWith('src/core/formats/')),
      ).map((m) => m.name),
    );
    const found = mentions(flagPattern, [...ours, ...RENDERED, { file: 'findings docs', text: DOCS }, { file: 'help', text: HELP }]);
    // `--max-*` stands for the budget flags.
    const unknown = found.filter(({ name }) => !flags.has(name) && name !== 'max' && !configFlags.has(name));
    assert.deepEqual(unknown, []);
    assert.ok(found.length > 30, `only ${found.length} mentions found`);
  });

  it('a command a hover or a message links to is declared in package.json', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    const declared = new Set((manifest.contributes.commands as Array<{ command: string }>).map((c) => c.command));
    for (const id of Object.values(COMMANDS)) assert.ok(declared.has(id), id);
  });
});
