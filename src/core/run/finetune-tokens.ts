// The tokens of a fine-tune, from what its recipe states, counted the way the passes of estimate/finetune.ts use them:
//   steps × global batch × sequence length        (packed: exact; not packed: every row counted at full length)
//   epochs × dataset examples × sequence length   (an upper bound: examples are counted at the full length)
// For a preference objective each example is two sequences (chosen and rejected), so both are counted. For RL the
// tokens are the experience: steps (or epochs × prompts in the dataset) × prompts per step × samples per prompt ×
// (prompt + response length). A recipe that runs by epochs over a dataset whose size it does not give gets one
// finding, `needs-dataset-size`, pointing at the epochs, with what to set.
import { DEFAULT_GENERATIONS } from '../data/finetune';
import { isPairwise, isReinforcement } from '../estimate/finetune';
import { finding } from '../present/findings';
import { formatCount } from '../present/units';
import type { DatasetSize, FineTuneSpec, RunSpec, Sourced } from '../types';

const derived = (value: number, detail: string): Sourced<number> => ({ value, source: 'derived', detail });

function fmt(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : String(Number(n.toPrecision(4)));
}

export function completeFineTuneTokens(run: RunSpec): void {
  const ft = run.fineTune;
  if (!ft) return;
  const p = ft.promptLength?.value;
  const r = ft.responseLength?.value;
  // An RL sample is the sequence the trained passes run on, and their attention spans it.
  if (isReinforcement(ft.objective.value) && !run.seqLength && p !== undefined && r !== undefined) run.seqLength = derived(p + r, `one sample: prompt ${fmt(p)} + response ${fmt(r)} tokens`);
  if (!run.tokens) {
    if (isReinforcement(ft.objective.value)) reinforcementTokens(run, ft);
    else supervisedTokens(run, ft);
  }
  if (!run.tokens) needsDatasetSize(run, ft);
}

function supervisedTokens(run: RunSpec, ft: FineTuneSpec): void {
  const seq = run.seqLength;
  if (!seq) return;
  const pairwise = isPairwise(ft.objective.value);
  const perExample = pairwise ? 2 : 1;
  const pairWords = pairwise ? ' × 2 sequences (chosen and rejected)' : '';
  const packed = ft.packing?.value === true;
  const padding = packed ? 'packed: every sequence full' : 'not packed: each row counted at the full sequence length, padding included (an upper bound)';
  if (run.trainIters && run.globalBatch) {
    run.tokens = derived(
      run.trainIters.value * run.globalBatch.value * seq.value * perExample,
      `${fmt(run.trainIters.value)} steps × global batch ${fmt(run.globalBatch.value)} × sequence ${fmt(seq.value)}${pairWords}; ${padding}`,
    );
    if (!packed) paddingFinding(run, seq);
    return;
  }
  const epochs = ft.epochs?.value;
  if (epochs && ft.dataset) {
    datasetTokens(run, ft.dataset, epochs, seq, packed, ft.heldOut);
    return;
  }
  const examples = ft.datasetExamples;
  if (epochs && examples) {
    const kept = trainExamples(examples.value, ft.heldOut);
    run.tokens = derived(
      epochs * kept.examples * seq.value * perExample,
      `${fmt(epochs)} epoch${epochs === 1 ? '' : 's'} × ${fmt(kept.examples)} examples (${examples.detail}${kept.words}) × sequence ${fmt(seq.value)}${pairWords}; every example counted at the full length (an upper bound)`,
    );
    run.findings.push(finding('examples-at-full-length', { examples: fmt(examples.value), seqLength: fmt(seq.value) }, { span: examples.span ?? ft.epochs?.span }));
  }
}

/**
 * Epochs × the datasets' tokens, each example cut at the sequence length (two sequences for a pair). Packed, that is
 * the compute; not packed, each micro-batch is padded to its longest example, whose expected length follows from the
 * measured distribution of lengths (the expected maximum of B draws); a size without a distribution is counted as is.
 */
/**
 * The examples left for training once a share (0 < v < 1) or a count (v ≥ 1) is held out for evaluation, as
 * datasets' train_test_split takes them (the held-out count rounded up), with the words for the provenance.
 */
export function trainExamples(examples: number, heldOut: Sourced<number> | undefined): { examples: number; words: string } {
  const v = heldOut?.value;
  if (!heldOut || v === undefined || v <= 0) return { examples, words: '' };
  const held = Math.min(examples, v < 1 ? Math.ceil(v * examples) : Math.round(v));
  return { examples: examples - held, words: `, less ${fmt(held)} held out for evaluation by ${heldOut.detail}` };
}

