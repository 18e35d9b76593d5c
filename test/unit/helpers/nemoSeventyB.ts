// A run no fix (nor pair) makes fit on 80 GB, from a real file: NeMo's Llama example with the 70B shape its own
// comments give (80 layers, 8192 wide, FFN 28672, 64 heads), on one node of 8 GPUs at tensor parallelism 8.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const NEMO_LLAMA = join(__dirname, '../../fixtures/configs/NeMo/megatron_llama_config.yaml');

export function nemoSeventyBText(): string {
  return readFileSync(NEMO_LLAMA, 'utf8')
    .replace('devices: 1', 'devices: 8')
    .replace('tensor_model_parallel_size: 1', 'tensor_model_parallel_size: 8')
    .replace('num_layers: 32', 'num_layers: 80')
    .replace('hidden_size: 4096', 'hidden_size: 8192')
    .replace('ffn_hidden_size: 11008', 'ffn_hidden_size: 28672')
    .replace('num_attention_heads: 32', 'num_attention_heads: 64');
}
