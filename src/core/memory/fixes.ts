// The cheapest changes that make a run fit, each priced twice: what it does to memory per GPU, and what it does to
// GPU-hours, dollars and CO2e. Memory comes from re-running the estimate with the change; the cost effect is the
// change in hardware FLOPs at the same utilisation (full recomputation re-runs every forward: +33%), scaled onto the
// projection's meters. Changes the projection does not model (communication of ZeRO-3, TP, PP; the CPU step of an
// offloaded optimizer) are priced at no change in GPU-hours and say so.
import type { Projection } from '../estimate/types';
import { hardwareFlops, modelFlops } from '../estimate/flops';
import type { Recompute, RunSpec } from '../types';
import { MEGATRON_FSDP_STRATEGIES } from '../formats/memory-keys';
import { EXPERT_PARALLEL_FIX, HAS_EXPERT_PARALLEL, NODE_GPUS, tensorParallelOverNode } from './layouts';
import { stagesOf, verdictFor } from './estimate';
import { dataParallelToFitInputs, gpuCountOpen, gpusToFit, modelParallelOf, totalAtDataParallel } from './index';
import type { MemoryEstimate, MemoryFix, MemoryFixId, MemoryInputs } from './types';

interface Candidate {
  id: MemoryFixId;
  /** A pair of changes written together (both ids); absent for one change. */
  steps?: MemoryFixId[];
  title: string;
  change: string;
  inputs: MemoryInputs;
  costFactor: number;
  costNote: string;
}

/** Tensor (and expert) parallelism stays within one node (NVLink); beyond it the fix is not offered. */
const MAX_TENSOR_PARALLEL = NODE_GPUS;

function recomputeFactor(run: RunSpec, from: Recompute, to: Recompute): number {
  const activeParams = run.activeParams?.value ?? run.params?.value;
  if (!activeParams) return to === 'full' && from !== 'full' ? 4 / 3 : 1;
  const parts = modelFlops({ activeParams, tokens: 1, layers: run.arch.layers?.value, hiddenSize: run.arch.hiddenSize?.value, seqLength: run.seqLength?.value });
  return hardwareFlops(parts, to) / hardwareFlops(parts, from);
}

/** The ZeRO stage raised to `stage`: one stage up ('zero-stage'), or straight to 3 ('zero-stage-3') over many GPUs. */
function zeroStageCandidate(i: MemoryInputs, stage: number): Candidate {
  const none = 'the projection does not model communication, so GPU-hours are unchanged';
  return {
    id: stage === 3 && i.zeroStage < 2 ? 'zero-stage-3' : 'zero-stage',
    title: i.megatronFsdp ? `Shard with Megatron-FSDP's ${MEGATRON_FSDP_STRATEGIES[stage]} (as ZeRO stage ${stage})` : `Raise the ZeRO stage to ${stage}`,
    change: `ZeRO stage ${i.zeroStage} → ${stage}`,
    // A Trainer recipe without DeepSpeed frees its gradients after each step; DeepSpeed's engine keeps them allocated.
    inputs: { ...i, zeroStage: stage, ...(i.gradientsFreedAfterStep ? { gradientsFreedAfterStep: false } : {}) },
    costFactor: 1,
    costNote: stage === 3 ? `ZeRO-3 moves 1.5× the data of data parallel (ZeRO §7.2); ${none}` : 'same communication volume as data parallel (ZeRO §7.2); GPU-hours unchanged',
  };
}

