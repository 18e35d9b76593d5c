// A memory fix written into the config in its own vocabulary: Megatron flags, NeMo / GPT-NeoX / torchtitan / llm-foundry
// / OLMo keys, DeepSpeed's zero_optimization.stage, and the fine-tuning recipes' own keys for QLoRA, an 8-bit optimizer
// and offload (axolotl, LLaMA-Factory, TRL, torchtune). Only the values the fix changes are replaced (or one flag or
// key line added beside the key it belongs with); every other byte and comment stays. A fix the file cannot express is
// skipped with what to do by hand instead (memory/byHand.ts).
import { formatCount, quoteOf, readNumberLiteral } from '../edit/values';
import type { FormatId, KeyRef, KeyRole, RunSpec, TextEdit } from '../types';
import type { MemoryFixId } from './types';
import { MEGATRON_FSDP_STRATEGIES } from '../formats/memory-keys';
import { byHandInstruction, MAXTEXT, maxTextHalvedBatch, maxTextKey } from './byHand';
import { EXPERT_PARALLEL_FIX, tensorParallelOverNode } from './layouts';
import { planJsonOffload, planJsonStage, planShippedRename, type CompanionEdits, type DeepSpeedFile, type JsonPlan, type RunDeepSpeed } from './deepspeedJson';

export interface MemoryFixPlan {
  edits: TextEdit[];
  /** What changed, in words ("--micro-batch-size: 4 → 2"). */
  notes: string[];
  /** When `edits` is empty: what to do by hand instead ("add a DeepSpeed config with ..."), an instruction. */
  skipped?: string;
  /** The GPU count the host sets as the file's setting with the edits (a JSON file, which takes no annotation). */
  gpuCountSetting?: number;
  /** Edits of the files the run's file names (its DeepSpeed JSON), each planned against the text the host read. */
  companions?: CompanionEdits[];
}

/** A plan that writes something: into the file, or into a file it names. */
export function planWrites(plan: MemoryFixPlan): boolean {
  return plan.edits.length > 0 || (plan.companions?.some((c) => c.edits.length > 0) ?? false);
}

/**
 * Recomputation as each format's key spells it; formats absent here have no key for the mode. The Hugging Face
 * recipes' gradient checkpointing is full recomputation (LLaMA-Factory's key turns it off, hence `false`); MaxText's
 * remat_policy `full` recomputes every layer and `minimal` keeps the matmul outputs, recomputing the rest (base.yml).
 */
const RECOMPUTE_WORDS: Partial<Record<FormatId, Partial<Record<'full' | 'selective', string>>>> = {
  'megatron-shell': { full: 'full', selective: 'selective' },
  'megatron-yaml': { full: 'full', selective: 'selective' },
  'nemo-yaml': { full: 'full', selective: 'selective' },
  'torchtitan-toml': { full: 'full', selective: 'selective' },
  'neox-yaml': { full: 'true' },
  'llm-foundry-yaml': { full: 'true' },
  'olmo-yaml': { full: 'whole_layer' },
  'axolotl-yaml': { full: 'true' },
  'trl-yaml': { full: 'true' },
  'llama-factory-yaml': { full: 'false' },
  'torchtune-yaml': { full: 'true' },
  'hf-launch-shell': { full: 'true' },
  'rl-launch-shell': { full: 'true' },
  'levanter-yaml': { full: 'true' },
  'nanotron-yaml': { full: 'true' },
  'maxtext-yaml': { full: 'full', selective: 'minimal' },
  'maxtext-shell': { full: 'full', selective: 'minimal' },
};

/** The key a recipe turns gradient checkpointing on with, added beside its micro-batch when the recipe leaves it out. */
const RECOMPUTE_KEY_TO_ADD: Partial<Record<FormatId, string>> = {
  'axolotl-yaml': 'gradient_checkpointing',
  'trl-yaml': 'gradient_checkpointing',
  'torchtune-yaml': 'enable_activation_checkpointing',
};

/** Megatron's flags for full recomputation of every layer, one layer per checkpoint (arguments.py). */
const MEGATRON_FULL_RECOMPUTE = '--recompute-granularity full --recompute-method uniform --recompute-num-layers 1';

function keyOf(run: RunSpec, role: KeyRole): KeyRef | undefined {
  const all = run.keys.filter((k) => k.role === role);
  return all.find((k) => k.valueSpan) ?? all[0];
}

class Plan {
  readonly edits: TextEdit[] = [];
  readonly notes: string[] = [];
  readonly companions: CompanionEdits[] = [];
  skipped?: string;
  constructor(
    readonly text: string,
    /** The DeepSpeed config the file names: a JSON the host found, or one its stack ships. */
    readonly deepspeed?: RunDeepSpeed,
  ) {}

  /** A DeepSpeed JSON's edits (or, for a shipped config, the file's own), or what to do by hand. */
  inCompanion(file: DeepSpeedFile | undefined, json: JsonPlan): void {
    if ('skipped' in json) {
      this.skipped = json.skipped;
      return;
    }
    if (file) this.companions.push({ fileName: file.fileName, text: file.text, edits: json.edits });
    else for (const e of json.edits) this.replace(e.start, e.end, e.newText, json.note);
    if (file) this.notes.push(json.note);
  }

