// Prints the README's fine-tuning validation table: every published fine-tuning run (data/published-finetunes.ts)
// projected from its published facts with the default priors, against the published GPU-hours. Nothing is fitted
// to these runs. Run: npx tsx scripts/finetune-calibration-table.ts (npm run docs writes it into the README).
import { checkFineTunes, summarise } from '../src/core/estimate/finetune-validation';

const n = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(1)}k` : x >= 10 ? x.toFixed(0) : x.toFixed(1));
const checks = checkFineTunes();
const s = summarise(checks);
const lines = [
  `${s.runs} published fine-tuning runs, none used to fit anything: inside the projected range ${s.inside} of ${s.runs}; median error ×${s.medianErrorFactor.toFixed(2)}; ` +
    `projected LoRA/full time on GPT-3 175B ${s.loraOverFull.projected.toFixed(2)} against ${s.loraOverFull.published.toFixed(2)} published.`,
  '',
  '| Run | Hardware | Method | Published GPU-h | Projected (range) | Error | In range | MFU published implies | Source |',
  '|---|---|---|---|---|---|---|---|---|',
  ...checks.map((c) => {
    const r = c.run;
    const err = Math.exp(c.residual);
    const tokens = r.tokensUpperBound ? ` (tokens at most ${n(r.tokens / 1e6)}M)` : ` (for ${n(r.tokens / 1e6)}M tokens)`;
    return `| ${r.label} | ${r.gpus} × ${r.gpuId} | ${r.method}${tokens} | ${n(r.publishedGpuHours)}${r.method.includes('tokens/s') ? ' [D]' : ''} | ${n(c.gpuHours.point)} (${n(c.gpuHours.low)}-${n(c.gpuHours.high)}) | ${err >= 1 ? '+' : '−'}${Math.round(Math.abs(err - 1) * 100)}% | ${c.inside ? 'yes' : 'no'} | ${c.impliedMfu === null ? '—' : `${Math.round(c.impliedMfu * 100)}%`} | ${r.source} |`;
  }),
];
console.log(lines.join('\n'));