function candidates(run: RunSpec, m: MemoryEstimate): Candidate[] {
  const i = m.inputs;
  const out: Candidate[] = [];
  const none = 'the projection does not model communication, so GPU-hours are unchanged';
  if (i.convention === 'megatron' && i.megatronFsdp) {
    // Megatron-FSDP shards by its strategy, whatever --use-distributed-optimizer says: the next strategy is the fix.
    if (i.zeroStage < 3) out.push(zeroStageCandidate(i, i.zeroStage + 1));
  } else if (i.convention === 'megatron' && i.zeroStage < 1) {
    out.push({
      id: 'distributed-optimizer',
      title: 'Use the distributed optimizer',
      change: 'optimizer states sharded over data parallel (ZeRO-1)',
      inputs: { ...i, zeroStage: 1 },
      costFactor: 1,
      costNote: 'same communication volume as data parallel (reduce-scatter + all-gather); GPU-hours unchanged',
    });
  } else if (i.convention === 'zero' && i.zeroStage < 3 && !i.adapter) {
    out.push(zeroStageCandidate(i, i.zeroStage + 1));
  }
  if (i.recompute === 'none' && !i.flashAttention) {
    const f = recomputeFactor(run, 'none', 'selective');
    out.push({
      id: 'recompute-selective',
      title: 'Enable selective activation recomputation',
      change: 'recompute none → selective',
      inputs: { ...i, recompute: 'selective' },
      costFactor: f,
      costNote: 'recomputes the attention core in the backward (Korthikanti et al. 2022)',
    });
  }
  if (i.recompute !== 'full') {
    const f = recomputeFactor(run, i.recompute, 'full');
    out.push({
      id: 'recompute-full',
      title: 'Enable full activation recomputation',
      change: `recompute ${i.recompute} → full`,
      inputs: { ...i, recompute: 'full' },
      costFactor: f,
      costNote: 'one more forward pass per step: hardware FLOPs × 4/3 at the same utilisation',
    });
  }
  if (i.microBatch >= 2) {
    const mb = Math.floor(i.microBatch / 2);
    out.push({
      id: 'micro-batch',
      title: 'Halve the micro-batch and double gradient accumulation',
      change: `micro-batch ${i.microBatch} → ${mb}, accumulation × 2 (same global batch)`,
      inputs: { ...i, microBatch: mb, microBatchesPerStep: i.microBatchesPerStep * 2 },
      costFactor: 1,
      costNote: 'same tokens and FLOPs; smaller matrix multiplications can lower utilisation a little',
    });
  }
  const dpHalf = Math.floor(i.dp / 2);
  if (i.tp * 2 <= MAX_TENSOR_PARALLEL && dpHalf >= 1 && i.shape.heads % (i.tp * 2) === 0 && !i.adapter) {
    out.push({
      id: 'tensor-parallel',
      title: `Double tensor parallelism to ${i.tp * 2}`,
      change: `TP ${i.tp} → ${i.tp * 2} (data parallel ${i.dp} → ${dpHalf})`,
      inputs: { ...i, tp: i.tp * 2, dp: dpHalf, shardGroup: Math.max(1, Math.floor(i.shardGroup / 2)), microBatchesPerStep: i.microBatchesPerStep * 2 },
      costFactor: 1,
      costNote: `tensor parallelism all-reduces activations in every layer; ${none}`,
    });
  }
  // A run given fewer GPUs than a node (NeMo's example on one GPU) spreads its model over the whole node instead.
  const over = tensorParallelOverNode(run);
  if (over && over.tp > i.tp && over.tp <= MAX_TENSOR_PARALLEL && i.shape.heads % over.tp === 0 && !i.adapter) {
    const gpus = run.gpusPerNode!.value;
    out.push({
      id: 'tensor-parallel-node',
      title: `Spread the model over ${over.gpusPerNode} GPUs: tensor parallelism ${over.tp}`,
      change: `TP ${i.tp} → ${over.tp}, GPUs per node ${gpus} → ${over.gpusPerNode} (data parallel ${i.dp} kept)`,
      inputs: { ...i, tp: over.tp },
      costFactor: 1,
      costNote: `the same FLOPs on ${over.gpusPerNode / gpus}× the GPUs, so wall-clock is shorter; tensor parallelism all-reduces activations in every layer; ${none}`,
    });
  }
  if (dpHalf >= 1 && i.shape.layers % (i.pp * 2) === 0 && !i.adapter) {
    out.push({
      id: 'pipeline-parallel',
      title: `Double pipeline parallelism to ${i.pp * 2}`,
      change: `PP ${i.pp} → ${i.pp * 2} (data parallel ${i.dp} → ${dpHalf})`,
      inputs: { ...i, pp: i.pp * 2, dp: dpHalf, shardGroup: Math.max(1, Math.floor(i.shardGroup / 2)), microBatchesPerStep: i.microBatchesPerStep * 2 },
      costFactor: 1,
      costNote: 'a longer pipeline has a larger bubble unless micro-batches per step grow; the projection does not model the bubble',
    });
  }
  // Routed experts split over the ranks of one node (all-to-all over NVLink), within data parallel as Megatron and
  // torchtitan place EP: each rank then holds and, under FSDP / ZeRO-3, gathers only its own experts.
  const moe = i.shape.moe;
  const ep = EXPERT_PARALLEL_FIX;
  if (moe && HAS_EXPERT_PARALLEL.has(run.format) && i.ep < ep && moe.experts % ep === 0 && (i.dp * i.cp) % ep === 0 && !i.adapter) {
    out.push({
      id: 'expert-parallel',
      title: `Raise expert parallelism to ${ep}`,
      change: `EP ${i.ep} → ${ep} (within data parallel ${i.dp})`,
      inputs: { ...i, ep },
      costFactor: 1,
      costNote: `expert parallelism sends each token to its experts' ranks and back (all-to-all); ${none}`,
    });
  }
  if (i.adapter?.kind === 'lora') {
    out.push({
      id: 'qlora',
      title: 'Use QLoRA (4-bit base weights)',
      change: 'LoRA → QLoRA (NF4 base weights)',
      inputs: { ...i, adapter: { ...i.adapter, kind: 'qlora' } },
      costFactor: 1,
      costNote: 'dequantising the weights in every matmul makes steps slower; the projection does not model it',
    });
  }
  if (i.optimizer === 'adam') {
    out.push({
      id: 'optimizer-8bit',
      title: 'Use an 8-bit Adam optimizer',
      change: 'Adam → 8-bit Adam (bitsandbytes)',
      inputs: { ...i, optimizer: 'adam-8bit' },
      costFactor: 1,
      costNote: 'same FLOPs; 8-bit states match 32-bit Adam on the tasks studied (Dettmers et al. 2022)',
    });
  }
  // Composer (llm-foundry) raises on FSDP CPU offload and has dropped DeepSpeed: no offload to offer.
  if (i.convention !== 'megatron' && i.zeroStage >= 1 && !i.offloadOptimizer && !i.adapter && run.format !== 'llm-foundry-yaml') {
    // FSDP's CPU offload (torchtune's fsdp_cpu_offload, torchtitan's enable_cpu_offload) moves the parameters too.
    const fsdp = run.format === 'torchtune-yaml' || run.format === 'torchtitan-toml';
    out.push({
      id: 'offload-optimizer',
      title: fsdp ? 'Offload parameters and optimizer to CPU memory' : 'Offload the optimizer to CPU memory',
      change: fsdp ? 'FSDP CPU offload: parameters, gradients and the optimizer step on the CPU' : 'optimizer states and step on the CPU (ZeRO-Offload)',
      inputs: fsdp ? { ...i, offloadOptimizer: 'cpu', offloadParams: 'cpu' } : { ...i, offloadOptimizer: 'cpu' },
      costFactor: 1,
      costNote: 'the optimizer step runs on the CPU and states cross PCIe: steps get slower; the projection does not model it',
    });
  }
  return out;
}

