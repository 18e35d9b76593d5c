// Run completion: from what a file states to what a projection needs. Derives parameters, GPU count, data-parallel
// size, global batch and tokens, each with the formula in words; checks the batch and parallelism arithmetic; lists
// the inputs still missing. Works on any format's RunSpec, so no extractor repeats this arithmetic.
import { findTokenizer } from '../data/tokenizers';
import { countParams, missingForParams } from '../model/params';
import type { MissingInput, RunSpec, Sourced } from '../types';
import { completeFineTuneTokens } from './finetune-tokens';
import { finding } from '../present/findings';

const derived = (value: number, detail: string): Sourced<number> => ({ value, source: 'derived', detail });

function fmt(n: number): string {
  return Number.isInteger(n) ? n.toLocaleString('en-US') : String(n);
}

/** The product of the model-parallel degrees that share one data-parallel replica. */
function modelParallelDegree(run: RunSpec): { degree: number; words: string } {
  const parts: Array<[string, number]> = [];
  for (const [name, v] of [
    ['TP', run.parallel.tp],
    ['PP', run.parallel.pp],
    ['CP', run.parallel.cp],
  ] as const) {
    if (v && v.value > 1) parts.push([name, v.value]);
  }
  return { degree: parts.reduce((a, [, v]) => a * v, 1), words: parts.map(([n, v]) => `${n} ${v}`).join(' × ') || '1' };
}

export function completeRun(run: RunSpec): RunSpec {
  completeParams(run);
  completeGpus(run);
  completeBatch(run);
  // A fine-tune counts its tokens by its method (preference pairs, RL experience); the rest by steps × batch × seq.
  if (run.fineTune) completeFineTuneTokens(run);
  else completeTokens(run);
  run.missing = missingInputs(run);
  return run;
}

/**
 * When the vocabulary is all a parameter count lacks (the file names a tokenizer file it does not ship), take the
 * tokenizer its architecture family most often uses, say so, and count: the embedding is a few percent of a model's
 * parameters, so the count stays close, where leaving it out would leave no projection at all.
 */
function defaultVocabulary(run: RunSpec): void {
  const lacking = missingForParams(run.arch);
  if (lacking.length !== 1 || lacking[0] !== 'vocabSize') return;
  const llamaLike = run.arch.ffnActivation?.value === 'swiglu';
  const row = findTokenizer(llamaLike ? 'llama2' : 'gpt2');
  if (!row) return;
  run.arch.vocabSize = {
    value: row.vocabSize,
    source: 'default',
    detail: `vocabulary not in the file; ${row.vocabSize.toLocaleString('en-US')} of the ${row.name} tokenizer assumed, the usual one for ${llamaLike ? 'SwiGLU (Llama-style)' : 'GELU (GPT-style)'} models (${row.source}, ${row.year})`,
  };
  run.findings.push(finding('default-vocabulary', { vocabSize: row.vocabSize, tokenizer: row.name }));
}

function completeParams(run: RunSpec): void {
  if (!run.params) defaultVocabulary(run);
  const count = countParams(run.arch);
  if (!run.params && count) run.params = derived(count.total, count.formula);
  if (!run.activeParams && run.params) {
    if (count && count.active !== count.total) run.activeParams = derived(count.active, `active per token: ${count.formula}`);
    else if (!run.arch.moe) run.activeParams = { ...run.params, detail: `dense model: all parameters are active (${run.params.detail})` };
  }
  if (!run.params) {
    const lacking = missingForParams(run.arch);
    if (lacking.length > 0 && lacking.length < 4) {
      run.findings.push(finding('params-underdetermined', { lacking }));
    }
  }
}