  /** The DeepSpeed config's change: in the JSON the host found, or the reference renamed to a shipped config. */
  inDeepSpeed(ds: RunDeepSpeed, want: { stage: number } | { offloadOptimizer: true }): void {
    if ('preset' in ds) this.inCompanion(undefined, planShippedRename(this.text, ds, want));
    else this.inCompanion(ds, 'stage' in want ? planJsonStage(ds, want.stage) : planJsonOffload(ds));
  }

  replace(start: number, end: number, newText: string, note: string): void {
    // Two lines added at the same place (MaxText's micro-batch and accumulation keys) become one insertion, in order.
    const same = this.edits.findIndex((e) => e.start === start && e.end === start && end === start);
    if (same >= 0) {
      this.edits[same] = { ...this.edits[same]!, newText: this.edits[same]!.newText + newText };
      this.notes.push(note);
      return;
    }
    if (this.edits.some((e) => start < e.end && e.start < end)) return;
    this.edits.push({ start, end, newText });
    this.notes.push(note);
  }

  value(ref: KeyRef): string {
    return ref.valueSpan ? this.text.slice(ref.valueSpan.start, ref.valueSpan.end) : '';
  }

  /** Replaces a literal count by f(count), in its own style; false when the value is not a literal. */
  scale(ref: KeyRef | undefined, f: (n: number) => number): boolean {
    if (!ref?.valueSpan) return false;
    const raw = this.value(ref);
    const like = readNumberLiteral(raw);
    const n = like ? Number(like.digits.replace(/_/g, '')) : NaN;
    if (!like || !Number.isInteger(n)) return false;
    const next = f(n);
    this.replace(ref.valueSpan.start, ref.valueSpan.end, formatCount(like, next), `${ref.key}: ${n} → ${next}`);
    return true;
  }

  /** Replaces a word value, keeping its quotes and the case of a YAML boolean (True/true). */
  word(ref: KeyRef, word: string): void {
    const raw = this.value(ref);
    const q = quoteOf(raw);
    const inner = q ? raw.slice(1, -1) : raw;
    const cased = /^(true|false)$/.test(word) && /^[A-Z]/.test(inner) ? word[0]!.toUpperCase() + word.slice(1) : word;
    this.replace(ref.valueSpan!.start, ref.valueSpan!.end, `${q}${cased}${q}`, `${ref.key}: ${inner || 'unset'} → ${cased}`);
  }

  /** A top-level YAML key's value (`key: value  # comment`), or undefined when the file does not set it at the top level. */
  topLevel(key: string): { start: number; end: number; raw: string } | undefined {
    const m = new RegExp(`^${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:[ \t]*([^\s#][^#\r\n]*?)?[ \t]*(?=#|\r?\n|$)`, 'm').exec(this.text);
    if (!m || m[1] === undefined) return undefined;
    const start = m.index + m[0].length - m[1].length;
    return { start, end: start + m[1].length, raw: m[1] };
  }

  /**
   * Sets a top-level YAML key: its value replaced in place, or a new `key: value` line added after `after`'s line (at
   * the end of the file for 'end').
   */
  setTopLevel(key: string, value: string, after: KeyRef | 'end' | undefined): boolean {
    const at = this.topLevel(key);
    if (at) {
      const q = quoteOf(at.raw);
      const inner = q ? at.raw.slice(1, -1) : at.raw;
      if (inner === value || inner.toLowerCase() === value.toLowerCase()) return true;
      const cased = /^(true|false)$/.test(value) && /^[A-Z]/.test(inner) ? value[0]!.toUpperCase() + value.slice(1) : value;
      this.replace(at.start, at.end, `${q}${cased}${q}`, `${key}: ${inner} → ${cased}`);
      return true;
    }
    if (!after) return false;
    // A new boolean is written the way the file writes its others (torchtune: True).
    const written = /^(true|false)$/.test(value) && /:[ \t]+(True|False)\b/.test(this.text) ? value[0]!.toUpperCase() + value.slice(1) : value;
    if (after === 'end') this.lineAtEnd(`${key}: ${written}`, `${key}: ${written} added at the end of the file`);
    else this.lineAfter(after, `${key}: ${written}`, `${key}: ${written} added after ${after.key}`);
    return true;
  }

  /** A new last line, with the file's own line ending (and one before it when the file does not end with one). */
  lineAtEnd(line: string, note: string): void {
    const eol = this.text.includes('\r\n') ? '\r\n' : '\n';
    const end = this.text.length;
    this.replace(end, end, `${end === 0 || this.text.endsWith('\n') ? '' : eol}${line}${eol}`, note);
  }

