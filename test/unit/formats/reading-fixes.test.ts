// Architectures and launch scripts that forks and newer versions write differently, each on the project's own file:
// multi-query and multi-latent attention, gated GELU, T5's encoder-decoder layers, nanotron MoE, commands built in a
// single-quoted `bash -c` or an `sbatch <<EOF` heredoc, a resumed stage, and a file whose name says another size.
import assert from 'node:assert/strict';
import { analyze, type Analysis } from '../../../src/core/analyze';
import { openModels } from '../../../src/core/data/open-models';
import { inlineScripts } from '../../../src/core/parse/shell';
import { layerPattern } from '../../../src/core/formats/megatron-shell';
import { checkpointStep } from '../../../src/core/formats/resume';
import { readFixture } from '../helpers/fixtures';

function analysed(name: string): Analysis {
  const a = analyze(readFixture(name), { fileName: name });
  assert.ok(a.run, `${name} is read`);
  return a;
}

function near(actual: number | undefined, expected: number, fraction: number, what: string): void {
  assert.ok(actual !== undefined && Math.abs(actual / expected - 1) <= fraction, `${what}: ${actual} vs ${expected}`);
}

const table = (id: string) => openModels().models.find((m) => m.id === id)!;

describe('reading fixes on real files', () => {
  it('BigCode Megatron fork: --attention-head-type multiquery shares one key/value head (SantaCoder 1.1B)', () => {
    const a = analysed('bigcode-Megatron-LM/pretrain_bigcode_1b.slurm');
    assert.equal(a.run!.arch.kvHeads?.value, 1);
    assert.match(a.run!.arch.kvHeads!.detail, /--attention-head-type multiquery/);
    near(a.run!.params?.value, table('bigcode/gpt_bigcode-santacoder').paramsComputed, 0.03, 'SantaCoder');
  });

  it('Megatron-LM DeepSeek-V3 in an sbatch heredoc: read at all, with MLA, the [0]*3+[1]*58 MoE pattern and the named tokenizer', () => {
    const a = analysed('Megatron-LM/sbatch_mfsdp_deepseek_v3.sh');
    assert.equal(a.format, 'megatron-shell');
    assert.equal(a.run!.arch.mla?.qLoraRank, 1536);
    assert.equal(a.run!.arch.mla?.kvLoraRank, 512);
    assert.equal(a.run!.arch.moe?.moeLayers?.value, 58);
    assert.equal(a.run!.arch.vocabSize?.source, 'companion', 'vocabulary of --tokenizer-model deepseek-ai/DeepSeek-V3');
    const row = table('deepseek-ai/DeepSeek-V3');
    near(a.run!.params?.value, row.paramsComputed, 0.01, 'DeepSeek-V3 total');
    near(a.run!.activeParams?.value, row.activeParamsComputed!, 0.01, 'DeepSeek-V3 active');
    // The job script's own #SBATCH placeholders are read as what they are.
    assert.ok(a.findings.some((f) => f.code === 'not-a-number' && /your_own_num_nodes/.test(f.message)));
  });

  it('Megatron-LM gpt-oss example: --quick-geglu is a gated FFN (three matrices), not plain GELU', () => {
    const a = analysed('Megatron-LM/gptoss_02_train.sh');
    assert.equal(a.run!.arch.ffnActivation?.value, 'swiglu');
    assert.match(a.run!.arch.ffnActivation!.detail, /--quick-geglu/);
  });

  it('Megatron-LM T5: encoder and decoder layers both count, and each decoder layer has cross-attention', () => {
    const a = analysed('Megatron-LM/train_t5_220m_distributed.sh');
    assert.equal(a.run!.arch.layers?.value, 24);
    assert.equal(a.run!.arch.crossAttentionLayers?.value, 12);
    assert.match(a.run!.params!.detail, /12 decoder cross-attention blocks/);
    // The vocabulary file is a script argument ($3): the GPT-2 default is assumed and said; T5-base is 220M.
    assert.ok(a.findings.some((f) => f.code === 'default-vocabulary'));
    near(a.run!.params?.value, 220e6, 0.1, 'T5-base with an assumed vocabulary');
  });

  it("BigScience: the command run through srun bash -c '$LAUNCHER ... $CMD' (single quotes) is read", () => {
    const a = analysed('bigscience/meg_ds_3d_gpt2_perf_n16.slurm');
    assert.equal(a.format, 'megatron-shell');
    assert.equal(a.run!.arch.layers?.value, 64);
    assert.equal(a.run!.gpus?.value, 64);
  });

  it('nanotron LlaMoE: moe_num_experts and num_experts_per_tok make an MoE, not a dense model', () => {
    const a = analysed('nanotron/config_llamoe.yaml');
    assert.equal(a.run!.arch.moe?.experts.value, 4);
    assert.equal(a.run!.arch.moe?.topK.value, 1);
    assert.ok(a.run!.params!.value > a.run!.activeParams!.value);
  });

  it('SmolLM3 stage 2 resumes from step 3,450,000: only its own steps are counted, with a finding', () => {
    const a = analysed('smollm/stage2_8T_9T.yaml');
    assert.equal(a.run!.trainIters?.value, 4_720_000 - 3_450_000);
    assert.equal(a.run!.trainIters?.source, 'derived');
    const f = a.findings.find((x) => x.code === 'resumed-stage');
    assert.ok(f, 'a resumed-stage finding');
    assert.equal(f.span?.line, 6, 'on the resume_checkpoint_path line');
  });

  it('GPT-NeoX configs/mistral/7B.yml builds 3.5B (NeoX sizes the SwiGLU from intermediate_size): a finding says so', () => {
    const a = analysed('gpt-neox/mistral-7B.yml');
    const f = a.findings.find((x) => x.code === 'model-mismatch');
    assert.ok(f, 'a model-mismatch finding');
    assert.match(f.message, /Mistral-7B-v0\.1 .*7\.24B.*3\.52B/);
    // Files whose names match what they build say nothing.
    for (const name of ['gpt-neox/llama2/7B.yml', 'gpt-neox/20B.yml', 'pythia/pythia-12b.yml', 'pythia/pythia-160m.yml']) {
      assert.ok(!analysed(name).findings.some((x) => x.code === 'model-mismatch'), name);
    }
  });
});

