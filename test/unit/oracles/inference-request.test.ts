// Reference worked example §5 (one inference request) as an oracle: 500 output tokens of Llama-3-70B on H100 INT8 at
// 0.3 Wh per token, PUE 1.1, 400 gCO2e/kWh → 66 gCO2e; and the break-even request count against a training run.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyze } from '../../../src/core/analyze';
import { DEFAULT_INFERENCE_ENERGY_ID, DEFAULT_OUTPUT_TOKENS_PER_REQUEST, findInferenceEnergy } from '../../../src/core/data/inference-energy';
import { analysisToJson } from '../../../src/core/present/json';
import { markdownReport } from '../../../src/core/report/markdown';
import { efficiencyMetrics } from '../../../src/core/report/metrics';
import { breakEvenRequests, requestFootprint } from '../../../src/core/scaling';

const CONFIG = 'DeepSpeedExamples/ds_config.json';
const TEXT = readFileSync(path.join(__dirname, '../../fixtures/configs', CONFIG), 'utf8');

describe('worked example 5: one inference request', () => {
  const row = findInferenceEnergy(DEFAULT_INFERENCE_ENERGY_ID)!;

  it('the data row is the Llama-3-70B H100 INT8 figure, with a source and a year', () => {
    assert.equal(row.whPerOutputToken, 0.3);
    assert.match(`${row.model} ${row.gpu} ${row.precision}`, /Llama-3-70B H100 INT8/);
    assert.ok(row.source.length > 0 && row.year > 2000);
  });

  it('a 500-token answer at PUE 1.1 on a 400 g/kWh grid emits 66 gCO2e', () => {
    const r = requestFootprint({ outputTokens: 500, whPerOutputToken: row.whPerOutputToken, pue: 1.1, gridGPerKWh: 400 });
    assert.ok(r.ok);
    assert.equal(Number(r.value.co2eG.toFixed(6)), 66);
    assert.equal(Number(r.value.facilityEnergyWh.toFixed(6)), 165);
  });

  it('N_break = training energy / (output tokens × energy per token): serving that many answers uses the training energy', () => {
    // Worked example 3's run: 289,012 kWh at the GPUs.
    const n = breakEvenRequests(289_012, 500, 0.3)!;
    assert.equal(Math.round(n), 1_926_747);
    assert.ok(Math.abs((n * 500 * 0.3) / 1000 / 289_012 - 1) < 1e-12);
  });

  it('unusable inputs give a reason or null, never NaN or Infinity', () => {
    const bad = requestFootprint({ outputTokens: 0, whPerOutputToken: 0.3, pue: 1.1, gridGPerKWh: 400 });
    assert.equal(bad.ok, false);
    assert.equal(requestFootprint({ outputTokens: 500, whPerOutputToken: 0.3, pue: 0.5, gridGPerKWh: 400 }).ok, false);
    assert.equal(breakEvenRequests(0, 500, 0.3), null);
    assert.equal(breakEvenRequests(1e5, 500, Number.NaN), null);
    assert.equal(breakEvenRequests(Infinity, 500, 0.3), null);
  });

  describe("through analyze() and the report, for a 70.6B run (the served model's own size)", () => {
    const a = analyze(TEXT, {
      fileName: CONFIG,
      overrides: { gpuType: 'H100', gpus: 2048, params: 70.6e9, tokens: 1.4e12, precision: 'bf16', mfu: 0.4, pue: 1.1, gridGPerKWh: 400, energyMethod: 'rated' },
    });
    const byId = new Map(efficiencyMetrics(a).map((m) => [m.id, m]));

    it('the efficiency metrics give 66 gCO2e per 500-token answer and the break-even request count', () => {
      assert.equal(DEFAULT_OUTPUT_TOKENS_PER_REQUEST.value, 500);
      assert.equal(Number(byId.get('inferenceCO2eGPerRequest')!.value!.toFixed(6)), 66);
      const itKWh = a.projection!.itEnergyKWh!.point;
      assert.ok(Math.abs(byId.get('inferenceBreakEvenRequests')!.value! - (itKWh * 1000) / (500 * 0.3)) < 1e-6);
    });

    it("the Markdown report's efficiency section prints 66 gCO2e per request", () => {
      const md = markdownReport(a);
      const section = md.slice(md.indexOf('## Efficiency'), md.indexOf('## Equivalents'));
      assert.match(section, /inference carbon per request \(500-token answer[^|]*\| 66 gCO2e \|/);
      assert.match(section, /requests until serving uses the training energy[^|]*\| [\d.]+M requests \|/);
    });

    it('estimate --json carries the same figures under scaling.inference.serving when an inference demand is given', () => {
      const json = JSON.parse(JSON.stringify(analysisToJson(a, { lifetimeInferenceTokens: 1e11 * 500 })));
      const serving = json.scaling.inference.serving;
      assert.equal(serving.outputTokensPerRequest, 500);
      assert.equal(Number(serving.request.co2eG.toFixed(6)), 66);
      assert.equal(serving.breakEvenRequests, byId.get('inferenceBreakEvenRequests')!.value);
      assert.match(serving.basis.source, /\S/);
      assert.equal(analysisToJson(a).scaling?.inference, null, 'no demand, no inference block');
    });

    it('a smaller model is charged proportionally less per answer (energy per token scales with parameters)', () => {
      const small = analyze(TEXT, {
        fileName: CONFIG,
        overrides: { gpuType: 'H100', gpus: 256, params: 7.06e9, tokens: 1.4e12, mfu: 0.4, pue: 1.1, gridGPerKWh: 400 },
      });
      const g = efficiencyMetrics(small).find((m) => m.id === 'inferenceCO2eGPerRequest')!.value!;
      assert.equal(Number(g.toFixed(6)), 6.6);
    });

    it('without a parameter count the serving metrics say what is missing', () => {
      const bare = efficiencyMetrics(analyze(TEXT, { fileName: CONFIG }));
      for (const id of ['inferenceCO2eGPerRequest', 'inferenceBreakEvenRequests'] as const) {
        const m = bare.find((x) => x.id === id)!;
        assert.equal(m.value, null);
        assert.match(m.missing ?? '', /parameter count/);
      }
    });
  });
});
