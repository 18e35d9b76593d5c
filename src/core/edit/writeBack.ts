// Write-back of a what-if into the config it came from. The plan re-analyses the text, finds the keys the file holds
// (run.keys: role, spans) and replaces only their values' text, in the file's own style; what the file cannot hold
// goes into the `# footprint:` annotation (or, for strict JSON, is reported as settings for the host to store).
// Nothing is overwritten silently: a computed or interpolated value is skipped with the reason.
import { parseTree } from 'jsonc-parser';
import { analyze, type Analysis } from '../analyze';
import { syntaxOf } from '../formats/registry';
import { canAnnotate, upsertAnnotation } from '../parse/annotations';
import type { ConfigEntry, ParsedConfig, Syntax } from '../parse/config';
import { parseJson } from '../parse/json';
import { parseShell } from '../parse/shell';
import { parseToml } from '../parse/toml';
import { parseYaml } from '../parse/yaml';
import type { AnnotationKey } from '../inputs/registry';
import type { KeyRef, KeyRole, Overrides, Precision, Recompute, RunSpec, TextEdit } from '../types';
import { planMemoryFix } from '../memory/plan';
import { formatCount, precisionWord, quoteOf, readNumberLiteral } from './values';

/** The what-if values write-back understands (the panel protocol's WhatIf has the same shape). */
export interface WriteBackWhatIf {
  gpuType?: string;
  gpus?: number;
  precision?: Precision;
  mfu?: number;
  tokens?: number;
  params?: number;
  region?: string;
  gridGPerKWh?: number;
  pue?: number;
  priceUSDPerGpuHour?: number;
  spotDiscount?: number;
  restartOverhead?: number;
  lifetimeInferenceTokens?: number;
  microBatch?: number;
  recompute?: Recompute;
}
export type WhatIfField = keyof WriteBackWhatIf;

/** Per-file hardware for files that cannot carry an annotation (the extension's footprint.hardwareByFile entry). */
export interface HardwareSettings {
  gpuType?: string;
  gpus?: number;
  region?: string;
}

export interface WriteBackPlan {
  /** Offsets into the analysed text; none overlap. Includes the annotation line's edit when there is one. */
  edits: TextEdit[];
  /** Values written into the `# footprint:` annotation (the file has no key for them). */
  annotation?: Partial<Record<AnnotationKey, string>>;
  /** Values for a strict-JSON file, which cannot carry the annotation: the host stores them per file. */
  settings?: HardwareSettings;
  /** What changed where, in words ("trainer.num_nodes: 128 → 256"), and how (num_layers scaled for the size). */
  notes: string[];
  skipped: Array<{ field: WhatIfField; reason: string }>;
}

const PARSERS: Record<Syntax, (text: string) => ParsedConfig> = { yaml: parseYaml, json: parseJson, toml: parseToml, shell: parseShell };

/** What-if fields that only the annotation can hold, with its key. */
const ANNOTATED: ReadonlyArray<[WhatIfField, AnnotationKey, keyof RunSpec]> = [
  ['gpuType', 'gpu', 'gpuType'],
  ['region', 'region', 'region'],
  ['pue', 'pue', 'pue'],
  ['priceUSDPerGpuHour', 'price', 'priceUSDPerGpuHour'],
  ['gridGPerKWh', 'grid', 'gridGPerKWh'],
  ['mfu', 'mfu', 'mfu'],
];

/** Assumptions about how the run is bought or used, not properties of the config. */
const PANEL_ONLY: readonly WhatIfField[] = ['spotDiscount', 'restartOverhead', 'lifetimeInferenceTokens'];

class Plan {
  readonly edits: TextEdit[] = [];
  readonly notes: string[] = [];
  readonly skipped: WriteBackPlan['skipped'] = [];
  readonly annotate: Partial<Record<AnnotationKey, string>> = {};

  constructor(readonly text: string) {}

