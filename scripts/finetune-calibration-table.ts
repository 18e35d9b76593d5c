// Prints the README's fine-tuning validation table: every published fine-tuning run (data/published-finetunes.ts)
// projected from its published facts, against the published GPU-hours. One constant is fitted on these runs, the
// fine-tuning utilisation factor and its range (data/finetune.ts FINETUNE_MFU), so every projection shown is out of
// sample: each run at the factor and range fitted without it. Run: npx tsx scripts/finetune-calibration-table.ts
// (npm run docs writes it into the README).
import { checkFineTunes, fitFineTuneFactor, summarise } from '../src/core/estimate/finetune-validation';
import { FINETUNE_MFU } from '../src/core/data/finetune';

const n = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(1)}k` : x >= 10 ? x.toFixed(0) : x.toFixed(1));
const checks = checkFineTunes();
const s = summarise(checks);
const fit = fitFineTuneFactor(checks);
const pct = (x: number) => `${Math.round(x * 100)}%`;
const lines = [
  `${checks.length} published fine-tuning runs; ${fit.runs} kept to fit the fine-tuning utilisation factor ×${FINETUNE_MFU.factor} (MFU range ×${FINETUNE_MFU.range.low}–×${FINETUNE_MFU.range.high}, nominal ${pct(FINETUNE_MFU.nominal)}). ` +
    `Out of sample (each run at a factor and range fitted without it): inside the range ${fit.outOfSampleInside} of ${fit.runs} (${pct(fit.outOfSampleInside / fit.runs)}); median error ×${fit.outOfSampleMedianErrorFactor.toFixed(2)}; ` +
    `projected LoRA/full time on GPT-3 175B ${s.loraOverFull.projected.toFixed(2)} against ${s.loraOverFull.published.toFixed(2)} published.`,
  '',
  '| Run | Hardware | Method | Published GPU-h | Projected, out of sample (range) | Error | In range | MFU published implies | Source |',
  '|---|---|---|---|---|---|---|---|---|',
  ...checks.map((c) => {
    const r = c.run;
    const tokens = r.tokensUpperBound ? ` (tokens at most ${n(r.tokens / 1e6)}M)` : ` (for ${n(r.tokens / 1e6)}M tokens)`;
    const oos = fit.outOfSample.get(r.id);
    const shown = oos ?? { point: c.gpuHours.point, low: c.gpuHours.low, high: c.gpuHours.high, inside: c.inside };
    const err = shown.point / r.publishedGpuHours;
    const why = c.excluded ? `not used: ${c.excluded}` : r.tokensUpperBound ? 'not used: its tokens are only an upper bound' : shown.inside ? 'yes' : 'no';
    return `| ${r.label} | ${r.gpus} × ${r.gpuId} | ${r.method}${tokens} | ${n(r.publishedGpuHours)}${r.method.includes('tokens/s') ? ' [D]' : ''} | ${n(shown.point)} (${n(shown.low)}-${n(shown.high)})${oos ? '' : ' †'} | ${err >= 1 ? '+' : '−'}${Math.round(Math.abs(err - 1) * 100)}% | ${why} | ${c.impliedMfu === null ? '—' : pct(c.impliedMfu)} | ${r.source} |`;
  }),
  '',
  '† Not used to fit: projected with the shipped factor and range.',
];
console.log(lines.join('\n'));
