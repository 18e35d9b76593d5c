// The inference-aware verdict on the compute-optimal lens and the scaling waste on the training-length hover, from
// real fixtures through the core's scalingAnalysis.
import assert from 'node:assert/strict';
import { analyze } from '../../../src/core/analyze';
import { inferenceVerdictPhrase, scalingOf, scalingWasteLine } from '../../../src/extension/scalingText';
import { readFixture } from '../helpers/fixtures';

const NEMO = 'NeMo-Framework-Launcher/llama2_70b.yaml';
const BLOOM = 'bigscience/tr11-176B-ml.slurm';

describe('extension scaling words', () => {
  const nemo = analyze(readFixture(NEMO), { fileName: NEMO });

  it('says nothing about inference until a lifetime demand is given', () => {
    assert.equal(inferenceVerdictPhrase(scalingOf(nemo, undefined)), undefined);
  });

  it('weighs over-training against the demand: a large demand justifies it, a tiny one does not', () => {
    assert.equal(inferenceVerdictPhrase(scalingOf(nemo, 1e13)), 'over-training justified by 10T inference tokens');
    assert.equal(inferenceVerdictPhrase(scalingOf(nemo, 1e9)), 'over-training not justified by 1B inference tokens');
  });

  it('an under-trained run has nothing to justify: the phrase names the lifetime optimum instead', () => {
    const bloom = analyze(readFixture(BLOOM), { fileName: BLOOM });
    assert.match(inferenceVerdictPhrase(scalingOf(bloom, 1e13))!, /^lifetime-optimal for 10T inference tokens: [\d.]+[BT] params on [\d.]+[BT] tokens$/);
  });

  it('prices the scaling waste in GPU-h, $ and tCO2e, naming the fit', () => {
    const line = scalingWasteLine(scalingOf(nemo, undefined))!;
    assert.match(line, /^\d+% of the compute \([\d.]+[kM]? GPU-h · \$[\d.]+[kM]? · [\d.]+ tCO2e\) buys no lower loss: a compute-optimal [\d.]+B-param model/);
    assert.match(line, /\(Chinchilla fit, Epoch AI refit, 2024\)\.$/);
    assert.doesNotMatch(line, /NaN|Infinity|-\d/);
  });

  it('falls back to FLOPs when the run has no projection to price the waste in', () => {
    const line = scalingWasteLine(scalingOf({ ...nemo, projection: null }, undefined))!;
    assert.match(line, /^\d+% of the compute \([\d.]+e\d+ FLOPs\) buys no lower loss/);
  });
});
