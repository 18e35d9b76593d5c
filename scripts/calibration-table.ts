// Prints the README's calibration table as Markdown: every published run predicted by the MFU model fitted WITHOUT
// it (leave-one-out), its GPU-hours point and range against the published figure, the MFU the model predicts factor
// by factor, and the headline figures. Run: npx tsx scripts/calibration-table.ts (npm run docs writes it into README).
import { FINETUNE_MFU, QLORA_TIME_FACTOR } from '../src/core/data/finetune';
import { PUBLISHED_RUNS } from '../src/core/data/published-runs';
import { FP8_MFU_RATIO, LONG_CONTEXT, MFU_FIT, MFU_RANGE, PIPELINE } from '../src/core/data/mfu-benchmarks';
import { leaveOneOut, type LooSummary } from '../src/core/estimate/mfu-fit';

function count(n: number): string {
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)}k`;
  return n.toFixed(0);
}

function pct(x: number): string {
  return `${(x * 100).toFixed(0)}%`;
}

function factor(x: number): string {
  return `×${x.toFixed(2)}`;
}

function headline(s: LooSummary): string {
  return (
    `Leave-one-out on ${s.runs} published runs, nominal ${pct(s.nominal)}: inside the range ${s.inside} of ${s.runs} (${pct(s.coverage)}); ` +
    `median error ${factor(s.medianErrorFactor)}; worst ${factor(s.worstErrorFactor)} (${s.worstRun}); median range width ${factor(s.medianWidthFactor)}.`
  );
}

/** The model's factors with the values the code uses, so the README cannot state other ones. */
function factorTable(): string[] {
  const perDecade = Math.exp(MFU_FIT.sizeSlopePerDecade);
  const lo = Math.round((MFU_FIT.sizePivotParams * 10 ** MFU_FIT.sizeClampDecades.low) / 1e9);
  const hi = Math.round((MFU_FIT.sizePivotParams * 10 ** MFU_FIT.sizeClampDecades.high) / 1e9);
  return [
    '| Factor | From the config | Value | Where it comes from |',
    '|---|---|---|---|',
    `| Generation base | GPU type | Ampere ${pct1(MFU_FIT.ampere)}, Hopper ${pct1(MFU_FIT.hopper)} (BF16, 10B active); others follow Hopper by measured matmul efficiency, or, where the chip's bandwidth is known, the fitted generation with the nearer FLOP/byte ridge (RTX 4090: Ampere); TPU from Gopher, Volta from GPT-3 | fitted on the runs below; ML-ENG MAMF table; PaLM paper Table 3 |`,
    `| FP16 mixed precision | precision | ${factor(MFU_FIT.fp16)} against BF16 | fitted (Pythia, OPT, phi-1.5) |`,
    `| FP8 | precision | ${factor(FP8_MFU_RATIO.ratio)} of the BF16 MFU, against the FP8 peak | ${FP8_MFU_RATIO.source} (one FP8 run below: not fitted) |`,
    `| Size law | layers × width → active parameters | Hopper-class chips: ${factor(perDecade)} per decade of active parameters around 10B (${lo}B-${hi}B); none on Ampere | fitted |`,
    '| Mixture of experts | experts, top-k, shared experts | ×1: MFU taken at the active parameters; no further effect in the five MoE runs (a fitted factor did worse out of sample) | fitted, not kept |',
    `| Pipeline bubble | PP, gradient-accumulation steps (micro-batches per flush) | 1 − (pp−1)/(m+pp−1); m = ${PIPELINE.microbatchesPerStage}·pp when not given | ${PIPELINE.source} (arithmetic) |`,
    `| Long context | sequence length | −${pct(LONG_CONTEXT.lossPerDoubling)} per doubling past ${LONG_CONTEXT.aboveSeq / 1024}k | ${LONG_CONTEXT.source} |`,
    '| Cluster size, TP, CP, DP | GPU count, parallel degrees | ×1: once the generation is known the runs show no loss with cluster size (a fitted factor per doubling of GPUs past 1,024 came out positive, +9%, and was not kept); context parallelism is inside the long-context factor | fitted, not kept |',
    "| Micro-batch size | micro batch | ×1: not modelled; no published run states it, and it enters through the pipeline's micro-batch count | — |",
    '| Recomputation | full / selective | ×1 on MFU: the runs behind the bases mostly recompute, so their MFU carries it; HFU = MFU × hardware/model FLOPs is reported beside it | BigScience math/README; Korthikanti et al. 2022 |',
    `| Method factors | fine-tuning method | fine-tuning on one node ×${FINETUNE_MFU.factor} with its own range ×${FINETUNE_MFU.range.low}–×${FINETUNE_MFU.range.high} (fitted leave-one-out on the published fine-tuning runs); QLoRA dequantisation ÷${QLORA_TIME_FACTOR.range.point}; generation at its own decode-bound prior | src/core/data/finetune.ts |`,
    '',
    `Range of every projection: ${factor(MFU_RANGE.low)} to ${factor(MFU_RANGE.high)} of the point MFU, the ${pct(MFU_RANGE.nominal)} band of the leave-one-out residuals below.`,
  ];
}

function pct1(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

const { rows, summary } = leaveOneOut(PUBLISHED_RUNS);
const lines = [
  ...factorTable(),
  '',
  headline(summary),
  '',
  '| Run | Lab | Hardware | Published GPU-h | Projected, fit without it (80% range) | Error | In range | MFU published | MFU model, factor by factor |',
  '|---|---|---|---|---|---|---|---|---|',
  ...rows.map((r) => {
    const hw = `${r.run.gpus ? `${r.run.gpus} × ` : ''}${r.run.gpuId} ${r.run.precision}`;
    const published = `${count(r.run.publishedGpuHours)}${r.run.derived ? ' [D]' : ''}`;
    const projected = `${count(r.gpuHours.point)} (${count(r.gpuHours.low)}-${count(r.gpuHours.high)})`;
    const error = r.residual >= 0 ? `+${pct(Math.exp(r.residual) - 1)}` : `−${pct(1 - Math.exp(r.residual))}`;
    return `| ${r.run.label} | ${r.run.lab} | ${hw} | ${published} | ${projected} | ${error} | ${r.inside ? 'yes' : 'no'} | ${pct(r.publishedMfu)} | ${r.prior.explanation} |`;
  }),
  '',
  '[D]: GPU-hours derived from GPUs × days as the source states them. Sources per run: src/core/data/published-runs.ts.',
];
console.log(lines.join('\n'));
