// From a completed run to the memory estimate's inputs: the model's shape, the parallel layout, precision, optimizer,
// sharding, recomputation, attention kernel and adapters, each either read from the file (run.memory, run.zeroStage,
// ...) or the format's usual default, with the default said in words. Undefined when the shape or batch is unknown.
import {
  DEFAULT_LORA_RANK,
  DEFAULT_LORA_TARGETS,
  DEFAULT_NODE_GPUS,
  FRAGMENTATION_FRACTION,
  FRAMEWORK_OVERHEAD_GIB,
  LOGITS_BYTES_PER_ELEMENT,
  BYTES_PER_GIB,
  NO_SYNC_GRADIENT_COPIES,
} from '../data/memory';
import { DEFAULT_FFN_MULTIPLIER, countParams } from '../model/params';
import type { Architecture, FormatId, FsdpDtype, MegatronFsdpSpec, MemoryAdapter, Precision, RunSpec, SourceKind, Sourced } from '../types';
import { weightBytes } from './states';
import type { MemoryAssumption, MemoryInputs, MemoryShape, StateConvention } from './types';

/** Formats on the Megatron stack: fp32 main gradients, vocab-parallel fused cross-entropy (reference memory.md §2.1). */
const MEGATRON_FORMATS: ReadonlySet<FormatId> = new Set(['megatron-shell', 'megatron-yaml', 'nemo-yaml']);
/** Formats whose loss is Megatron's (or NeoX's) vocab-parallel cross-entropy on fp32 logits. */
const FUSED_LOSS_FORMATS: ReadonlySet<FormatId> = new Set(['megatron-shell', 'megatron-yaml', 'nemo-yaml', 'neox-yaml']);

/** Formats whose models train without dropout unless the file says (Llama-style recipes, torchtitan, OLMo, LitGPT). */
const NO_DROPOUT_FORMATS: ReadonlySet<FormatId> = new Set(['torchtitan-toml', 'olmo-yaml', 'litgpt-yaml', 'nanotron-yaml', 'llm-foundry-yaml', 'hf-model-json']);

/**
 * Formats whose models run op by op in eager PyTorch unless the file turns torch.compile on: Hugging Face models
 * (TRL, axolotl, LLaMA-Factory, Trainer launches, OpenRLHF/verl), LitGPT and torchtune (memory.md §4 notes).
 */
const EAGER_FORMATS: ReadonlySet<FormatId> = new Set(['axolotl-yaml', 'llama-factory-yaml', 'trl-yaml', 'hf-launch-shell', 'rl-launch-shell', 'litgpt-yaml', 'torchtune-yaml']);

/**
 * Trainers that free the gradients after each optimizer step (`zero_grad(set_to_none=True)`, PyTorch's default since
 * 2.0): torchtune's recipes, LitGPT's loops and the Hugging Face Trainer the fine-tuning stacks run. DeepSpeed and
 * Megatron keep gradient buffers allocated across steps, so a file that names a ZeRO stage is left out.
 */
const GRADIENTS_FREED_FORMATS: ReadonlySet<FormatId> = new Set(['torchtune-yaml', 'litgpt-yaml', 'axolotl-yaml', 'llama-factory-yaml', 'trl-yaml', 'hf-launch-shell']);

/** Sharding a format applies when the file names none: torchtitan always wraps the model in FSDP2 (fully_shard). */
const FORMAT_SHARDING: Partial<Record<FormatId, Sourced<number>>> = {
  'torchtitan-toml': { value: 3, source: 'default', detail: 'torchtitan shards parameters, gradients and optimizer states with FSDP2 over data_parallel_shard_degree (default: every GPU)' },
};

/**
 * LitGPT on more than one GPU (litgpt/finetune/*.py, litgpt/pretrain.py @ 00af8b0d): Fabric's FSDPStrategy wrapping
 * every Block, full shard for fine-tunes (with each Block checkpointed), HYBRID_SHARD (one node) for pretraining; and
 * gradient accumulation through fabric.no_backward_sync, FSDP's no_sync.
 */
const LITGPT_FSDP: Sourced<number> = {
  value: 3,
  source: 'default',
  detail: "LitGPT on more than one GPU: Fabric's FSDPStrategy(auto_wrap_policy={Block}) shards parameters, gradients and optimizer states",
};

