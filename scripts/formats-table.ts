// Prints the README's "Formats understood" table: every shipped public config, the format it is read as, and what
// the core derives from it alone (no flags), so the table shows what a user gets on opening each file.
// Run: npx tsx scripts/formats-table.ts
import { analyze } from '../src/core/analyze';
import { FORMAT_LABELS, MISSING_HINTS } from '../src/core/present/labels';
import { formatCount, formatInteger } from '../src/core/present/units';
import type { Sourced } from '../src/core/types';
import { fixtureNames, readFixture } from '../test/unit/helpers/fixtures';

function cell<T>(value: Sourced<T> | undefined, show: (v: T) => string): string {
  if (!value) return '—';
  return value.source === 'file' ? show(value.value) : `${show(value.value)} (${value.source})`;
}

const lines = ['| Config | Read as | Parameters | Tokens | GPUs | Precision | Still needed for a projection |', '|---|---|---|---|---|---|---|'];
for (const name of fixtureNames()) {
  const { format, run } = analyze(readFixture(name), { fileName: name });
  if (!format || !run) {
    lines.push(`| ${name} | not a training config | | | | | |`);
    continue;
  }
  const missing = run.missing.map((m) => MISSING_HINTS[m].split(/[:(.]/)[0]!.trim()).join('; ') || 'nothing';
  lines.push(
    `| ${name} | ${FORMAT_LABELS[format]} | ${cell(run.params, formatCount)} | ${cell(run.tokens, formatCount)} | ` +
      `${cell(run.gpus, formatInteger)} | ${cell(run.precision, String)} | ${missing} |`,
  );
}
lines.push('', '"derived" values follow from other keys (the formula is in each hover and in `--json`); "default" ones from a documented convention of the framework.');
console.log(lines.join('\n'));
