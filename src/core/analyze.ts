// The one entry point every host calls (CLI, extension, webview, tests): text in; the run, its projection, the
// compute-optimal analysis and every finding out. Never throws: whatever goes wrong becomes a finding.
import type { ComputeOptimal, Projection } from './estimate/types';
import { detectFormat, syntaxOf } from './formats/registry';
import type { ParsedConfig } from './parse/config';
import { parseAny, PARSERS } from './parse/any';
import { completeRun } from './run/complete';
import { annotationLayer, applyLayer, layerFields, overridesLayer } from './run/inputs';
import type { InputId } from './inputs/registry';
import type { Finding, FormatId, Overrides, RunSpec } from './types';
import { readAnnotations } from './parse/annotations';
import { estimateRun } from './run/estimate';
import { BudgetExceeded, checkBudgetNow, DEFAULT_ANALYSIS_BUDGET_MS, isStackOverflow, NESTED_TOO_DEEP_TO_READ, tooComplex, withBudget } from './limits';
import { applyCompanions } from './companions/apply';
import { withIncludes } from './companions/includes';
import { explainDeferredValues } from './companions/deferred';
import type { Companion, Reference } from './companions/types';
import type { NamedModel } from './model/named';
import { memoryOfRun, type MemoryEstimate } from './memory';
import { memoryFixes } from './memory/fixes';
import { fixHintWords } from './memory/text';
import { planFixSteps, planWrites, type MemoryFixPlan } from './memory/edit';
import { deepSpeedFileOf } from './memory/deepspeedJson';
import { finding } from './present/findings';

/** Texts above this size are not analysed by default (the editor sets its own, smaller limit). */
export const DEFAULT_MAX_BYTES = 8 * 1024 * 1024;

export interface AnalyzeOptions {
  fileName: string;
  /** Values that win over the file: CLI flags, what-if edits. */
  overrides?: Overrides;
  /** Who gave the overrides, for the words beside each value; default 'flag' ("command-line flag --gpus"). */
  overridesFrom?: 'flag' | 'what-if';
  /** Values used only where the file and its annotations say nothing: the editor's settings. */
  defaults?: Overrides;
  /** Where a default came from when it is not its input's own setting ("setting footprint.hardwareByFile \"**\/ds.json\""). */
  defaultsFrom?: Partial<Record<InputId, string>>;
  /** Text longer than this (in UTF-16 code units, ~bytes) is not analysed: one finding says so. */
  maxBytes?: number;
  /** Factor past or short of compute-optimal that earns a finding (see run/estimate.ts). */
  overTrainingThreshold?: number;
  /**
   * Texts the host resolved for the file's references (`Analysis.references`) and for the files that reference it;
   * their values fill what the file leaves open, with provenance naming them.
   */
  companions?: readonly Companion[];
  /**
   * Milliseconds the analysis may run before it stops with one "too complex" finding (default 1 s, for the editor;
   * the CLI, which nobody is typing into, allows more).
   */
  budgetMs?: number;
  /** The clock the budget is measured on (tests give their own); default Date.now. */
  now?: () => number;
}

export interface Analysis {
  fileName: string;
  /** null: not a training config (hosts show nothing; `findings` may still hold parse errors for the CLI). */
  format: FormatId | null;
  run: RunSpec | null;
  projection: Projection | null;
  computeOptimal: ComputeOptimal | null;
  /** Memory per GPU on the busiest rank with the verdict; null when the model shape or micro-batch is unknown. */
  memory: MemoryEstimate | null;
  /** The run's findings plus the projection's (missing inputs, over-training, thresholds, budgets) and memory's. */
  findings: Finding[];
  /** What the file (and its companions) name in other files: configs, models, tokenizers, datasets. */
  references: Reference[];
  /** The named model the architecture came from, when one did. */
  model?: NamedModel;
  /** Companion files whose values were used. */
  companionsUsed: string[];
}

/** The analysis of a text that was not read as a config (too large, too complex, not a config): only findings. */
export function unreadAnalysis(fileName: string, findings: Finding[]): Analysis {
  return { fileName, format: null, run: null, projection: null, computeOptimal: null, memory: null, findings, references: [], companionsUsed: [] };
}

export function analyze(text: string, options: AnalyzeOptions): Analysis {
  const { fileName } = options;
  const empty = (findings: Finding[]): Analysis => unreadAnalysis(fileName, findings);
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (text.length > maxBytes) {
    return empty([finding('file-too-large', { fileName, chars: text.length, maxBytes })]);
  }
  try {
    return withBudget(options.budgetMs ?? DEFAULT_ANALYSIS_BUDGET_MS, options.now ?? Date.now, () => analyzeText(text, options, empty));
  } catch (e) {
    // Past the budget: one finding, no partial result (a half-read file would give wrong numbers).
    if (e instanceof BudgetExceeded) return empty([tooComplex(`${e.message}; a file this large or intricate is beyond what the editor follows`)]);
    // A bug of ours must not take the editor down: say so, and keep going. The engine's message is not shown: it
    // means nothing to the user and may quote the file.
    if (isStackOverflow(e)) return empty([tooComplex(NESTED_TOO_DEEP_TO_READ)]);
    return empty([finding('internal-error', { fileName })]);
  }
}

