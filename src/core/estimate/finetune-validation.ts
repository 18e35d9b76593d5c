// The fine-tune projection against published fine-tuning runs (data/published-finetunes.ts): each run rebuilt as a
// RunSpec from its published facts alone (model size and shape, method, checkpointing, GPUs, tokens) and projected
// with the default priors, so nothing here is tuned to these figures.
import { PUBLISHED_FINETUNES, type PublishedFineTune } from '../data/published-finetunes';
import type { RunSpec, Sourced } from '../types';
import { project } from './project';
import type { Range } from './types';

export interface FineTuneCheck {
  run: PublishedFineTune;
  gpuHours: Range;
  /** log(projected point / published). */
  residual: number;
  inside: boolean;
  /** Model FLOPs over GPUs × dense peak × the published time: the MFU the published figure implies. */
  impliedMfu: number | null;
}

const stated = <T>(value: T): Sourced<T> => ({ value, source: 'setting', detail: 'published' });

export function runSpecOf(r: PublishedFineTune): RunSpec {
  return {
    format: 'axolotl-yaml', label: r.label, arch: { layers: stated(r.layers), hiddenSize: stated(r.hiddenSize) }, parallel: {}, keys: [], findings: [], missing: [],
    params: stated(r.params), activeParams: stated(r.params), tokens: stated(r.tokens), seqLength: stated(r.seqLength),
    gpuType: stated(r.gpuId), gpus: stated(r.gpus), precision: stated(r.gpuId.startsWith('v100') ? 'fp16' : 'bf16'), recompute: stated(r.recompute),
    fineTune: { objective: stated('sft'), adapter: stated(r.adapter), packing: stated(true) },
  };
}

export function checkFineTunes(rows: readonly PublishedFineTune[] = PUBLISHED_FINETUNES): FineTuneCheck[] {
  return rows.flatMap((r) => {
    const p = project(runSpecOf(r)).projection;
    const g = p.gpuHours;
    if (!g) return [];
    const peak = p.assumptions.find((a) => a.name === 'peakFlopsPerGpu')?.value;
    const impliedMfu = typeof peak === 'number' && p.flops ? p.flops / (peak * r.publishedGpuHours * 3600) : null;
    return [{ run: r, gpuHours: g, residual: Math.log(g.point / r.publishedGpuHours), inside: r.publishedGpuHours >= g.low && r.publishedGpuHours <= g.high, impliedMfu }];
  });
}

export interface FineTuneSummary {
  runs: number;
  inside: number;
  medianErrorFactor: number;
  /** GPT-3 175B LoRA time over full fine-tuning time, projected and published (LoRA paper footnote 5). */
  loraOverFull: { projected: number; published: number };
}

export function summarise(checks: readonly FineTuneCheck[]): FineTuneSummary {
  const errors = checks.map((c) => Math.abs(c.residual)).sort((a, b) => a - b);
  const mid = errors.length % 2 ? errors[(errors.length - 1) / 2]! : (errors[errors.length / 2 - 1]! + errors[errors.length / 2]!) / 2;
  const byId = (id: string) => checks.find((c) => c.run.id === id);
  const full = byId('lora-gpt3-full');
  const lora = byId('lora-gpt3-lora');
  return {
    runs: checks.length,
    inside: checks.filter((c) => c.inside).length,
    medianErrorFactor: Math.exp(mid ?? 0),
    loraOverFull: full && lora ? { projected: lora.gpuHours.point / full.gpuHours.point, published: lora.run.publishedGpuHours / full.run.publishedGpuHours } : { projected: NaN, published: NaN },
  };
}
