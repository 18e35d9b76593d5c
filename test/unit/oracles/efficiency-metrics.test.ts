// Reference worked example §4 (efficiency metrics at 400 W, PUE 1.1, 400 gCO2e/kWh) as an end-to-end oracle: a real
// DeepSpeed config analysed with each row's inputs, then the efficiency metrics and the Markdown report built on it.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { analyze } from '../../../src/core/analyze';
import { findGpu } from '../../../src/core/data/gpus';
import { markdownReport } from '../../../src/core/report/markdown';
import { efficiencyMetrics, type Metric } from '../../../src/core/report/metrics';

const CONFIG = 'DeepSpeedExamples/ds_config.json';
const TEXT = readFileSync(path.join(__dirname, '../../fixtures/configs', CONFIG), 'utf8');

const ROWS = [
  {
    name: '7B on 2T tokens',
    params: 7e9,
    tokens: 2e12,
    gpus: 256,
    hours: 480,
    kWh: 54_067,
    t: 21.6,
    flopsPerToken: 4.2e10,
    whPerParam: 0.0077,
    tokensPerKWh: 36_991_004,
    printed: ['0.0077 Wh per param', '37M tokens/kWh', '4.2e10 FLOP/token'],
  },
  {
    name: '70B on 2T tokens',
    params: 70e9,
    tokens: 2e12,
    gpus: 2048,
    hours: 1720,
    kWh: 1_549_926,
    t: 620.0,
    flopsPerToken: 4.2e11,
    whPerParam: 0.0221,
    tokensPerKWh: 1_290_384,
    printed: ['0.022 Wh per param', '1.29M tokens/kWh', '4.2e11 FLOP/token'],
  },
];

describe('worked example 4: efficiency metrics through analyze() and the report', () => {
  // A 400 W GPU: the A100 80GB's rated power in the GPU table.
  const a100 = findGpu('A100-80GB')!;
  for (const row of ROWS) {
    describe(row.name, () => {
      // The example states GPUs × hours; the product derives GPU-hours from FLOPs, peak and MFU, so the MFU that
      // gives the example's GPU-hours on this GPU is the input (6·N·D over peak × GPU-seconds).
      const mfu = (6 * row.params * row.tokens) / (a100.peakTFlops.bf16! * 1e12 * row.gpus * row.hours * 3600);
      const a = analyze(TEXT, {
        fileName: CONFIG,
        overrides: { gpuType: 'A100-80GB', gpus: row.gpus, params: row.params, tokens: row.tokens, precision: 'bf16', mfu, pue: 1.1, gridGPerKWh: 400, energyMethod: 'rated' },
      });
      const p = a.projection!;
      const byId = new Map<Metric['id'], Metric>(efficiencyMetrics(a).map((m) => [m.id, m]));

      it(`${row.gpus} GPUs × ${row.hours} h at 400 W: ${row.kWh.toLocaleString('en-US')} facility kWh and ${row.t} tCO2e`, () => {
        assert.equal(p.assumptions.find((x) => x.name === 'gpuPowerKW')?.value, 0.4);
        assert.equal(Math.round(p.gpuHours!.point), row.gpus * row.hours);
        assert.equal(Math.round(p.wallClockHours!.point), row.hours);
        assert.equal(Math.round(p.energyKWh!.point), row.kWh);
        assert.equal(Number((p.co2eKg!.point / 1000).toFixed(1)), row.t);
      });

      it(`FLOPs per token ${row.flopsPerToken.toExponential(1)}, energy per parameter ${row.whPerParam} Wh, ${row.tokensPerKWh.toLocaleString('en-US')} tokens per kWh`, () => {
        assert.ok(Math.abs(byId.get('flopsPerToken')!.value! / row.flopsPerToken - 1) < 1e-12);
        const wh = byId.get('energyWhPerParam')!.value!;
        assert.equal(Number(wh.toFixed(String(row.whPerParam).length - 2)), row.whPerParam);
        assert.equal(Math.round(byId.get('tokensPerKWh')!.value!), row.tokensPerKWh);
      });

      it("the Markdown report's efficiency section prints those figures", () => {
        const md = markdownReport(a);
        const section = md.slice(md.indexOf('## Efficiency'), md.indexOf('## Equivalents'));
        for (const text of row.printed) assert.ok(section.includes(text), `missing "${text}" in:\n${section}`);
      });
    });
  }
});
