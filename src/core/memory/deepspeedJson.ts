// A memory fix written into the DeepSpeed JSON a recipe or launch command names (`deepspeed: ds_z2_config.json`,
// `--deepspeed ds_config.json`), when the host has that file's text: zero_optimization.stage raised, or
// offload_optimizer's device set to cpu. Only the value is replaced, or one property added in the file's own
// indentation and line ending; every other byte (comments of a JSONC file included) stays.
import { findNodeAtLocation, parse, parseTree, type Node } from 'jsonc-parser';
import type { Companion, Reference } from '../companions/types';
import { DEEPSPEED_PRESETS, shippedDeepSpeedConfig, shippedDeepSpeedFileName, type ShippedDeepSpeedConfig } from '../data/deepspeed-presets';
import type { TextEdit } from '../types';

/** The DeepSpeed JSON of a run, as the host read it: the file's name as the user knows it and its text. */
export interface DeepSpeedFile {
  fileName: string;
  text: string;
}

/** A DeepSpeed config the run's file names by a path its stack ships, read as shipped (no copy found). */
export interface ShippedDeepSpeedRef {
  /** The reference, in the analysed file (its span is the path's). */
  ref: Reference;
  preset: ShippedDeepSpeedConfig;
}

/** What a run's file names for its DeepSpeed config: a file the host read, or a config its stack ships. */
export type RunDeepSpeed = DeepSpeedFile | ShippedDeepSpeedRef;

/** Edits of a companion file, planned against `text` (a host applies them only to that very text). */
export interface CompanionEdits {
  fileName: string;
  text: string;
  edits: TextEdit[];
}

export type JsonPlan = { edits: TextEdit[]; note: string } | { skipped: string };

/** The keys that name a DeepSpeed config (references.ts RULES), in any spelling of a format. */
const DEEPSPEED_KEY = /(^|[.-])(deepspeed(_config(_file)?)?|ds_config(_path)?)$/i;

/**
 * The DeepSpeed config `fileName` itself names: the JSON the host found for it (the first such reference whose
 * companion has a text that is a JSON object), else the config its stack ships when the run was read with that copy
 * (`used`, the analysis's companionsUsed: a caller without the host's texts must not take a user's own file for it).
 */
export function deepSpeedFileOf(fileName: string, references: readonly Reference[], companions: readonly Companion[], used: readonly string[]): RunDeepSpeed | undefined {
  for (const r of references) {
    if (r.kind !== 'config' || r.in !== fileName || !/\.(json|conf)$/i.test(r.target) || !DEEPSPEED_KEY.test(r.key.replace(/-/g, '_').replace(/^_+/, ''))) continue;
    const c = companions.find((x) => x.kind === 'config' && x.target === r.target && x.text !== undefined);
    if (c?.text !== undefined) {
      if (parseTree(c.text)?.type === 'object') return { fileName: c.fileName, text: c.text };
      continue;
    }
    // No copy found: the run was read with the config its stack ships (companions/shipped.ts), if it is one.
    const preset = shippedDeepSpeedConfig(r.target);
    if (preset && r.span && used.includes(shippedDeepSpeedFileName(preset))) return { ref: r, preset };
  }
  return undefined;
}

/** The features of a shipped config a fix changes, and the top-level keys it keeps. */
function featuresOf(p: ShippedDeepSpeedConfig): { stage: number | undefined; offloadOptimizer: boolean; offloadParams: boolean; keys: Set<string>; precision: string } {
  const j = (parse(p.text) ?? {}) as Record<string, unknown> & { zero_optimization?: Record<string, unknown>; bf16?: { enabled?: unknown }; fp16?: { enabled?: unknown } };
  const zo = j.zero_optimization ?? {};
  const device = (x: unknown) => typeof x === 'object' && x !== null && String((x as { device?: unknown }).device).toLowerCase() !== 'none' && (x as { device?: unknown }).device !== undefined;
  return {
    stage: typeof zo.stage === 'number' ? zo.stage : undefined,
    offloadOptimizer: device(zo.offload_optimizer),
    offloadParams: device(zo.offload_param),
    keys: new Set(Object.keys(j).filter((k) => k !== 'zero_optimization')),
    precision: `${String(j.bf16?.enabled)}/${String(j.fp16?.enabled)}`,
  };
}

