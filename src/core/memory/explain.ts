// What a key does to memory per GPU, for the hover on the keys that drive it (micro-batch, sequence length, ZeRO
// stage, TP/PP, precision, recomputation, optimizer, offload, LoRA rank…): the itemised total, the components the key
// moves, the total with the key changed the way users change it, and where the estimate's value for it came from.
// Every figure is the estimate re-run with one input changed (memory/estimate.ts), so it agrees with the lens.
import { formatCount, formatMemoryGB } from '../present/units';
import type { KeyRole } from '../types';
import { stagesOf, verdictFor } from './estimate';
import { memoryTitle, momentWords } from './text';
import { COMPONENT_NAMES, type MemoryAssumption, type MemoryComponents, type MemoryEstimate, type MemoryInputs, type MemoryVerdict } from './types';

/** One change of the key and what the total becomes. */
export interface MemoryWhatIf {
  /** "micro-batch 4 → 8" */
  change: string;
  totalBytes: number;
  verdict: MemoryVerdict;
}

export interface MemoryKeyEffect {
  /** "≈ 62 GB/GPU of 80 GB · fits" */
  title: string;
  /** Every non-zero component of the busiest GPU, in the breakdown's order. */
  parts: Array<{ name: string; bytes: number; moved: boolean }>;
  /** What the key moves, in words: "activations and logits scale with it: 41 GB of 62 GB". */
  effect: string;
  whatIfs: MemoryWhatIf[];
  /** The estimate's inputs behind the key, with their provenance. */
  sources: MemoryAssumption[];
}

type Part = keyof MemoryComponents;
interface RoleSpec {
  moves: Part[];
  /** What the key is, in the effect sentence. */
  words: string;
  assumptions: string[];
  whatIfs: (i: MemoryInputs) => Array<[string, MemoryInputs]>;
}

const STATES: Part[] = ['weights', 'gradients', 'optimizer', 'temporary'];
const ACTIVATIONS: Part[] = ['activations', 'logits'];
const MAX_ZERO_STAGE = 3;

const scaled =
  (label: string, field: 'microBatch' | 'seqLength') =>
  (i: MemoryInputs): Array<[string, MemoryInputs]> => {
    const v = i[field];
    const out: Array<[string, MemoryInputs]> = [];
    if (v >= 2) out.push([`${label} ${v} → ${Math.floor(v / 2)}`, { ...i, [field]: Math.floor(v / 2) }]);
    out.push([`${label} ${v} → ${v * 2}`, { ...i, [field]: v * 2 }]);
    return out;
  };

const zeroSteps = (i: MemoryInputs): Array<[string, MemoryInputs]> => {
  if (i.megatronFsdp) {
    // Megatron-FSDP's strategies, one step either way.
    const names = ['no_shard', 'optim', 'optim_grads', 'optim_grads_params'];
    const step = (to: number): [string, MemoryInputs] => [`sharding strategy ${names[i.zeroStage]} → ${names[to]}`, { ...i, zeroStage: to }];
    return [...(i.zeroStage > 0 ? [step(i.zeroStage - 1)] : []), ...(i.zeroStage < MAX_ZERO_STAGE ? [step(i.zeroStage + 1)] : [])];
  }
  if (i.convention === 'megatron') return i.zeroStage < 1 ? [['distributed optimizer on', { ...i, zeroStage: 1 }]] : [['distributed optimizer off', { ...i, zeroStage: 0 }]];
  const out: Array<[string, MemoryInputs]> = [];
  if (i.zeroStage > 0) out.push([`ZeRO stage ${i.zeroStage} → ${i.zeroStage - 1}`, { ...i, zeroStage: i.zeroStage - 1 }]);
  if (i.zeroStage < MAX_ZERO_STAGE) out.push([`ZeRO stage ${i.zeroStage} → ${i.zeroStage + 1}`, { ...i, zeroStage: i.zeroStage + 1 }]);
  return out;
};

const parallel =
  (label: string, field: 'tp' | 'pp' | 'cp') =>
  (i: MemoryInputs): Array<[string, MemoryInputs]> => {
    const v = i[field];
    const out: Array<[string, MemoryInputs]> = [];
    // The same GPUs: doubling a model-parallel degree halves data parallel (and the ranks the states shard over).
    if (i.dp >= 2) out.push([`${label} ${v} → ${v * 2}`, { ...i, [field]: v * 2, dp: Math.floor(i.dp / 2), shardGroup: Math.max(1, Math.floor(i.shardGroup / 2)) }]);
    if (v >= 2) out.push([`${label} ${v} → ${v / 2}`, { ...i, [field]: v / 2, dp: i.dp * 2, shardGroup: i.shardGroup * 2 }]);
    return out;
  };

