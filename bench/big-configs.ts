// Large configs for the benchmark, grown from real fixtures: the real keys stay, and thousands of plausible extra
// sections (the shape of a sweep or a dataset blend) bring the text to the target size.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const FIXTURES = join(__dirname, '../test/fixtures/configs');

export function bigYaml(targetBytes: number): string {
  const base = readFileSync(join(FIXTURES, 'NeMo-Framework-Launcher/llama2_70b.yaml'), 'utf8');
  const parts = [base, 'data_blend:'];
  let size = base.length;
  for (let i = 0; size < targetBytes; i++) {
    const block = `  shard_${i}:\n    path: /data/corpus/part-${i}.jsonl  # weight below\n    weight: ${(i % 97) / 97}\n    tokens: ${1_000_000 + i}\n`;
    parts.push(block);
    size += block.length;
  }
  return parts.join('\n');
}

export function bigJson(targetBytes: number): string {
  const base = JSON.parse(readFileSync(join(FIXTURES, 'DeepSpeedExamples/ds_config.json'), 'utf8')) as Record<string, unknown>;
  const blend: Record<string, unknown> = {};
  const entry = (i: number) => ({ path: `/data/corpus/part-${i}.jsonl`, weight: (i % 97) / 97, tokens: 1_000_000 + i });
  // Pretty-printed, one shard takes about this many bytes; the loop stops at the target size.
  const bytesPerShard = JSON.stringify({ shard_0: entry(0) }, null, 4).length;
  for (let i = 0; i * bytesPerShard < targetBytes; i++) blend[`shard_${i}`] = entry(i);
  return JSON.stringify({ ...base, data_blend: blend }, null, 2);
}