function analyzeText(text: string, options: AnalyzeOptions, empty: (findings: Finding[]) => Analysis): Analysis {
  const { fileName } = options;
  // A byte-order mark: YAML allows it; for the other syntaxes it becomes a space (offsets stay those of the text
  // the user sees). In YAML a leading space would indent the first key, so it is left for the YAML parser.
  const syntax = syntaxOf(text, fileName);
  const clean = text.charCodeAt(0) === 0xfeff && syntax !== 'yaml' ? ` ${text.slice(1)}` : text;
  // What `!include` places under a key is part of the file (companions/includes.ts).
  const cfg = withIncludes(PARSERS[syntax](clean), fileName, options.companions ?? []);
  checkBudgetNow();
  const format = detectFormat(cfg, fileName);
  // Not a training config: only syntax errors are kept (the CLI names them; the editor shows nothing).
  if (!format) return empty(cfg.findings.filter((f) => f.severity === 'error'));
  const run = format.extract(cfg, fileName);
  checkBudgetNow();
  const companions = applyCompanions(run, cfg, fileName, options.companions ?? [], extractText);
  layerInputs(run, clean, options);
  explainDeferredValues(run);
  const estimate = estimateRun(run, {
    calibration: options.overrides?.calibration ?? options.defaults?.calibration,
    overTrainingThreshold: options.overTrainingThreshold,
  });
  const memory = memoryOfRun(run);
  const m = memory.memory;
  const deepspeed = m ? deepSpeedFileOf(fileName, companions.references, options.companions ?? [], companions.used) : undefined;
  if (m) m.fixes = memoryFixes(run, m, estimate.projection, (steps) => applicabilityOf(planFixSteps(clean, run, format.id, steps, deepspeed)));
  // The diagnostic names the fix to make: one click, by hand, or the closest (the fixes come after the finding).
  // A run whose GPU count is open and that more GPUs alone do not make fit is told the fix it takes with the count.
  const hinted = (f: Finding) => f.code === 'will-not-fit' || (f.code === 'memory-needs-gpus' && m?.fixes.some((x) => x.gpus));
  const memoryFindings = m ? memory.findings.map((f) => (hinted(f) ? { ...f, message: `${f.message} ${fixHintWords(m)}` } : f)) : memory.findings;
  return {
    fileName,
    format: format.id,
    run,
    projection: estimate.projection,
    computeOptimal: estimate.computeOptimal,
    memory: memory.memory,
    findings: [...run.findings, ...estimate.findings, ...memoryFindings],
    references: companions.references,
    model: companions.model,
    companionsUsed: companions.used,
  };
}

/** A fix applies in one click when the file can take its edits; otherwise the plan says what to do by hand. */
function applicabilityOf(plan: MemoryFixPlan): { applicable: boolean; instead: string | null } {
  return planWrites(plan) ? { applicable: true, instead: null } : { applicable: false, instead: plan.skipped ?? null };
}

/**
 * A companion's text read as a config of any format, not completed: its values are merged before completion. Its
 * `# footprint:` annotations are the user's word on the run (a recipe's `tokens=`), so they count as the companion's.
 */
function extractText(text: string, fileName: string): { cfg: ParsedConfig; run: RunSpec } | undefined {
  if (text.length > DEFAULT_MAX_BYTES) return undefined;
  const cfg = parseAny(text, fileName);
  const format = detectFormat(cfg, fileName);
  if (!format) return undefined;
  const run = format.extract(cfg, fileName);
  applyLayer(run, annotationLayer(readAnnotations(text).values), true);
  return { cfg, run };
}

/**
 * The one precedence (run/inputs.ts): overrides > annotations > the file, stated or derived > settings > defaults.
 * Settings fill only what run completion leaves open: a NeMo file's 128 nodes × 8 GPUs beat a `footprint.gpus`
 * setting, and a DeepSpeed file that gives no GPU count takes the setting's, from which completion then derives the
 * data-parallel size, the global batch and the tokens.
 */
function layerInputs(run: RunSpec, text: string, options: AnalyzeOptions): void {
  const annotations = readAnnotations(text);
  run.findings.push(...annotations.findings);
  // A `# footprint:` annotation is the user correcting the file for this tool (BLOOM's script says 24 nodes, the run
  // used 48), so it wins over the file's keys; flags and what-if edits win over both.
  applyLayer(run, annotationLayer(annotations.values), true);
  // A micro-batch what-if keeps the run's global batch: the accumulation steps follow (completion derives them).
  const keptGlobal = options.overrides?.microBatch !== undefined ? completeRun(probeCopy(run)).globalBatch : undefined;
  if (options.overrides) applyLayer(run, overridesLayer(options.overrides, options.overridesFrom ?? 'flag'), true);
  if (keptGlobal && run.microBatch?.source === 'override') {
    run.globalBatch = keptGlobal.source === 'derived' ? { ...keptGlobal, detail: `${keptGlobal.detail}, kept with the changed micro-batch` } : keptGlobal;
    delete run.gradAccum;
  }
  if (options.defaults) {
    const settings = overridesLayer(options.defaults, 'setting', options.defaultsFrom);
    const fields = layerFields(settings);
    if (fields.length > 0) {
      // What would completion derive from the file alone? Only what stays open after it goes to the settings.
      const derived = completeRun(probeCopy(run));
      const open = new Set(fields.filter((f) => (derived as unknown as Record<string, unknown>)[f] === undefined));
      applyLayer(run, settings, false, open);
    }
  }
  // The LoRA lever's what-if: the recipe trained with adapters instead of all weights.
  const adapter = options.overrides?.adapter;
  if (adapter && run.fineTune) run.fineTune.adapter = { value: adapter, source: 'override', detail: `${options.overridesFrom ?? 'flag'} adapter: ${adapter}` };
  completeRun(run);
}

/** A copy completion can work on without touching the run: it sets top-level, arch and parallel fields and findings. */
function probeCopy(run: RunSpec): RunSpec {
  return { ...run, arch: { ...run.arch }, parallel: { ...run.parallel }, findings: [], missing: [] };
}