/** LitGPT's GPT keeps lm_head apart from wte: convert_hf_checkpoint copies a tied model's embedding into lm_head, and fine-tuning trains both. */
export function untiedHead(shape: MemoryShape): MemoryShape {
  if (!shape.tiedEmbeddings) return shape;
  return { ...shape, tiedEmbeddings: false, embeddingParams: shape.embeddingParams + shape.vocabSize * shape.hiddenSize };
}

/** torchtune's *_distributed recipes wrap every layer in FSDP2's fully_shard. */
const TORCHTUNE_DISTRIBUTED: Sourced<number> = {
  value: 3,
  source: 'default',
  detail: 'torchtune distributed recipes shard parameters, gradients and optimizer states with FSDP2 (fully_shard) over every GPU',
};

function precisionIsBf16(run: RunSpec): boolean {
  return run.precision?.value === 'bf16';
}

export interface MemoryInputsResult {
  inputs?: MemoryInputs;
  /** What the estimate lacks, in the user's words, when `inputs` is undefined. */
  missing: string[];
  assumptions: MemoryAssumption[];
}

export function shapeOf(run: RunSpec): MemoryShape | undefined {
  return shapeOfArch(run.arch);
}

/** The estimate's view of an architecture, or undefined when it lacks layers, width, heads or vocabulary. */
export function shapeOfArch(a: Architecture): MemoryShape | undefined {
  const count = countParams(a);
  if (!count || !a.layers || !a.hiddenSize || !a.heads || !a.vocabSize) return undefined;
  const h = a.hiddenSize.value;
  const gated = a.ffnActivation?.value === 'swiglu';
  const shape: MemoryShape = {
    layers: a.layers.value,
    hiddenSize: h,
    heads: a.heads.value,
    kvHeads: a.kvHeads?.value ?? a.heads.value,
    ffnHiddenSize: a.ffnHiddenSize?.value ?? DEFAULT_FFN_MULTIPLIER * h,
    gated,
    vocabSize: a.vocabSize.value,
    tiedEmbeddings: a.tiedEmbeddings?.value ?? false,
    ...(a.norm ? { norm: a.norm.value } : {}),
    ...(a.normsPerLayer ? { normsPerLayer: a.normsPerLayer.value } : {}),
    ...(a.mla
      ? {
          multiLatent: {
            qWidth: a.heads.value * (a.mla.qkNopeHeadDim + a.mla.qkRopeHeadDim),
            vWidth: a.heads.value * a.mla.vHeadDim,
            qLatent: a.mla.qLoraRank,
            kvLatent: a.mla.kvLoraRank,
            ropeKey: a.mla.qkRopeHeadDim,
          },
        }
      : {}),
    embeddingParams: count.embedding,
    attentionParamsPerLayer: count.perLayerAttention,
    denseFfnParamsPerLayer: (gated ? 3 : 2) * h * (a.ffnHiddenSize?.value ?? DEFAULT_FFN_MULTIPLIER * h),
  };
  const moe = a.moe;
  if (moe) {
    const width = moe.expertFfnHiddenSize?.value ?? shape.ffnHiddenSize;
    const expert = (gated ? 3 : 2) * h * width;
    const experts = moe.experts.value;
    const shared = moe.sharedExperts?.value ?? 0;
    shape.moe = {
      layers: Math.min(moe.moeLayers?.value ?? shape.layers, shape.layers),
      expertParamsPerLayer: experts * expert,
      otherFfnParamsPerLayer: shared * expert + h * experts,
      topK: Math.min(moe.topK.value, experts),
      experts,
      sharedExperts: shared,
      expertFfnHiddenSize: width,
    };
  }
  return shape;
}

/** The frameworks whose QLoRA runs its frozen weights in its own way. */
export type QloraFramework = 'litgpt' | 'torchtune';

/**
 * How a framework's QLoRA runs its frozen weights. LitGPT: Lightning's bitsandbytes plugin swaps every nn.Linear for a
 * 4-bit one, the output layer included, and quantises each from an fp16 copy. torchtune: torchao's NF4 tensor instead
 * of bitsandbytes. Anything else (PEFT): bitsandbytes on the weights as loaded.
 */
export function qloraTraitsOf(framework: QloraFramework | undefined): Pick<NonNullable<MemoryInputs['adapter']>, 'quantizedHead' | 'quantizedFromFp16' | 'nf4Kernel'> {
  if (framework === 'litgpt') return { quantizedHead: true, quantizedFromFp16: true };
  if (framework === 'torchtune') return { nf4Kernel: 'torchao' };
  return {};
}

