// Terms a framework adds beyond the config's numbers, each read from the framework's code and checked here against a
// hand-computed oracle: FSDP's no_sync keeping gradients whole between micro-batches, Lightning Fabric's fp32 logits
// in LitGPT's loop, torchtune's compiled chunked loss, LitGPT's untied output head and its multi-GPU defaults, which
// projection inputs a frozen (LoRA) or 4-bit (QLoRA) layer keeps, and QLoRA's dequantised weight and 4-bit head.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../src/core/analyze';
import { LOGITS_BYTES_PER_ELEMENT } from '../../../src/core/data/memory';
import { NF4_BYTES_PER_PARAM } from '../../../src/core/data/memory';
import { activationBytes, storedPerLayer } from '../../../src/core/memory/activations';
import { memoryInputsOf, shapeOfArch, untiedHead } from '../../../src/core/memory/inputs';
import { modelFromTable } from '../../../src/core/model/named';
import { stageMemory } from '../../../src/core/memory/estimate';
import { stateBytes } from '../../../src/core/memory/states';
import type { MemoryInputs, MemoryShape } from '../../../src/core/memory/types';
import { flatShape } from '../helpers/memoryShapes';

const FINETUNE = join(__dirname, '../../fixtures/finetune');

/** 1e9 parameters in one block, no tables: model states per parameter read straight off. */
const shape = flatShape(1e9);

function inputs(extra: Partial<MemoryInputs> = {}): MemoryInputs {
  return {
    shape,
    seqLength: 512,
    microBatch: 1,
    microBatchesPerStep: 4,
    tp: 1,
    pp: 1,
    cp: 1,
    ep: 1,
    dp: 4,
    virtualPipeline: 1,
    sequenceParallel: false,
    precision: 'bf16',
    optimizer: 'adam',
    convention: 'pure',
    zeroStage: 3,
    shardGroup: 4,
    recompute: 'full',
    flashAttention: true,
    dropout: false,
    logitsBytesPerElement: 4,
    frameworkOverheadBytes: 0,
    fragmentationFraction: 0,
    ...extra,
  };
}

