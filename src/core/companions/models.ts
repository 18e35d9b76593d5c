// A named model gives the run its architecture when the file builds none (a fine-tune naming its base model, a
// DeepSpeed JSON beside a Trainer script), a named tokenizer its vocabulary; and when the file builds an architecture
// and also names a model that is a different size, that is a finding: one of the two is not what the user thinks.
import { ARCH_SCALAR_FIELDS } from '../model/fields';
import { countParams, missingForParams } from '../model/params';
import type { NamedModel } from '../model/named';
import type { Architecture, Finding, RunSpec, Sourced, Span } from '../types';
import { finding } from '../present/findings';

/** Named and built sizes further apart than this are a finding (vocabulary padding alone moves a count ~1%). */
export const MODEL_MISMATCH_FRACTION = 0.1;

/** The fields that make an architecture the file's own (vocabulary alone may come from a tokenizer). */
const SHAPE_FIELDS = ['layers', 'hiddenSize', 'heads'] as const;

/** Applies a named model to a run whose file (and companions) leave its architecture open; returns findings. */
export function applyNamedModel(run: RunSpec, model: NamedModel, span?: Span): Finding[] {
  const built = SHAPE_FIELDS.some((f) => run.arch[f] && run.arch[f]!.source !== 'default');
  if (built) return checkNamedSize(run, model, span);
  const arch = run.arch as Record<string, Sourced<unknown> | undefined>;
  const named = model.arch as Record<string, Sourced<unknown> | undefined>;
  for (const f of ARCH_SCALAR_FIELDS) {
    const v = named[f];
    if (v && (arch[f] === undefined || arch[f]!.source === 'default')) arch[f] = { ...v, span };
  }
  if (!run.arch.moe && model.arch.moe) run.arch.moe = model.arch.moe;
  if (!run.arch.mla && model.arch.mla) run.arch.mla = model.arch.mla;
  // The table's count includes the biases and norms the architecture formula leaves out; a config.json from disk is
  // counted from its architecture by run completion, like any file.
  if (!run.params && model.params) {
    run.params = { ...model.params, span };
    if (model.activeParams) run.activeParams = { ...model.activeParams, span };
  }
  if (!run.label || /\.(json|ya?ml|sh|toml)$/i.test(run.label)) run.label = `${run.label} (${model.id ?? model.name})`;
  return [];
}

/** When the file builds its own architecture and names a model of another size: say so, keep the built one. */
export function checkNamedSize(run: RunSpec, model: NamedModel, span?: Span): Finding[] {
  if (run.params || !SHAPE_FIELDS.every((f) => run.arch[f] && run.arch[f]!.source !== 'default')) return [];
  // A vocabulary the file leaves to its tokenizer is taken as the named model's, for this comparison only.
  const arch = run.arch.vocabSize ? run.arch : { ...run.arch, vocabSize: model.arch.vocabSize };
  const builtCount = countParams(arch);
  const namedCount = model.params?.value ?? countParams(model.arch)?.total;
  if (!builtCount || !namedCount || missingForParams(arch).length > 0) return [];
  const ratio = builtCount.total / namedCount;
  if (Math.abs(ratio - 1) <= MODEL_MISMATCH_FRACTION) return [];
  return [finding('model-mismatch', { model: model.name, namedParams: namedCount, builtParams: builtCount.total, built: describe(run.arch) }, { span })];
}

function describe(a: Architecture): string {
  return `${a.layers?.value} layers, hidden ${a.hiddenSize?.value}, ${a.heads?.value} heads`;
}

/** A named tokenizer's vocabulary for a run whose vocabulary is missing or only assumed. */
export function applyTokenizerVocab(run: RunSpec, vocab: Sourced<number>): void {
  const v = run.arch.vocabSize;
  if (v === undefined || v.source === 'default') run.arch.vocabSize = vocab;
}