  /** A new line after the line of `ref`, at the indentation of its key, with the file's own line ending. */
  lineAfter(ref: KeyRef, line: string, note: string): void {
    const text = this.text;
    const lineStart = text.lastIndexOf('\n', ref.span.start - 1) + 1;
    const indent = /^[ \t]*/.exec(text.slice(lineStart, ref.span.start))![0];
    const from = ref.valueSpan?.end ?? ref.span.end;
    const newline = text.indexOf('\n', from);
    const eol = text.includes('\r\n') ? '\r\n' : '\n';
    if (newline < 0) {
      this.replace(text.length, text.length, `${eol}${indent}${line}`, note);
      return;
    }
    const at = text[newline - 1] === '\r' ? newline - 1 : newline;
    this.replace(at, at, `${eol}${indent}${line}`, note);
  }

  /**
   * A flag added to the command beside `ref`'s flag: on a line of its own after it when the command continues its
   * lines with `\\` (at that line's indentation, with its own continuation), else right after its value.
   */
  flagBeside(ref: KeyRef, flag: string, note: string): void {
    const text = this.text;
    const from = ref.valueSpan?.end ?? ref.span.end;
    const newline = text.indexOf('\n', from);
    const lineEnd = newline < 0 ? text.length : text[newline - 1] === '\r' ? newline - 1 : newline;
    if (newline >= 0 && /\\[ \t]*$/.test(text.slice(from, lineEnd))) {
      const lineStart = text.lastIndexOf('\n', ref.span.start - 1) + 1;
      const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
      this.replace(newline + 1, newline + 1, `${indent}${flag} \\${text.slice(lineEnd, newline + 1)}`, note);
      return;
    }
    // A flag alone on its line with no continuation is an element of a bash array (ARGS=( … )): a new line too.
    const lineStart = text.lastIndexOf('\n', ref.span.start - 1) + 1;
    const before = text.slice(lineStart, ref.span.start);
    if (newline >= 0 && /^[ \t]+$/.test(before) && /^[ \t]*$/.test(text.slice(from, lineEnd))) {
      this.replace(lineEnd, lineEnd, `${text.slice(lineEnd, newline + 1)}${before}${flag}`, note);
      return;
    }
    this.replace(from, from, ` ${flag}`, note);
  }

  /** A Megatron flag added right after the micro-batch flag's value (same command line). */
  addFlag(run: RunSpec, flag: string): void {
    const mb = run.keys.find((k) => k.role === 'microBatch' && k.key.startsWith('--'));
    // After the flag's own argument on the command line (its value may be a variable assigned elsewhere).
    const arg = mb ? /^[ \t]+[^\s\\]+/.exec(this.text.slice(mb.span.end)) : null;
    if (!mb || !arg || this.text.slice(mb.span.start, mb.span.end) !== mb.key) {
      this.skipped = `add ${flag} to the training command (it has no literal --micro-batch-size flag to write it beside)`;
      return;
    }
    const at = mb.span.end + arg[0].length;
    this.replace(at, at, ` ${flag}`, `${flag} added after ${mb.key}`);
  }
}

/**
 * The edits of one fix into `text`, whose analysis gave `run` (its keys and their spans) in `format`. Pure and cheap
 * (a few scans of the text): analyze calls it for every fix it lists, to say which ones a quick fix can write.
 */
export function planFixEdits(text: string, run: RunSpec, format: FormatId, fix: MemoryFixId, deepspeed?: RunDeepSpeed): MemoryFixPlan {
  const plan = new Plan(text, deepspeed);
  switch (fix) {
    case 'recompute-full':
    case 'recompute-selective':
      recompute(plan, run, format, fix === 'recompute-full' ? 'full' : 'selective');
      break;
    case 'micro-batch':
      microBatch(plan, run, format);
      break;
    case 'zero-stage':
    case 'zero-stage-3':
      zeroStage(plan, run, format, fix);
      break;
    case 'distributed-optimizer':
      distributedOptimizer(plan, run, format);
      break;
    case 'tensor-parallel':
      if (!plan.scale(keyOf(run, 'tp'), (n) => n * 2)) plan.skipped = byHandInstruction(text, run, format, fix);
      break;
    case 'tensor-parallel-node': {
      // Both values or neither: a TP the GPUs per node cannot hold would not start.
      const over = tensorParallelOverNode(run);
      if (!over || !plan.scale(keyOf(run, 'tp'), () => over.tp) || !plan.scale(keyOf(run, 'gpusPerNode'), () => over.gpusPerNode)) {
        plan.edits.length = 0;
        plan.notes.length = 0;
        plan.skipped = byHandInstruction(text, run, format, fix);
      }
      break;
    }
    case 'pipeline-parallel':
      if (!plan.scale(keyOf(run, 'pp'), (n) => n * 2)) plan.skipped = byHandInstruction(text, run, format, fix);
      break;
    case 'expert-parallel':
      expertParallel(plan, run, format);
      break;
    case 'qlora':
      qlora(plan, run, format);
      break;
    case 'optimizer-8bit':
      optimizer8bit(plan, run, format);
      break;
    case 'offload-optimizer':
      offload(plan, run, format);
      break;
    default:
      plan.skipped = byHandInstruction(text, run, format, fix);
  }
  const writes = plan.edits.length > 0 || plan.companions.length > 0;
  if (!writes && !plan.skipped) plan.skipped = 'the file already says so';
  return {
    edits: plan.edits.sort((a, b) => a.start - b.start),
    notes: plan.notes,
    ...(plan.companions.length > 0 ? { companions: plan.companions } : {}),
    ...(writes ? {} : { skipped: plan.skipped }),
  };
}

