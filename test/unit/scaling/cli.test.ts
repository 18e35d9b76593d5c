// `footprint-lens estimate` shows the scaling-law view and, with caps, the budget plan — in the table and in --json.
import { strict as assert } from 'node:assert';
import path from 'node:path';
import { runCli } from '../helpers/cli';

const LLAMA3_8B = path.join(__dirname, '../../fixtures/configs/Megatron-LM/train_llama3_8b_h100_fp8.sh');
const PYTHIA = path.join(__dirname, '../../fixtures/configs/pythia/pythia-6.9b.yml');

describe('CLI: scaling law and budget plan', () => {
  it('the table shows predicted loss, the optimum, the waste in GPU-hours, $ and tCO2e', () => {
    const r = runCli('estimate', LLAMA3_8B);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Scaling law \(Chinchilla fit, Epoch AI refit, 2024\)/);
    assert.match(r.out, /predicted loss\s+2\.0\d\d nats\/token/);
    assert.match(r.out, /optimum for this compute\s+\d+(\.\d+)?B params/);
    assert.match(r.out, /waste\s+8\d% of the compute/);
    assert.match(r.out, /GPU-hours\s+[\d.]+k GPU-h/);
    assert.match(r.out, /emissions\s+[\d.]+ tCO2e/);
    assert.doesNotMatch(r.out, /Budget plan/, 'no caps, no plan');
  });

  it('--inference-tokens gives the verdict; heavy demand justifies the over-training', () => {
    const none = runCli('estimate', LLAMA3_8B, '--inference-tokens', '0');
    assert.match(none.out, /inference verdict\s+not justified/);
    const heavy = runCli('estimate', LLAMA3_8B, '--inference-tokens', '100T');
    assert.match(heavy.out, /inference verdict\s+justified/);
    assert.match(heavy.out, /lifetime-optimal model\s+[\d.]+B params/);
  });

  it('--json keeps schemaVersion 1 and adds scaling and budgetPlan keys', () => {
    const r = runCli('estimate', LLAMA3_8B, '--json', '--inference-tokens', '1e14', '--max-usd', '1000000', '--max-days', '30');
    assert.equal(r.code, 1, 'the $1M cap is exceeded: exit 1 as before');
    const json = JSON.parse(r.out);
    assert.equal(json.schemaVersion, 1);
    assert.ok(json.projection && json.computeOptimal, 'existing keys stay');
    assert.equal(json.scaling.fit.id, 'epoch-2024');
    assert.ok(json.scaling.predictedLoss > 1.8 && json.scaling.predictedLoss < 2.5);
    assert.ok(json.scaling.waste.gpuHours.point > 0);
    assert.equal(json.scaling.inference.verdict, 'justified');
    assert.ok(['usd', 'days'].includes(json.budgetPlan.binding));
    assert.ok(json.budgetPlan.caps.length === 2);
    assert.ok(!/NaN|Infinity/.test(r.out));
  });

  it('the table shows the plan with the binding cap marked and the lever that relaxes it', () => {
    const r = runCli('estimate', LLAMA3_8B, '--max-days', '30');
    assert.equal(r.code, 1, 'a days cap the run exceeds is an exceeded budget, like the others');
    assert.match(r.err, /wall-clock [\d,.]+ days exceeds the budget of 30\.0 days \(command-line flag --max-days\)/);
    assert.match(r.out, /Budget plan/);
    assert.match(r.out, /\* days cap\s+30 days vs/);
    assert.match(r.out, /relax with\s+\d+ GPUs instead of 8/);
  });

  it('a config without tokens says what the scaling view needs, in the table and as JSON', () => {
    const t = runCli('estimate', PYTHIA, '--inference-tokens', '1T');
    assert.match(t.out, /Scaling law[^\n]*\n\s+not available\s+needs the training tokens/);
    const j = JSON.parse(runCli('estimate', PYTHIA, '--json').out);
    assert.equal(j.scaling.predictedLoss, null);
    assert.equal(j.budgetPlan, null);
  });

  it('nonsense values for the new flags are one-line usage errors', () => {
    for (const [flag, value] of [
      ['--inference-tokens', 'lots'],
      ['--max-days', 'soon'],
    ] as const) {
      const r = runCli('estimate', LLAMA3_8B, flag, value);
      assert.equal(r.code, 2);
      assert.match(r.err, new RegExp(`^footprint-lens: ${flag} expects [^\\n]+\\n$`));
    }
  });
});
