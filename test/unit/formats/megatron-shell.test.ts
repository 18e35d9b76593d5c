// Megatron launch scripts -> run specs: golden values, provenance and lines for each real script, plus detection.
import assert from 'node:assert/strict';
import { analyze } from '../../../src/core/analyze';
import { megatronShell } from '../../../src/core/formats/megatron-shell';
import { upsertAnnotation } from '../../../src/core/parse/annotations';
import { detectFormat } from '../../../src/core/formats/registry';
import { parseShell } from '../../../src/core/parse/shell';
import type { RunSpec } from '../../../src/core/types';
import { readFixture } from '../helpers/fixtures';
import { golden } from '../helpers/golden';

function extract(name: string): RunSpec {
  const cfg = parseShell(readFixture(name));
  return megatronShell.extract(cfg, name);
}

/** Value, provenance kind and 1-based line of a sourced field. */
describe('megatron-shell: detection', () => {
  it('claims every Megatron script fixture', () => {
    for (const f of [
      'Megatron-LM/train_gpt3_175b_distributed.sh',
      'Megatron-LM/train_llama3_8b_h100_fp8.sh',
      'Megatron-LM/train_mixtral_8x7b_distributed.sh',
      'Megatron-DeepSpeed/pretrain_llama2_distributed.sh',
      'Megatron-DeepSpeed/ds_pretrain_gpt_1.3B_MoE128.sh',
      'bigscience/tr11-176B-ml.slurm',
    ]) {
      assert.equal(detectFormat(parseShell(readFixture(f)), f)?.id, 'megatron-shell', f);
    }
  });

  it('an ordinary shell script scores 0; one stray flag stays below the threshold', () => {
    const plain = parseShell('#!/bin/bash\nset -e\nNNODES=2\npython -m pip install -r requirements.txt\nrsync -av --delete src/ dst/\n');
    assert.equal(megatronShell.detect(plain, 'setup.sh'), 0);
    assert.equal(detectFormat(plain, 'setup.sh'), undefined);
    const stray = parseShell('python tokenize.py --seq-length 2048 --input data.jsonl\n');
    assert.equal(detectFormat(stray, 'tok.sh'), undefined);
  });
});

