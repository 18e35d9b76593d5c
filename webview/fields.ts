// The panel's inputs, as data: what each what-if value is called, how it is read from the baseline run (value and
// provenance, so "256 · file line 12"), how the user's text becomes a value and back. No DOM here.
import type { Analysis } from '../src/core/analyze';
import type { Assumption } from '../src/core/estimate/types';
import { GPUS, findGpu } from '../src/core/data/gpus';
import { DEFAULT_REGION_CODE, REGIONS } from '../src/core/data/regions';
import type { Sourced } from '../src/core/types';
import { INPUTS } from '../src/core/inputs/registry';
import { WhatIfSchema, type WhatIf } from '../src/shared/protocol';

export type FieldKey = keyof WhatIf;

export interface Choice {
  value: string;
  label: string;
}

export interface Field {
  key: FieldKey;
  label: string;
  /** Unit or convention shown after the label, e.g. "%" or "gCO2e/kWh". */
  unit?: string;
  /** Fixed choices (GPU type, precision, region); free text otherwise. */
  choices?: Choice[];
  /** Shown as a percentage, stored as a fraction. */
  percent?: boolean;
  /** Extra explanation under the input (e.g. the MFU model's factors and range). */
  hint?: (baseline: Analysis) => string | undefined;
}

const PRECISIONS: Choice[] = ['fp32', 'tf32', 'fp16', 'bf16', 'fp8'].map((p) => ({ value: p, label: p.toUpperCase() }));

/** What the panel adds to an input's declaration: fixed choices and a hint under the input. */
const EXTRAS: Partial<Record<FieldKey, Pick<Field, 'choices' | 'hint'>>> = {
  gpuType: { choices: GPUS.map((g) => ({ value: g.id, label: g.name })) },
  precision: { choices: PRECISIONS },
  mfu: {
    hint: (a) => {
      const m = a.projection?.mfu;
      if (!m || m.low === m.high) return undefined;
      // The model's explanation, factor by factor, with its leave-one-out range.
      return a.projection?.assumptions.find((x) => x.name === 'mfu' && x.source === 'default')?.detail ?? `range ${pct(m.low)}–${pct(m.high)}%`;
    },
  },
  region: { choices: REGIONS.map((r) => ({ value: r.code, label: `${r.name} · ${r.gCO2ePerKWh} g/kWh` })) },
  recompute: {
    choices: [
      { value: 'none', label: 'None' },
      { value: 'selective', label: 'Selective (attention)' },
      { value: 'full', label: 'Full (every layer)' },
    ],
  },
};

/** One field per input the registry gives a panel label (src/core/inputs/registry.ts), in its order. */
export const FIELDS: readonly Field[] = INPUTS.flatMap((spec): Field[] => {
  if (!spec.panel || !(spec.id in WhatIfSchema.shape)) return [];
  const key = spec.id as FieldKey;
  const unit = spec.percent ? '%' : spec.panelUnit;
  return [{ key, label: spec.panel, ...(unit ? { unit } : {}), ...(spec.percent ? { percent: true } : {}), ...EXTRAS[key] }];
});

function pct(fraction: number): string {
  return String(Math.round(fraction * 1000) / 10);
}

export interface Current {
  /** The value the baseline run uses, as the what-if would store it; undefined when the run has none. */
  value: string | number | undefined;
  /** Where it came from, in a few words: "file line 12", "default", "derived". */
  provenance: string;
  /** The longer explanation (a tooltip). */
  detail?: string;
}

function fromSourced(s: Sourced<unknown> | undefined): Omit<Current, 'value'> | undefined {
  if (!s) return undefined;
  const where = s.source === 'file' && s.span ? `file line ${s.span.line + 1}` : s.source;
  return { provenance: where, detail: s.detail };
}

function fromAssumption(a: Assumption | undefined): Omit<Current, 'value'> | undefined {
  return a ? { provenance: a.source, detail: a.detail } : undefined;
}

const NONE: Current = { value: undefined, provenance: 'not set' };

