// `footprint-lens diff <old> <new>` and `footprint-lens diff --base REF <config...>`: what a change costs, as the
// Markdown of a pull-request comment (or --json), with the --max-increase-* gates (exit 1, the reason on stderr).
// With --base, a file the revision lacks is a new run and a file deleted since is a removed one; a file that is a
// training config on neither side (a workflow among a pull request's YAML) is skipped with a note.
import { DEFAULT_MAX_BYTES, type Analysis } from '../core/analyze';
import { checkIncreaseGates, compareAnalyses, diffMarkdown, diffToJson, type RunComparison } from '../core/diff/index';
import type { Invocation } from './args';
import { analyzeWithCompanions, cliLookup } from './companions';
import { budgetOf } from './limits';
import { readConfigFile } from './files';
import { textAtRevision } from './git';

export interface DiffIO {
  out(text: string): void;
  err(text: string): void;
}

const EXIT_OK = 0;
const EXIT_GATE = 1;
const EXIT_USAGE = 2;

type Side = { ok: true; analysis: Analysis | null } | { ok: false };

export function diff(invocation: Invocation, io: DiffIO): number {
  const base = invocation.diff?.base;
  // Companions (a model named by id, a script's DeepSpeed JSON) are read as estimate reads them, from the working
  // tree, for both sides: a change to a companion alone is not seen.
  const lookup = cliLookup([]);
  const analyzeText = (text: string, fileName: string) => analyzeWithCompanions(text, { fileName, overrides: invocation.overrides, budgetMs: budgetOf(invocation) }, lookup);
  const fail = (message: string): Side => {
    io.err(`footprint-lens: ${message}\n`);
    return { ok: false };
  };
  let exit = EXIT_OK;
  const comparisons: RunComparison[] = [];

  if (base === undefined) {
    const [oldFile, newFile] = invocation.files as [string, string];
    const sides = [oldFile, newFile].map((file): Side => {
      const read = readConfigFile(file, DEFAULT_MAX_BYTES);
      return read.ok ? { ok: true, analysis: analyzeText(read.text, file) } : fail(`${file} ${read.message}`);
    });
    const [before, after] = sides as [Side, Side];
    if (!before.ok || !after.ok) return EXIT_USAGE;
    const c = compareAnalyses(before.analysis, after.analysis);
    if (c.status === 'not-a-config') {
      fail(`neither ${oldFile} nor ${newFile} is a training config that Footprint Lens recognises`);
      return EXIT_USAGE;
    }
    comparisons.push(c);
  } else {
    for (const file of invocation.files) {
      const c = compareWithRevision(file, base, analyzeText, fail);
      if (c === null) {
        exit = EXIT_USAGE;
        continue;
      }
      if (c.status === 'not-a-config') io.err(`footprint-lens: ${file}: not a training config on either side, skipped\n`);
      else comparisons.push(c);
    }
  }

  const gates = checkIncreaseGates(comparisons, invocation.diff?.caps ?? {});
  for (const g of gates.filter((g) => g.exceeded)) {
    io.err(`footprint-lens: ${g.reason}\n`);
    exit = Math.max(exit, EXIT_GATE);
  }
  if (invocation.json) io.out(`${JSON.stringify(diffToJson(comparisons, gates, base), null, 2)}\n`);
  else {
    const baseLabel = invocation.diff?.baseLabel ?? base;
    io.out(diffMarkdown(comparisons, { ...(baseLabel !== undefined ? { baseLabel } : {}), gates }));
  }
  return exit;
}

/** The working tree's file against its text at `base`; null (after saying why) when either side cannot be read. */
function compareWithRevision(file: string, base: string, analyzeText: (text: string, fileName: string) => Analysis, fail: (message: string) => Side): RunComparison | null {
  const read = readConfigFile(file, DEFAULT_MAX_BYTES);
  const deleted = !read.ok && read.missing === true;
  if (!read.ok && !deleted) return (fail(`${file} ${read.message}`), null);
  const old = textAtRevision(base, file, DEFAULT_MAX_BYTES);
  if (!old.ok && !old.absent) return (fail(`${file} ${old.message}`), null);
  if (deleted && !old.ok) return (fail(`${file} does not exist, here or at ${base}`), null);
  const before = old.ok ? analyzeText(old.text, file) : null;
  const after = read.ok ? analyzeText(read.text, file) : null;
  return compareAnalyses(before, after);
}