describe('megatron-shell: real scripts', () => {
  it('GPT-3 175B example: 1 node × 8 GPUs as written, GELU 4·d and tied embeddings by default, fp16', () => {
    const run = extract('Megatron-LM/train_gpt3_175b_distributed.sh');
    golden(run.arch.layers, 96, 'file', 29);
    golden(run.arch.hiddenSize, 12288, 'file', 30);
    golden(run.arch.heads, 96, 'file', 31);
    golden(run.arch.ffnHiddenSize, 4 * 12288, 'default');
    golden(run.arch.ffnActivation, 'gelu', 'default');
    golden(run.arch.tiedEmbeddings, true, 'default');
    assert.equal(run.arch.vocabSize, undefined, 'vocabulary comes from the GPT-2 vocab file, not the script');
    golden(run.seqLength, 2048, 'file', 32);
    golden(run.globalBatch, 1536, 'file', 39);
    golden(run.trainIters, 500000, 'file', 41);
    golden(run.nodes, 1, 'file', 11); // --nnodes $NUM_NODES points at NUM_NODES=1
    golden(run.gpusPerNode, 8, 'file', 7);
    golden(run.parallel.tp, 8, 'file', 56);
    golden(run.parallel.pp, 16, 'file', 57);
    golden(run.precision, 'fp16', 'file', 47);
    assert.match(run.globalBatch!.detail, /ramps up from 16 \(--step-batch-size-schedule\)/);
    assert.ok(run.findings.some((f) => f.code === 'batch-rampup' && /line 40/.test(f.message)));
    assert.ok(run.keys.some((k) => k.role === 'layers' && k.key === '--num-layers' && k.span.line === 28));
  });

  it('Llama 3 8B FP8: GQA, SwiGLU, untied, vocab 128256, fp8 from the DTYPE branch, samples', () => {
    const run = extract('Megatron-LM/train_llama3_8b_h100_fp8.sh');
    golden(run.arch.layers, 32, 'file', 38);
    golden(run.arch.ffnHiddenSize, 14336, 'file', 59);
    golden(run.arch.ffnActivation, 'swiglu', 'file', 71);
    golden(run.arch.kvHeads, 8, 'file', 62);
    golden(run.arch.tiedEmbeddings, false, 'file', 76);
    golden(run.arch.vocabSize, 128256, 'file', 139);
    golden(run.trainSamples, 1953125000, 'file', 83);
    golden(run.precision, 'fp8', 'file', 108);
    golden(run.nodes, 1, 'file', 23);
    golden(run.gpusPerNode, 8, 'file', 22);
    golden(run.parallel.cp, 1, 'file', 34);
  });

  it('Mixtral 8x7B: MoE 8 experts top-2, EP 8; the node count from $SLURM_NNODES is reported, not guessed', () => {
    const run = extract('Megatron-LM/train_mixtral_8x7b_distributed.sh');
    golden(run.arch.moe?.experts, 8, 'file', 51);
    golden(run.arch.moe?.topK, 2, 'file', 52);
    golden(run.parallel.ep, 8, 'file', 85);
    golden(run.parallel.pp, 4, 'file', 84);
    golden(run.arch.kvHeads, 8, 'file', 44);
    assert.equal(run.nodes, undefined);
    assert.equal(run.gpus, undefined);
    // --tokenizer-type Llama2Tokenizer names the tokenizer: 32,000 tokens, already a multiple of 128.
    golden(run.arch.vocabSize, 32000, 'companion', 62);
    const f = run.findings.find((x) => x.code === 'unresolved-reference' && x.key === '--nnodes');
    assert.ok(f, JSON.stringify(run.findings));
    assert.match(f.message, /SLURM_NNODES/);
    assert.match(f.message, /line 21/);
  });

  it('Megatron-DeepSpeed Llama 2: variables, --num-key-value-heads, ds_config heredoc for ZeRO and bf16', () => {
    const run = extract('Megatron-DeepSpeed/pretrain_llama2_distributed.sh');
    golden(run.arch.hiddenSize, 2048, 'file', 24);
    golden(run.arch.kvHeads, 4, 'file', 29);
    golden(run.parallel.tp, 2, 'file', 14);
    golden(run.parallel.pp, 2, 'file', 15);
    golden(run.globalBatch, 32, 'file', 32);
    golden(run.microBatch, 4, 'file', 31);
    golden(run.trainIters, 250000, 'file', 33);
    golden(run.zeroStage, 0, 'file', 16);
    golden(run.precision, 'bf16', 'file', 135);
    assert.equal(run.recompute, undefined, 'activation_checkpoint="false" keeps recomputation off');
  });

  it('DeepSpeed-MoE 1.3B-MoE128: tokens stop the run, top-1 and every-2nd-layer defaults, 64 GPUs from NUM_GPUS', () => {
    const run = extract('Megatron-DeepSpeed/ds_pretrain_gpt_1.3B_MoE128.sh');
    golden(run.tokens, 300_000_000_000, 'file', 87);
    assert.ok(run.findings.some((f) => f.code === 'stop-by-tokens'));
    golden(run.arch.moe?.experts, 128, 'file', 127);
    golden(run.arch.moe?.topK, 1, 'default');
    golden(run.arch.moe?.moeLayers, 12, 'default');
    // --vocab-file .../gpt2-vocab.json: GPT-2's 50,257 tokens padded to a multiple of 128 × TP 1.
    golden(run.arch.vocabSize, 50304, 'companion', 242);
    golden(run.parallel.ep, 64, 'file', 122);
    golden(run.gpus, 64, 'file', 122);
    golden(run.precision, 'fp16', 'file', 290);
    golden(run.recompute, 'full', 'file', 301);
  });

  it('DeepSpeed-MoE 1.3B+MoE-128 counts ≈ 52B parameters, 1.3B active (Rajbhandari et al. 2022, DeepSpeed-MoE)', () => {
    const name = 'Megatron-DeepSpeed/ds_pretrain_gpt_1.3B_MoE128.sh';
    const a = analyze(readFixture(name), { fileName: name });
    const total = a.run?.params?.value ?? 0;
    const active = a.run?.activeParams?.value ?? 0;
    assert.ok(Math.abs(total - 52e9) / 52e9 < 0.02, `total ${total}`);
    assert.ok(Math.abs(active - 1.3e9) / 1.3e9 < 0.03, `active ${active}`);
  });

  it('Mixtral: the missing GPU count is one annotation away, and the rest of the script reads the same', () => {
    const name = 'Megatron-LM/train_mixtral_8x7b_distributed.sh';
    const text = readFixture(name);
    const before = analyze(text, { fileName: name });
    assert.ok(before.run?.missing.includes('gpus'));
    const edit = upsertAnnotation(text, 'shell', { gpus: '64', gpu: 'H100' });
    const after = analyze(text.slice(0, edit.start) + edit.newText + text.slice(edit.end), { fileName: name });
    assert.equal(after.run?.gpus?.value, 64);
    assert.equal(after.run?.gpus?.source, 'annotation');
    assert.equal(after.run?.missing.includes('gpus'), false);
    assert.equal(after.run?.params?.value, before.run?.params?.value);
    assert.ok(after.projection, 'a projection once GPUs are known');
  });

  it('BLOOM tr11: #SBATCH nodes when the launcher reads $SLURM_NNODES, gres, A100 constraint, padded vocab, ramp-up', () => {
    const run = extract('bigscience/tr11-176B-ml.slurm');
    golden(run.nodes, 24, 'file', 7);
    golden(run.gpusPerNode, 8, 'file', 63);
    golden(run.gpuType, 'a100-80gb', 'file', 4);
    golden(run.arch.vocabSize, 250880, 'file', 125);
    golden(run.arch.layers, 70, 'file', 73);
    golden(run.arch.hiddenSize, 14336, 'file', 72);
    golden(run.arch.heads, 112, 'file', 74);
    golden(run.trainSamples, 220_000_000, 'file', 79);
    golden(run.globalBatch, 2048, 'file', 70);
    assert.match(run.globalBatch!.detail, /ramps up from 192 by 16/);
    golden(run.parallel.tp, 4, 'file', 66);
    golden(run.parallel.pp, 12, 'file', 67);
    golden(run.precision, 'bf16', 'file', 119);
    golden(run.zeroStage, 0, 'file', 144);
    assert.equal(run.findings.filter((f) => f.severity === 'warning').length, 0, JSON.stringify(run.findings));
  });
});

