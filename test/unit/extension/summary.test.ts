// The lens and status-bar words, from real fixtures through the core, as the editor shows them.
import assert from 'node:assert/strict';
import { analyze } from '../../../src/core/analyze';
import { computeOptimalTitle, missingTitle, rangeTooltip, statusText, summaryTitle } from '../../../src/extension/summary';
import { renderReport } from '../../../src/core/report/index';
import { marginalOfDoubling, marginalTitle } from '../../../src/extension/marginal';
import { readFixture } from '../helpers/fixtures';

const BLOOM = 'bigscience/tr11-176B-ml.slurm';

describe('extension lens titles', () => {
  it('summarises a projected run in one line with scaled units and the hardware', () => {
    const a = analyze(readFixture(BLOOM), { fileName: BLOOM });
    const title = summaryTitle(a);
    assert.ok(title, 'BLOOM projects');
    // "≈ 1.21M GPU-h · $2.16M · 1.1 GWh · 400 tCO2e · 263 days on 384 × A100 80GB": shape, not digits.
    assert.match(title!, /^≈ [\d.]+[kMB]? GPU-h · \$[\d.]+[kMB]? · [\d.]+ [kMG]Wh · [\d.]+[kM]? (t|kg)CO2e · [\d.]+ (days|years|h) on \d+ × A100 /);
    assert.doesNotMatch(title!, /NaN|Infinity|n\/a/);
    assert.ok(statusText(a)?.startsWith('$'));
  });

  it('gives each summary meter its low–high range and the MFU it assumed in the tooltip', () => {
    const tooltip = rangeTooltip(analyze(readFixture(BLOOM), { fileName: BLOOM }));
    assert.match(tooltip, /^GPU-hours: [\d.]+[kMB]? GPU-h – [\d.]+[kMB]? GPU-h$/m);
    assert.match(tooltip, /^Emissions: [\d.]+ [kt]/m);
    assert.match(tooltip, /^MFU assumed: \d+% \(\d+%–\d+%\)$/m);
    // The model explains the MFU it assumed factor by factor, with the range and where the range comes from.
    assert.match(tooltip, /^MFU \d+%: Ampere BF16 base \d+%.*\(80% range \d+%–\d+%, leave-one-out on published runs\)$/m);
    assert.doesNotMatch(tooltip, /NaN|Infinity|n\/a/);
  });

  it('says how far a run is from compute-optimal, in the right direction', () => {
    const bloom = analyze(readFixture(BLOOM), { fileName: BLOOM });
    assert.match(computeOptimalTitle(bloom)!, /short of compute-optimal \([\d.]+ tokens\/param\)/);
    const llama = 'Megatron-LM/train_llama3_8b_h100_fp8.sh';
    assert.match(computeOptimalTitle(analyze(readFixture(llama), { fileName: llama }))!, /^\d+(\.\d)?× past compute-optimal/);
  });

  it('names what is missing when nothing can be projected', () => {
    const ds = 'DeepSpeedExamples/ds_config.json';
    const a = analyze(readFixture(ds), { fileName: ds });
    assert.equal(summaryTitle(a), undefined);
    assert.match(missingTitle(a)!, /needs the model size and the training length/);
  });

  it('prices the doubling of a cost key by re-analysing the file', async () => {
    const text = readFixture(BLOOM);
    const options = { fileName: BLOOM };
    const a = analyze(text, options);
    const layers = a.run!.keys.find((k) => k.role === 'layers')!;
    const m = await marginalOfDoubling(text, options, a, layers);
    assert.ok(m && m.gpuHoursRatio > 1.8 && m.gpuHoursRatio < 2.2, `doubling layers roughly doubles GPU-hours (got ${m?.gpuHoursRatio})`);
    assert.match(marginalTitle(m!), /^2× → \+[\d.]+[kMB]? GPU-h \(\+\d+%\)/);
  });

  it('copies the same GPU-hours as the lens into the Markdown report and the model card', () => {
    const a = analyze(readFixture(BLOOM), { fileName: BLOOM });
    const gpuHours = summaryTitle(a)!.match(/≈ ([\d.]+[kMB]? GPU-h)/)![1]!;
    const report = renderReport('markdown', [a]);
    assert.match(report, new RegExp(`\\| GPU-hours \\| ${gpuHours.replace('.', '\\.')} `));
    assert.match(report, /## Assumptions/);
    assert.match(renderReport('model-card', [a]), new RegExp(`\\*\\*Hours used:\\*\\* ${gpuHours.replace('.', '\\.')} `));
  });
});
