// What every extractor uses to read keys: each read records the key (for hovers, lenses and write-back), gives the
// value its provenance, and turns values that cannot be used ("auto", "${...}", strings, negatives, 1e300) into a
// finding naming the key and line instead of a number.
import { findTokenizer } from '../data/tokenizers';
import type { ConfigEntry, ParsedConfig } from '../parse/config';
import { findingOf, type FindingArgs, type FindingCode } from '../present/findings';
import type { FormatId, KeyRole, Precision, RunSpec, Sourced } from '../types';

/** Bounds of plausible values per role; outside them a value is reported and not used. */
const PLAUSIBLE_MAX: Partial<Record<KeyRole, number>> = {
  layers: 10_000,
  hiddenSize: 1_000_000,
  ffnHiddenSize: 10_000_000,
  heads: 100_000,
  kvHeads: 100_000,
  vocabSize: 100_000_000,
  experts: 1_000_000,
  topK: 10_000,
  seqLength: 100_000_000,
  microBatch: 1_000_000,
  gradAccum: 1_000_000,
  globalBatch: 1e9,
  trainIters: 1e12,
  trainSamples: 1e15,
  tokens: 1e18,
  nodes: 1_000_000,
  gpusPerNode: 1_024,
  gpus: 10_000_000,
  tp: 100_000,
  pp: 100_000,
  cp: 100_000,
  ep: 100_000,
  dp: 10_000_000,
  zeroStage: 3,
};

/** Values that mean "decided elsewhere", not errors. */
const DEFERRED = /^(auto|none|null|~|\?\?\?|)$/i;

export interface NumberOptions {
  /** Allow 0 (zero_optimization.stage, a count of shared experts). */
  allowZero?: boolean;
  /** Accept a fractional value (PUE, price). */
  fractional?: boolean;
}

export class RunBuilder {
  readonly run: RunSpec;

  constructor(
    readonly cfg: ParsedConfig,
    format: FormatId,
    label: string,
  ) {
    this.run = { format, label, arch: {}, parallel: {}, keys: [], findings: [...cfg.findings], missing: [] };
  }

  /** The first of `paths` present in the file (aliases: hyphen/underscore spellings, old and new names). */
  entry(...paths: string[]): ConfigEntry | undefined {
    for (const p of paths) {
      const e = this.cfg.entries.get(p);
      if (e) return e;
    }
    return undefined;
  }

  has(...paths: string[]): boolean {
    return this.entry(...paths) !== undefined;
  }

  /** Records a key as understood, with its role, so hovers and lenses can find it. */
  note(role: KeyRole, e: ConfigEntry, value: string | number | boolean | null = e.value): void {
    // What hovers show: a non-finite number (from a parser that let one through) is shown as the file wrote it.
    const shown = typeof value === 'number' && !Number.isFinite(value) ? (e.raw ?? String(value)) : value;
    this.run.keys.push({ role, key: e.path, span: e.keySpan, valueSpan: e.valueSpan, value: shown });
  }

  /** A positive number from the first present path; undefined (with a finding when the value is unusable). */
  number(role: KeyRole, paths: string[], options: NumberOptions = {}): Sourced<number> | undefined {
    const e = this.entry(...paths);
    if (!e) return undefined;
    this.note(role, e);
    return this.numberFrom(role, e, options);
  }