describe('megatron-shell: flags beyond the fixtures', () => {
  const run = (text: string) => megatronShell.extract(parseShell(text), 'train.sh');
  const base = 'python pretrain_gpt.py --num-layers 24 --hidden-size 1024 --num-attention-heads 16 --seq-length 2048 ';

  it("SwiGLU without --ffn-hidden-size takes Megatron's 2/3 · 4d rounded to 64", () => {
    const r = run(`${base}--swiglu\n`);
    golden(r.arch.ffnHiddenSize, Math.floor((4 * 1024 * 2) / 3 / 64) * 64, 'default');
  });

  it('--vocab-size is padded to a multiple of 128 × TP', () => {
    const r = run(`${base}--vocab-size 50257 --tensor-model-parallel-size 2\n`);
    assert.equal(r.arch.vocabSize?.value, Math.ceil(50257 / 256) * 256);
    assert.equal(r.arch.vocabSize?.source, 'derived');
  });

  it('--num-query-groups without --group-query-attention is noted and ignored', () => {
    const r = run(`${base}--num-query-groups 4\n`);
    assert.equal(r.arch.kvHeads, undefined);
    assert.ok(r.findings.some((f) => f.code === 'gqa-flag-missing'));
  });

  it('recompute spellings and precision defaults', () => {
    assert.equal(run(`${base}--recompute-granularity selective\n`).recompute?.value, 'selective');
    assert.equal(run(`${base}--recompute-activations\n`).recompute?.value, 'selective');
    golden(run(base).precision, 'fp32', 'default');
  });

  it('torchrun --nnodes/--nproc-per-node and deepspeed --num_nodes/--num_gpus', () => {
    const t = run(`torchrun --nnodes 4 --nproc-per-node 8 ${base}\n`);
    assert.equal(t.nodes?.value, 4);
    assert.equal(t.gpusPerNode?.value, 8);
    const d = run(`deepspeed --num_nodes 2 --num_gpus 4 ${base}--deepspeed\n`);
    assert.equal(d.nodes?.value, 2);
    assert.equal(d.gpusPerNode?.value, 4);
  });

  it('MoE variants: DeepSpeed per-layer expert lists, shared experts, --moe-layer-freq', () => {
    const ds = run(`deepspeed ${base}--deepspeed --num-experts 64 64 128 128 --expert-interval 2\n`);
    assert.equal(ds.arch.moe?.experts.value, 96);
    assert.equal(ds.arch.moe?.moeLayers?.value, 4);
    const shared = run(`${base}--num-experts 64 --moe-ffn-hidden-size 256 --moe-shared-expert-intermediate-size 512 --moe-layer-freq 2\n`);
    assert.equal(shared.arch.moe?.sharedExperts?.value, 2);
    assert.equal(shared.arch.moe?.expertFfnHiddenSize?.value, 256);
    assert.equal(shared.arch.moe?.moeLayers?.value, 12);
    assert.equal(shared.arch.moe?.topK.value, 2);
    assert.equal(shared.arch.moe?.topK.source, 'default');
  });

  it('srun with one task per GPU gives GPUs per node; one task per node does not', () => {
    const r = run(`#SBATCH --nodes=4\n#SBATCH --ntasks-per-node=8\nsrun ${base}\n`);
    assert.equal(r.nodes?.value, 4);
    assert.equal(r.gpusPerNode?.value, 8);
    const one = run(`#SBATCH --nodes=4\n#SBATCH --ntasks-per-node=1\nsrun ${base}\n`);
    assert.equal(one.gpusPerNode, undefined);
  });

  it('a bad value is reported with its line, not used', () => {
    const r = run(`L=abc\n${base.replace('24', '$L')}\n`);
    assert.equal(r.arch.layers, undefined);
    assert.ok(r.findings.some((f) => f.code === 'not-a-number' && f.key === '--num-layers'));
  });
});