describe('reading fixes: the pieces', () => {
  it('inlineScripts keeps every offset and touches only what runs as a script', () => {
    const text = "srun bash -c '$LAUNCHER $CMD' 2>&1\ncat <<EOF > ds.json\n{}\nEOF\nsbatch <<EOF\npython x.py --num-layers 2\nEOF\n";
    const out = inlineScripts(text);
    assert.equal(out.length, text.length);
    assert.ok(out.startsWith('srun bash -c "$LAUNCHER $CMD" 2>&1'));
    assert.ok(out.includes('cat <<EOF > ds.json\n{}\nEOF'), 'a JSON heredoc stays a heredoc');
    assert.ok(out.includes('sbatch      \npython x.py --num-layers 2\n   \n'));
    assert.equal(inlineScripts('bash -c \'echo "hi"\''), 'bash -c \'echo "hi"\'', 'nested quotes are left alone');
  });

  it('layer patterns and checkpoint steps', () => {
    assert.deepEqual(layerPattern('([0]+[1]*26)'), { moe: 26, length: 27 });
    assert.deepEqual(layerPattern('[0]*3+[1]*58'), { moe: 58, length: 61 });
    assert.deepEqual(layerPattern('[1,0]*4'), { moe: 4, length: 8 });
    assert.equal(layerPattern('range(0, 32)'), undefined);
    assert.equal(checkpointStep('s3://smollm3/tp-fix-final-pre-training/1205-48n-part1-fix/3450000'), 3_450_000);
    assert.equal(checkpointStep('/ckpt/iter_0003450000/'), 3_450_000);
    assert.equal(checkpointStep('/ckpt/latest'), undefined);
  });
});
