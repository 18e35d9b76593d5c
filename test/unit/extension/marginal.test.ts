// The marginal-cost lenses' numbers, from real fixtures through the core: what doubling a key or switching the
// precision does to the run, as the lens on that key says it.
import assert from 'node:assert/strict';
import { analyze } from '../../../src/core/analyze';
import { marginalOfDoubling, marginalOfPrecision, marginalTitle } from '../../../src/extension/marginal';
import { readFixture } from '../helpers/fixtures';

const LLAMA = 'Megatron-LM/train_llama3_8b_h100_fp8.sh';
const BLOOM = 'bigscience/tr11-176B-ml.slurm';

function base(name: string) {
  const text = readFixture(name);
  const options = { fileName: name };
  return { text, options, analysis: analyze(text, options) };
}

describe('marginal-cost lenses', () => {
  it('an FP8 run on H100 costs more in BF16, and the lens says so with the slower wall clock', async () => {
    const { text, options, analysis } = base(LLAMA);
    assert.equal(analysis.run?.precision?.value, 'fp8');
    const m = await marginalOfPrecision(text, options, analysis);
    assert.ok(m, 'H100 has a BF16 peak');
    assert.equal(m.precision, 'bf16');
    assert.ok(m.gpuHoursRatio > 1.2, `BF16 is slower than FP8 on H100 (ratio ${m.gpuHoursRatio})`);
    assert.match(marginalTitle(m, 'BF16'), /^BF16 → \+[\d.]+[kMB]? GPU-h \(\+\d+%\)/);
  });

  it('a BF16 run on H100 is cheaper in FP8, and the lens writes the saving with one minus sign', async () => {
    const name = 'NeMo-Framework-Launcher/llama2_70b.yaml';
    const { text, options, analysis } = base(name);
    const m = await marginalOfPrecision(text, options, analysis);
    assert.ok(m && m.precision === 'fp8' && m.gpuHoursRatio < 1, `FP8 is faster on H100 (ratio ${m?.gpuHoursRatio})`);
    assert.match(marginalTitle(m, 'FP8'), /^FP8 → −[\d.]+[kMB]? GPU-h \(−\d+%\), −[\d.]+ (days|h|years)$/);
  });

  it('no FP8 lens for a run on A100, which has no FP8 tensor path', async () => {
    const { text, options, analysis } = base(BLOOM);
    assert.notEqual(analysis.run?.precision?.value, 'fp8');
    assert.equal(await marginalOfPrecision(text, options, analysis), undefined);
  });

  it('doubling the GPU count keeps GPU-hours and halves the wall clock; doubling iterations doubles GPU-hours', async () => {
    const { text, options, analysis } = base(LLAMA);
    const keys = analysis.run!.keys;
    const nodes = keys.find((k) => k.role === 'nodes' || k.role === 'gpus' || k.role === 'gpusPerNode');
    const iters = keys.find((k) => k.role === 'trainIters' || k.role === 'trainSamples');
    assert.ok(nodes && iters, `GPU-count and length keys among ${keys.map((k) => k.key).join(', ')}`);
    const more = (await marginalOfDoubling(text, options, analysis, nodes))!;
    assert.ok(Math.abs(more.gpuHoursRatio - 1) < 0.01, `same GPU-hours (ratio ${more.gpuHoursRatio})`);
    assert.ok(more.wallClockHoursDelta !== null && more.wallClockHoursDelta < 0, 'faster');
    assert.match(marginalTitle(more), /^2× → same GPU-h, −/);
    const longer = (await marginalOfDoubling(text, options, analysis, iters))!;
    assert.ok(Math.abs(longer.gpuHoursRatio - 2) < 0.01, `twice the GPU-hours (ratio ${longer.gpuHoursRatio})`);
  });
});
