// Measures a dataset file's text for the tokens a fine-tune trains on: rows (examples) and the characters of their
// text fields, from JSON Lines, a JSON array (or an object holding one), CSV or plain text. Pure: the host reads the
// file (whole, or its first DATASET_SAMPLE_BYTES) and hands the text here with the file's size; a sample's counts
// are extrapolated by size, and the result says so. Work is bounded by the text given and DATASET_SAMPLE_ROWS.
import { parseCsv } from '../calibrate/csv';
import { DATASET_SAMPLE_ROWS } from '../data/datasets';

export type DatasetFileFormat = 'jsonl' | 'json' | 'csv' | 'text';

export interface DatasetMeasure {
  format: DatasetFileFormat | 'hf-info';
  /** Rows in the file (extrapolated when sampled). */
  examples: number;
  /** Characters of the text fields over all rows (extrapolated when sampled); pairs count their prompt twice. */
  characters: number;
  /** Characters per example at the 0th, 1st … 100th percentile of the rows measured: for truncation at a length. */
  percentiles?: number[];
  /** Rows are preference pairs (chosen and rejected): each is two sequences, its prompt in both. */
  pairwise: boolean;
  /** Text fields counted ("instruction, input, output"; "messages[].content"). */
  fields: string[];
  /** Share of the characters that are Chinese, Japanese or Korean (the ÷ 4 rule is for English). */
  cjkShare: number;
  /** Rows actually measured. */
  rowsMeasured: number;
  /** Set when the counts are extrapolated from part of the file. */
  sampled?: { bytesRead: number; totalBytes: number; why: 'bytes' | 'rows' };
  /** The split read, for a dataset_info.json of the datasets cache. */
  split?: string;
}

export interface MeasureInput {
  fileName: string;
  /** The file's size in bytes; more than the text's length means the text is the file's first part. */
  totalBytes: number;
  /** Bytes of the file the text was decoded from (default: its UTF-8 length). */
  bytesRead?: number;
}

export type MeasureResult = { measure: DatasetMeasure } | { problem: string };

/** Keys whose values are labels, not text the model reads (roles, ids, links, media paths). */
const NOT_TEXT = new Set([
  'id',
  'idx',
  'role',
  'from',
  'source',
  'url',
  'link',
  'label',
  'labels',
  'image',
  'images',
  'video',
  'videos',
  'audio',
  'audios',
  'prompt_id',
  'uuid',
  'lang',
  'language',
  'split',
  'score',
  'dataset',
  'task',
  'category',
  'type',
  'loss_weight',
]);
const CHOSEN = /^(chosen(_\w+)?|response_j|accepted)$/i;
const REJECTED = /^(rejected(_\w+)?|response_k)$/i;

export function datasetFormatOf(fileName: string): DatasetFileFormat | undefined {
  const name = fileName.toLowerCase().replace(/\.(gz|bz2|zst)$/, '');
  if (/\.(jsonl|ndjson)$/.test(name)) return 'jsonl';
  if (name.endsWith('.json')) return 'json';
  if (name.endsWith('.csv')) return 'csv';
  if (/\.(txt|text|md)$/.test(name)) return 'text';
  return undefined;
}

export function measureDataset(text: string, input: MeasureInput): MeasureResult {
  const format = datasetFormatOf(input.fileName);
  if (!format) {
    const ext = /\.([\w]+)$/.exec(input.fileName)?.[1] ?? 'this';
    return { problem: `is a ${ext} file; only JSON, JSON Lines, CSV and text datasets are measured` };
  }
  if (/\.(gz|bz2|zst)$/i.test(input.fileName)) return { problem: 'is compressed; only uncompressed dataset files are measured' };
  const bytesRead = input.bytesRead ?? utf8Length(text);
  const partial = bytesRead < input.totalBytes;
  const clean = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows = readRows(clean, format, partial);
  if ('problem' in rows) return rows;
  if (rows.values.length === 0) return { problem: partial ? 'has no complete row in its first part' : 'has no rows' };
  const counter = new TextCounter();
  const perRow: number[] = [];
  let pairwise = false;
  for (const row of rows.values) {
    const c = counter.row(row);
    pairwise ||= c.pairwise;
    perRow.push(c.characters);
  }
  // The rows measured stand for the text they were read from; the rest of the file is assumed alike.
  const rowCapped = rows.consumed < clean.length && !partial;
  const share = clean.length > 0 ? rows.consumed / clean.length : 1;
  const scale = (partial ? input.totalBytes / bytesRead : 1) / Math.max(share, 1e-9);
  const measured = perRow.reduce((a, b) => a + b, 0);
  const sampled =
    partial || rowCapped ? { bytesRead: partial ? bytesRead : Math.round(bytesRead * share), totalBytes: input.totalBytes, why: partial ? ('bytes' as const) : ('rows' as const) } : undefined;
  return {
    measure: {
      format,
      examples: sampled ? Math.round(perRow.length * scale) : perRow.length,
      characters: sampled ? Math.round(measured * scale) : measured,
      percentiles: percentiles(perRow),
      pairwise,
      fields: counter.fieldNames(),
      cjkShare: measured > 0 ? counter.cjk / measured : 0,
      rowsMeasured: perRow.length,
      ...(sampled ? { sampled } : {}),
    },
  };
}

