// Measures what Footprint Lens reads of a corpus of real public configs, as the README's table in "A run is more
// than one file" reports it: per row of scripts/corpus.txt, the files, those that are training runs (a stated rule,
// NOT_A_RUN), how many of those are recognised, and — where the model is known (named, by model_name, or by the
// file's path) — how many are counted within 3% of that model. Companions are resolved from the file's repository as
// the CLI resolves them; no Hugging Face cache and no network are used. Usage: npx tsx scripts/measure-corpus.ts <root>
// [--list] (root holds <owner>+<name> trees at the manifest's commits; --list prints every miss).
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { analyzeWithCompanions } from '../src/cli/companions';
import type { Analysis } from '../src/core/analyze';
import { maxtextTable } from '../src/core/data/maxtext';
import { findModelByPath, findOpenModel } from '../src/core/data/open-models';
import { modelFromTable } from '../src/core/model/named';
import { countParams } from '../src/core/model/params';

/** A file that says something about a model: a dimension or a model's name. */
export const MENTION =
  /\b(?:-?-?num[-_]layers|n_layers|num_hidden_layers|-?-?hidden[-_]size|hidden_dim|d_model|n_embd|emb_dim|base_emb_dim|num[-_]attention[-_]heads|n_heads|model_name|model_name_or_path|base_model|pretrained_model_name_or_path|global_parameter_scale|checkpoint_dir|model\.type|flavor)\b/i;

/**
 * Files that are not training runs, by their path (a folder or a word of the file name): tests, inference,
 * evaluation, conversion, serving, data preparation and environment setup; and launcher settings that hold no run
 * (a YAML file named accelerate…, fsdp…, deepspeed…, ds_…, zero…).
 */
export const NOT_A_RUN =
  /(?:^|[\/_.-])(?:tests?|ci|inference|infer|eval|evaluation|evaluate|benchmarks?|conversion|convert|checkpoint_conversion|export|merge|quantiz\w*|serve|serving|deploy\w*|generate|generation|webui|preprocess\w*|data_prep\w*|tokeni[sz]\w*|download\w*|upload\w*|setup|install|docker\w*)(?:[\/_.-]|$)|(?:^|\/)(?:accelerate|fsdp|deepspeed|ds_|zero)[^\/]*\.ya?ml$/i;

interface Row {
  row: string;
  repo: string;
  commit: string;
  folders: string[];
}

export function readManifest(text: string): Row[] {
  return text
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => {
      const [row, repo, commit, ...folders] = l.trim().split(/\s+/);
      return { row: row!, repo: repo!, commit: commit!, folders };
    });
}

function walk(dir: string): string[] {
  let out: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const n of names) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out = out.concat(walk(p));
    else if (/\.(ya?ml|sh|slurm)$/i.test(n)) out.push(p);
  }
  return out;
}

/** The size of the model the file names (a named model, a MaxText model_name with a Hugging Face release) or its path names. */
export function knownModelParams(a: Analysis, path: string): { params: number; how: string } | undefined {
  const m = a.model;
  if (m) {
    const p = m.params?.value ?? countParams(m.arch)?.total;
    if (p) return { params: p, how: `names ${m.id ?? m.name}` };
  }
  const name = a.references.find((r) => r.key === 'model_name')?.target.replace(/^.*\/|\.yml$/g, '');
  const mx = name ? maxtextTable().models.find((x) => x.name === name) : undefined;
  const hf = mx?.publishedAs ? findOpenModel(mx.publishedAs) : undefined;
  if (hf) return { params: hf.paramsComputed, how: `model_name ${name} → ${hf.id}` };
  const byPath = findModelByPath(path);
  const named = byPath ? modelFromTable(byPath.id) : undefined;
  if (byPath && named?.params) return { params: named.params.value, how: `path → ${byPath.id}` };
  return undefined;
}

export interface Tally {
  files: number;
  notRuns: number;
  runs: number;
  recognised: number;
  known: number;
  within: number;
  misses: string[];
}

export function measure(root: string, rows: Row[]): Map<string, Tally> {
  const env = { HOME: mkdtempSync(join(tmpdir(), 'corpus-home-')) };
  const tallies = new Map<string, Tally>();
  for (const r of rows) {
    const t = tallies.get(r.row) ?? { files: 0, notRuns: 0, runs: 0, recognised: 0, known: 0, within: 0, misses: [] };
    tallies.set(r.row, t);
    const repoDir = join(root, r.repo.replace('/', '+'));
    for (const folder of r.folders) {
      for (const file of walk(join(repoDir, folder))) {
        const text = readFileSync(file, 'utf8');
        if (!MENTION.test(text)) continue;
        const rel = relative(repoDir, file);
        t.files++;
        if (NOT_A_RUN.test(rel)) {
          t.notRuns++;
          continue;
        }
        t.runs++;
        const a = analyzeWithCompanions(text, { fileName: file }, { env, root: repoDir });
        if (!a.format) {
          t.misses.push(`not recognised: ${r.repo} ${rel}`);
          continue;
        }
        t.recognised++;
        const known = knownModelParams(a, rel);
        if (!known) continue;
        t.known++;
        const p = a.run?.params?.value;
        if (p && Math.abs(p / known.params - 1) <= 0.03) t.within++;
        else t.misses.push(`params ${p ? (p / 1e9).toFixed(2) : 'none'}B vs ${(known.params / 1e9).toFixed(2)}B (${known.how}): ${r.repo} ${rel}`);
      }
    }
  }
  return tallies;
}

if (process.argv[1] && /measure-corpus\.ts$/.test(process.argv[1])) {
  const root = process.argv[2];
  if (!root) {
    console.error('usage: measure-corpus.ts <root> [--list]');
    process.exit(2);
  }
  const rows = readManifest(readFileSync(join(import.meta.dirname, 'corpus.txt'), 'utf8'));
  const tallies = measure(root, rows);
  const pct = (a: number, b: number) => (b ? `${Math.round((100 * a) / b)}%` : '—');
  const all: Tally = { files: 0, notRuns: 0, runs: 0, recognised: 0, known: 0, within: 0, misses: [] };
  for (const [row, t] of tallies) {
    console.log(
      `${row}: ${t.files} files, ${t.notRuns} not runs, ${t.runs} runs, recognised ${t.recognised} (${pct(t.recognised, t.runs)}), model known ${t.known}, within 3% ${t.within} (${pct(t.within, t.known)})`,
    );
    for (const k of ['files', 'notRuns', 'runs', 'recognised', 'known', 'within'] as const) all[k] += t[k];
    if (process.argv.includes('--list')) for (const m of t.misses) console.log(`  ${m}`);
  }
  console.log(
    `all: ${all.files} files, ${all.notRuns} not runs, ${all.runs} runs, recognised ${all.recognised} (${pct(all.recognised, all.runs)}), model known ${all.known}, within 3% ${all.within} (${pct(all.within, all.known)})`,
  );
}
