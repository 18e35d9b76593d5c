// Layers the inputs that do not come from the config's own keys onto a run, in order of precedence:
//   overrides (CLI flags, what-if edits)  >  the file (keys, then `# footprint:` annotations)  >  defaults (settings).
// Each value keeps its provenance, so the user always sees which layer won.
import type { Overrides, Precision, RunSpec, SourceKind, Sourced, Span } from '../types';

/** Annotation keys as users write them in `# footprint: gpu=H100 gpus=1024 ...`. */
export type AnnotationKey = 'gpu' | 'gpus' | 'region' | 'pue' | 'price' | 'grid' | 'mfu';
export type AnnotationValues = Partial<Record<AnnotationKey, { value: string; span: Span }>>;

/** The run fields an input layer can set. */
type Settable = 'gpuType' | 'gpus' | 'params' | 'tokens' | 'mfu' | 'pue' | 'region' | 'gridGPerKWh' | 'priceUSDPerGpuHour' | 'precision';

interface Layer {
  source: SourceKind;
  /** Says where the value was set: "command-line flag --gpus", "setting footprint.gpus". */
  describe: (field: Settable) => string;
  values: Partial<Record<Settable, number | string>>;
  spans?: Partial<Record<Settable, Span>>;
}

const ANNOTATION_FIELDS: Record<AnnotationKey, Settable> = {
  gpu: 'gpuType',
  gpus: 'gpus',
  region: 'region',
  pue: 'pue',
  price: 'priceUSDPerGpuHour',
  grid: 'gridGPerKWh',
  mfu: 'mfu',
};

const NUMERIC: ReadonlySet<Settable> = new Set(['gpus', 'params', 'tokens', 'mfu', 'pue', 'gridGPerKWh', 'priceUSDPerGpuHour']);

export function annotationLayer(values: AnnotationValues): Layer {
  const layer: Layer = { source: 'annotation', describe: (f) => `\`# footprint:\` annotation (${f})`, values: {}, spans: {} };
  for (const [key, entry] of Object.entries(values) as Array<[AnnotationKey, { value: string; span: Span }]>) {
    const field = ANNOTATION_FIELDS[key];
    const value = NUMERIC.has(field) ? Number(entry.value) : entry.value;
    if (typeof value === 'number' && !(Number.isFinite(value) && value > 0)) continue;
    layer.values[field] = value;
    layer.spans![field] = entry.span;
  }
  return layer;
}

export function overridesLayer(overrides: Overrides, source: SourceKind, describe: (field: string) => string): Layer {
  const values: Layer['values'] = {};
  const pick: Settable[] = ['gpuType', 'gpus', 'params', 'tokens', 'mfu', 'pue', 'region', 'gridGPerKWh', 'priceUSDPerGpuHour', 'precision'];
  for (const field of pick) {
    const v = overrides[field];
    if (v !== undefined && v !== null && v !== '') values[field] = v;
  }
  return { source, describe, values };
}

/** Applies a layer. `force` (overrides) replaces what the file says; otherwise only gaps are filled. */
export function applyLayer(run: RunSpec, layer: Layer, force: boolean): void {
  for (const [field, value] of Object.entries(layer.values) as Array<[Settable, number | string]>) {
    const sourced = <T>(v: T): Sourced<T> => ({ value: v, source: layer.source, detail: layer.describe(field), span: layer.spans?.[field] });
    const has = (k: keyof RunSpec) => run[k] !== undefined && run[k] !== null;
    switch (field) {
      case 'params':
        if (force || !has('params')) {
          run.params = sourced(Number(value));
          // A stated size replaces the architecture's count; for MoE only the active count is asked of the user.
          run.activeParams = sourced(Number(value));
        }
        break;
      case 'precision':
        if (force || !has('precision')) run.precision = sourced(value as Precision);
        break;
      case 'gpuType':
      case 'region':
        if (force || !has(field)) run[field] = sourced(String(value));
        break;
      default:
        if (force || !has(field)) run[field] = sourced(Number(value));
    }
  }
}
