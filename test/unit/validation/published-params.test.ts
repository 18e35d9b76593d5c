// Parameter counts derived from the real fixture configs against the counts their authors published.
// Dense models must match within 1%; MoE total and active within 2% (router and shared-expert conventions differ).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../../src/core/analyze';

const FIXTURES = path.join(__dirname, '../../fixtures/configs');

interface Published {
  file: string;
  model: string;
  params: number;
  activeParams?: number;
  source: string;
}

const PUBLISHED: Published[] = [
  { file: 'gpt-neox/20B.yml', model: 'GPT-NeoX-20B', params: 20_554_567_680, source: 'Black et al. 2022, Table 1' },
  { file: 'gpt-neox/llama2/7B.yml', model: 'Llama 2 7B', params: 6_738_415_616, source: 'Llama 2 model card (HF safetensors count)' },
  { file: 'gpt-neox/llama2/70B.yml', model: 'Llama 2 70B', params: 68_976_648_192, source: 'Llama 2 model card (HF safetensors count)' },
  { file: 'pythia/pythia-12b.yml', model: 'Pythia 12B', params: 11_846_072_320, source: 'Pythia paper Table 1' },
  { file: 'pythia/pythia-6.9b.yml', model: 'Pythia 6.9B', params: 6_857_302_016, source: 'Pythia paper Table 1' },
  { file: 'pythia/pythia-160m.yml', model: 'Pythia 160M', params: 162_322_944, source: 'Pythia paper Table 1' },
  { file: 'bigscience/tr11-176B-ml.slurm', model: 'BLOOM', params: 176_247_271_424, source: 'BLOOM paper Table 3' },
  { file: 'Megatron-LM/train_llama3_8b_h100_fp8.sh', model: 'Llama 3 8B', params: 8_030_261_248, source: 'Llama 3 model card' },
  { file: 'NeMo-Framework-Launcher/llama2_70b.yaml', model: 'Llama 2 70B', params: 68_976_648_192, source: 'Llama 2 model card' },
  { file: 'NeMo-Framework-Launcher/llama3_1_8b.yaml', model: 'Llama 3.1 8B', params: 8_030_261_248, source: 'Llama 3.1 model card' },
  { file: 'NeMo-Framework-Launcher/175b.yaml', model: 'GPT-3 175B', params: 175_000_000_000, source: 'Brown et al. 2020, Table 2.1' },
  { file: 'NeMo/megatron_llama_config.yaml', model: 'Llama 2 7B', params: 6_738_415_616, source: 'Llama 2 model card' },
  { file: 'llm-foundry/mpt-7b.yaml', model: 'MPT-7B', params: 6_649_286_656, source: 'MosaicML MPT-7B model card' },
  { file: 'llm-foundry/mpt-30b.yaml', model: 'MPT-30B', params: 29_955_408_896, source: 'MosaicML MPT-30B model card' },
  { file: 'OLMo/OLMo-1B.yaml', model: 'OLMo 1B', params: 1_176_764_416, source: 'OLMo paper / HF model card' },
  { file: 'torchtitan/llama3_8b.toml', model: 'Llama 3.1 8B', params: 8_030_261_248, source: 'Llama 3.1 model card' },
  { file: 'torchtitan/llama3_70b.toml', model: 'Llama 3.1 70B', params: 70_553_706_496, source: 'Llama 3.1 model card' },
  { file: 'torchtitan/llama3_405b.toml', model: 'Llama 3.1 405B', params: 405_853_388_800, source: 'Llama 3.1 model card' },
  { file: 'litgpt/tinyllama.yaml', model: 'TinyLlama 1.1B', params: 1_100_048_384, source: 'TinyLlama HF model card' },
  { file: 'smollm/stage1_8T.yaml', model: 'SmolLM3 3B', params: 3_075_098_624, source: 'SmolLM3 HF model card' },
  {
    file: 'Megatron-LM/train_mixtral_8x7b_distributed.sh',
    model: 'Mixtral 8x7B',
    params: 46_702_792_704,
    activeParams: 12_879_921_152,
    source: 'Mistral AI, Mixtral of Experts (2024)',
  },
  {
    file: 'DeepSeek-V3/config_671B.json',
    model: 'DeepSeek-V3',
    params: 671_000_000_000,
    activeParams: 37_000_000_000,
    source: 'DeepSeek-V3 technical report (main model, without the MTP module)',
  },
];

function relErr(got: number, want: number): number {
  return Math.abs(got - want) / want;
}

describe('parameter counts of the fixture configs match the published counts', () => {
  for (const p of PUBLISHED) {
    it(`${p.file}: ${p.model} ≈ ${(p.params / 1e9).toFixed(2)}B (${p.source})`, () => {
      const text = readFileSync(path.join(FIXTURES, p.file), 'utf8');
      const a = analyze(text, { fileName: p.file });
      assert.ok(a.run, `no run read from ${p.file}`);
      const params = a.run.params?.value;
      assert.ok(params, `no parameter count for ${p.file}; missing: ${a.run.missing.join(', ')}`);
      const tolerance = p.activeParams ? 0.02 : 0.01;
      assert.ok(relErr(params, p.params) < tolerance, `${p.model}: ${params} vs published ${p.params} (${(relErr(params, p.params) * 100).toFixed(2)}% off)`);
      if (p.activeParams) {
        const active = a.run.activeParams?.value;
        assert.ok(active, 'no active parameter count');
        assert.ok(relErr(active, p.activeParams) < tolerance, `${p.model} active: ${active} vs ${p.activeParams}`);
      } else {
        assert.equal(a.run.activeParams?.value, params, 'dense model: active = total');
      }
    });
  }
});