  /** Interprets an entry's value as a number for `role`, reporting what cannot be used. */
  numberFrom(role: KeyRole, e: ConfigEntry, options: NumberOptions = {}): Sourced<number> | undefined {
    const line = e.keySpan.line + 1;
    const raw = e.value;
    if (raw === null || (typeof raw === 'string' && DEFERRED.test(raw.trim()))) {
      this.finding('value-deferred', { key: e.path, value: raw === null ? 'empty' : `"${raw}"`, line, because: 'set by the launcher or trainer' }, e);
      return undefined;
    }
    if (typeof raw === 'string' && /\$\{|\$\(|\$[A-Za-z_]/.test(raw)) {
      this.finding('unresolved-reference', { key: e.path, ref: raw, line }, e);
      return undefined;
    }
    const value = typeof raw === 'number' ? raw : typeof raw === 'string' ? parseNumberText(raw) : NaN;
    if (typeof raw === 'boolean' || !Number.isFinite(value)) {
      this.finding('not-a-number', { key: e.path, raw: e.raw ?? String(raw), line }, e);
      return undefined;
    }
    const max = PLAUSIBLE_MAX[role] ?? 1e30;
    if (value < 0 || (value === 0 && !options.allowZero) || value > max || (!options.fractional && !Number.isInteger(value))) {
      this.finding('implausible-value', { key: e.path, raw: String(raw), line, role: roleWords(role) }, e);
      return undefined;
    }
    return { value, source: 'file', detail: `${e.path}: ${formatRaw(e)}`, span: e.valueSpan ?? e.keySpan };
  }

  /** A boolean from the first present path ("true", 1, yes). */
  boolean(role: KeyRole, paths: string[]): Sourced<boolean> | undefined {
    const e = this.entry(...paths);
    if (!e) return undefined;
    this.note(role, e);
    const v = e.value;
    const b = typeof v === 'boolean' ? v : typeof v === 'number' ? v !== 0 : typeof v === 'string' ? /^(true|yes|on|1)$/i.test(v.trim()) : false;
    return { value: b, source: 'file', detail: `${e.path}: ${formatRaw(e)}`, span: e.valueSpan ?? e.keySpan };
  }

  /** A string from the first present path. */
  text(role: KeyRole, paths: string[]): Sourced<string> | undefined {
    const e = this.entry(...paths);
    if (!e || e.value === null) return undefined;
    this.note(role, e);
    return { value: String(e.value), source: 'file', detail: `${e.path}: ${formatRaw(e)}`, span: e.valueSpan ?? e.keySpan };
  }

  /** Sets precision from an entry with a provenance pointing at it. */
  precisionFrom(e: ConfigEntry, precision: Precision): Sourced<Precision> {
    this.note('precision', e);
    return { value: precision, source: 'file', detail: `${e.path}: ${formatRaw(e)}`, span: e.valueSpan ?? e.keySpan };
  }

  /**
   * The vocabulary of the first tokenizer named under one of `keys` that the tokenizers table knows (a tokenizer
   * type, a model path, a vocab file); a value still holding a shell or OmegaConf variable is not guessed at.
   */
  tokenizerVocab(keys: string[]): Sourced<number> | undefined {
    for (const key of keys) {
      const e = this.entry(key);
      if (!e || typeof e.value !== 'string' || e.value.includes('$')) continue;
      const row = findTokenizer(e.value);
      if (!row) continue;
      this.note('vocabSize', e);
      return {
        value: row.vocabSize,
        source: 'companion',
        detail: `${key} ${e.value}: the ${row.name} tokenizer has ${row.vocabSize.toLocaleString('en-US')} tokens (${row.source}, ${row.year})`,
        span: e.valueSpan ?? e.keySpan,
      };
    }
    return undefined;
  }

  /** A finding about an entry of the file (its words and severity are the code's row in FINDINGS). */
  finding<C extends FindingCode>(code: C, args: FindingArgs<C>, e?: ConfigEntry): void {
    this.run.findings.push(findingOf(code, args, { key: e?.path, span: e?.keySpan }));
  }
}

/** "7e9", "7B", "1.4T", "2,000", "2_000", "300M", "63900ba" (llm-foundry batches) -> number; NaN when not a number. */
export function parseNumberText(text: string): number {
  const t = text
    .trim()
    .replace(/[,_](?=\d{3}\b)/g, '')
    .replace(/_/g, '');
  const m = /^([+-]?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*([kmbtg])?$/i.exec(t);
  if (!m || m[1] === undefined) return NaN;
  const scale: Record<string, number> = { k: 1e3, m: 1e6, b: 1e9, g: 1e9, t: 1e12 };
  return Number(m[1]) * (m[2] ? (scale[m[2].toLowerCase()] ?? 1) : 1);
}

function formatRaw(e: ConfigEntry): string {
  const raw = e.raw ?? String(e.value);
  return raw.length > 60 ? `${raw.slice(0, 57)}...` : raw;
}

function roleWords(role: KeyRole): string {
  return role.replace(/([A-Z])/g, ' $1').toLowerCase();
}