  replace(start: number, end: number, newText: string, note: string): void {
    if (this.text.slice(start, end) === newText) return;
    if (this.edits.some((e) => start < e.end && e.start < end)) throw new Error(`write-back edits overlap at ${start}`);
    this.edits.push({ start, end, newText });
    this.notes.push(note);
  }

  skip(field: WhatIfField, reason: string): void {
    this.skipped.push({ field, reason });
  }
}

export function planWriteBack(text: string, fileName: string, whatIf: WriteBackWhatIf): WriteBackPlan {
  const plan = new Plan(text);
  const base = analyze(text, { fileName });
  const run = base.run;
  const fields = (Object.keys(whatIf) as WhatIfField[]).filter((f) => whatIf[f] !== undefined);
  if (!run) {
    for (const f of fields) plan.skip(f, `${fileName} is not a training config Footprint Lens understands`);
    return { edits: [], notes: [], skipped: plan.skipped };
  }
  const syntax = syntaxOf(text, fileName);
  const cfg = PARSERS[syntax](text);

  if (whatIf.gpus !== undefined && whatIf.gpus !== run.gpus?.value) writeGpus(plan, run, whatIf.gpus);
  if (whatIf.tokens !== undefined && whatIf.tokens !== run.tokens?.value) writeTokens(plan, run, whatIf, fileName);
  if (whatIf.precision !== undefined && whatIf.precision !== run.precision?.value) writePrecision(plan, base, cfg, whatIf.precision);
  if (whatIf.params !== undefined && whatIf.params !== run.params?.value) writeParams(plan, run, whatIf.params);
  if (whatIf.microBatch !== undefined && whatIf.microBatch !== run.microBatch?.value) writeMicroBatch(plan, run, whatIf.microBatch);
  if (whatIf.recompute !== undefined && whatIf.recompute !== (run.recompute?.value ?? 'none')) writeRecompute(plan, fileName, base, whatIf.recompute);
  for (const [field, key, runField] of ANNOTATED) {
    const v = whatIf[field];
    const current = (run[runField] as { value: unknown } | undefined)?.value;
    if (v !== undefined && v !== current) plan.annotate[key] = String(v);
  }
  for (const f of PANEL_ONLY) if (whatIf[f] !== undefined) plan.skip(f, 'an assumption of the estimate, not a value of the config; it stays in the panel');

  const result: WriteBackPlan = { edits: plan.edits, notes: plan.notes, skipped: plan.skipped };
  const annotation = plan.annotate;
  if (Object.keys(annotation).length > 0) {
    if (canAnnotate(syntax, fileName)) {
      const edit = upsertAnnotation(text, syntax, annotation);
      if (edit.start !== edit.end || edit.newText !== '') {
        result.edits.push(edit);
        result.annotation = annotation;
        result.notes.push(
          `annotation: ${Object.entries(annotation)
            .map(([k, v]) => `${k}=${v}`)
            .join(' ')}`,
        );
      }
    } else {
      // Strict JSON: DeepSpeed and Hugging Face would choke on a comment; the host keeps these per file.
      const settings: HardwareSettings = {};
      if (annotation.gpu !== undefined) settings.gpuType = annotation.gpu;
      if (annotation.gpus !== undefined) settings.gpus = Number(annotation.gpus);
      if (annotation.region !== undefined) settings.region = annotation.region;
      if (Object.keys(settings).length > 0) result.settings = settings;
      const names: Partial<Record<AnnotationKey, WhatIfField>> = { pue: 'pue', price: 'priceUSDPerGpuHour', grid: 'gridGPerKWh', mfu: 'mfu' };
      for (const [k, f] of Object.entries(names) as Array<[AnnotationKey, WhatIfField]>) {
        if (annotation[k] !== undefined) plan.skip(f, `a JSON config cannot carry a \`footprint:\` comment; set footprint.${f} in the settings instead`);
      }
    }
  }
  result.edits.sort((a, b) => a.start - b.start);
  return result;
}

/** The first KeyRef of a role, preferring one with a literal value the edit can replace. */
function keyOf(run: RunSpec, role: KeyRole): KeyRef | undefined {
  const all = run.keys.filter((k) => k.role === role);
  return all.find((k) => k.valueSpan) ?? all[0];
}