const baseNameOf = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/**
 * The reference renamed to the config its stack ships beside the named one with the fix's ZeRO stage or optimizer
 * offload and otherwise the same (the other offload, the precision sections; the fewest other keys changed, so
 * zero1.json goes to zero2.json, not to a torch-compile variant). Only that file name in the path changes.
 */
export function planShippedRename(text: string, shipped: ShippedDeepSpeedRef, want: { stage: number } | { offloadOptimizer: true }): JsonPlan {
  const { ref, preset } = shipped;
  const now = featuresOf(preset);
  const dir = preset.path.slice(0, preset.path.lastIndexOf('/') + 1);
  const fits = (f: ReturnType<typeof featuresOf>) =>
    'stage' in want
      ? f.stage === want.stage && f.offloadOptimizer === now.offloadOptimizer && f.offloadParams === now.offloadParams
      : f.stage === now.stage && f.offloadOptimizer && f.offloadParams === now.offloadParams;
  const differs = (f: ReturnType<typeof featuresOf>) => [...f.keys].filter((k) => !now.keys.has(k)).length + [...now.keys].filter((k) => !f.keys.has(k)).length;
  const candidates = DEEPSPEED_PRESETS.filter((p) => p.repo === preset.repo && p.path !== preset.path && p.path.startsWith(dir) && !p.path.slice(dir.length).includes('/'))
    .map((p) => ({ p, f: featuresOf(p) }))
    .filter(({ f }) => fits(f) && f.precision === now.precision)
    .sort((a, b) => differs(a.f) - differs(b.f) || a.p.path.length - b.p.path.length);
  const stack = preset.repo.slice(preset.repo.indexOf('/') + 1);
  const wanted = 'stage' in want ? `ZeRO stage ${want.stage}` : 'the optimizer offloaded';
  const best = candidates[0];
  if (!best) return { skipped: `${stack} ships no config beside ${baseNameOf(preset.path)} with ${wanted} and its other settings; name a DeepSpeed config of your own with it` };
  const span = ref.span!;
  const value = text.slice(span.start, span.end);
  const at = value.lastIndexOf(baseNameOf(preset.path));
  if (at < 0) return { skipped: `name ${stack}'s ${baseNameOf(best.p.path)} (${wanted}) in \`${ref.key}\`` };
  const start = span.start + at;
  return {
    edits: [{ start, end: start + baseNameOf(preset.path).length, newText: baseNameOf(best.p.path) }],
    note: `${ref.key}: ${baseNameOf(preset.path)} → ${baseNameOf(best.p.path)} (${stack}'s config with ${wanted})`,
  };
}

function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** The whitespace before `offset` on its line (the indentation of a property that starts its line). */
function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  return /^[ \t]*$/.test(before) ? before : '';
}

/** The file's indentation step: its first indented property's, two spaces when it has none. */
function unitOf(text: string): string {
  return /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
}

/** `"key": value` added as the last property of `object`, on a line of its own at its siblings' indentation. */
function addProperty(text: string, object: Node, depth: number, key: string, value: string): TextEdit {
  const eol = eolOf(text);
  const unit = unitOf(text);
  const last = object.children?.at(-1);
  if (last) {
    const indent = indentAt(text, last.offset) || unit.repeat(depth);
    const at = last.offset + last.length;
    return { start: at, end: at, newText: `,${eol}${indent}"${key}": ${value}` };
  }
  // An empty object: its inside becomes the property.
  const close = object.offset + object.length - 1;
  return { start: object.offset + 1, end: close, newText: `${eol}${unit.repeat(depth)}"${key}": ${value}${eol}${unit.repeat(depth - 1)}` };
}

