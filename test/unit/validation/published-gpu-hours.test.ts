// The fixture configs of runs whose owners published GPU-hours, projected with the GPU type and count the owners
// reported, land within a factor of 1.5 of the published figure (reference: published-runs.md).
import assert from 'node:assert/strict';
import { runCli } from '../helpers/cli';
import { FIXTURES_DIR } from '../helpers/fixtures';
import { join } from 'node:path';

interface PublishedRun {
  file: string;
  run: string;
  gpu: string;
  gpus: number;
  /** Flags for what the committed file gets wrong about the real run, each with its reason. */
  extra?: string[];
  publishedGpuHours: number;
  source: string;
}

const RUNS: PublishedRun[] = [
  { file: 'pythia/pythia-160m.yml', run: 'Pythia 160M', gpu: 'A100-40GB', gpus: 32, publishedGpuHours: 1_030, source: 'Pythia paper Table 5' },
  { file: 'pythia/pythia-6.9b.yml', run: 'Pythia 6.9B', gpu: 'A100-40GB', gpus: 128, publishedGpuHours: 33_500, source: 'Pythia paper Table 5' },
  { file: 'pythia/pythia-12b.yml', run: 'Pythia 12B', gpu: 'A100-40GB', gpus: 256, publishedGpuHours: 72_300, source: 'Pythia paper Table 5' },
  {
    file: 'bigscience/tr11-176B-ml.slurm',
    run: 'BLOOM 176B',
    gpu: 'A100-80GB',
    gpus: 384,
    // The slurm file plans 450B tokens; the run stopped at 366B (BLOOM paper).
    extra: ['--tokens', '366B'],
    publishedGpuHours: 1_082_990,
    source: 'Luccioni et al. 2022',
  },
  { file: 'smollm/stage1_8T.yaml', run: 'SmolLM3 3B', gpu: 'H100', gpus: 384, publishedGpuHours: 221_184, source: 'huggingface/smollm README (384 H100 × 24 days)' },
];

describe('projected GPU-hours of fixture configs vs published runs', () => {
  for (const r of RUNS) {
    it(`${r.run} (${r.file}) on ${r.gpus} × ${r.gpu}: within 1.5× of ${r.publishedGpuHours.toLocaleString('en-US')} GPU-h (${r.source})`, () => {
      const result = runCli('estimate', join(FIXTURES_DIR, r.file), '--json', '--gpu', r.gpu, '--gpus', String(r.gpus), ...(r.extra ?? []));
      assert.equal(result.code, 0, result.err);
      const json = JSON.parse(result.out) as { projection: { gpuHours: number | null } | null };
      const projected = json.projection?.gpuHours;
      assert.ok(typeof projected === 'number', `no GPU-hours projected: ${result.out.slice(0, 400)}`);
      const ratio = projected / r.publishedGpuHours;
      assert.ok(ratio >= 1 / 1.5 && ratio <= 1.5, `projected ${Math.round(projected)} vs published ${r.publishedGpuHours} (×${ratio.toFixed(2)})`);
    });
  }
});