/** Bytes of a Megatron-FSDP buffer dtype; `auto` is the model's compute dtype. */
function fsdpDtypeBytes(dtype: FsdpDtype, precision: Precision): number {
  if (dtype === 'auto') return weightBytes(precision);
  return dtype === 'fp32' ? 4 : 2;
}

/**
 * Megatron-FSDP's per-parameter buffers (megatron/core/distributed/fsdp/src/README.md, distributed_data_parallel_config.py
 * @ d98e8a64): main gradients in their dtype; a main parameter copy unless it is the compute dtype ('auto': the compute
 * weights are the main weights); and the gathered FSDP units, two with double buffering (FixedPoolAllocator, size 2).
 */
export function megatronFsdpInputs(spec: MegatronFsdpSpec, precision: Precision): NonNullable<MemoryInputs['megatronFsdp']> {
  const compute = weightBytes(precision);
  const main = spec.mainParamsDtype.value === 'auto' ? compute : fsdpDtypeBytes(spec.mainParamsDtype.value, precision);
  return {
    mainGradBytes: fsdpDtypeBytes(spec.mainGradsDtype.value, precision),
    mainParamBytes: main === compute ? 0 : main,
    gatheredUnits: spec.doubleBuffer.value ? FSDP_DOUBLE_BUFFER_UNITS : 1,
  };
}

/** Megatron-FSDP's double buffer: a pool of two units' buffers (param_and_grad_buffer.py, UB_BUFFER_NUM = 2). */
const FSDP_DOUBLE_BUFFER_UNITS = 2;