/** A nested object written in the file's style: `{` then one property per line, closed at `indent`. */
function objectText(text: string, indent: string, props: Array<[string, string]>): string {
  const eol = eolOf(text);
  const unit = unitOf(text);
  return `{${eol}${props.map(([k, v]) => `${indent}${unit}"${k}": ${v}`).join(`,${eol}`)}${eol}${indent}}`;
}

function zeroSection(root: Node): Node | undefined {
  const zo = findNodeAtLocation(root, ['zero_optimization']);
  return zo?.type === 'object' ? zo : undefined;
}

/** zero_optimization.stage set to `stage` in a DeepSpeed JSON. */
export function planJsonStage(file: DeepSpeedFile, stage: number): JsonPlan {
  const { text } = file;
  const root = parseTree(text);
  if (root?.type !== 'object') return { skipped: `${file.fileName} is not a JSON object` };
  const zo = zeroSection(root);
  const node = zo ? findNodeAtLocation(zo, ['stage']) : undefined;
  if (node) {
    if (node.type !== 'number') return { skipped: `set "zero_optimization": {"stage": ${stage}} in ${file.fileName} (its stage is ${text.slice(node.offset, node.offset + node.length)})` };
    return { edits: [{ start: node.offset, end: node.offset + node.length, newText: String(stage) }], note: `${file.fileName}: zero_optimization.stage ${String(node.value)} → ${stage}` };
  }
  if (zo) return { edits: [addProperty(text, zo, 2, 'stage', String(stage))], note: `${file.fileName}: zero_optimization.stage ${stage} added` };
  if (findNodeAtLocation(root, ['zero_optimization'])) return { skipped: `set "zero_optimization": {"stage": ${stage}} in ${file.fileName}` };
  const last = root.children?.at(-1);
  const indent = last ? indentAt(text, last.offset) || unitOf(text) : unitOf(text);
  return { edits: [addProperty(text, root, 1, 'zero_optimization', objectText(text, indent, [['stage', String(stage)]]))], note: `${file.fileName}: zero_optimization with stage ${stage} added` };
}

/** zero_optimization.offload_optimizer.device set to "cpu" in a DeepSpeed JSON (or its older cpu_offload turned on). */
export function planJsonOffload(file: DeepSpeedFile): JsonPlan {
  const { text } = file;
  const root = parseTree(text);
  const zo = root?.type === 'object' ? zeroSection(root) : undefined;
  if (!zo) return { skipped: `set "offload_optimizer": {"device": "cpu"} under "zero_optimization" in ${file.fileName}` };
  const device = findNodeAtLocation(zo, ['offload_optimizer', 'device']);
  if (device?.type === 'string') {
    return {
      edits: [{ start: device.offset, end: device.offset + device.length, newText: '"cpu"' }],
      note: `${file.fileName}: zero_optimization.offload_optimizer.device ${String(device.value)} → cpu`,
    };
  }
  const section = findNodeAtLocation(zo, ['offload_optimizer']);
  if (section?.type === 'object') return { edits: [addProperty(text, section, 3, 'device', '"cpu"')], note: `${file.fileName}: zero_optimization.offload_optimizer.device cpu added` };
  const legacy = findNodeAtLocation(zo, ['cpu_offload']);
  if (legacy?.type === 'boolean')
    return { edits: [{ start: legacy.offset, end: legacy.offset + legacy.length, newText: 'true' }], note: `${file.fileName}: zero_optimization.cpu_offload false → true` };
  if (section) return { skipped: `set "offload_optimizer": {"device": "cpu"} under "zero_optimization" in ${file.fileName}` };
  const last = zo.children?.at(-1);
  const indent = last ? indentAt(text, last.offset) || unitOf(text).repeat(2) : unitOf(text).repeat(2);
  return {
    edits: [addProperty(text, zo, 2, 'offload_optimizer', objectText(text, indent, [['device', '"cpu"']]))],
    note: `${file.fileName}: zero_optimization.offload_optimizer.device cpu added`,
  };
}