/** The baseline's value of a field, with its provenance: the run's own value, else the projection's assumption. */
export function currentOf(key: FieldKey, baseline: Analysis): Current {
  const run = baseline.run;
  const assumptions = baseline.projection?.assumptions ?? [];
  const assumed = (name: string) => assumptions.find((a) => a.name === name);
  const numeric = (s: Sourced<number> | undefined, name: string): Current => {
    if (s && Number.isFinite(s.value)) return { value: s.value, ...fromSourced(s)! };
    const a = assumed(name);
    if (a && typeof a.value === 'number' && Number.isFinite(a.value)) return { value: a.value, ...fromAssumption(a)! };
    return NONE;
  };
  switch (key) {
    case 'gpuType': {
      const a = assumed('gpuType');
      if (run?.gpuType) return { value: findGpu(run.gpuType.value)?.id ?? run.gpuType.value, ...fromSourced(run.gpuType)! };
      return a ? { value: String(a.value), ...fromAssumption(a)! } : NONE;
    }
    case 'gpus':
      return numeric(run?.gpus, 'gpus');
    case 'precision': {
      if (run?.precision) return { value: run.precision.value, ...fromSourced(run.precision)! };
      const a = assumed('precision');
      return a ? { value: String(a.value), ...fromAssumption(a)! } : NONE;
    }
    case 'mfu': {
      const m = baseline.projection?.mfu;
      if (run?.mfu && Number.isFinite(run.mfu.value)) return { value: run.mfu.value, ...fromSourced(run.mfu)! };
      return m ? { value: m.point, ...fromAssumption(assumed('mfu'))! } : NONE;
    }
    case 'tokens':
      return numeric(run?.tokens, 'tokens');
    case 'params':
      return numeric(run?.params, 'params');
    case 'region':
      if (run?.region) return { value: run.region.value, ...fromSourced(run.region)! };
      // No region anywhere: the grid assumption is the product's default region.
      return run?.gridGPerKWh ? NONE : { value: DEFAULT_REGION_CODE, provenance: 'default', detail: assumed('gridGPerKWh')?.detail };
    case 'gridGPerKWh':
      return numeric(run?.gridGPerKWh, 'gridGPerKWh');
    case 'pue':
      return numeric(run?.pue, 'pue');
    case 'priceUSDPerGpuHour':
      return numeric(run?.priceUSDPerGpuHour, 'priceUSDPerGpuHour');
    case 'spotDiscount':
      return numeric(undefined, 'spotDiscount').value === undefined ? { value: 0, provenance: 'default', detail: 'on-demand price' } : numeric(undefined, 'spotDiscount');
    case 'restartOverhead':
      return numeric(undefined, 'restartOverhead').value === undefined ? { value: 0, provenance: 'default', detail: 'no restarts assumed' } : numeric(undefined, 'restartOverhead');
    case 'lifetimeInferenceTokens':
      return NONE;
    case 'microBatch':
      return numeric(run?.microBatch, 'microBatch');
    case 'recompute': {
      if (run?.recompute) return { value: run.recompute.value, ...fromSourced(run.recompute)! };
      // The memory estimate's own reading (a LitGPT multi-GPU fine-tune checkpoints by default).
      const m = baseline.memory?.assumptions.find((x) => x.name === 'recompute');
      return run ? { value: m?.value ?? 'none', provenance: 'default', detail: m?.detail ?? 'no activation recomputation in the file' } : NONE;
    }
  }
}

/** The text shown in an input for a value. */
export function displayValue(field: Field, value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  if (!Number.isFinite(value)) return '';
  if (field.percent) return pct(value);
  for (const [scale, suffix] of SCALES) if (value >= scale) return `${trim((value / scale).toPrecision(4))}${suffix}`;
  return String(Math.round(value * 1e4) / 1e4);
}

/** Suffixes engineers write for counts: 7B parameters, 1.4T tokens. Shown from a million up, read at any size. */
const SCALES: ReadonlyArray<[number, string]> = [
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
];
const SUFFIX: Record<string, number> = { k: 1e3, m: 1e6, b: 1e9, t: 1e12 };

function trim(s: string): string {
  return s.includes('.') && !s.includes('e') ? s.replace(/\.?0+$/, '') : s;
}

/** "1e12", "1,000,000", "1_000", "7B", "1.4T", "512k" → a number; NaN when it is none of these. */
export function parseNumber(text: string): number {
  const m = /^([-+]?[0-9]*\.?[0-9]+(?:e[-+]?[0-9]+)?)\s*([kmbt])?$/i.exec(text.replace(/[_,\s]/g, ''));
  if (!m) return Number.NaN;
  return Number(m[1]) * (m[2] ? SUFFIX[m[2].toLowerCase()]! : 1);
}

export type Parsed = { ok: true; value: string | number | undefined } | { ok: false; message: string };

/** The user's text as a what-if value, checked against the protocol's bounds; empty text means "keep the file's". */
export function parseInput(field: Field, text: string): Parsed {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: undefined };
  let value: string | number = trimmed;
  if (!field.choices) {
    // Accept 1e12, 1_000_000, 1,000,000 and 1.4T: what engineers type for token counts.
    const n = parseNumber(trimmed);
    if (!Number.isFinite(n)) return { ok: false, message: `${field.label}: "${trimmed}" is not a number` };
    value = field.percent ? n / 100 : n;
  }
  const checked = WhatIfSchema.shape[field.key].safeParse(value);
  if (!checked.success) return { ok: false, message: `${field.label}: ${checked.error.issues[0]?.message ?? 'out of range'}` };
  return { ok: true, value: checked.data as string | number | undefined };
}