/**
 * The edits of several fixes written together (a pair that fits where neither alone does): each planned into the same
 * text, their edits merged into one set (one undo). Insertions at the same place are joined in order; fixes that edit
 * the same value cannot be combined.
 */
export function planFixSteps(text: string, run: RunSpec, format: FormatId, steps: readonly MemoryFixId[], deepspeed?: RunDeepSpeed): MemoryFixPlan {
  const plans = steps.map((s) => planFixEdits(text, run, format, s, deepspeed));
  const skipped = plans.find((p) => !planWrites(p));
  if (skipped) return { edits: [], notes: [], skipped: skipped.skipped };
  const edits = mergeEdits(plans.flatMap((p) => p.edits));
  // The DeepSpeed JSON's edits of both steps, merged the same way (one file, one undo with the recipe's).
  const companions: CompanionEdits[] = [];
  for (const c of plans.flatMap((p) => p.companions ?? [])) {
    const same = companions.find((x) => x.fileName === c.fileName);
    if (same) same.edits.push(...c.edits);
    else companions.push({ ...c, edits: [...c.edits] });
  }
  const merged = companions.map((c) => ({ ...c, edits: mergeEdits(c.edits) }));
  if (!edits || merged.some((c) => !c.edits)) return { edits: [], notes: [], skipped: 'the two changes edit the same value: apply them one after the other' };
  return { edits, notes: plans.flatMap((p) => p.notes), ...(merged.length > 0 ? { companions: merged as CompanionEdits[] } : {}) };
}

/** Edits of one text in order, insertions at the same place joined; undefined when two overlap. */
function mergeEdits(all: readonly TextEdit[]): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  for (const e of [...all].sort((a, b) => a.start - b.start)) {
    const last = edits[edits.length - 1];
    if (last && last.start === e.start && last.end === e.start && e.end === e.start) {
      edits[edits.length - 1] = { ...last, newText: last.newText + e.newText };
      continue;
    }
    if (last && e.start < last.end) return undefined;
    edits.push(e);
  }
  return edits;
}

function recompute(plan: Plan, run: RunSpec, format: FormatId, mode: 'full' | 'selective'): void {
  const word = RECOMPUTE_WORDS[format]?.[mode];
  if (!word) {
    plan.skipped = byHandInstruction(plan.text, run, format, mode === 'full' ? 'recompute-full' : 'recompute-selective');
    return;
  }
  const ref = keyOf(run, 'recompute');
  // A LLaMA-Factory launch checkpoints unless --disable_gradient_checkpointing: the fix sets that flag false.
  if (ref?.key === '--disable_gradient_checkpointing') {
    if (ref.valueSpan) plan.word(ref, 'false');
    else plan.skipped = `remove \`${ref.key}\` (LLaMA-Factory then checkpoints, its default)`;
    return;
  }
  if (format === 'megatron-shell') {
    if (ref?.key === '--recompute-granularity' && ref.valueSpan) plan.word(ref, word);
    else if (ref && mode === 'full' && ref.key === '--recompute-activations')
      plan.replace(ref.span.start, ref.span.end, MEGATRON_FULL_RECOMPUTE, `--recompute-activations → ${MEGATRON_FULL_RECOMPUTE}`);
    else if (!ref) plan.addFlag(run, mode === 'full' ? MEGATRON_FULL_RECOMPUTE : '--recompute-granularity selective');
    else plan.skipped = `set \`${ref.key}\` to ${word} where its value is assigned (it is not written literally)`;
    return;
  }
  if (!ref && mode === 'full' && addRecomputeKey(plan, run, format, word)) return;
  if (!ref?.valueSpan) {
    plan.skipped = ref
      ? `set \`${ref.key}\` to ${word} where its value is assigned (it is computed or interpolated here)`
      : byHandInstruction(plan.text, run, format, mode === 'full' ? 'recompute-full' : 'recompute-selective');
    return;
  }
  plan.word(ref, word);
  if (mode === 'full' && (format === 'nemo-yaml' || format === 'megatron-yaml')) {
    // Full recomputation needs a method and a layer count; set them where the file leaves them null.
    const text = plan.text;
    for (const [key, value] of [
      ['method', 'uniform'],
      ['num_layers', '1'],
    ] as const) {
      const re = new RegExp(`(?:activations_checkpoint|recompute)_${key}:[ \\t]*(null|~)?(?=[ \\t]*(#|\\r?\\n|$))`, 'g');
      for (const m of text.matchAll(re)) {
        if (m[1] === undefined && !/:\s*$/.test(m[0])) continue;
        const start = m.index! + m[0].length - (m[1]?.length ?? 0);
        const pad = m[1] === undefined && !m[0].endsWith(' ') ? ' ' : '';
        plan.replace(start, m.index! + m[0].length, `${pad}${value}`, `${m[0].split(':')[0]}: ${m[1] ?? 'unset'} → ${value}`);
      }
    }
  }
}