/**
 * Whether the file can take a fix (or a pair of fixes, written together) in one click, and what to do by hand instead
 * when it cannot (analyze plans the fixes into the file).
 */
export type FixApplicability = (steps: readonly MemoryFixId[]) => { applicable: boolean; instead: string | null };

/** The inputs a candidate changes, against the run's. */
function changedKeys(base: MemoryInputs, next: MemoryInputs): Array<keyof MemoryInputs> {
  return (Object.keys(next) as Array<keyof MemoryInputs>).filter((k) => next[k] !== base[k]);
}

/**
 * Two candidates at once, when they change different inputs (TP and PP both halve data parallel, the micro-batch and
 * TP both change the micro-batches per step: such pairs are not combined). Cost factors multiply.
 */
function combined(base: MemoryInputs, a: Candidate, b: Candidate): Candidate | undefined {
  const ka = changedKeys(base, a.inputs);
  const kb = changedKeys(base, b.inputs);
  if (ka.some((k) => kb.includes(k))) return undefined;
  const inputs = { ...a.inputs, ...Object.fromEntries(kb.map((k) => [k, b.inputs[k]])) } as MemoryInputs;
  const second = b.title[0]!.toLowerCase() + b.title.slice(1);
  return {
    id: a.id,
    steps: [a.id, b.id],
    title: `${a.title}, and ${second}`,
    change: `${a.change}; ${b.change}`,
    inputs,
    costFactor: a.costFactor * b.costFactor,
    costNote: `${a.costNote}; ${b.costNote}`,
  };
}

/**
 * Fixes for a run that does not fit (or fits tightly): those that make it fit first, then by cost, then those a quick
 * fix can write, then by bytes saved. When no single fix the file can take makes it fit, the cheapest pair of them
 * that does joins the list as one fix (one quick fix writing both).
 */