export function memoryInputsOf(run: RunSpec): MemoryInputsResult {
  const assumptions: MemoryAssumption[] = [];
  const note = (name: string, value: string | number | boolean, source: SourceKind, detail: string) => assumptions.push({ name, value: String(value), source, detail });
  const litgpt = run.format === 'litgpt-yaml';
  const litgptFineTune = litgpt && run.fineTune !== undefined;
  const tableShape = shapeOf(run);
  const shape = tableShape && litgptFineTune ? untiedHead(tableShape) : tableShape;
  if (shape && tableShape && shape !== tableShape)
    note('untiedHead', true, 'default', "LitGPT's GPT keeps lm_head apart from the embedding (litgpt/model.py; convert_hf_checkpoint copies a tied embedding into lm_head): two tables trained");
  const missing: string[] = [];
  if (!shape) missing.push('the model shape (layers, hidden size, heads, vocabulary)');
  if (!run.seqLength) missing.push('the sequence length');
  if (!run.microBatch) missing.push('the micro-batch size');
  if (!shape || !run.seqLength || !run.microBatch) return { missing, assumptions };

  const m = run.memory ?? {};
  const format = run.format;
  const p = run.parallel;
  const tp = p.tp?.value ?? 1;
  const pp = p.pp?.value ?? 1;
  const cp = p.cp?.value ?? 1;
  const ep = p.ep?.value ?? 1;
  const modelParallel = tp * pp * cp;
  // Without a GPU count, sharding is taken over one node (the data-parallel ranks that fit in it).
  const dp = p.dp?.value ?? Math.max(1, Math.floor(DEFAULT_NODE_GPUS.value / modelParallel));
  if (!p.dp) note('dataParallel', dp, 'default', `GPU count not given: one ${DEFAULT_NODE_GPUS.value}-GPU node assumed for sharding (${DEFAULT_NODE_GPUS.source})`);
  const megatron = MEGATRON_FORMATS.has(format) && run.zeroStage === undefined;
  const pure = !megatron && m.pureDtype?.value === true;
  const convention: StateConvention = megatron ? 'megatron' : pure ? 'pure' : 'zero';
  if (pure) note('convention', convention, m.pureDtype!.source, m.pureDtype!.detail);
  else
    note(
      'convention',
      convention,
      'default',
      megatron
        ? 'Megatron stack: bf16 weights, fp32 main gradients, fp32 master and Adam states (18 B/param; docs/api-guide/dist_optimizer.md)'
        : 'mixed precision as in ZeRO §3.1: 16-bit weights and gradients, fp32 master and Adam states (16 B/param)',
    );

  const precision = run.precision?.value ?? 'bf16';
  note('precision', precision, run.precision?.source ?? 'default', run.precision?.detail ?? 'not in the file: bf16 mixed precision assumed');
  const optimizer = m.optimizer?.value ?? 'adam';
  note('optimizer', optimizer, m.optimizer?.source ?? 'default', m.optimizer?.detail ?? 'not in the file: Adam/AdamW assumed, the optimizer of nearly every LLM recipe');

  const multiGpu = (run.gpus?.value ?? 1) > 1;
  const stage = run.zeroStage ?? FORMAT_SHARDING[format] ?? (format === 'torchtune-yaml' && multiGpu ? TORCHTUNE_DISTRIBUTED : litgpt && multiGpu ? LITGPT_FSDP : undefined);
  let zeroStage = stage?.value ?? 0;
  if (stage) note('zeroStage', zeroStage, stage.source, stage.detail);
  // Megatron-DeepSpeed's BF16 optimizer shards fp32 states over data parallel at "stage 0" (ZeRO-1 equivalent).
  if (format === 'megatron-shell' && run.zeroStage?.value === 0 && precisionIsBf16(run)) {
    zeroStage = 1;
    note('zeroStage', 1, 'default', 'DeepSpeed BF16_Optimizer (bf16 with ZeRO stage 0) partitions fp32 master weights and optimizer states like ZeRO-1 (deepspeed/runtime/bf16_optimizer.py)');
  }
  const fsdp = megatron ? m.megatronFsdp : undefined;
  if (fsdp) {
    // Megatron-FSDP replaces Megatron's DDP buffers: its strategy decides what is sharded, ZeRO-like.
    zeroStage = fsdp.sharding.value;
    note('zeroStage', zeroStage, fsdp.sharding.source, fsdp.sharding.detail);
  } else if (megatron) {
    zeroStage = m.distributedOptimizer?.value ? 1 : 0;
    note(
      'distributedOptimizer',
      !!m.distributedOptimizer?.value,
      m.distributedOptimizer?.source ?? 'default',
      m.distributedOptimizer?.detail ?? 'no --use-distributed-optimizer: optimizer states replicated on every data-parallel rank',
    );
  }
  // The states are sharded over every rank that holds the same weights: data × context parallel. Megatron's distributed
  // optimizer (MEG-MOE memory table), DeepSpeed initialised without a model-parallel unit (OpenRLHF's ring attention,
  // openrlhf/utils/deepspeed/deepspeed.py) and verl's FSDP mesh over every GPU with Ulysses on top (fsdp_workers.py).
  const shardDefault = dp * cp;
  const nodeGpus = run.gpusPerNode?.value ?? DEFAULT_NODE_GPUS.value;
  // LitGPT pretraining shards with HYBRID_SHARD: one node's GPUs.
  const hybrid = m.hybridShard?.value === true || (litgpt && multiGpu && !litgptFineTune && run.zeroStage === undefined);
  if (hybrid && !m.hybridShard) note('shardGroup', 'one node', 'default', 'litgpt/pretrain.py: FSDPStrategy(sharding_strategy="HYBRID_SHARD")');
  const shardGroup = hybrid ? Math.min(Math.max(1, Math.floor(nodeGpus / modelParallel)), shardDefault) : shardDefault;
  if (m.hybridShard?.value)
    note('shardGroup', shardGroup, m.hybridShard.source, `${m.hybridShard.detail}: states sharded over the ${shardGroup} data-parallel ranks of one node, replicated across nodes`);

  // LitGPT's multi-GPU fine-tunes checkpoint every Block (FSDPStrategy(activation_checkpointing_policy={Block})).
  const litgptCheckpointing = litgptFineTune && multiGpu && !run.recompute;
  const recompute = run.recompute?.value ?? (litgptCheckpointing ? 'full' : 'none');
  note(
    'recompute',
    recompute,
    run.recompute?.source ?? 'default',
    run.recompute?.detail ??
      (litgptCheckpointing
        ? 'LitGPT fine-tunes on more than one GPU checkpoint every Block (litgpt/finetune/*.py, activation_checkpointing_policy={Block})'
        : 'no activation recomputation in the file'),
  );
  const modules = recompute === 'selective' && MEGATRON_FORMATS.has(format) ? m.recomputeModules : undefined;
  if (modules) note('recomputeModules', modules.value.join(' ') || 'none', modules.source, `${modules.detail}: their saved tensors are recomputed in the backward`);
  const flashAttention = m.flashAttention?.value ?? true;
  note(
    'flashAttention',
    flashAttention,
    m.flashAttention?.source ?? 'default',
    m.flashAttention?.detail ?? 'attention kernel not named: a fused/flash kernel (FlashAttention, cuDNN, SDPA), the default of current stacks, is assumed',
  );
  const dropout = m.dropout?.value ?? !NO_DROPOUT_FORMATS.has(format);
  note(
    'dropout',
    dropout,
    m.dropout?.source ?? 'default',
    m.dropout?.detail ?? (dropout ? "dropout not set in the file: on, as in Megatron's defaults (0.1)" : "this stack's models train without dropout"),
  );
  const spDefault = format === 'torchtitan-toml' && tp > 1;
  const sequenceParallel = m.sequenceParallel?.value ?? spDefault;
  if (m.sequenceParallel) note('sequenceParallel', sequenceParallel, m.sequenceParallel.source, m.sequenceParallel.detail);
  else if (spDefault) note('sequenceParallel', true, 'default', "torchtitan's tensor-parallel plan shards the norms and the residual stream by sequence (sequence parallelism)");
  const eager = EAGER_FORMATS.has(format) && m.compiled?.value !== true;
  if (eager)
    note(
      'eager',
      true,
      m.compiled?.source ?? 'default',
      m.compiled ? `${m.compiled.detail}: modules run op by op` : 'no torch.compile: the modules run op by op, the norms keeping fp32 copies and a gated FFN its activation output',
    );
  const virtualPipeline = m.virtualPipeline?.value ?? 1;
  const microBatchesPerStep = run.gradAccum?.value ?? 1;

  const fused = FUSED_LOSS_FORMATS.has(format);
  const kernel = m.logitsBytesPerElement;
  const logits = kernel
    ? { value: kernel.value, source: kernel.detail }
    : fused
      ? LOGITS_BYTES_PER_ELEMENT.fusedVocabParallel
      : litgpt
        ? LOGITS_BYTES_PER_ELEMENT.fabricFp32Output
        : LOGITS_BYTES_PER_ELEMENT.upcastLoss;
  note('logitsBytesPerElement', logits.value, kernel?.source ?? 'default', `${logits.value} B per logit: ${logits.source}`);

  const given = run.memoryOverheadGB;
  const overheadGiB = given && Number.isFinite(given.value) && given.value >= 0 ? given.value : FRAMEWORK_OVERHEAD_GIB.value;
  const frameworkOverheadBytes = overheadGiB * BYTES_PER_GIB;
  note(
    'frameworkOverhead',
    `${overheadGiB} GB + ${FRAGMENTATION_FRACTION.value * 100}%`,
    given ? given.source : 'default',
    given ? `${given.detail}; fragmentation: ${FRAGMENTATION_FRACTION.source}` : `${FRAMEWORK_OVERHEAD_GIB.source}; fragmentation: ${FRAGMENTATION_FRACTION.source}`,
  );

  const gradientsFreed = GRADIENTS_FREED_FORMATS.has(format) && run.zeroStage === undefined;
  if (gradientsFreed && microBatchesPerStep <= 1)
    note(
      'gradientsFreedAfterStep',
      true,
      'default',
      "the trainer frees the gradients after each step (zero_grad(set_to_none=True): torchtune recipes, LitGPT, the Hugging Face Trainer) and a step has one micro-batch: the gradients and the forward's activations are never held at once",
    );

  const inputs: MemoryInputs = {
    shape,
    seqLength: run.seqLength.value,
    microBatch: run.microBatch.value,
    microBatchesPerStep,
    tp,
    pp,
    cp,
    ep,
    dp,
    virtualPipeline,
    sequenceParallel,
    precision,
    optimizer,
    convention,
    zeroStage,
    shardGroup,
    recompute,
    ...(modules ? { recomputeModules: modules.value, normsFused: m.normsFused?.value ?? true } : {}),
    flashAttention,
    dropout,
    ...(eager ? { eager: true } : {}),
    ...(gradientsFreed ? { gradientsFreedAfterStep: true } : {}),
    logitsBytesPerElement: logits.value,
    frameworkOverheadBytes,
    fragmentationFraction: FRAGMENTATION_FRACTION.value,
  };
  if (fsdp) {
    inputs.megatronFsdp = megatronFsdpInputs(fsdp, precision);
    const f = inputs.megatronFsdp;
    note('mainGradients', `${f.mainGradBytes} B/param`, fsdp.mainGradsDtype.source, `${fsdp.mainGradsDtype.detail}: main gradients of ${f.mainGradBytes} bytes per parameter`);
    note(
      'mainParameters',
      `${f.mainParamBytes} B/param`,
      fsdp.mainParamsDtype.source,
      f.mainParamBytes > 0 ? `${fsdp.mainParamsDtype.detail}: a ${f.mainParamBytes}-byte main copy of each parameter` : `${fsdp.mainParamsDtype.detail}: the compute weights are the main weights`,
    );
    if (zeroStage >= 3)
      note(
        'gatheredUnits',
        f.gatheredUnits,
        fsdp.doubleBuffer.source,
        `${fsdp.doubleBuffer.detail}: ${f.gatheredUnits} layer${f.gatheredUnits > 1 ? 's' : ''}' parameters and gradients gathered at once`,
      );
  }
  if (litgpt && multiGpu) {
    inputs.gradientsUnshardedWhileAccumulating = true;
    if (microBatchesPerStep > 1) note('gradientsUnsharded', true, 'default', `LitGPT accumulates gradients in fabric.no_backward_sync (FSDP no_sync): ${NO_SYNC_GRADIENT_COPIES.source}`);
  }
  if (m.offloadOptimizer) {
    inputs.offloadOptimizer = m.offloadOptimizer.value;
    note('offloadOptimizer', m.offloadOptimizer.value, m.offloadOptimizer.source, m.offloadOptimizer.detail);
  }
  if (m.offloadParams) {
    inputs.offloadParams = m.offloadParams.value;
    note('offloadParams', m.offloadParams.value, m.offloadParams.source, m.offloadParams.detail);
  }
  if (m.optimizerInBackward?.value) {
    inputs.optimizerInBackward = true;
    note('optimizerInBackward', true, m.optimizerInBackward.source, `${m.optimizerInBackward.detail}: each gradient is freed once its parameter is stepped`);
  }
  if (m.activationOffload?.value) {
    inputs.activationOffload = true;
    note('activationOffload', true, m.activationOffload.source, `${m.activationOffload.detail}: saved activations wait in host memory`);
  }
  // A fine-tuning recipe's adapter (RunSpec.fineTune) feeds the estimate when the memory keys name none.
  const ft = run.fineTune;
  const kind = ft?.adapter.value;
  const fromFineTune: MemoryAdapter | undefined = ft && (kind === 'lora' || kind === 'qlora') ? { kind: { ...ft.adapter, value: kind }, ...(ft.loraRank ? { rank: ft.loraRank } : {}) } : undefined;
  const adapter = m.adapter ?? fromFineTune;
  if (adapter) {
    const a = adapter;
    inputs.adapter = {
      kind: a.kind.value,
      rank: a.rank?.value ?? DEFAULT_LORA_RANK.value,
      targets: a.targets?.value ?? DEFAULT_LORA_TARGETS.value,
      doubleQuant: a.doubleQuant?.value ?? true,
      ...(m.adapterDropout?.value ? { dropout: true } : {}),
      ...(a.kind.value === 'qlora' ? qloraTraitsOf(litgpt ? 'litgpt' : format === 'torchtune-yaml' ? 'torchtune' : undefined) : {}),
    };
    if (inputs.adapter.quantizedHead) note('quantizedHead', true, 'default', "LitGPT's QLoRA: Lightning's BitsandbytesPrecision replaces every nn.Linear, the output layer included, with a 4-bit one");
    if (inputs.adapter.quantizedFromFp16)
      note(
        'quantizedFromFp16',
        true,
        'default',
        "LitGPT's QLoRA: Lightning's BitsandbytesPrecision quantises each weight from an fp16 copy, so each 4-bit matmul dequantises to fp16 and converts that to bf16",
      );
    if (m.adapterDropout) note('adapterDropout', m.adapterDropout.value, m.adapterDropout.source, m.adapterDropout.detail);
    note('adapter', a.kind.value, a.kind.source, a.kind.detail);
    note('adapterRank', inputs.adapter.rank, a.rank?.source ?? 'default', a.rank?.detail ?? `rank not in the file: ${DEFAULT_LORA_RANK.value} (${DEFAULT_LORA_RANK.source})`);
    note(
      'adapterTargets',
      inputs.adapter.targets.join(' '),
      a.targets?.source ?? 'default',
      a.targets?.detail ?? `targets not in the file: ${DEFAULT_LORA_TARGETS.value.join(', ')} (${DEFAULT_LORA_TARGETS.source})`,
    );
  }
  return { inputs, missing, assumptions };
}