function literalCount(plan: Plan, ref: KeyRef | undefined): { ref: KeyRef; value: number; like: ReturnType<typeof readNumberLiteral> & object } | undefined {
  if (!ref?.valueSpan) return undefined;
  const like = readNumberLiteral(plan.text.slice(ref.valueSpan.start, ref.valueSpan.end));
  const value = like ? Number(like.digits.replace(/_/g, '')) : NaN;
  return like && Number.isFinite(value) ? { ref, value, like } : undefined;
}

function computedReason(ref: KeyRef): string {
  return `\`${ref.key}\` is computed or interpolated (${JSON.stringify(ref.value)}), not a literal; edit it by hand`;
}

/** The micro-batch key's literal, and the accumulation key's where one is written, so the global batch stays. */
function writeMicroBatch(plan: Plan, run: RunSpec, micro: number): void {
  const mb = literalCount(plan, keyOf(run, 'microBatch'));
  if (!mb) {
    const ref = keyOf(run, 'microBatch');
    plan.skip('microBatch', ref ? computedReason(ref) : 'the file has no micro-batch key; it stays in the panel');
    return;
  }
  const accumRef = keyOf(run, 'gradAccum');
  const accum = literalCount(plan, accumRef);
  const global = run.globalBatch?.value;
  const dp = run.parallel.dp?.value;
  // A file that states the global batch keeps it by itself; one that states the accumulation steps needs them scaled.
  if (accum && global && dp) {
    const steps = global / (micro * dp);
    if (!Number.isInteger(steps)) {
      plan.skip('microBatch', `global batch ${global} is not a whole number of micro-batches of ${micro} on ${dp} data-parallel ranks`);
      return;
    }
    plan.replace(accum.ref.valueSpan!.start, accum.ref.valueSpan!.end, formatCount(accum.like, steps), `${accum.ref.key}: ${accum.value} → ${steps} (global batch ${global} kept)`);
  } else if (accumRef && !accum && run.globalBatch?.source !== 'file') {
    plan.skip('microBatch', computedReason(accumRef));
    return;
  }
  plan.replace(mb.ref.valueSpan!.start, mb.ref.valueSpan!.end, formatCount(mb.like, micro), `${mb.ref.key}: ${mb.value} → ${micro}`);
}

/** Recomputation in the format's own flags or keys (the memory quick fixes' writer); off is left to the user. */
function writeRecompute(plan: Plan, fileName: string, base: Analysis, mode: Recompute): void {
  if (mode === 'none') {
    plan.skip('recompute', 'turning recomputation off is not written back; remove its keys by hand');
    return;
  }
  const fix = planMemoryFix(plan.text, fileName, mode === 'full' ? 'recompute-full' : 'recompute-selective', base);
  if (fix.edits.length === 0) {
    plan.skip('recompute', fix.skipped ?? 'the file has no recomputation key to write');
    return;
  }
  fix.edits.forEach((e, i) => plan.replace(e.start, e.end, e.newText, fix.notes[i] ?? `recompute → ${mode}`));
}