const ROLES: Partial<Record<KeyRole, RoleSpec>> = {
  microBatch: { moves: ACTIVATIONS, words: 'activations and logits scale with the micro-batch', assumptions: [], whatIfs: scaled('micro-batch', 'microBatch') },
  seqLength: { moves: ACTIVATIONS, words: 'activations and logits scale with the sequence length', assumptions: ['flashAttention'], whatIfs: scaled('sequence', 'seqLength') },
  zeroStage: { moves: STATES, words: 'the ZeRO stage shards the model states over data parallel', assumptions: ['zeroStage', 'convention', 'dataParallel', 'shardGroup'], whatIfs: zeroSteps },
  distributedOptimizer: {
    moves: STATES,
    words: 'the distributed optimizer shards the optimizer states over data parallel',
    assumptions: ['distributedOptimizer', 'convention', 'dataParallel'],
    whatIfs: zeroSteps,
  },
  shardGroup: { moves: STATES, words: 'the shard group is the number of ranks the states are split over', assumptions: ['shardGroup', 'zeroStage'], whatIfs: zeroSteps },
  tp: { moves: [...STATES, ...ACTIVATIONS], words: 'tensor parallelism splits the weights, states and most activations', assumptions: ['sequenceParallel'], whatIfs: parallel('TP', 'tp') },
  pp: { moves: [...STATES, 'activations'], words: 'pipeline stages split the layers; the first stage holds one micro-batch per stage in flight', assumptions: [], whatIfs: parallel('PP', 'pp') },
  cp: { moves: ACTIVATIONS, words: 'context parallelism splits the sequence of every activation', assumptions: [], whatIfs: parallel('CP', 'cp') },
  precision: {
    moves: [...STATES, 'activations'],
    words: 'the precision sets the bytes of weights, gradients and the master copy',
    assumptions: ['precision', 'convention'],
    whatIfs: (i) => (i.precision === 'fp32' ? [['precision fp32 → bf16', { ...i, precision: 'bf16' }]] : [[`precision ${i.precision} → fp32`, { ...i, precision: 'fp32' }]]),
  },
  recompute: {
    moves: ['activations'],
    words: 'recomputation trades stored activations for another forward pass',
    assumptions: ['recompute', 'flashAttention'],
    whatIfs: (i) => (['none', 'selective', 'full'] as const).filter((r) => r !== i.recompute).map((r) => [`recompute ${i.recompute} → ${r}`, { ...i, recompute: r }]),
  },
  flashAttention: {
    moves: ['activations'],
    words: 'a fused attention kernel never stores the s×s scores',
    assumptions: ['flashAttention'],
    whatIfs: (i) => [[`flash attention ${i.flashAttention ? 'on → off' : 'off → on'}`, { ...i, flashAttention: !i.flashAttention }]],
  },
  sequenceParallel: {
    moves: ['activations'],
    words: "sequence parallelism splits the norms' and dropouts' activations over TP",
    assumptions: ['sequenceParallel'],
    whatIfs: (i) => (i.tp > 1 ? [[`sequence parallel ${i.sequenceParallel ? 'on → off' : 'off → on'}`, { ...i, sequenceParallel: !i.sequenceParallel }]] : []),
  },
  dropout: {
    moves: ['activations'],
    words: 'dropout stores a 1-byte mask per activation it drops',
    assumptions: ['dropout'],
    whatIfs: (i) => [[`dropout ${i.dropout ? 'on → off' : 'off → on'}`, { ...i, dropout: !i.dropout }]],
  },
  virtualPipeline: {
    moves: ['activations'],
    words: 'interleaving holds more micro-batches in flight on the first stage',
    assumptions: [],
    whatIfs: (i) => (i.virtualPipeline > 1 ? [[`virtual stages ${i.virtualPipeline} → 1`, { ...i, virtualPipeline: 1 }]] : []),
  },
  optimizer: {
    moves: ['optimizer'],
    words: 'the optimizer keeps its states (and the master copy) per trained parameter',
    assumptions: ['optimizer', 'convention', 'optimizerInBackward'],
    whatIfs: (i) => (i.optimizer === 'adam' ? [['Adam → 8-bit Adam', { ...i, optimizer: 'adam-8bit' }]] : i.optimizer === 'adam-8bit' ? [['8-bit Adam → Adam', { ...i, optimizer: 'adam' }]] : []),
  },
  offload: {
    moves: STATES,
    words: 'offload moves states to host memory',
    assumptions: ['offloadOptimizer', 'offloadParams', 'activationOffload'],
    whatIfs: (i) => (i.offloadOptimizer || i.offloadParams ? [['no offload', withoutOffload(i)]] : [['optimizer offloaded to CPU', { ...i, offloadOptimizer: 'cpu' }]]),
  },
  adapter: {
    moves: STATES,
    words: "an adapter freezes the base weights: no gradients or optimizer states but the adapters'",
    assumptions: ['adapter', 'adapterRank', 'adapterTargets'],
    whatIfs: (i) =>
      i.adapter?.kind === 'lora'
        ? [['LoRA → QLoRA', { ...i, adapter: { ...i.adapter, kind: 'qlora' } }]]
        : i.adapter?.kind === 'qlora'
          ? [['QLoRA → LoRA', { ...i, adapter: { ...i.adapter, kind: 'lora' } }]]
          : [],
  },
  loraRank: {
    moves: ['weights', 'gradients', 'optimizer'],
    words: "the rank sets the adapters' parameters, each with its gradient and optimizer states",
    assumptions: ['adapterRank', 'adapterTargets'],
    whatIfs: (i) => (i.adapter ? [[`rank ${i.adapter.rank} → ${i.adapter.rank * 2}`, { ...i, adapter: { ...i.adapter, rank: i.adapter.rank * 2 } }]] : []),
  },
  gpuType: { moves: [], words: 'the GPU sets the capacity the total is checked against', assumptions: ['gpuType'], whatIfs: () => [] },
};
// Keys that set the data-parallel size move the sharded states like the ZeRO stage does.
for (const role of ['gpus', 'nodes', 'gpusPerNode', 'dp'] as const) {
  ROLES[role] = {
    moves: STATES,
    words: 'the GPU count sets the ranks sharded states are split over',
    assumptions: ['dataParallel', 'zeroStage', 'shardGroup'],
    whatIfs: (i) => (i.zeroStage >= 1 ? [[`data parallel ${i.dp} → ${i.dp * 2}`, { ...i, dp: i.dp * 2, shardGroup: i.shardGroup * 2 }]] : []),
  };
}