/**
 * Gradient checkpointing turned on where the recipe does not mention it: its key beside the micro-batch in a YAML
 * recipe, the bare `--gradient_checkpointing` flag (which TrainingArguments and store_true parsers both take) in a
 * launch command. False when the file has no micro-batch key to write it beside.
 */
function addRecomputeKey(plan: Plan, run: RunSpec, format: FormatId, word: string): boolean {
  const mb = keyOf(run, 'microBatch');
  if (format === 'hf-launch-shell') {
    if (!mb || !mb.key.startsWith('--') || plan.text.slice(mb.span.start, mb.span.end) !== mb.key) return false;
    plan.flagBeside(mb, '--gradient_checkpointing', `--gradient_checkpointing added after ${mb.key}`);
    return true;
  }
  const key = RECOMPUTE_KEY_TO_ADD[format];
  return key !== undefined && plan.setTopLevel(key, word, mb);
}

function microBatch(plan: Plan, run: RunSpec, format: FormatId): void {
  const mb = keyOf(run, 'microBatch');
  if (!mb && MAXTEXT.has(format)) {
    maxTextMicroBatch(plan, run, format);
    return;
  }
  if (!plan.scale(mb, (n) => Math.floor(n / 2))) {
    plan.skipped = mb ? `halve \`${mb.key}\` where its value is assigned (it is not a literal) and double the gradient accumulation steps` : byHandInstruction(plan.text, run, format, 'micro-batch');
    return;
  }
  const accum = keyOf(run, 'gradAccum');
  const global = keyOf(run, 'globalBatch');
  // A fixed global batch keeps its size: accumulation follows from it. Otherwise accumulation doubles in the file.
  if (accum?.valueSpan && !(global?.valueSpan && run.globalBatch?.source === 'file')) {
    if (!plan.scale(accum, (n) => n * 2)) plan.notes.push(`\`${accum.key}\` is not a literal: double it by hand to keep the global batch`);
  } else if (!(global && run.globalBatch?.source === 'file')) {
    plan.notes.push('the global batch halves with the micro-batch: add gradient accumulation 2 by hand to keep it');
  }
}

/**
 * The expert-parallel degree set to one node's 8 ranks (the fix is offered for HAS_EXPERT_PARALLEL's trainers): MaxText's
 * ici_expert_parallelism set or added, another trainer's literal replaced, or Megatron's flag added.
 */
function expertParallel(plan: Plan, run: RunSpec, format: FormatId): void {
  const ref = keyOf(run, 'ep');
  // MaxText's mesh: the expert axis takes 8 devices and ici_fsdp_parallelism's -1 the rest; its logical-axis rules
  // shard the dense weights over the expert axis too, so the states stay sharded over every device.
  if (MAXTEXT.has(format) ? maxTextSet(plan, run, format, 'ici_expert_parallelism', String(EXPERT_PARALLEL_FIX)) : plan.scale(ref, () => EXPERT_PARALLEL_FIX)) return;
  if (format === 'megatron-shell' && !ref) {
    plan.addFlag(run, `--expert-model-parallel-size ${EXPERT_PARALLEL_FIX}`);
    return;
  }
  plan.skipped = byHandInstruction(plan.text, run, format, 'expert-parallel');
}

/** FSDP sharding strategies one ZeRO stage further (SHARD_GRAD_OP ≈ 2 → FULL_SHARD ≈ 3). */
const FSDP_NEXT: Record<string, string> = { NO_SHARD: 'SHARD_GRAD_OP', SHARD_GRAD_OP: 'FULL_SHARD' };

/** Recipes whose `deepspeed:` key takes the DeepSpeed config itself as a mapping (formats/memory-keys.ts inlineDeepSpeed). */
const INLINE_DEEPSPEED = new Set<FormatId>(['trl-yaml', 'axolotl-yaml', 'llama-factory-yaml']);

/**
 * The DeepSpeed config a recipe that names none gets, written into it as a `deepspeed:` mapping. The Trainer fills
 * each "auto" from the recipe's own keys (HfTrainerDeepSpeedConfig.trainer_config_process, src/transformers/
 * integrations/deepspeed.py at 02348331): the micro-batch, accumulation and global batch DeepSpeed requires, the
 * recipe's max_grad_norm (DeepSpeed clips nothing without gradient_clipping) and its bf16 / fp16 (without a bf16
 * section DeepSpeed trains in fp16).
 */