function datasetTokens(run: RunSpec, dataset: DatasetSize, epochs: number, seq: Sourced<number>, packed: boolean, heldOut: Sourced<number> | undefined): void {
  const batch = run.microBatch?.value ?? 1;
  let real = 0;
  let padded = 0;
  let unmeasured = false;
  for (const part of dataset.parts) {
    const cap = seq.value * (part.pairwise ? 2 : 1);
    const mean = part.tokens / Math.max(part.examples, 1);
    if (part.percentiles && part.percentiles.length > 1) {
      const r = part.examples * meanCut(part.percentiles, cap, mean);
      real += r;
      padded += r + part.examples * Math.max(0, expectedMaxCut(part.percentiles, cap, batch) - expectedMaxCut(part.percentiles, cap, 1));
    } else {
      real += part.examples * Math.min(mean, cap);
      padded += part.examples * Math.min(mean, cap);
      unmeasured ||= batch > 1;
    }
  }
  const cut = real < dataset.tokens.value * 0.999 ? `; ${formatCount(dataset.tokens.value - real)} cut off by the sequence length ${fmt(seq.value)}` : '';
  // Held-out examples leave the training set in proportion (the split is random over examples).
  const allExamples = dataset.parts.reduce((a, part) => a + part.examples, 0);
  const kept = trainExamples(allExamples, heldOut);
  const share = allExamples > 0 ? kept.examples / allExamples : 1;
  real *= share;
  padded *= share;
  const counted = packed ? real : padded;
  const padding = packed
    ? 'packed: sequences filled with examples, no padding'
    : batch > 1 && !unmeasured
      ? `not packed: each micro-batch of ${fmt(batch)} padded to its longest example (${formatCount(padded - real)} padding tokens per epoch, expected from the measured lengths)`
      : batch > 1
        ? `not packed: padding to the longest example of each micro-batch of ${fmt(batch)} is not counted (no length distribution)`
        : 'not packed: micro-batch 1, so no padding';
  run.tokens = derived(
    epochs * counted,
    `${fmt(epochs)} epoch${epochs === 1 ? '' : 's'} × ${formatCount(packed ? real : padded)} tokens per epoch (${dataset.tokens.detail}${cut}${kept.words}); ${padding}`,
  );
  run.tokens.span = dataset.tokens.span;
}

/** Mean of min(t, cap) over a length distribution given by its 101 percentiles, scaled so that uncut it is the exact mean. */
function meanCut(p: number[], cap: number, exactMean: number): number {
  const uncut = p.reduce((a, b) => a + b, 0) / p.length;
  const cutMean = p.reduce((a, b) => a + Math.min(b, cap), 0) / p.length;
  return uncut > 0 ? Math.max(0, Math.min(cap, exactMean - (uncut - cutMean))) : 0;
}

/** Expected longest of B examples (each cut at cap), the percentiles read as an evenly weighted distribution. */
function expectedMaxCut(p: number[], cap: number, batch: number): number {
  const n = p.length;
  let e = 0;
  for (let k = 0; k < n; k++) e += Math.min(p[k]!, cap) * (Math.pow((k + 1) / n, batch) - Math.pow(k / n, batch));
  return e;
}

function paddingFinding(run: RunSpec, seq: Sourced<number>): void {
  run.findings.push(finding('padding-counted', { seqLength: fmt(seq.value) }, { span: run.fineTune?.packing?.span ?? seq.span }));
}

function reinforcementTokens(run: RunSpec, ft: FineTuneSpec): void {
  const p = ft.promptLength?.value;
  const r = ft.responseLength?.value;
  const perSample = p !== undefined && r !== undefined ? p + r : run.seqLength?.value;
  if (!perSample) return;
  const lengthWords = p !== undefined && r !== undefined ? `(prompt ${fmt(p)} + response ${fmt(r)})` : `sequence ${fmt(perSample)}`;
  const g = ft.generationsPerPrompt?.value ?? (ft.objective.value === 'grpo' ? DEFAULT_GENERATIONS.value : 1);
  const gWords = ft.generationsPerPrompt ? `${fmt(g)} samples per prompt` : ft.objective.value === 'grpo' ? `${fmt(g)} samples per prompt (default)` : '1 sample per prompt';
  if (ft.batchCountsSamples && run.trainIters && run.globalBatch) {
    run.tokens = derived(
      run.trainIters.value * run.globalBatch.value * perSample,
      `${fmt(run.trainIters.value)} steps × global batch ${fmt(run.globalBatch.value)} samples (${gWords}) × ${lengthWords}, at maximum lengths (an upper bound)`,
    );
    return;
  }
  const prompts = ft.promptsPerStep ?? (ft.batchCountsSamples ? undefined : run.globalBatch);
  if (run.trainIters && prompts) {
    run.tokens = derived(
      run.trainIters.value * prompts.value * g * perSample,
      `${fmt(run.trainIters.value)} steps × ${fmt(prompts.value)} prompts × ${gWords} × ${lengthWords}, at maximum lengths (an upper bound)`,
    );
    return;
  }
  const epochs = ft.epochs?.value;
  if (epochs && ft.datasetExamples) {
    run.tokens = derived(
      epochs * ft.datasetExamples.value * g * perSample,
      `${fmt(epochs)} epochs × ${fmt(ft.datasetExamples.value)} prompts × ${gWords} × ${lengthWords}, at maximum lengths (an upper bound)`,
    );
  }
}

function needsDatasetSize(run: RunSpec, ft: FineTuneSpec): void {
  if (!ft.epochs || run.trainIters) return;
  const unit = isReinforcement(ft.objective.value) ? 'prompts' : 'examples';
  // Epochs read from a companion (the recipe of an opened DeepSpeed JSON) name that file and line.
  const where = ft.epochs.source === 'companion' ? ft.epochs.detail : `line ${(ft.epochs.span?.line ?? 0) + 1}`;
  const args = { epochs: fmt(ft.epochs.value), one: ft.epochs.value === 1, where, unit, per: unit === 'prompts' ? 'sample' : 'example' };
  run.findings.push(finding('needs-dataset-size', args, { span: ft.epochs.span }));
}
