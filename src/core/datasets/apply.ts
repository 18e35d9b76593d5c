// A fine-tune's datasets into its size per epoch: each dataset the recipe names is sized from what the host measured
// of its file (or read in the datasets cache), else from the shipped table of popular datasets; characters become
// tokens at CHARS_PER_TOKEN, with the range. Run completion (run/finetune-tokens.ts) then multiplies by the epochs and
// cuts and pads each example at the sequence length. A dataset nobody can size is said once, by name.
import { CHARS_PER_TOKEN, findNamedDataset, type NamedDatasetRow } from '../data/datasets';
import { isReinforcement } from '../estimate/finetune';
import type { ParsedConfig } from '../parse/config';
import { finding } from '../present/findings';
import { formatCount, formatInteger } from '../present/units';
import type { DatasetPart, Finding, RunSpec } from '../types';
import { referenceKey, type Companion, type Reference } from '../companions/types';
import type { DatasetMeasure } from './measure';

/** Text this much CJK or more is not English: the ÷ 4 rule undercounts it, which a finding says. */
export const CJK_SHARE_FINDING = 0.3;

const { point, low, high } = CHARS_PER_TOKEN.range;
/** How characters became tokens, said once per run: the ratio, its source and its range. */
export function charsPerTokenWords(tokens: number): string {
  return `characters ÷ ${point} per token (${CHARS_PER_TOKEN.source}, ${CHARS_PER_TOKEN.year}); ÷ ${high} to ÷ ${low} for English BPE vocabularies gives ${formatCount((tokens * point) / high)}-${formatCount((tokens * point) / low)}`;
}

interface Sized {
  part?: DatasetPart;
  /** Examples only (a table row without a size): enough for the upper bound at full length. */
  examplesOnly?: { examples: number; detail: string };
}

/** Sizes the run's datasets; returns the dataset files whose measure was used. */
export function applyDatasets(run: RunSpec, cfg: ParsedConfig, references: readonly Reference[], companions: ReadonlyMap<string, Companion>, fileName: string): string[] {
  const ft = run.fineTune;
  const refs = references.filter((r) => r.kind === 'dataset');
  if (!ft || refs.length === 0) return [];
  const maxSamples = maxSamplesOf(cfg);
  const sized: Sized[] = [];
  const unknown: Array<{ ref: Reference; problem?: string }> = [];
  for (const ref of refs) {
    const c = companions.get(referenceKey(ref));
    const s = c?.dataset ? fromMeasure(ref, c, c.dataset, maxSamples) : fromTable(ref, c, maxSamples);
    if (s) {
      sized.push(s);
      if (c?.dataset && c.dataset.cjkShare >= CJK_SHARE_FINDING) run.findings.push(notEnglish(ref, c.dataset, fileName));
    } else unknown.push({ ref, problem: c?.problem });
  }
  for (const u of unknown) run.findings.push(unknownDataset(u.ref, u.problem, fileName));
  if (unknown.length > 0 || sized.length === 0) return [];
  const used = refs.flatMap((r) => {
    const c = companions.get(referenceKey(r));
    return c?.dataset ? [c.fileName] : [];
  });
  const parts = sized.flatMap((s) => (s.part ? [s.part] : []));
  const examples = sized.reduce((n, s) => n + (s.part?.examples ?? s.examplesOnly!.examples), 0);
  const detail = sized.map((s) => s.part?.detail ?? s.examplesOnly!.detail).join('; ');
  const span = refs.find((r) => r.in === fileName)?.span;
  if (isReinforcement(ft.objective.value) || parts.length < sized.length) {
    // RL runs over prompts (their count is what matters); a dataset known only by its example count gives the
    // upper bound at full length, as max_samples does.
    ft.datasetExamples = { value: examples, source: 'companion', detail, span };
    return used;
  }
  const tokens = parts.reduce((n, p) => n + p.tokens, 0);
  ft.datasetExamples = { value: examples, source: 'companion', detail, span };
  ft.dataset = {
    parts,
    tokens: { value: tokens, source: 'companion', detail: `${detail}; ${charsPerTokenWords(tokens)}`, span },
    tokensRange: { low: (tokens * point) / high, high: (tokens * point) / low },
  };
  return used;
}