function writeGpus(plan: Plan, run: RunSpec, gpus: number): void {
  // An annotation already decides the count (it wins over the keys): change it there.
  if (run.gpus?.source === 'annotation') {
    plan.annotate.gpus = String(gpus);
    return;
  }
  const nodes = literalCount(plan, keyOf(run, 'nodes'));
  const perNode = run.gpusPerNode?.value;
  if (nodes && perNode && perNode > 0 && gpus % perNode === 0) {
    const n = gpus / perNode;
    // Every literal copy of the node count (a Slurm header and the launcher line) moves together.
    const copies = run.keys
      .filter((k) => k.role === 'nodes')
      .map((k) => literalCount(plan, k))
      .filter((c): c is NonNullable<typeof c> => c !== undefined && c.value === nodes.value);
    // A launcher flag given as a variable points at the variable's assignment: one place, written once.
    const places = new Map(copies.map((c) => [c.ref.valueSpan!.start, c]));
    for (const c of places.values()) {
      plan.replace(c.ref.valueSpan!.start, c.ref.valueSpan!.end, formatCount(c.like, n), `${c.ref.key}: ${c.value} → ${n} (${n} × ${perNode} GPUs)`);
    }
    return;
  }
  const total = literalCount(plan, keyOf(run, 'gpus'));
  if (total) {
    plan.replace(total.ref.valueSpan!.start, total.ref.valueSpan!.end, formatCount(total.like, gpus), `${total.ref.key}: ${total.value} → ${gpus}`);
    return;
  }
  const devices = literalCount(plan, keyOf(run, 'gpusPerNode'));
  const nodesKey = keyOf(run, 'nodes');
  // Devices per node can carry the whole count only on one node, stated literally (not SLURM's count at launch).
  if (devices && (!nodesKey || nodes?.value === 1)) {
    const why = perNode ? `${gpus} is not a whole number of ${perNode}-GPU nodes, so ` : '';
    plan.replace(
      devices.ref.valueSpan!.start,
      devices.ref.valueSpan!.end,
      formatCount(devices.like, gpus),
      `${devices.ref.key}: ${devices.value} → ${gpus} (${why}the count is written as GPUs on one node)`,
    );
    return;
  }
  if (run.gpus && (run.gpus.source === 'file' || run.gpus.source === 'derived')) {
    const held = [keyOf(run, 'nodes'), keyOf(run, 'gpus'), keyOf(run, 'gpusPerNode')].find((k) => k && !k.valueSpan);
    const why = held
      ? computedReason(held)
      : perNode && nodes
        ? `${gpus} GPUs is not a whole number of ${perNode}-GPU nodes; change the node or device count by hand`
        : `the GPU count comes from ${run.gpus.detail}; change those values by hand`;
    plan.skip('gpus', why);
    return;
  }
  // The file does not say (or says it at launch time, e.g. from SLURM): the annotation records it for the estimate.
  plan.annotate.gpus = String(gpus);
  const launch = [keyOf(run, 'nodes'), keyOf(run, 'gpus')].find((k) => k && !k.valueSpan);
  if (launch) plan.notes.push(`\`${launch.key}\` is set at launch (${JSON.stringify(launch.value)}); the GPU count is recorded in the annotation`);
}

function writeTokens(plan: Plan, run: RunSpec, whatIf: WriteBackWhatIf, fileName: string): void {
  const tokens = whatIf.tokens!;
  // Steps follow from the global batch of the what-if run (more GPUs can mean a larger batch through DP).
  const sized = whatIf.gpus !== undefined ? (analyze(plan.text, { fileName, overrides: { gpus: whatIf.gpus } satisfies Overrides }).run ?? run) : run;
  const batch = sized.globalBatch?.value;
  const seq = sized.seqLength?.value;
  const tokensKey = literalCount(plan, keyOf(run, 'tokens'));
  const iters = literalCount(plan, keyOf(run, 'trainIters'));
  const samples = literalCount(plan, keyOf(run, 'trainSamples'));
  const order = run.tokens?.source === 'file' ? [tokensKey, iters, samples] : [iters, samples, tokensKey];
  for (const c of order) {
    if (!c) continue;
    const unit = c.like.suffix.toLowerCase();
    let value: number | undefined;
    let how: string;
    if (c === tokensKey || unit === 'tok') {
      value = Math.round(tokens);
      how = 'tokens';
    } else if (unit === 'ep' || unit === 'dur') {
      plan.skip('tokens', `\`${c.ref.key}\` counts ${unit === 'ep' ? 'epochs' : 'a fraction of the run'}, which cannot be set from a token count`);
      return;
    } else if (c === samples || unit === 'sp') {
      value = seq ? Math.ceil(tokens / seq) : undefined;
      how = `samples = ⌈tokens / sequence ${seq}⌉`;
    } else {
      value = batch && seq ? Math.ceil(tokens / (batch * seq)) : undefined;
      how = `steps = ⌈tokens / (global batch ${batch} × sequence ${seq})⌉`;
    }
    if (value === undefined || !Number.isFinite(value) || value < 1) {
      plan.skip(
        'tokens',
        `\`${c.ref.key}\` counts ${c === samples ? 'samples' : 'steps'}, and the ${seq ? 'global batch' : 'sequence length'} is not known, so the token count cannot be turned into it`,
      );
      return;
    }
    plan.replace(c.ref.valueSpan!.start, c.ref.valueSpan!.end, formatCount(c.like, value), `${c.ref.key}: ${c.value} → ${value} (${how})`);
    return;
  }
  const held = [keyOf(run, 'tokens'), keyOf(run, 'trainIters'), keyOf(run, 'trainSamples')].find((k) => k);
  plan.skip('tokens', held ? computedReason(held) : 'the file holds no step, sample or token count to change');
}

