// Terms a framework adds beyond the config's numbers, each read from the framework's code and checked here against a
// hand-computed oracle: FSDP's no_sync keeping gradients whole between micro-batches, Lightning Fabric's fp32 logits
// in LitGPT's loop, torchtune's compiled chunked loss, LitGPT's untied output head and its multi-GPU defaults.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../src/core/analyze';
import { LOGITS_BYTES_PER_ELEMENT } from '../../../src/core/data/memory';
import { activationBytes } from '../../../src/core/memory/activations';
import { memoryInputsOf, untiedHead } from '../../../src/core/memory/inputs';
import { stateBytes } from '../../../src/core/memory/states';
import type { MemoryInputs, MemoryShape } from '../../../src/core/memory/types';

const FINETUNE = join(__dirname, '../../fixtures/finetune');

/** 1e9 parameters in one block, no tables: model states per parameter read straight off. */
const shape: MemoryShape = {
  layers: 1,
  hiddenSize: 4096,
  heads: 32,
  kvHeads: 32,
  ffnHiddenSize: 16384,
  gated: false,
  vocabSize: 0,
  tiedEmbeddings: true,
  embeddingParams: 0,
  attentionParamsPerLayer: 1e9,
  denseFfnParamsPerLayer: 0,
};

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
});