describe('memory terms a framework adds', () => {
  it('FSDP no_sync with 4 micro-batches per step keeps 2 B × 1e9 of gradients on every rank, not a quarter of them', () => {
    const sharded = stateBytes(inputs(), 'only');
    assert.equal(sharded.gradients, (2 * 1e9) / 4, 'reduce-scattered every micro-batch: one shard');
    const noSync = stateBytes(inputs({ gradientsUnshardedWhileAccumulating: true }), 'only');
    assert.equal(noSync.gradients, 2 * 1e9);
    assert.equal(noSync.weights, sharded.weights, 'weights and optimizer states stay sharded');
    assert.equal(noSync.optimizer, sharded.optimizer);
    // One micro-batch per step syncs every time: nothing accumulates unsharded.
    assert.equal(stateBytes(inputs({ gradientsUnshardedWhileAccumulating: true, microBatchesPerStep: 1 }), 'only').gradients, (2 * 1e9) / 4);
  });

  it("LitGPT's loop holds 12 B per logit (Fabric's fp32 output, the fp32 log-softmax, the fp32 gradient); torchtune's compiled chunked loss 2.25", () => {
    assert.equal(LOGITS_BYTES_PER_ELEMENT.fabricFp32Output.value, 12);
    assert.equal(LOGITS_BYTES_PER_ELEMENT.chunkedCompiled.value, 2.25);
    const withVocab = { ...shape, vocabSize: 32000 };
    const l = activationBytes(inputs({ shape: withVocab, microBatch: 4, logitsBytesPerElement: 12 }), 'only').logits;
    assert.equal(l, 12 * 512 * 4 * 32000);
  });

  it("LitGPT's untied head adds a second vocabulary × hidden table to a tied model, and leaves an untied one alone", () => {
    const tied = { ...shape, vocabSize: 128256, hiddenSize: 2048, embeddingParams: 128256 * 2048 };
    assert.equal(untiedHead(tied).embeddingParams, 2 * 128256 * 2048);
    assert.equal(untiedHead(tied).tiedEmbeddings, false);
    const untied = { ...tied, tiedEmbeddings: false, embeddingParams: 2 * 128256 * 2048 };
    assert.equal(untiedHead(untied), untied);
  });

  it("LitGPT's 4-device full fine-tune of Llama 3 8B is sharded, checkpointed and accumulates whole gradients: 2 B × 8.03e9 of them per GPU", () => {
    const a = analyze(readFileSync(join(FINETUNE, 'litgpt/finetune/llama-3-8b/full.yaml'), 'utf8'), { fileName: 'full.yaml' });
    const r = memoryInputsOf(a.run!);
    const i = r.inputs!;
    assert.equal(i.zeroStage, 3);
    assert.equal(i.shardGroup, 4);
    assert.equal(i.recompute, 'full');
    assert.equal(i.microBatchesPerStep, 4, 'global 64 = 4 devices × micro-batch 4 × 4');
    assert.equal(i.gradientsUnshardedWhileAccumulating, true);
    assert.equal(i.logitsBytesPerElement, 12);
    const params = i.shape.embeddingParams + i.shape.layers * (i.shape.attentionParamsPerLayer + i.shape.denseFfnParamsPerLayer);
    assert.ok(Math.abs(params - 8.03e9) < 0.01e9, `${params} parameters`);
    assert.equal(a.memory!.busiest.components.gradients, 2 * params);
    assert.ok(r.assumptions.some((x) => x.name === 'gradientsUnsharded'));
  });

  describe('what a frozen or 4-bit projection keeps for the backward (eager Llama layer, 512 tokens, flash attention)', () => {
    // h 4096, 8 of 32 heads for K and V, a gated FFN of 14336; LoRA on q and v with dropout.
    const llama: MemoryShape = { ...shape, hiddenSize: 4096, heads: 32, kvHeads: 8, ffnHiddenSize: 14336, gated: true, vocabSize: 32000 };
    const tokens = 512;
    const sbh = tokens * 4096;
    const sbf = tokens * 14336;
    const flash = 4 * 32 * tokens;
    const layer = (extra: Partial<MemoryInputs>) =>
      storedPerLayer(inputs({ shape: llama, microBatchesPerStep: 1, zeroStage: 0, shardGroup: 1, dp: 1, recompute: 'none', eager: true, ...extra }), false);
    const adapter = { rank: 32, targets: ['q', 'v'] as const, doubleQuant: true, dropout: true };

    it('LoRA: no projection input is kept (frozen nn.Linear; lora_A keeps the dropped copy): 19 sbh + 6 sbf', () => {
      // Norms' fp32 inputs 8, Q 2 + K, V 1 + attention output 2, LoRA dropout's copy and mask of the q and v inputs 6;
      // the FFN's gate, up and product operands 6 sbf.
      assert.equal(layer({ adapter: { kind: 'lora', ...adapter } }), 19 * sbh + 6 * sbf + flash);
    });

    it('QLoRA: the 4-bit matmul keeps every input, and the output projection its own copy: 25 sbh + 8 sbf', () => {
      assert.equal(layer({ adapter: { kind: 'qlora', ...adapter } }), 25 * sbh + 8 * sbf + flash);
    });

    it("QLoRA through torchao's linear_nf4 (torchtune) keeps only the weight: the same as LoRA", () => {
      assert.equal(layer({ adapter: { kind: 'qlora', ...adapter, nf4Kernel: 'torchao' } }), 19 * sbh + 6 * sbf + flash);
    });

    it("LoRA without dropout: lora_A keeps the q and v projections' shared input (2 sbh), no dropped copy", () => {
      assert.equal(layer({ adapter: { kind: 'lora', ...adapter, dropout: false } }), 15 * sbh + 6 * sbf + flash);
    });

    it('a full fine-tune keeps every input and its norms their normalised output too: 23 sbh + 8 sbf', () => {
      assert.equal(layer({}), 23 * sbh + 8 * sbf + flash);
    });

    it("a parallel block's one LayerNorm keeps its 2-byte input, and the attention and FFN share what it hands them: 11 sbh + 8 sbf", () => {
      // Full fine-tune: norms 12 → 2 (one fused LayerNorm), the QKV and FFN inputs 4 → 2 (one tensor), attention 7.
      assert.equal(layer({ shape: { ...llama, norm: 'layer', normsPerLayer: 1 } }), 11 * sbh + 8 * sbf + flash);
    });

    it("Gemma 2's post-norms: four eager RMSNorms keep fp32 inputs (LoRA: 27 sbh + 6 sbf)", () => {
      assert.equal(layer({ shape: { ...llama, norm: 'rms', normsPerLayer: 4 }, adapter: { kind: 'lora', ...adapter } }), 27 * sbh + 6 * sbf + flash);
    });
  });

  it('the open-models table says how each model normalises: Phi-2 one LayerNorm per block, Gemma 2 four RMSNorms, Llama 3 two', () => {
    const shapeOf = (id: string) => shapeOfArch(modelFromTable(id)!.arch)!;
    assert.deepEqual([shapeOf('microsoft/phi-2').norm, shapeOf('microsoft/phi-2').normsPerLayer], ['layer', 1]);
    assert.deepEqual([shapeOf('google/gemma-2-9b').norm, shapeOf('google/gemma-2-9b').normsPerLayer], ['rms', 4]);
    assert.deepEqual([shapeOf('meta-llama/Meta-Llama-3-8B').norm, shapeOf('meta-llama/Meta-Llama-3-8B').normsPerLayer], ['rms', 2]);
    assert.match(modelFromTable('tiiuae/falcon-7b')!.arch.normsPerLayer!.detail, /1 norm per block/);
  });

  it('QLoRA dequantises its largest weight to 16 bits (a 4-bit head: 2 B × 32000 × 4096; from fp16, 4 B), and a 4-bit head leaves only the embedding in 16 bits', () => {
    const h = 4096;
    const v = 32000;
    const layers = 2;
    const llama: MemoryShape = {
      ...shape,
      layers,
      hiddenSize: h,
      ffnHiddenSize: 11008,
      gated: true,
      vocabSize: v,
      tiedEmbeddings: false,
      embeddingParams: 2 * v * h,
      attentionParamsPerLayer: 4 * h * h,
      denseFfnParamsPerLayer: 3 * h * 11008,
    };
    const qlora = (quantizedHead: boolean, quantizedFromFp16 = false) =>
      stateBytes(
        inputs({
          shape: llama,
          zeroStage: 0,
          shardGroup: 1,
          dp: 1,
          microBatchesPerStep: 1,
          adapter: { kind: 'qlora', rank: 8, targets: ['q', 'v'], doubleQuant: false, quantizedHead, quantizedFromFp16 },
        }),
        'only',
      );
    const linear = layers * (4 * h * h + 3 * h * 11008);
    const nf4 = NF4_BYTES_PER_PARAM.withoutDoubleQuant.value;
    assert.equal(qlora(true).temporary, 2 * v * h, 'the head is the largest 4-bit weight');
    assert.equal(qlora(false).temporary, 2 * h * 11008, 'a 16-bit head leaves an FFN matrix the largest');
    assert.equal(qlora(true, true).temporary, (2 + 2) * v * h, "quantised from fp16 (Lightning's plugin): the fp16 copy and its bf16 conversion");
    // Rank-8 adapters on q and v (r·(h + h) each), in bf16 as pure-bf16 training keeps them.
    const adapterBytes = 2 * layers * 8 * (h + h) * 2;
    assert.equal(qlora(true).weights - adapterBytes, (linear + v * h) * nf4 + v * h * 2);
    assert.equal(qlora(false).weights - adapterBytes, linear * nf4 + 2 * v * h * 2);
  });

  describe('gradients freed after each step (zero_grad(set_to_none=True)): the peak is one moment of the step', () => {
    // One GPU, nothing sharded, so each moment's sum can be read off the components.
    const single = (extra: Partial<MemoryInputs>) => inputs({ zeroStage: 0, shardGroup: 1, dp: 1, recompute: 'none', ...extra });
    const held = (i: MemoryInputs) => {
      const s = stateBytes(i, 'only');
      const a = activationBytes(i, 'only');
      return { s, a, base: s.weights + s.optimizer + s.temporary };
    };

    it('one micro-batch per step: weights and optimizer states plus the larger of the loss (activations and logits) and the end of the backward (gradients)', () => {
      // Long sequences: the forward's activations outweigh 2 B × 1e9 of gradients.
      const long = single({ gradientsFreedAfterStep: true, microBatchesPerStep: 1, seqLength: 8192, microBatch: 4 });
      const { s, a, base } = held(long);
      assert.ok(a.activations + a.logits > s.gradients, 'this run peaks at the loss');
      const atLoss = stageMemory(long, 'only');
      assert.equal(atLoss.moment, 'loss');
      assert.equal(atLoss.components.gradients, 0, "the last step's gradients are freed, this step's not yet made");
      assert.equal(atLoss.totalBytes, base + a.activations + a.logits);
      // Short sequences: every gradient at the end of the backward is the larger moment.
      const short = single({ gradientsFreedAfterStep: true, microBatchesPerStep: 1, seqLength: 128 });
      const h = held(short);
      assert.ok(h.a.activations + h.a.logits < h.s.gradients);
      const atEnd = stageMemory(short, 'only');
      assert.equal(atEnd.moment, 'backward-end');
      assert.equal(atEnd.components.activations + atEnd.components.logits, 0);
      assert.equal(atEnd.totalBytes, h.base + h.s.gradients);
    });

    it('with gradient accumulation, or a trainer that keeps its gradient buffers, everything is held at once', () => {
      for (const i of [single({ gradientsFreedAfterStep: true, microBatchesPerStep: 2 }), single({ microBatchesPerStep: 1 })]) {
        const { s, a, base } = held(i);
        const m = stageMemory(i, 'only');
        assert.equal(m.moment, undefined);
        assert.equal(m.totalBytes, base + s.gradients + a.activations + a.logits);
      }
    });

    it('a torchtune full fine-tune without accumulation is read so; the same run under DeepSpeed is not', () => {
      // The recipe packs no sequence length (max_seq_len: null): give it one, as the what-if panel would.
      const text = readFileSync(join(FINETUNE, 'torchtune/llama3_1/8B_full.yaml'), 'utf8');
      const a = analyze(text, { fileName: '8B_full.yaml' });
      const run = { ...a.run!, seqLength: { value: 2048, source: 'override' as const, detail: 'what-if sequence 2048' } };
      const freed = memoryInputsOf(run);
      assert.equal(freed.inputs?.gradientsFreedAfterStep, true);
      assert.equal(freed.inputs?.microBatchesPerStep, 1, 'gradient_accumulation_steps: 1');
      assert.ok(
        freed.assumptions.some((x) => x.name === 'gradientsFreedAfterStep'),
        'the hover and --json say why',
      );
      const deepspeed = memoryInputsOf({ ...run, zeroStage: { value: 2, source: 'file', detail: 'zero_optimization.stage' } });
      assert.equal(deepspeed.inputs?.gradientsFreedAfterStep, undefined, 'DeepSpeed keeps its gradient partitions allocated');
    });
  });

  it('an axolotl full fine-tune in bf16 without DeepSpeed trains pure bf16 (no fp32 master copy); with DeepSpeed it keeps the mixed-precision states', () => {
    const recipe = readFileSync(join(FINETUNE, 'axolotl/llama-3/fft-8b.yaml'), 'utf8');
    const pure = analyze(recipe, { fileName: 'fft-8b.yaml' }).memory!;
    assert.equal(pure.inputs.convention, 'pure');
    assert.match(pure.assumptions.find((x) => x.name === 'convention')!.detail, /axolotl loads the model in bf16/);
    const withDeepSpeed = analyze(`${recipe}\ndeepspeed: my_ds_config.json\n`, { fileName: 'fft-8b.yaml' }).memory!;
    assert.equal(withDeepSpeed.inputs.convention, 'zero', "DeepSpeed's bf16 optimizer keeps fp32 master weights and states");
    assert.ok(pure.busiest.components.optimizer < withDeepSpeed.busiest.components.optimizer, 'bf16 AdamW states, no master copy');
  });

  it("LitGPT's QLoRA recipe is read as LitGPT runs it: the lora_* flags' projections, bnb.nf4 without double quantisation, a 4-bit head", () => {
    const a = analyze(readFileSync(join(FINETUNE, 'litgpt/finetune/llama-2-7b/qlora.yaml'), 'utf8'), { fileName: 'qlora.yaml' });
    const adapter = a.memory!.inputs.adapter!;
    assert.deepEqual(adapter.targets, ['q', 'v'], 'lora_query and lora_value on, the rest off');
    assert.equal(adapter.doubleQuant, false, 'quantize: bnb.nf4');
    assert.equal(adapter.quantizedHead, true);
    assert.equal(adapter.quantizedFromFp16, true, "Lightning's BitsandbytesPrecision quantises from an fp16 copy");
    assert.equal(adapter.nf4Kernel, undefined, 'bitsandbytes');
    assert.equal(a.memory!.inputs.logitsBytesPerElement, 12);
  });
});