function completeGpus(run: RunSpec): void {
  const mp = modelParallelDegree(run);
  if (!run.gpus && run.nodes && run.gpusPerNode) {
    run.gpus = derived(
      run.nodes.value * run.gpusPerNode.value,
      `${fmt(run.nodes.value)} node${run.nodes.value === 1 ? '' : 's'} × ${fmt(run.gpusPerNode.value)} GPU${run.gpusPerNode.value === 1 ? '' : 's'} per node`,
    );
  }
  // DeepSpeed: train_batch_size = micro × accumulation × DP, and GPUs = DP × model-parallel degree.
  if (!run.gpus && !run.parallel.dp && run.globalBatch && run.microBatch && run.gradAccum) {
    const dp = run.globalBatch.value / (run.microBatch.value * run.gradAccum.value);
    if (Number.isInteger(dp) && dp >= 1) {
      run.parallel.dp = derived(dp, `global batch ${fmt(run.globalBatch.value)} ÷ (micro ${run.microBatch.value} × accumulation ${run.gradAccum.value})`);
      run.gpus = derived(dp * mp.degree, mp.degree > 1 ? `DP ${dp} × ${mp.words}` : `DP ${dp} (one GPU per data-parallel rank)`);
    }
  }
  if (!run.gpus && run.parallel.dp) {
    run.gpus = derived(run.parallel.dp.value * mp.degree, `DP ${fmt(run.parallel.dp.value)} × ${mp.words}`);
  }
  if (run.gpus && mp.degree > 1 && run.gpus.value % mp.degree !== 0) {
    // A derived GPU count has no place in the file: point at the node count, else at a parallel degree.
    const span = run.gpus.span ?? run.nodes?.span ?? run.gpusPerNode?.span ?? run.parallel.pp?.span ?? run.parallel.tp?.span ?? run.parallel.cp?.span;
    run.findings.push(finding('parallelism-mismatch', { gpus: fmt(run.gpus.value), groups: mp.words, degree: mp.degree }, { span }));
    return;
  }
  const ep = run.parallel.ep?.value;
  if (run.gpus && ep && ep > 1 && (run.gpus.value / mp.degree) % ep !== 0) {
    run.findings.push(finding('parallelism-mismatch', { ep, dp: fmt(run.gpus.value / mp.degree), gpus: fmt(run.gpus.value), groups: mp.words }, { span: run.parallel.ep?.span }));
  }
  if (run.gpus && !run.parallel.dp) {
    run.parallel.dp = derived(run.gpus.value / mp.degree, `${fmt(run.gpus.value)} GPUs ÷ (${mp.words})`);
  }
}

function completeBatch(run: RunSpec): void {
  const { microBatch: micro, gradAccum: accum, globalBatch: global } = run;
  const dp = run.parallel.dp;
  if (!global && micro && dp) {
    const ga = accum?.value ?? 1;
    run.globalBatch = derived(micro.value * ga * dp.value, `micro ${micro.value} × accumulation ${ga}${accum ? '' : ' (not set: 1)'} × DP ${fmt(dp.value)}`);
    return;
  }
  if (global && micro && dp) {
    const implied = global.value / (micro.value * dp.value);
    if (accum && accum.value * micro.value * dp.value !== global.value) {
      const args = { global: fmt(global.value), micro: micro.value, accumulation: accum.value, dp: fmt(dp.value), product: fmt(micro.value * accum.value * dp.value) };
      run.findings.push(finding('batch-arithmetic', args, { span: global.span }));
    } else if (!accum && Number.isInteger(implied)) {
      run.gradAccum = derived(implied, `global batch ${fmt(global.value)} ÷ (micro ${micro.value} × DP ${fmt(dp.value)})`);
    } else if (!accum) {
      run.findings.push(finding('batch-arithmetic', { global: fmt(global.value), micro: micro.value, dp: fmt(dp.value) }, { span: global.span }));
    }
  }
}

function completeTokens(run: RunSpec): void {
  if (run.tokens) return;
  const seq = run.seqLength;
  if (!seq) return;
  if (run.trainSamples) {
    run.tokens = derived(run.trainSamples.value * seq.value, `${fmt(run.trainSamples.value)} samples × sequence ${fmt(seq.value)}`);
  } else if (run.trainIters && run.globalBatch) {
    run.tokens = derived(run.trainIters.value * run.globalBatch.value * seq.value, `${fmt(run.trainIters.value)} steps × global batch ${fmt(run.globalBatch.value)} × sequence ${fmt(seq.value)}`);
  }
}

function missingInputs(run: RunSpec): MissingInput[] {
  const missing: MissingInput[] = [];
  if (!run.activeParams) missing.push('params');
  if (!run.tokens) missing.push('tokens');
  if (!run.gpus) missing.push('gpus');
  if (!run.gpuType) missing.push('gpuType');
  if (!run.precision) missing.push('precision');
  if (!run.seqLength) missing.push('seqLength');
  return missing;
}