/** A dataset_info.json of the Hugging Face datasets cache: its train split's examples and bytes (≈ characters). */
export function measureHfDatasetInfo(text: string, split?: string): MeasureResult {
  let info: unknown;
  try {
    info = JSON.parse(text);
  } catch {
    return { problem: 'is not valid JSON' };
  }
  const splits = (info as { splits?: Record<string, { num_examples?: unknown; num_bytes?: unknown }> } | null)?.splits;
  if (!splits || typeof splits !== 'object') return { problem: 'has no splits' };
  const names = Object.keys(splits);
  const name = (split && splits[split] ? split : undefined) ?? names.find((n) => /^train/.test(n)) ?? names[0];
  const s = name ? splits[name] : undefined;
  const examples = typeof s?.num_examples === 'number' ? s.num_examples : NaN;
  const bytes = typeof s?.num_bytes === 'number' ? s.num_bytes : NaN;
  if (!(examples > 0) || !(bytes > 0)) return { problem: `gives no example count or size for its ${name ?? 'train'} split` };
  return { measure: { format: 'hf-info', examples, characters: bytes, pairwise: false, fields: [], cjkShare: 0, rowsMeasured: 0, split: name } };
}

interface Rows {
  values: unknown[];
  /** Characters of the text the rows were read from (up to the end of the last complete row). */
  consumed: number;
}

function readRows(text: string, format: DatasetFileFormat, partial: boolean): Rows | { problem: string } {
  if (format === 'csv') return csvRows(text, partial);
  if (format === 'text') return lineRows(text, partial, (line) => (line.trim() ? line : undefined));
  const start = text.search(/\S/);
  if (format === 'json' && text[start] === '[') return arrayRows(text, start);
  if (format === 'json' && text[start] === '{') {
    // One object: a JSON Lines file named .json, or (read whole) an object holding the rows in an array.
    const lines = lineRows(text, partial, parseLine);
    if (lines.values.length > 1) return lines;
    if (partial) return { problem: 'is one JSON object too large to read whole' };
    return objectRows(text);
  }
  const rows = lineRows(text, partial, parseLine);
  return rows.values.length > 0 || !text.trim() ? rows : { problem: 'has no JSON object on any line' };
}

function parseLine(line: string): unknown {
  const t = line.trim();
  if (!t.startsWith('{') && !t.startsWith('[')) return undefined;
  try {
    return JSON.parse(t);
  } catch {
    return undefined;
  }
}

/** Line by line, stopping at DATASET_SAMPLE_ROWS; a sample's last line may be cut, so it is dropped. */
function lineRows(text: string, partial: boolean, read: (line: string) => unknown): Rows {
  const values: unknown[] = [];
  let pos = 0;
  while (pos < text.length && values.length < DATASET_SAMPLE_ROWS) {
    const nl = text.indexOf('\n', pos);
    if (nl < 0 && partial) break;
    const end = nl < 0 ? text.length : nl;
    const v = read(text.slice(pos, end));
    if (v !== undefined) values.push(v);
    pos = nl < 0 ? text.length : nl + 1;
  }
  return { values, consumed: pos };
}

function csvRows(text: string, partial: boolean): Rows | { problem: string } {
  // Cut at the last line end a sample has, and at the row cap, before parsing (quoted line breaks aside).
  let body = partial ? text.slice(0, text.lastIndexOf('\n') + 1) : text;
  let at = 0;
  for (let n = 0; n <= DATASET_SAMPLE_ROWS && at >= 0; n++) at = body.indexOf('\n', at + 1);
  if (at > 0) body = body.slice(0, at + 1);
  const table = parseCsv(body);
  if (table.header.length === 0) return { problem: 'has no header row' };
  const values = table.rows.map((r) => Object.fromEntries(table.header.map((h, i) => [h, r[i] ?? ''])));
  return { values, consumed: body.length };
}