function withoutOffload(i: MemoryInputs): MemoryInputs {
  const { offloadOptimizer: _o, offloadParams: _p, ...rest } = i;
  return rest;
}

/** The keys whose hover carries the memory breakdown. */
export const MEMORY_ROLES: ReadonlySet<KeyRole> = new Set(Object.keys(ROLES) as KeyRole[]);

export function memoryEffectOf(role: KeyRole, m: MemoryEstimate): MemoryKeyEffect | undefined {
  const spec = ROLES[role];
  if (!spec) return undefined;
  const c = m.busiest.components;
  const parts = (Object.keys(COMPONENT_NAMES) as Part[]).filter((k) => c[k] > 0).map((k) => ({ name: COMPONENT_NAMES[k], bytes: c[k], moved: spec.moves.includes(k) }));
  const movedBytes = spec.moves.reduce((sum, k) => sum + c[k], 0);
  const names = spec.moves.filter((k) => c[k] > 0).map((k) => COMPONENT_NAMES[k]);
  let effect = `${capitalise(spec.words)}`;
  if (names.length > 0) effect += `: ${names.join(', ')} — ${formatMemoryGB(movedBytes)} of the ${formatMemoryGB(m.busiest.totalBytes)}`;
  if (role === 'loraRank' && m.adapterParams !== undefined) effect += ` (${formatCount(m.adapterParams)} adapter parameters)`;
  if (role === 'offload' && m.busiest.hostBytes > 0) effect += `; ${formatMemoryGB(m.busiest.hostBytes)} per GPU in host memory`;
  if (role === 'gpuType')
    effect += `: ${formatMemoryGB(m.capacityBytes)} on ${m.gpu.name}${m.smallestFit && m.smallestFit.id !== m.gpu.id ? `; the smallest GPU it fits on is ${m.smallestFit.name}` : ''}`;
  const moment = momentWords(m);
  if (moment) effect += `; ${moment}`;
  effect += '.';
  const whatIfs = spec.whatIfs(m.inputs).map(([change, inputs]) => {
    const totalBytes = Math.max(...stagesOf(inputs).map((s) => s.totalBytes));
    return { change, totalBytes, verdict: verdictFor(totalBytes, m.capacityBytes) };
  });
  const wanted = new Set([...spec.assumptions, 'frameworkOverhead', ...(moment ? ['gradientsFreedAfterStep'] : [])]);
  const sources = m.assumptions.filter((a) => wanted.has(a.name));
  return { title: memoryTitle(m), parts, effect, whatIfs, sources };
}

const VERDICT_WORDS: Record<MemoryVerdict, string> = { fits: 'fits', tight: 'tight', 'does-not-fit': 'does not fit' };

/** "micro-batch 4 → 8: 71 GB, does not fit" */
export function whatIfLine(w: MemoryWhatIf): string {
  return `${w.change}: ${formatMemoryGB(w.totalBytes)}, ${VERDICT_WORDS[w.verdict]}`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