function writePrecision(plan: Plan, analysis: Analysis, cfg: ParsedConfig, p: Precision): void {
  const run = analysis.run!;
  const ref = keyOf(run, 'precision');
  const format = analysis.format!;
  if (format === 'deepspeed-json' || (format === 'neox-yaml' && ref?.key !== 'precision')) return switchSections(plan, cfg, p);
  if (format === 'megatron-shell') return switchFlags(plan, run, p);
  if (!ref?.valueSpan) {
    plan.skip('precision', ref ? computedReason(ref) : 'the file has no precision key to change');
    return;
  }
  const raw = plan.text.slice(ref.valueSpan.start, ref.valueSpan.end);
  const q = quoteOf(raw);
  const inner = q ? raw.slice(1, -1) : raw;
  const word =
    format === 'neox-yaml'
      ? p === 'fp8' || p === 'tf32'
        ? { reason: `GPT-NeoX's precision key takes fp16, bfloat16 or fp32` }
        : { text: p === 'bf16' ? 'bfloat16' : p }
      : precisionWord(format, inner, p);
  if ('reason' in word) {
    plan.skip('precision', word.reason);
    return;
  }
  // A bare YAML number (`precision: 32`) becoming a word needs no quotes in YAML; JSON strings keep theirs.
  const quote = q || (syntaxNeedsQuotes(cfg.syntax) && !/^\d+$/.test(word.text) ? '"' : '');
  plan.replace(ref.valueSpan.start, ref.valueSpan.end, `${quote}${word.text}${quote}`, `${ref.key}: ${inner} → ${word.text}`);
}

function syntaxNeedsQuotes(syntax: Syntax): boolean {
  return syntax === 'json' || syntax === 'toml';
}

/** DeepSpeed / GPT-NeoX: `fp16.enabled` and `bf16.enabled`, one true at most. */
function switchSections(plan: Plan, cfg: ParsedConfig, p: Precision): void {
  if (p === 'fp8' || p === 'tf32') {
    plan.skip('precision', `DeepSpeed's config has no ${p.toUpperCase()} section; ${p === 'fp8' ? 'FP8 comes from Transformer Engine in the model code' : 'TF32 is a PyTorch setting'}`);
    return;
  }
  const section = (name: string): ConfigEntry | undefined => cfg.entries.get(`${name}.enabled`);
  const target = p === 'fp32' ? undefined : section(p);
  if (p !== 'fp32' && !target?.valueSpan) {
    if (cfg.syntax === 'json' && !target && !cfg.sections.has(p)) {
      // A JSON config without the section: jsonc-parser adds `"bf16": {"enabled": true}` in the file's indentation.
      addJsonSection(plan, p);
    } else {
      plan.skip('precision', `the file has no literal \`${p}.enabled\` key; add a "${p}": {"enabled": true} section by hand (and turn the other off)`);
      return;
    }
  }
  const setBool = (e: ConfigEntry, on: boolean) => {
    const raw = plan.text.slice(e.valueSpan!.start, e.valueSpan!.end);
    const word = /^[A-Z]/.test(raw) ? (on ? 'True' : 'False') : on ? 'true' : 'false';
    plan.replace(e.valueSpan!.start, e.valueSpan!.end, word, `${e.path}: ${raw} → ${word}`);
  };
  for (const name of ['fp16', 'bf16']) {
    const e = section(name);
    if (!e?.valueSpan) continue;
    if (name === p) setBool(e, true);
    else if (e.value === true || e.value === 'auto') setBool(e, false);
  }
}

