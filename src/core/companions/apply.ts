// Companions into a run: the texts a host resolved for the file's references (and the files that reference it) are
// read with the same extractors, fill what the file leaves open, and name the run's model and tokenizer. Runs before
// run completion, so parameters, GPU count and tokens are derived from the combined values.
import { findModelByPath } from '../data/open-models';
import { applyDatasets } from '../datasets/apply';
import { findTokenizer } from '../data/tokenizers';
import { modelFromConfigJson, modelFromTable, type NamedModel } from '../model/named';
import type { ParsedConfig } from '../parse/config';
import type { Finding, RunSpec, Sourced } from '../types';
import { applyNamedModel, applyTokenizerVocab, checkNamedSize } from './models';
import { baseName, fillFromCompanion } from './merge';
import { referencesOf } from './references';
import { shippedCompanion } from './shipped';
import { referenceKey, type Companion, type Reference } from './types';
import { finding } from '../present/findings';

/** Reads a companion's text as a config: its parsed form and extracted run, or undefined when no format claims it. */
export type ExtractText = (text: string, fileName: string) => { cfg: ParsedConfig; run: RunSpec } | undefined;

export interface CompanionResult {
  /** The file's references and its companions' (each says which file it is in). */
  references: Reference[];
  /** The model the run's architecture or vocabulary was taken from, when one was. */
  model?: NamedModel;
  /** Companion files whose values were used. */
  used: string[];
}

export function applyCompanions(run: RunSpec, cfg: ParsedConfig, fileName: string, companions: readonly Companion[], extract: ExtractText): CompanionResult {
  const references = referencesOf(cfg, fileName);
  const used: string[] = [];
  const byKey = new Map(companions.map((c) => [referenceKey(c), c]));
  for (const c of companions) {
    if ((c.kind !== 'config' && c.kind !== 'user') || c.text === undefined || c.fileName === fileName) continue;
    // An included file's keys are already the file's own (analyze.ts read them in with withIncludes).
    if (references.some((r) => r.include && referenceKey(r) === referenceKey(c))) {
      used.push(c.fileName);
      continue;
    }
    const read = extract(c.text, c.fileName);
    if (!read) {
      if (c.kind === 'config') run.findings.push(notAConfig(c, references, fileName));
      continue;
    }
    run.findings.push(...fillFromCompanion(run, read.run, c.fileName));
    used.push(c.fileName);
    for (const r of referencesOf(read.cfg, c.fileName)) if (!references.some((x) => referenceKey(x) === referenceKey(r))) references.push(r);
  }
  // What no host found a file for and the product ships (MaxText's model files), read last: the files found win.
  const shipped = new Set<string>();
  for (const r of references) {
    if (r.kind !== 'config' || byKey.get(referenceKey(r))?.text !== undefined) continue;
    const copy = shippedCompanion(r);
    const read = copy ? extract(copy.text, copy.fileName) : undefined;
    if (!copy || !read) continue;
    run.findings.push(...fillFromCompanion(run, read.run, copy.fileName));
    used.push(copy.fileName);
    shipped.add(referenceKey(r));
  }
  // A dataset that cannot be read is said with what that means for the tokens (datasets/apply.ts).
  for (const c of companions) if (c.problem && c.kind !== 'user' && c.kind !== 'dataset' && !shipped.has(referenceKey(c))) run.findings.push(missing(c, references, fileName));

  const result: CompanionResult = { references, used };
  const own = (r: Reference) => (r.in === fileName ? r.span : undefined);
  const modelRef = references.find((r) => r.kind === 'model');
  if (modelRef) {
    const model = resolveModel(modelRef, byKey.get(referenceKey(modelRef)), run.findings);
    if (model) {
      run.findings.push(...applyNamedModel(run, model, own(modelRef)));
      result.model = model;
    } else if (!run.params && !run.arch.layers && !run.findings.some((f) => f.code === 'model-unknown')) {
      run.findings.push(finding('model-unknown', { model: modelRef.target, where: modelRef.key, base: false, cache: true }, { span: own(modelRef) }));
    }
  }
  if (!modelRef) run.findings.push(...pathNameMismatch(run, fileName));
  for (const ref of references.filter((r) => r.kind === 'tokenizer')) {
    const vocab = tokenizerVocab(ref, byKey.get(referenceKey(ref)));
    if (vocab) {
      applyTokenizerVocab(run, { ...vocab, span: own(ref) });
      break;
    }
  }
  if (!run.arch.vocabSize || run.arch.vocabSize.source === 'default') {
    const vocab = modelVocabulary(run, result.model, references, fileName);
    if (vocab) run.arch.vocabSize = vocab;
  }
  used.push(...applyDatasets(run, cfg, references, byKey, fileName));
  return result;
}

