// GPU lookup as users type names (issue 2 §4): forgiving of case, spaces, dashes and memory suffixes; an unknown
// name gets the list of known ones. And the table's content: dense (not sparse) peaks, sourced rows.
import { strict as assert } from 'node:assert';
import { GPUS, findGpu, knownGpuNames, peakFor, unknownGpuMessage } from '../../../src/core/data/gpus';

describe('findGpu', () => {
  const cases: Array<[string, string]> = [
    ['h100', 'h100-sxm'],
    ['H100', 'h100-sxm'],
    ['H100-SXM', 'h100-sxm'],
    ['H100 SXM5 80GB', 'h100-sxm'],
    ['NVIDIA H100-80GB', 'h100-sxm'],
    ['A100-80GB', 'a100-80gb'],
    ['a100', 'a100-80gb'],
    ['a100 40gb', 'a100-40gb'],
    ['A100-SXM4-40GB', 'a100-40gb'],
    ['V100', 'v100-32gb'],
    ['Tesla V100-SXM2-32GB', 'v100-32gb'],
    ['H800', 'h800'],
    ['h200', 'h200'],
    ['B200', 'b200'],
    ['MI300X', 'mi300x'],
    ['AMD Instinct MI300X', 'mi300x'],
    ['L40S', 'l40s'],
    ['A10G', 'a10g'],
    ['TPU v4', 'tpu-v4'],
    ['tpu-v5p', 'tpu-v5p'],
    ['h100 pcie', 'h100-pcie'],
    ['H100-PCIe-80GB', 'h100-pcie'],
    // As nvidia-smi prints them.
    ['NVIDIA H100 80GB HBM3', 'h100-sxm'],
    ['NVIDIA A100-SXM4-80GB', 'a100-80gb'],
    ['Tesla V100-SXM2-16GB', 'v100-32gb'],
    ['NVIDIA H200 141GB HBM3e', 'h200'],
  ];
  for (const [name, id] of cases) {
    it(`"${name}" → ${id}`, () => assert.equal(findGpu(name)?.id, id));
  }

  it('does not confuse the A10G with the A100, or the H100 with the H800/H20', () => {
    assert.notEqual(findGpu('a10g')?.id, findGpu('a100')?.id);
    assert.equal(findGpu('h20')?.id, 'h20');
  });

  it('returns undefined for names it does not know, and the message lists the known ones', () => {
    assert.equal(findGpu('rtx 9999'), undefined);
    assert.equal(findGpu(''), undefined);
    const message = unknownGpuMessage('rtx 9999');
    assert.match(message, /rtx 9999/);
    for (const id of ['h100-sxm', 'a100-80gb', 'v100-32gb', 'mi300x', 'tpu-v4']) assert.ok(message.includes(id), id);
    assert.equal(knownGpuNames().length, GPUS.length);
  });
});

describe('GPU table', () => {
  it('stores dense peaks: H100 SXM BF16 989 TFLOP/s, not the sparse 1,979', () => {
    assert.equal(findGpu('h100')!.peakTFlops.bf16, 989);
    assert.equal(findGpu('h100')!.peakTFlops.fp8, 1979);
    assert.equal(findGpu('a100')!.peakTFlops.bf16, 312);
    assert.equal(findGpu('a10g')!.peakTFlops.bf16, 70);
  });

  it('has a source, a year, a positive power and unique ids and names on every row', () => {
    const ids = new Set<string>();
    for (const row of GPUS) {
      assert.ok(row.source.length > 0 && row.year >= 2017 && row.year <= 2026, row.id);
      assert.ok(row.ratedPowerW > 0 && row.memoryGB > 0, row.id);
      assert.ok(!ids.has(row.id), `duplicate ${row.id}`);
      ids.add(row.id);
      for (const name of [row.name, ...row.aliases]) assert.equal(findGpu(name)?.id, row.id, `${name} finds ${row.id}`);
    }
  });

  it('falls back to the nearest precision a chip has: V100 BF16 → FP16, A100 FP8 → BF16', () => {
    assert.deepEqual(peakFor(findGpu('v100')!, 'bf16'), { tflops: 125, precision: 'fp16' });
    assert.deepEqual(peakFor(findGpu('a100')!, 'fp8'), { tflops: 312, precision: 'bf16' });
    assert.deepEqual(peakFor(findGpu('h100')!, 'fp8'), { tflops: 1979, precision: 'fp8' });
  });
});