function addJsonSection(plan: Plan, section: 'fp16' | 'bf16'): void {
  // Inserted after the last top-level property, in the file's indentation and line ending; every existing byte stays
  // (jsonc-parser's modify() would reformat the neighbouring property).
  const text = plan.text;
  const last = parseTree(text)?.children?.at(-1);
  if (!last) {
    plan.skip('precision', `the file has no top-level object to add a "${section}" section to`);
    return;
  }
  const indent = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const at = last.offset + last.length;
  const block = `,${eol}${indent}"${section}": {${eol}${indent}${indent}"enabled": true${eol}${indent}}`;
  plan.replace(at, at, block, `${section}.enabled: added, true`);
}

/** Megatron: `--fp16` / `--bf16` flags; the flag's text is swapped in place. */
function switchFlags(plan: Plan, run: RunSpec, p: Precision): void {
  const ref = run.keys.find((k) => k.role === 'precision' && (k.key === '--fp16' || k.key === '--bf16'));
  const fp8 = run.keys.some((k) => k.role === 'precision' && k.key.startsWith('--fp8'));
  if (p !== 'fp16' && p !== 'bf16') {
    plan.skip('precision', p === 'fp8' ? 'FP8 needs --fp8-format and its recipe flags; add them by hand' : `${p.toUpperCase()} means removing the --fp16/--bf16 flag; do it by hand`);
    return;
  }
  if (!ref || fp8) {
    plan.skip('precision', fp8 ? 'the script trains in FP8 (--fp8-format); remove those flags by hand' : 'the script has no --fp16 or --bf16 flag to change');
    return;
  }
  const raw = plan.text.slice(ref.span.start, ref.span.end);
  if (raw !== ref.key) {
    plan.skip('precision', `\`${ref.key}\` is not written literally here`);
    return;
  }
  plan.replace(ref.span.start, ref.span.end, `--${p}`, `${ref.key} → --${p}`);
}

function writeParams(plan: Plan, run: RunSpec, params: number): void {
  const current = run.params;
  if (!current || current.source === 'annotation' || current.source === 'setting') {
    plan.skip('params', 'the model size does not come from the file’s architecture; it stays in the panel');
    return;
  }
  // A layer count another file gives (the model file a MaxText config names, a launch script's) is changed there.
  if (run.arch.layers?.source === 'companion' && !run.arch.layers.span) {
    plan.skip('params', `the layer count comes from another file (${run.arch.layers.detail}); change it there`);
    return;
  }
  const at = run.arch.layers?.span;
  const refs = run.keys.filter((k) => k.role === 'layers');
  const ref = refs.find((k) => at && k.valueSpan && k.valueSpan.start === at.start) ?? refs.find((k) => k.valueSpan);
  const layers = literalCount(plan, ref);
  if (!layers) {
    plan.skip('params', ref ? computedReason(ref) : 'the file has no layer count to scale');
    return;
  }
  // Parameters grow about linearly with depth at a fixed width (embeddings aside): scale the layer count.
  const n = Math.max(1, Math.round((layers.value * params) / current.value));
  if (n === layers.value) {
    plan.skip('params', `${layers.ref.key} = ${layers.value} already gives the nearest size; the change is under one layer`);
    return;
  }
  plan.replace(
    layers.ref.valueSpan!.start,
    layers.ref.valueSpan!.end,
    formatCount(layers.like, n),
    `${layers.ref.key}: ${layers.value} → ${n} (model size scaled through the layer count; width unchanged)`,
  );
}
