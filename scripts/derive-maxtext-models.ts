// Derives the shipped MaxText table (src/core/data/maxtext-models.json) from MaxText's own files, copied under
// scripts/reference/maxtext (base.yml and configs/models/*.yml of AI-Hypercomputer/maxtext at the commit below): per
// model file the keys that set the model's size, each with the line it is written on, so a launch script naming
// `model_name=llama2-7b` is read as if that file were beside it; and base.yml's defaults for every key the MaxText
// reader uses. test/unit/data/maxtext-models.test.ts fails when the shipped table is not this derivation.
// Run: npx tsx scripts/derive-maxtext-models.ts [path/to/maxtext/src/maxtext/configs]   (a path refreshes the copies)
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseYaml } from '../src/core/parse/yaml';
import type { MaxTextTable, MaxTextValue, StoredMaxTextTable } from '../src/core/data/maxtext';

const here = dirname(fileURLToPath(import.meta.url));
export const REFERENCE_DIR = join(here, 'reference', 'maxtext');
export const TABLE_PATH = join(here, '..', 'src', 'core', 'data', 'maxtext-models.json');

/** The snapshot the copies were taken from. */
const SOURCE = {
  repo: 'AI-Hypercomputer/maxtext',
  commit: 'e591f30cbbf217ed67ef71263ec0538239f9c3b8',
  dir: 'src/maxtext/configs',
  licence: 'Apache-2.0',
  year: 2026,
};

/** Keys of a model file that set the model's size (everything else: rope, norms, kernels, is left out). */
export const MODEL_KEYS = [
  'base_emb_dim',
  'base_num_query_heads',
  'base_num_kv_heads',
  'base_mlp_dim',
  'base_moe_mlp_dim',
  'base_num_decoder_layers',
  'head_dim',
  'mlp_activations',
  'vocab_size',
  'logits_via_embedding',
  'num_experts',
  'num_experts_per_tok',
  'shared_experts',
  'first_num_dense_layers',
  'interleave_moe_layer_step',
  'attention_type',
  'q_lora_rank',
  'kv_lora_rank',
  'qk_nope_head_dim',
  'qk_rope_head_dim',
  'v_head_dim',
  'decoder_block',
] as const;

/** base.yml keys the reader takes defaults for: the model keys and the run's batch, length, mesh and precision. */
export const BASE_KEYS = [
  ...MODEL_KEYS,
  'global_parameter_scale',
  'per_device_batch_size',
  'max_target_length',
  'steps',
  'gradient_accumulation_steps',
  'dtype',
  'weight_dtype',
  'quantization',
  'remat_policy',
  'hardware',
  'compile_topology',
  'compile_topology_num_slices',
  'ici_data_parallelism',
  'ici_fsdp_parallelism',
  'ici_fsdp_transpose_parallelism',
  'ici_sequence_parallelism',
  'ici_context_parallelism',
  'ici_tensor_parallelism',
  'ici_tensor_sequence_parallelism',
  'ici_autoregressive_parallelism',
  'ici_pipeline_parallelism',
  'ici_expert_parallelism',
  'dcn_data_parallelism',
  'dcn_fsdp_parallelism',
  'dcn_fsdp_transpose_parallelism',
  'dcn_sequence_parallelism',
  'dcn_context_parallelism',
  'dcn_tensor_parallelism',
  'dcn_tensor_sequence_parallelism',
  'dcn_autoregressive_parallelism',
  'dcn_pipeline_parallelism',
  'dcn_expert_parallelism',
] as const;

/**
 * MaxText model names whose published size the open-models table holds (its Hugging Face id), so the table test can
 * hold each MaxText model to the published count.
 */
