// Prints the README's memory validation table: every published measured peak (data/published-memory.ts) against the
// memory-per-GPU estimate rebuilt from the run's published configuration. Nothing is fitted to these rows.
// Run: npx tsx scripts/memory-validation-table.ts (npm run docs writes it into the README).
import { checkPeakMemory, summariseMemory, WITHIN_FRACTION } from '../src/core/memory/validation';
import { findGpu } from '../src/core/data/gpus';

const pct = (x: number) => `${x >= 0 ? '+' : '−'}${Math.round(Math.abs(x) * 100)}%`;
const checks = checkPeakMemory();
const s = summariseMemory(checks);
const within = Math.round(WITHIN_FRACTION * 100);
const setup = (c: (typeof checks)[number]) => {
  const r = c.row;
  const parts = [
    r.adapter ? `${r.adapter.kind === 'qlora' ? 'QLoRA' : 'LoRA'} r${r.adapter.rank}` : 'full',
    `${r.microBatch} × ${r.seqLength}`,
    r.optimizer === 'adam-8bit' ? (r.pagedOptimizer ? 'paged 8-bit AdamW' : '8-bit AdamW') : 'AdamW',
    r.zeroStage === 3 ? `FSDP ${r.gpus}` : '',
    r.cpuOffload ? 'CPU offload' : '',
    r.recompute === 'full' ? 'checkpointing' : '',
    r.optimizerInBackward ? 'step in backward' : '',
    r.activationOffload ? 'activation offload' : '',
    r.logits === 'chunked' ? 'chunked CE' : '',
    r.compiled ? 'compile' : '',
  ];
  return parts.filter(Boolean).join(', ');
};
const lines = [
  `${s.rows} measured peaks, none used to fit anything: the estimate is within ±${within}% for ${s.within} of ${s.rows} (${Math.round(s.withinShare * 100)}%; the goal is 80%); ` +
    `median error ${Math.round(s.medianAbsError * 100)}%; runs measured over their GPU's memory that the estimate says fit: ${s.falseFits}. ` +
    `${s.compiled.rows} of the ${s.rows} ran with torch.compile, which the estimate does not model (${s.compiled.within} of them within ±${within}%).`,
  '',
  '| Run | GPU | Setup | Measured (GiB) | Estimated (GiB) | Error | Within ±10% | Source |',
  '|---|---|---|---|---|---|---|---|',
  ...checks.map((c) => {
    const r = c.row;
    const gpu = findGpu(r.gpuId)?.name ?? r.gpuId;
    return `| ${r.label} | ${r.gpus > 1 ? `${r.gpus} × ` : ''}${gpu} | ${setup(c)} | ${r.measuredGiB.toFixed(1)} (${r.measured}) | ${c.predictedGiB.toFixed(1)} | ${pct(c.error)} | ${c.within ? 'yes' : 'no'} | [${r.cite}](${r.source}), ${r.year} |`;
  }),
];
console.log(lines.join('\n'));