/** A file named after a model (`configs/mistral/7B.yml`) that builds another size: said, never used as the size. */
function pathNameMismatch(run: RunSpec, fileName: string): Finding[] {
  const row = findModelByPath(fileName);
  const named = row ? modelFromTable(row.id) : undefined;
  if (!named) return [];
  return checkNamedSize(run, { ...named, name: `${row!.id} (by its path ${fileName})` });
}

/**
 * A file that builds its own architecture but names no tokenizer the table knows (`bigcode/starcoder2-tokenizer`, a
 * SentencePiece model left null) takes the vocabulary of the model it names, or of the model its path names
 * (`starcoder2/starcoder2_3b.yaml`), when that model has the file's layers and width: the same model, so the same
 * embedding.
 */
function modelVocabulary(run: RunSpec, named: NamedModel | undefined, references: readonly Reference[], fileName: string): Sourced<number> | undefined {
  const byPath = findModelByPath(fileName);
  const candidates: Array<{ model: NamedModel | undefined; how: string }> = [
    { model: named, how: 'the model it names' },
    { model: byPath ? modelFromTable(byPath.id) : undefined, how: `the model its path names (${baseName(fileName)})` },
  ];
  const tokenizer = references.find((r) => r.kind === 'tokenizer');
  for (const { model, how } of candidates) {
    const v = model?.arch.vocabSize;
    if (!model || !v || model.arch.layers?.value !== run.arch.layers?.value || model.arch.hiddenSize?.value !== run.arch.hiddenSize?.value) continue;
    const why = tokenizer ? `its tokenizer \`${tokenizer.target}\` is not in the table` : 'it names no tokenizer the table knows';
    return { value: v.value, source: 'companion', detail: `vocabulary of ${model.id ?? model.name}, ${how}, with the same layers and width (${why}): ${v.detail}` };
  }
  return undefined;
}

/** A config.json the host found wins over the table (it is the user's own copy); the table answers otherwise. */
function resolveModel(ref: Reference, companion: Companion | undefined, findings: Finding[]): NamedModel | undefined {
  if (companion?.text !== undefined && companion.origin) {
    const read = modelFromConfigJson(ref.target, companion.text, companion.origin, companion.fileName);
    if ('arch' in read) return read;
    findings.push(...read.findings);
  }
  return modelFromTable(ref.target);
}

function tokenizerVocab(ref: Reference, companion: Companion | undefined): Sourced<number> | undefined {
  if (companion?.text !== undefined && companion.origin) {
    const m = /"vocab_size"\s*:\s*(\d+)/.exec(companion.text);
    if (m) return { value: Number(m[1]), source: 'companion', detail: `${ref.key} ${ref.target}: vocab_size of its config.json (${companion.fileName})` };
  }
  const row = findTokenizer(ref.target);
  if (!row) return undefined;
  return { value: row.vocabSize, source: 'companion', detail: `${ref.key} ${ref.target}: the ${row.name} tokenizer has ${row.vocabSize.toLocaleString('en-US')} tokens (${row.source}, ${row.year})` };
}

function refFor(c: Companion, references: Reference[]): Reference | undefined {
  return references.find((r) => referenceKey(r) === referenceKey(c));
}

function missing(c: Companion, references: Reference[], fileName: string): Finding {
  const ref = refFor(c, references);
  const where = ref && ref.in !== fileName ? ` (in ${baseName(ref.in)})` : '';
  return finding('companion-missing', { named: ref ? `\`${ref.key}\`${where} names ${c.target}` : c.target, problem: String(c.problem) }, { span: ref?.in === fileName ? ref.span : undefined });
}

function notAConfig(c: Companion, references: Reference[], fileName: string): Finding {
  const ref = refFor(c, references);
  return finding('companion-missing', { file: baseName(c.fileName), namedBy: ref?.key ?? 'this file' }, { span: ref?.in === fileName ? ref.span : undefined });
}
