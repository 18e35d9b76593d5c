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
const row = (c: (typeof checks)[number]) => {
  const r = c.row;
  const gpu = findGpu(r.gpuId)?.name ?? r.gpuId;
  const u = r.measuredUnit;
  const measured = r.measuredValue === 'oom' ? 'out of memory' : `${r.measuredValue.toFixed(1)} ${u} (${r.measured})`;
  const verdict = { fits: 'fits', tight: 'tight', 'does-not-fit': 'does not fit' }[c.estimate.verdict];
  const estimated = `${c.predicted.toFixed(1)} ${u}${r.measuredValue === 'oom' ? ` (${verdict})` : ''}`;
  const error = c.error === null ? '—' : pct(c.error);
  const ok = c.error === null ? (c.estimate.verdict === 'does-not-fit' ? 'yes (does not fit)' : `no (${verdict})`) : c.within ? 'yes' : 'no';
  return { r, gpu: `${r.gpus > 1 ? `${r.gpus} × ` : ''}${gpu}`, measured, estimated, error, ok, source: `[${r.cite}](${r.source}), ${r.year}` };
};
const counted = checks.filter((c) => c.row.leftOut === undefined);
const leftOut = checks.filter((c) => c.row.leftOut !== undefined);
const lines = [
  `${s.rows} measured peaks (and ${s.leftOut} left out, below), none used to fit anything: the estimate is within ±${within}% for ${s.within} of ${s.rows} (${Math.round(s.withinShare * 100)}%; the goal is 80%); ` +
    `median error ${Math.round(s.medianAbsError * 100)}%. ${s.outOfMemory.rows} runs stopped out of memory: the estimate says ${s.outOfMemory.doesNotFit} of them do not fit, ` +
    `${s.outOfMemory.tight} fit tightly and ${s.outOfMemory.fits} fit (the goal is none). ` +
    `${s.compiled.rows} of the ${s.rows} measured runs used torch.compile, read as fused layers and a compiled loss (${s.compiled.within} of them within ±${within}%).`,
  '',
  '| Run | GPU | Setup | Measured | Estimated | Error | Within ±10% | Source |',
  '|---|---|---|---|---|---|---|---|',
  ...counted.map((c) => {
    const x = row(c);
    return `| ${x.r.label} | ${x.gpu} | ${setup(c)} | ${x.measured} | ${x.estimated} | ${x.error} | ${x.ok} | ${x.source} |`;
  }),
  '',
  `Left out, and why (${leftOut.length} rows: shown with the estimate, not counted; each figure cannot be its stated configuration's peak by the source's own numbers):`,
  '',
  '| Run | GPU | Setup | Measured | Estimated | Why left out | Source |',
  '|---|---|---|---|---|---|---|',
  ...leftOut.map((c) => {
    const x = row(c);
    const states = c.stepStatesBytes / (x.r.measuredUnit === 'GiB' ? 2 ** 30 : 1e9);
    const why = typeof x.r.measuredValue === 'number' && states > x.r.measuredValue ? `${x.r.leftOut} (${states.toFixed(1)} ${x.r.measuredUnit})` : x.r.leftOut;
    return `| ${x.r.label} | ${x.gpu} | ${setup(c)} | ${x.measured} | ${x.estimated} | ${why} | ${x.source} |`;
  }),
];
console.log(lines.join('\n'));
