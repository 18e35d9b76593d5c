// Layers the inputs that do not come from the config's own keys onto a run. One precedence, for every input:
//   what-if edits and CLI flags  >  `# footprint:` annotations  >  the file's own values, stated or derived
//   >  settings  >  documented defaults (applied by the projection).
// Overrides and annotations replace what the file says; settings only fill what is still open after run completion
// has derived what it can (analyze.ts orders this). Each value becomes a Sourced value naming its layer and its name
// there ("command-line flag --gpus", "setting footprint.gpus"), so the user always sees which layer won.
import { INPUTS, inputForAnnotation, type InputId, type InputSpec } from '../inputs/registry';
import type { Overrides, RunSpec, SourceKind, Sourced, Span } from '../types';

export type AnnotationValues = Record<string, { value: string | number; span: Span }>;

/** Who set the values of a layer, in the words shown beside each value. */
export type LayerOrigin = 'flag' | 'what-if' | 'setting' | 'annotation';

interface Layer {
  source: SourceKind;
  describe: (spec: InputSpec<InputId>) => string;
  values: Partial<Record<InputId, number | string | boolean>>;
  spans?: Partial<Record<InputId, Span>>;
}

/** "command-line flag --gpus", "what-if GPU count", "setting footprint.gpus", "`# footprint:` annotation gpus=". */
export function originWords(origin: LayerOrigin, spec: InputSpec<InputId>): string {
  switch (origin) {
    case 'flag':
      return spec.flag ? `command-line flag --${spec.flag}` : `command-line ${spec.label}`;
    case 'what-if':
      return `what-if ${spec.panel ?? spec.label}`;
    case 'setting':
      return spec.setting ? `setting footprint.${spec.setting}` : `setting (${spec.label})`;
    case 'annotation':
      return `\`# footprint:\` annotation ${spec.annotation ?? spec.id}`;
  }
}

/** An annotation's values (already checked by the parser) as a layer, keeping each value's place in the file. */
export function annotationLayer(values: AnnotationValues): Layer {
  const layer: Layer = { source: 'annotation', describe: (s) => originWords('annotation', s), values: {}, spans: {} };
  for (const [key, entry] of Object.entries(values)) {
    const spec = inputForAnnotation(key);
    if (!spec) continue;
    layer.values[spec.id] = entry.value;
    layer.spans![spec.id] = entry.span;
  }
  return layer;
}

/** Overrides (flags, what-if edits, settings) as a layer. */
export function overridesLayer(overrides: Overrides, origin: Exclude<LayerOrigin, 'annotation'>, from?: Partial<Record<InputId, string>>): Layer {
  const values: Layer['values'] = {};
  for (const spec of INPUTS) {
    const v = overrides[spec.id];
    if (v !== undefined && v !== null && v !== '') values[spec.id] = v;
  }
  return { source: origin === 'setting' ? 'setting' : 'override', describe: (s) => from?.[s.id] ?? originWords(origin, s), values };
}

/** The inputs a layer would set on the run. */
export function layerFields(layer: Layer): InputId[] {
  return Object.keys(layer.values) as InputId[];
}

/**
 * Applies a layer. `force` (overrides, annotations) replaces what the file says; otherwise only the fields in
 * `open` are filled (settings: what completion left open).
 */
export function applyLayer(run: RunSpec, layer: Layer, force: boolean, open?: ReadonlySet<InputId>): void {
  const target = run as unknown as Record<InputId, Sourced<unknown> | undefined>;
  for (const [field, value] of Object.entries(layer.values) as Array<[InputId, number | string | boolean]>) {
    if (!force && !(open ? open.has(field) : target[field] === undefined)) continue;
    const sourced: Sourced<unknown> = { value, source: layer.source, detail: layer.describe(INPUTS.find((s) => s.id === field)!), span: layer.spans?.[field] };
    target[field] = sourced;
    // A stated size replaces the architecture's count; for MoE only the active count is asked of the user.
    if (field === 'params') run.activeParams = sourced as Sourced<number>;
  }
}