export function memoryFixes(run: RunSpec, m: MemoryEstimate, projection: Projection | null, applicability: FixApplicability): MemoryFix[] {
  if (m.verdict === 'fits') return [];
  const base = m.busiest.totalBytes;
  const priced = (c: Candidate): MemoryFix | undefined => {
    const total = Math.max(...stagesOf(c.inputs).map((s) => s.totalBytes));
    if (!(total < base)) return undefined;
    const delta = (r: { point: number } | null | undefined) => (r ? r.point * (c.costFactor - 1) : null);
    return {
      id: c.id,
      steps: c.steps ?? [c.id],
      title: c.title,
      change: c.change,
      totalBytes: total,
      savedBytes: base - total,
      verdict: verdictFor(total, m.capacityBytes),
      costFactor: c.costFactor,
      gpuHoursDelta: delta(projection?.gpuHours),
      costUSDDelta: delta(projection?.costUSD),
      co2eKgDelta: delta(projection?.co2eKg),
      costNote: c.costNote,
      ...applicability(c.steps ?? [c.id]),
    };
  };
  const all = candidates(run, m);
  const fixes = all.map(priced).filter((f): f is MemoryFix => f !== undefined);
  const order = (a: MemoryFix, b: MemoryFix) => rank(a) - rank(b) || a.costFactor - b.costFactor || Number(b.applicable) - Number(a.applicable) || b.savedBytes - a.savedBytes;
  if (!fixes.some((f) => f.applicable && f.verdict === 'fits')) {
    const writable = all.filter((c) => fixes.some((f) => f.id === c.id && f.applicable));
    const pairCandidates: Candidate[] = [];
    for (let x = 0; x < writable.length; x++) {
      for (let y = x + 1; y < writable.length; y++) {
        const pair = combined(m.inputs, writable[x]!, writable[y]!);
        if (pair) pairCandidates.push(pair);
      }
    }
    // Each candidate priced once (pricing plans its edits into the file): the pairs here, the singles above.
    const pricedPairs = pairCandidates.map((c) => ({ c, fix: priced(c) }));
    const cheapest = pricedPairs
      .map((p) => p.fix)
      .filter((f): f is MemoryFix => f?.applicable === true && f.verdict === 'fits')
      .sort(order)[0];
    if (cheapest) fixes.push(cheapest);
    else if (gpuCountOpen(run) && !gpusToFit(m)) {
      // The file leaves the GPU count open and more GPUs alone do not fit: one fix, else a pair, with the GPU count.
      const fitting = (cs: Array<{ c: Candidate; fix: MemoryFix | undefined }>) =>
        cs
          .map(({ c, fix }) => (fix?.applicable ? withGpuCount(c, m, fix) : undefined))
          .filter((f): f is MemoryFix => f?.verdict === 'fits')
          .sort((a, b) => a.costFactor - b.costFactor || a.gpus!.gpus - b.gpus!.gpus)[0];
      const singles = writable.map((c) => ({ c, fix: fixes.find((f) => f.id === c.id) }));
      // Over many GPUs every state shards: ZeRO-3 straight away, where the stage is one below it or lower.
      const zero3 = m.inputs.convention === 'zero' && m.inputs.zeroStage < 2 && !m.inputs.adapter ? zeroStageCandidate(m.inputs, 3) : undefined;
      const sharded = zero3 ? [{ c: zero3, fix: priced(zero3) }].filter((z) => z.fix?.applicable) : [];
      const shardedPairs = sharded.flatMap((z) => writable.map((c) => combined(m.inputs, z.c, c)).filter((c): c is Candidate => c !== undefined)).map((c) => ({ c, fix: priced(c) }));
      const best = fitting([...sharded, ...singles]) ?? fitting([...shardedPairs, ...pricedPairs]);
      if (best) fixes.push(best);
    }
  }
  return fixes.sort(order);
}

/**
 * A one-click fix with the GPU count the file leaves open, for a run that neither fits on one node nor on more GPUs
 * alone: the fewest GPUs (a power of two of data parallel) over which the changed run's sharded states fit.
 */
function withGpuCount(c: Candidate, m: MemoryEstimate, single: MemoryFix): MemoryFix | undefined {
  const dp = dataParallelToFitInputs(c.inputs, m.capacityBytes, m.maxDataParallel);
  if (!dp) return undefined;
  const gpus = dp * modelParallelOf(c.inputs);
  const total = totalAtDataParallel(c.inputs, dp);
  return {
    ...single,
    // "Set GPU count to 512, enable full activation recomputation, and double tensor parallelism to 2".
    title: `Set GPU count to ${gpus}${single.steps.length > 1 ? ', ' : ', and '}${single.title[0]!.toLowerCase()}${single.title.slice(1)}`,
    change: `GPU count ${gpus} (data parallel ${dp}); ${single.change}`,
    totalBytes: total,
    savedBytes: m.busiest.totalBytes - total,
    verdict: verdictFor(total, m.capacityBytes),
    gpus: { gpus, dp },
  };
}

const rank = (f: MemoryFix) => (f.verdict === 'fits' ? 0 : f.verdict === 'tight' ? 1 : 2);