const PUBLISHED_AS: Record<string, string> = {
  'llama2-7b': 'meta-llama/Llama-2-7b-hf',
  'llama2-13b': 'meta-llama/Llama-2-13b-hf',
  'llama2-70b': 'meta-llama/Llama-2-70b-hf',
  'llama3-8b': 'meta-llama/Meta-Llama-3-8B',
  'llama3-70b': 'meta-llama/Meta-Llama-3-70B',
  'llama3.1-8b': 'meta-llama/Llama-3.1-8B',
  'llama3.1-70b': 'meta-llama/Llama-3.1-70B',
  'llama3.1-405b': 'meta-llama/Llama-3.1-405B',
  'llama3-405b': 'meta-llama/Llama-3.1-405B',
  'llama3.3-70b': 'meta-llama/Llama-3.3-70B-Instruct',
  'llama4-17b-16e': 'meta-llama/Llama-4-Scout-17B-16E',
  'mistral-7b': 'mistralai/Mistral-7B-v0.1',
  'mixtral-8x7b': 'mistralai/Mixtral-8x7B-v0.1',
  'mixtral-8x22b': 'mistralai/Mixtral-8x22B-v0.1',
  'gemma-2b': 'google/gemma-2b',
  'gemma-7b': 'google/gemma-7b',
  'gemma2-2b': 'google/gemma-2-2b',
  'gemma2-9b': 'google/gemma-2-9b',
  'gemma2-27b': 'google/gemma-2-27b',
  'gemma3-4b': 'google/gemma-3-4b-pt',
  'gemma3-12b': 'google/gemma-3-12b-pt',
  'gemma3-27b': 'google/gemma-3-27b-pt',
  'deepseek2-16b': 'deepseek-ai/DeepSeek-V2-Lite',
  'deepseek2-236b': 'deepseek-ai/DeepSeek-V2',
  'deepseek3-671b': 'deepseek-ai/DeepSeek-V3',
  'gpt-oss-20b': 'openai/gpt-oss-20b',
  'gpt-oss-120b': 'openai/gpt-oss-120b',
  'qwen2.5-1.5b': 'Qwen/Qwen2.5-1.5B',
  'qwen2.5-7b': 'Qwen/Qwen2.5-7B',
  'qwen2.5-14b': 'Qwen/Qwen2.5-14B',
  'qwen3-0.6b': 'Qwen/Qwen3-0.6B',
  'qwen3-1.7b': 'Qwen/Qwen3-1.7B',
  'qwen3-4b': 'Qwen/Qwen3-4B',
  'qwen3-8b': 'Qwen/Qwen3-8B',
  'qwen3-14b': 'Qwen/Qwen3-14B',
  'qwen3-32b': 'Qwen/Qwen3-32B',
  'qwen3-30b-a3b': 'Qwen/Qwen3-30B-A3B',
  'qwen3-235b-a22b': 'Qwen/Qwen3-235B-A22B',
  'qwen3-480b-a35b': 'Qwen/Qwen3-Coder-480B-A35B-Instruct',
};

/** The listed keys of one MaxText YAML text, each as [value, 1-based line]. */
export function pickKeys(text: string, keys: readonly string[]): Record<string, [MaxTextValue, number]> {
  const cfg = parseYaml(text);
  const out: Record<string, [MaxTextValue, number]> = {};
  for (const key of keys) {
    const e = cfg.entries.get(key);
    if (e) {
      // YAML 1.1, as OmegaConf reads it: `32_000` is the integer 32000.
      const value = typeof e.value === 'string' && /^\d+(?:_\d+)+$/.test(e.value) ? Number(e.value.replace(/_/g, '')) : e.value;
      out[key] = [value, e.keySpan.line + 1];
      continue;
    }
    // A flow list (`mlp_activations: ["silu","linear"]`) is read as key.0, key.1 …
    const items: string[] = [];
    let line = 0;
    for (let i = 0; cfg.entries.has(`${key}.${i}`); i++) {
      const item = cfg.entries.get(`${key}.${i}`)!;
      items.push(String(item.value));
      line ||= item.keySpan.line + 1;
    }
    if (items.length > 0) out[key] = [items, line];
  }
  return out;
}

export function deriveMaxTextTable(dir = REFERENCE_DIR): MaxTextTable {
  const models = readdirSync(join(dir, 'models'))
    .filter((f) => f.endsWith('.yml'))
    .sort()
    .map((f) => {
      const name = f.replace(/\.yml$/, '');
      const row: MaxTextTable['models'][number] = { name, keys: pickKeys(readFileSync(join(dir, 'models', f), 'utf8'), MODEL_KEYS) };
      if (PUBLISHED_AS[name]) row.publishedAs = PUBLISHED_AS[name];
      return row;
    });
  return { source: SOURCE, base: pickKeys(readFileSync(join(dir, 'base.yml'), 'utf8'), BASE_KEYS), models };
}

/** The stored form: key names once, each row's values as [key index, value, line] (the bundle carries it). */
export function serialise(table: MaxTextTable): string {
  const keys = [...BASE_KEYS] as string[];
  const pack = (row: Record<string, [MaxTextValue, number]>) => Object.entries(row).map(([k, [v, line]]) => [keys.indexOf(k), v, line] as [number, MaxTextValue, number]);
  const stored: StoredMaxTextTable = { source: table.source, keys, base: pack(table.base), models: table.models.map((m) => [m.name, m.publishedAs ?? null, pack(m.keys)]) };
  return `${JSON.stringify(stored)}\n`;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const from = process.argv[2];
  if (from) {
    mkdirSync(join(REFERENCE_DIR, 'models'), { recursive: true });
    copyFileSync(join(from, 'base.yml'), join(REFERENCE_DIR, 'base.yml'));
    for (const f of readdirSync(join(from, 'models')).filter((x) => x.endsWith('.yml'))) copyFileSync(join(from, 'models', f), join(REFERENCE_DIR, 'models', f));
  }
  const table = deriveMaxTextTable();
  writeFileSync(TABLE_PATH, serialise(table));
  console.log(`${table.models.length} MaxText models and ${Object.keys(table.base).length} base.yml defaults written to ${TABLE_PATH}`);
}