/** The elements of a top-level JSON array, each parsed alone, so a sample's cut last element is simply not read. */
function arrayRows(text: string, open: number): Rows | { problem: string } {
  const values: unknown[] = [];
  let depth = 0;
  let elementStart = -1;
  let consumed = open + 1;
  for (let i = open; i < text.length && values.length < DATASET_SAMPLE_ROWS; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c /* \ */) i++;
        else if (d === 0x22) break;
      }
      continue;
    }
    if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (depth === 1 && elementStart < 0) elementStart = i;
      depth++;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth--;
      if (depth === 1 && elementStart >= 0) {
        try {
          values.push(JSON.parse(text.slice(elementStart, i + 1)));
        } catch {
          return { problem: `is not valid JSON (row ${values.length + 1})` };
        }
        elementStart = -1;
        consumed = i + 1;
      }
      if (depth === 0) {
        consumed = text.length;
        break;
      }
    } else if (depth === 1 && elementStart < 0 && c > 0x20 && c !== 0x2c /* , */) {
      // A scalar row (a list of strings): read up to the next comma or the end of the array.
      const end = text.slice(i).search(/[,\]]/);
      if (end < 0) break;
      const raw = text.slice(i, i + end).trim();
      try {
        values.push(JSON.parse(raw));
      } catch {
        return { problem: `is not valid JSON (row ${values.length + 1})` };
      }
      i += end - 1;
      consumed = i + 1;
    }
  }
  return { values, consumed };
}

/** `{"data": [...]}`, `{"train": [...]}`: the rows are the object's largest array. */
function objectRows(text: string): Rows | { problem: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problem: 'is not valid JSON' };
  }
  const arrays = Object.values(value as Record<string, unknown>).filter(Array.isArray) as unknown[][];
  const rows = arrays.sort((a, b) => b.length - a.length)[0];
  if (!rows) return { values: [value], consumed: text.length };
  const values = rows.slice(0, DATASET_SAMPLE_ROWS);
  return { values, consumed: Math.round((text.length * values.length) / Math.max(rows.length, 1)) };
}

const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/g;

/** Counts the text a row gives the model; remembers which fields it found and how much of it is CJK. */
class TextCounter {
  cjk = 0;
  private readonly fields = new Set<string>();

  row(row: unknown): { characters: number; pairwise: boolean } {
    if (typeof row === 'string') {
      this.fields.add('(text)');
      return { characters: this.text(row), pairwise: false };
    }
    if (!row || typeof row !== 'object' || Array.isArray(row)) return { characters: this.count(row, ''), pairwise: false };
    const entries = Object.entries(row as Record<string, unknown>);
    const chosen = entries.find(([k]) => CHOSEN.test(k));
    const rejected = entries.find(([k]) => REJECTED.test(k));
    if (chosen && rejected) {
      // A preference pair runs as two sequences, prompt + chosen and prompt + rejected.
      let shared = 0;
      for (const [k, v] of entries) if (v !== chosen[1] && v !== rejected[1]) shared += this.field(k, v);
      return { characters: 2 * shared + this.field(chosen[0], chosen[1]) + this.field(rejected[0], rejected[1]), pairwise: true };
    }
    let n = 0;
    for (const [k, v] of entries) n += this.field(k, v);
    return { characters: n, pairwise: false };
  }

  fieldNames(): string[] {
    return [...this.fields];
  }

  private field(key: string, value: unknown): number {
    if (NOT_TEXT.has(key.toLowerCase())) return 0;
    const n = this.count(value, key);
    return n;
  }

  private count(value: unknown, path: string, depth = 0): number {
    if (typeof value === 'string') {
      if (path) this.fields.add(path);
      return this.text(value);
    }
    if (!value || typeof value !== 'object' || depth > 8) return 0;
    let n = 0;
    if (Array.isArray(value)) for (const v of value) n += this.count(v, `${path}[]`, depth + 1);
    else for (const [k, v] of Object.entries(value)) if (!NOT_TEXT.has(k.toLowerCase())) n += this.count(v, path ? `${path}.${k}` : k, depth + 1);
    return n;
  }

  private text(s: string): number {
    const cjk = s.match(CJK);
    if (cjk) this.cjk += cjk.length;
    return s.length;
  }
}

/** 101 percentiles of the characters per row (for truncation at a sequence length without carrying every row). */
function percentiles(values: number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[] = [];
  for (let p = 0; p <= 100; p++) out.push(sorted[Math.min(sorted.length - 1, Math.round((p / 100) * (sorted.length - 1)))]!);
  return out;
}

function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}