function inlineDeepSpeedLines(stage: number, unit: string): string[] {
  return [
    'deepspeed:',
    `${unit}zero_optimization:`,
    `${unit}${unit}stage: ${stage}`,
    `${unit}bf16:`,
    `${unit}${unit}enabled: auto`,
    `${unit}fp16:`,
    `${unit}${unit}enabled: auto`,
    `${unit}train_micro_batch_size_per_gpu: auto`,
    `${unit}gradient_accumulation_steps: auto`,
    `${unit}train_batch_size: auto`,
    `${unit}gradient_clipping: auto`,
  ];
}

/** The file's own indentation step (the least indentation of an indented key line), two spaces when it has none. */
function indentUnit(text: string): string {
  let least: string | undefined;
  for (const m of text.matchAll(/^([ ]+)[^\s#-]/gm)) if (least === undefined || m[1]!.length < least.length) least = m[1]!;
  return least ?? '  ';
}

/**
 * A recipe that names no DeepSpeed config gets one inline, after its micro-batch line when that key is at the top
 * level, else at the end of the file. False when the recipe already has a `deepspeed:` key (a path, or a mapping
 * without a literal stage) or shards with FSDP.
 */
function addInlineDeepSpeed(plan: Plan, run: RunSpec, format: FormatId, stage: number): boolean {
  if (!INLINE_DEEPSPEED.has(format) || /^deepspeed[ \t]*:/m.test(plan.text) || /^fsdp(_config)?[ \t]*:/m.test(plan.text)) return false;
  const eol = plan.text.includes('\r\n') ? '\r\n' : '\n';
  const lines = inlineDeepSpeedLines(stage, indentUnit(plan.text));
  const mb = keyOf(run, 'microBatch');
  const note = `deepspeed: a ZeRO stage ${stage} config added`;
  if (mb && plan.text.slice(mb.span.start, mb.span.end) === mb.key && plan.topLevel(mb.key) && plan.text[mb.span.start - 1] !== ' ') plan.lineAfter(mb, lines.join(eol), `${note} after ${mb.key}`);
  else plan.lineAtEnd(lines.join(eol), `${note} at the end of the file`);
  return true;
}

/** The ZeRO stage raised by one ('zero-stage'), or straight to 3 ('zero-stage-3'): DeepSpeed's stage, FSDP's strategy. */
function zeroStage(plan: Plan, run: RunSpec, format: FormatId, fix: 'zero-stage' | 'zero-stage-3'): void {
  const ref = keyOf(run, 'zeroStage');
  const to = (n: number) => (fix === 'zero-stage-3' ? 3 : Math.min(3, n + 1));
  const stage = to(run.zeroStage?.value ?? 0);
  if (!ref && addInlineDeepSpeed(plan, run, format, stage)) return;
  // The stage is the DeepSpeed JSON's the file names: raised there.
  if (!ref && plan.deepspeed) {
    plan.inDeepSpeed(plan.deepspeed, { stage });
    return;
  }
  if (!ref?.valueSpan) {
    plan.skipped = ref ? `raise \`${ref.key}\` where its value is assigned (it is not a literal)` : byHandInstruction(plan.text, run, format, fix);
    return;
  }
  const raw = plan.value(ref);
  const inner = (quoteOf(raw) ? raw.slice(1, -1) : raw).trim();
  const megatron = MEGATRON_FSDP_STRATEGIES.indexOf(inner as (typeof MEGATRON_FSDP_STRATEGIES)[number]);
  if (megatron >= 0) {
    // Megatron-FSDP's --data-parallel-sharding-strategy: the next strategy (or optim_grads_params), in place.
    if (megatron < 3) plan.word(ref, MEGATRON_FSDP_STRATEGIES[fix === 'zero-stage-3' ? 3 : megatron + 1]!);
    return;
  }
  const next = fix === 'zero-stage-3' && FSDP_NEXT[inner.toUpperCase()] ? 'FULL_SHARD' : FSDP_NEXT[inner.toUpperCase()];
  if (next) plan.word(ref, /^[a-z_]+$/.test(inner) ? next.toLowerCase() : next);
  else if (!plan.scale(ref, to)) plan.skipped = `\`${ref.key}\` is ${inner}: set the next sharding stage by hand`;
}

function distributedOptimizer(plan: Plan, run: RunSpec, format: FormatId): void {
  if (format === 'megatron-shell') {
    plan.addFlag(run, '--use-distributed-optimizer');
    return;
  }
  const ref = keyOf(run, 'optimizer');
  if ((format === 'nemo-yaml' || format === 'megatron-yaml') && ref?.valueSpan && /fused_adam|^adam/i.test(String(ref.value))) {
    plan.word(ref, format === 'nemo-yaml' ? 'distributed_fused_adam' : String(ref.value));
    return;
  }
  plan.skipped = byHandInstruction(plan.text, run, format, 'distributed-optimizer');
}

/** The 8-bit optimizer each recipe format names: HF TrainingArguments' optim, axolotl's, torchtune's own low-memory recipes'. */
const EIGHT_BIT: Partial<Record<FormatId, { key: string; value: string }>> = {
  'axolotl-yaml': { key: 'optimizer', value: 'adamw_bnb_8bit' },
  'llama-factory-yaml': { key: 'optim', value: 'adamw_bnb_8bit' },
  'trl-yaml': { key: 'optim', value: 'adamw_bnb_8bit' },
  'torchtune-yaml': { key: 'optimizer._component_', value: 'bitsandbytes.optim.PagedAdamW8bit' },
};

function optimizer8bit(plan: Plan, run: RunSpec, format: FormatId): void {
  // A Trainer launch command's own --optim flag takes the 8-bit name in place (the flag is never added: a script
  // with its own arguments may not take it).
  const optim = format === 'hf-launch-shell' ? run.keys.find((k) => k.role === 'optimizer' && k.key === '--optim' && k.valueSpan) : undefined;
  if (optim) {
    plan.word(optim, 'adamw_bnb_8bit');
    return;
  }
  const spec = EIGHT_BIT[format];
  if (!spec) {
    plan.skipped = byHandInstruction(plan.text, run, format, 'optimizer-8bit');
    return;
  }
  if (format === 'torchtune-yaml') {
    const ref = run.keys.find((k) => k.role === 'optimizer' && k.key === spec.key && k.valueSpan);
    if (!ref) {
      plan.skipped = `set optimizer._component_ to ${spec.value} (the recipe has no literal one to change)`;
      return;
    }
    plan.word(ref, spec.value);
    // bitsandbytes' optimizers take no `fused` argument: the line goes with torch.optim.AdamW.
    const fused = /^([ \t]+)fused:[^\r\n]*\r?\n/m.exec(plan.text.slice(ref.valueSpan!.end));
    const block = plan.text.slice(ref.valueSpan!.end).search(/\n\S/);
    if (fused && (block < 0 || fused.index < block)) {
      const start = ref.valueSpan!.end + fused.index;
      plan.replace(start, start + fused[0].length, '', `optimizer.fused removed (${spec.value} has no fused step)`);
    }
    return;
  }
  if (!plan.setTopLevel(spec.key, spec.value, keyOf(run, 'microBatch'))) plan.skipped = `the recipe has no micro-batch key to add \`${spec.key}\` beside; add \`${spec.key}: ${spec.value}\` by hand`;
}

function qlora(plan: Plan, run: RunSpec, format: FormatId): void {
  const adapter = run.keys.find((k) => k.role === 'adapter' && k.valueSpan);
  switch (format) {
    case 'axolotl-yaml': {
      const at = plan.topLevel('adapter');
      if (!at || !adapter) break;
      plan.word(adapter, 'qlora');
      // QLoRA loads the base in 4 bits; an 8-bit load would contradict it.
      if (/^true$/i.test(plan.topLevel('load_in_8bit')?.raw ?? '')) plan.setTopLevel('load_in_8bit', 'false', undefined);
      plan.setTopLevel('load_in_4bit', 'true', adapter);
      return;
    }
    case 'llama-factory-yaml':
      if (plan.setTopLevel('quantization_bit', '4', adapter?.key === 'finetuning_type' ? adapter : keyOf(run, 'microBatch'))) return;
      break;
    case 'trl-yaml':
      if (plan.setTopLevel('load_in_4bit', 'true', adapter ?? keyOf(run, 'microBatch'))) return;
      break;
    case 'torchtune-yaml': {
      const model = run.keys.find((k) => k.role === 'adapter' && k.key === 'model._component_' && k.valueSpan);
      const value = model ? plan.value(model) : '';
      const fn = value.lastIndexOf('.') + 1;
      if (model && /^(lora|dora)_/.test(value.slice(fn))) {
        const start = model.valueSpan!.start + fn;
        plan.replace(start, start, 'q', `model._component_: ${value.slice(fn)} → q${value.slice(fn)}`);
        return;
      }
      break;
    }
  }
  plan.skipped = byHandInstruction(plan.text, run, format, 'qlora');
}

function offload(plan: Plan, run: RunSpec, format: FormatId): void {
  if (format === 'torchtitan-toml') {
    // Inside [training], on a line after the micro-batch key (the table the key belongs to), or in place when false.
    const own = run.keys.find((k) => k.key === 'training.enable_cpu_offload' && k.valueSpan);
    const mb = run.keys.find((k) => k.role === 'microBatch' && k.valueSpan && `training.${plan.text.slice(k.span.start, k.span.end)}` === k.key);
    if (own) plan.word(own, 'true');
    else if (mb) plan.lineAfter(mb, 'enable_cpu_offload = true', `enable_cpu_offload = true added under [training] after ${mb.key.slice('training.'.length)}`);
    else plan.skipped = byHandInstruction(plan.text, run, format, 'offload-optimizer');
    return;
  }
  if (format === 'rl-launch-shell' && /\bopenrlhf\.cli\./.test(plan.text)) {
    // OpenRLHF's store_true flag, in the spelling of the script's version (--ds.zero_stage → --ds.adam_offload).
    const mb = keyOf(run, 'microBatch');
    const flag = run.keys.some((k) => k.key.startsWith('--ds.') || k.key.startsWith('--train.')) ? '--ds.adam_offload' : '--adam_offload';
    if (mb?.key.startsWith('--') && plan.text.slice(mb.span.start, mb.span.end) === mb.key) plan.flagBeside(mb, flag, `${flag} added after ${mb.key}`);
    else plan.skipped = `add ${flag} to the training command`;
    return;
  }
  if (MAXTEXT.has(format)) {
    if (!maxTextSet(plan, run, format, 'optimizer_memory_host_offload', 'true')) plan.skipped = byHandInstruction(plan.text, run, format, 'offload-optimizer');
    return;
  }
  if (format === 'torchtune-yaml') {
    const after = keyOf(run, 'recompute') ?? keyOf(run, 'microBatch');
    if ((run.gpus?.value ?? 1) > 1 && plan.setTopLevel('fsdp_cpu_offload', 'true', after)) return;
    plan.skipped = 'single-device torchtune recipes have no FSDP CPU offload; set enable_activation_offloading: True to move the activations instead, or choose another fix';
    return;
  }
  // An inline DeepSpeed mapping: offload_optimizer added under zero_optimization, after its stage.
  const stage = keyOf(run, 'zeroStage');
  // The file names its DeepSpeed JSON (and sets no sharding of its own): offload_optimizer set there.
  if (!stage && plan.deepspeed) {
    plan.inDeepSpeed(plan.deepspeed, { offloadOptimizer: true });
    return;
  }
  if (INLINE_DEEPSPEED.has(format) && stage?.key === 'deepspeed.zero_optimization.stage' && stage.valueSpan && !run.memory?.offloadOptimizer) {
    const eol = plan.text.includes('\r\n') ? '\r\n' : '\n';
    const lineStart = plan.text.lastIndexOf('\n', stage.span.start - 1) + 1;
    const indent = /^[ \t]*/.exec(plan.text.slice(lineStart, stage.span.start))![0];
    const unit = indentUnit(plan.text);
    // Only in a block mapping: a flow one (`zero_optimization: {stage: 2}`) is edited by hand.
    if (lineStart + indent.length !== stage.span.start) {
      plan.skipped = 'add "offload_optimizer": {"device": "cpu"} under the deepspeed: mapping\'s zero_optimization';
      return;
    }
    plan.lineAfter(stage, ['offload_optimizer:', `${indent}${unit}device: cpu`].join(eol), 'deepspeed.zero_optimization.offload_optimizer.device: cpu added after its stage');
    return;
  }
  plan.skipped = byHandInstruction(plan.text, run, format, 'offload-optimizer');
}

/** A key=value of the file to write a new MaxText key beside: the micro-batch's, else the recompute policy's, the sequence length's, the steps', the model's. */
function maxTextAnchor(plan: Plan, run: RunSpec, format: FormatId): KeyRef | undefined {
  for (const role of ['microBatch', 'recompute', 'seqLength', 'trainIters', 'modelPreset'] as const) {
    const ref = run.keys.find((k) => k.role === role && k.valueSpan && plan.text.slice(k.span.start, k.span.end) === k.key && (format !== 'maxtext-yaml' || plan.topLevel(k.key) !== undefined));
    if (ref) return ref;
  }
  return undefined;
}

/**
 * A MaxText key set to `value`: in place where the file writes it, else added in MaxText's own way — a top-level line
 * of the YAML (after the micro-batch's or another run key's line, else at the end), or a `key=value` argument of the
 * launch command beside one it has. False when the command has no literal argument to add it beside, or sets the key
 * in a way this cannot change (`key=$VAR`).
 */
function maxTextSet(plan: Plan, run: RunSpec, format: FormatId, key: string, value: string): boolean {
  const own = run.keys.find((k) => k.key === key && k.valueSpan);
  if (own) {
    if (plan.value(own).replace(/["']/g, '').toLowerCase() !== value) plan.word(own, value);
    return true;
  }
  const near = maxTextAnchor(plan, run, format);
  if (format === 'maxtext-yaml') return plan.setTopLevel(key, value, near ?? 'end');
  if (!near || new RegExp(`(?:^|\\s)${key}=`).test(plan.text)) return false;
  const arg = maxTextKey(format, key, value);
  plan.flagBeside(near, arg, `${arg} added after ${near.key}`);
  return true;
}

/** per_device_batch_size (base.yml's default) halved and gradient_accumulation_steps doubled, both added. */
function maxTextMicroBatch(plan: Plan, run: RunSpec, format: FormatId): void {
  const halved = maxTextHalvedBatch(run);
  const accum = keyOf(run, 'gradAccum');
  const done =
    maxTextSet(plan, run, format, 'per_device_batch_size', halved.perDevice) &&
    (accum?.valueSpan ? plan.scale(accum, (n) => n * 2) : maxTextSet(plan, run, format, 'gradient_accumulation_steps', halved.accumulation));
  if (!done) {
    plan.edits.length = 0;
    plan.notes.length = 0;
    plan.skipped = byHandInstruction(plan.text, run, format, 'micro-batch');
  }
}