function fromMeasure(ref: Reference, c: Companion, m: DatasetMeasure, maxSamples: number | undefined): Sized {
  const capped = maxSamples !== undefined && maxSamples < m.examples;
  const examples = capped ? maxSamples : m.examples;
  const characters = capped ? (m.characters * maxSamples) / m.examples : m.characters;
  const tokens = characters / point;
  const what =
    m.format === 'hf-info'
      ? `${formatCount(m.examples)} examples and ${formatCount(m.characters)} bytes of text in its ${m.split ?? 'train'} split (${c.fileName})`
      : `${formatCount(m.examples)} rows, ${formatCount(m.characters)} characters of ${m.fields.slice(0, 4).join(', ') || 'text'}${m.fields.length > 4 ? ', …' : ''}` +
        (m.sampled
          ? `, from the first ${mb(m.sampled.bytesRead)} of ${mb(m.sampled.totalBytes)} (${formatCount(m.rowsMeasured)} rows measured, the rest extrapolated by size)`
          : ' (every row measured)') +
        ` in ${c.fileName}`;
  const cap = capped ? `, capped at max_samples ${formatCount(maxSamples)}` : '';
  return {
    part: {
      name: ref.target,
      examples,
      tokens,
      percentiles: m.percentiles?.map((x) => x / point),
      pairwise: m.pairwise,
      detail: `${ref.target}: ${what}${cap} ≈ ${formatCount(tokens)} tokens${m.pairwise ? ' (chosen and rejected, each with its prompt)' : ''}`,
    },
  };
}

/** The table's row for the name, or for the Hub id a registry resolved it to (the companion's file name). */
function fromTable(ref: Reference, c: Companion | undefined, maxSamples: number | undefined): Sized | undefined {
  const row = findNamedDataset(ref.target) ?? (c && !c.problem ? findNamedDataset(c.fileName) : undefined);
  if (!row) return undefined;
  const examples = maxSamples !== undefined ? Math.min(maxSamples, row.examples) : row.examples;
  const cap = maxSamples !== undefined && maxSamples < row.examples ? `, capped at max_samples ${formatCount(maxSamples)}` : '';
  const where = `${ref.target}: ${formatInteger(row.examples)} examples in ${row.split}${sizeWords(row)} (${row.source}, ${row.year})${cap}`;
  if (row.bytes === undefined) return { examplesOnly: { examples, detail: where } };
  const tokens = (row.bytes * (examples / row.examples)) / point;
  return { part: { name: ref.target, examples, tokens, pairwise: row.pairwise ?? false, detail: `${where} ≈ ${formatCount(tokens)} tokens` } };
}

function sizeWords(row: NamedDatasetRow): string {
  return row.bytes === undefined ? '' : `, ${formatCount(row.bytes)} bytes of text`;
}

function maxSamplesOf(cfg: ParsedConfig): number | undefined {
  for (const k of ['max_samples', '--max_samples', '--data.max_samples']) {
    const v = cfg.entries.get(k)?.value;
    const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : NaN;
    if (Number.isFinite(n) && n > 0) return Math.floor(n);
  }
  return undefined;
}

function mb(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MB`;
}

function unknownDataset(ref: Reference, problem: string | undefined, fileName: string): Finding {
  const why = problem ? `${ref.target} ${problem}` : `${ref.target} is not a local file, not in the Hugging Face datasets cache and not in the shipped table of popular datasets`;
  return finding('dataset-unknown', { target: ref.target, key: ref.key, why }, { span: ref.in === fileName ? ref.span : undefined });
}

function notEnglish(ref: Reference, m: DatasetMeasure, fileName: string): Finding {
  return finding('dataset-not-english', { target: ref.target, share: Math.round(m.cjkShare * 100), charsPerToken: point }, { span: ref.in === fileName ? ref.span : undefined });
}
