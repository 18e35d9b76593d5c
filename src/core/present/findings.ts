// What each finding code means and what to do about it: the README's "Findings" section is generated from this
// table, the editor's diagnostics link to the code's anchor there, and a test checks that every code the core can
// emit is listed here.

export interface FindingDoc {
  code: string;
  /** One line: what it means. */
  meaning: string;
  /** One line: what the user can do. */
  fix: string;
}

export const FINDING_DOCS: readonly FindingDoc[] = [
  // Reading the file
  { code: 'parse-error', meaning: 'The file has a syntax error; values before and after it may still be read.', fix: 'Fix the syntax at the line named.' },
  { code: 'duplicate-key', meaning: 'A key appears twice; the last one wins, as in the tools that read the file.', fix: 'Delete the copy you did not mean.' },
  { code: 'file-too-large', meaning: 'The file is over the analysis size limit and was not analysed.', fix: 'Raise footprint.maxFileSizeKB, or analyse it with the CLI.' },
  { code: 'large-section', meaning: 'A section (JSON, YAML or TOML) holds thousands of entries (a dataset list or a sweep); only the first 2,000 are read, so a huge file costs little more than its parse.', fix: 'Nothing, unless a training setting sits past them: move it up.' },
  { code: 'expansion-capped', meaning: 'A launch script nests expansions deeper, or grows a variable longer, than any real script does (`X="$X $X"` in a loop); past the cap the value is read as unknown instead of expanded.', fix: 'Give the value literally, or with a flag or annotation.' },
  { code: 'too-complex', meaning: 'The file nests, expands or takes longer than any training config would (a bound of the analysis was hit), so analysis stopped there.', fix: 'Simplify the construct the message names, or give the values with flags or annotations.' },
  { code: 'internal-error', meaning: 'Footprint Lens failed on this file; the editor keeps working.', fix: 'Report it with the file attached.' },
  { code: 'value-deferred', meaning: 'A value is "auto" or empty: the launcher or trainer sets it, so it is not read from the file.', fix: 'Nothing, or give the value with a flag or annotation.' },
  { code: 'unresolved-reference', meaning: 'A value refers to a variable or interpolation that could not be resolved without running anything.', fix: 'Give the value literally, or set it with a flag or annotation.' },
  { code: 'not-a-number', meaning: 'A key that must be a number holds something else.', fix: 'Write a number.' },
  { code: 'implausible-value', meaning: 'A value is negative, zero, fractional or absurdly large for its key, and was ignored.', fix: 'Correct the value.' },
  { code: 'unknown-annotation', meaning: 'A `# footprint:` comment has a key or value that is not understood.', fix: 'Use gpu=, gpus=, region=, pue=, price=, grid=, mfu=, tokens= or params=.' },
  { code: 'unknown-preset', meaning: 'The config names a model (torchtitan flavor, LitGPT model_name) that is not in the model table, so its dimensions are unknown.', fix: 'Give the parameter count with an annotation, setting or --params.' },
  { code: 'unknown-tokenizer', meaning: 'The config names a tokenizer file whose vocabulary size is not known, so embedding parameters cannot be counted.', fix: 'Give the parameter count with an annotation, setting or --params.' },
  { code: 'unknown-precision', meaning: 'The precision value is not one the format is known to accept; precision is left unset.', fix: 'Use one of the values the message lists.' },
  { code: 'unknown-method', meaning: 'The recipe names a training method (rl:, stage:, adapter:) this tool does not know; it is counted as the closest one the message names.', fix: 'Check the value, or give the tokens and size to compare.' },
  { code: 'eight-bit-base', meaning: 'LoRA on 8-bit base weights: dequantising them costs time that is not modelled, so the run is counted as 16-bit LoRA.', fix: 'Nothing, or measure and calibrate.' },
  { code: 'launcher-config', meaning: 'A launcher config (accelerate) gives GPUs and precision, not the model or the training length.', fix: 'Open the recipe it launches, or give the size and tokens.' },
  { code: 'needs-dataset-size', meaning: 'A fine-tune runs by epochs over a dataset whose size the recipe does not give, so its tokens are unknown.', fix: 'Set training tokens: `# footprint: tokens=...` (the lens and quick fix write it) or --tokens.' },
  { code: 'padding-counted', meaning: 'Packing is off, so each sequence is counted at the full length, padding included: the compute is an upper bound.', fix: 'Turn packing on, or give the real token count.' },
  { code: 'examples-at-full-length', meaning: "A fine-tune's tokens are epochs × examples × the full sequence length: an upper bound, as examples are usually shorter.", fix: "Give the dataset's token count with `# footprint: tokens=...`." },
  { code: 'duration-in-epochs', meaning: 'The training length is given in epochs, which needs the dataset size the file does not give.', fix: 'Give the token count with an annotation, setting or --tokens.' },
  // Companions and named models
  { code: 'companion-missing', meaning: 'The file names another file of the run (a DeepSpeed JSON, an included config) that was not found or is not a config Footprint Lens reads, or a gated model.', fix: 'Check the path (it is looked for beside the file and in the folders above it), or give the values it would have supplied.' },
  { code: 'companion-conflict', meaning: 'The file and a companion it names give different values for the same setting (batch, sequence, steps, precision); the file wins.', fix: 'Make the two agree, or delete the one that is not used.' },
  { code: 'model-unknown', meaning: 'The config names a model that is not in a local folder, the Hugging Face cache or the shipped table of open models, so its size is unknown.', fix: 'Give the parameter count (--params, `# footprint: params=…`), or turn on footprint.modelLookup: hub.' },
  { code: 'model-unreadable', meaning: "The config.json found for a named model holds no architecture (num_hidden_layers, hidden_size, …); the shipped table is used if it knows the model.", fix: 'Point the config at the model folder that holds its config.json.' },
  { code: 'moe-pattern-length', meaning: 'A `--moe-layer-freq` pattern lists another number of layers than `--num-layers`; Megatron-LM refuses it, and its share of MoE layers is assumed.', fix: 'Make the pattern as long as the model is deep.' },
  { code: 'resumed-stage', meaning: 'A later stage resumes from a numbered checkpoint and states its steps cumulatively; only the steps past the checkpoint are counted (or none, when the checkpoint is already past them).', fix: 'Nothing, unless the checkpoint is not the one this stage starts from: then give the steps with an annotation or --tokens.' },
  { code: 'model-mismatch', meaning: 'The file names a model (a base model, a tokenizer) of one size and builds an architecture of another; the built architecture is used.', fix: 'Check which one you meant: the name or the dimensions.' },
  // Arithmetic of the run
  { code: 'batch-arithmetic', meaning: 'Global batch ≠ micro batch × gradient accumulation × data-parallel size.', fix: 'Change one of the four so the product holds.' },
  { code: 'batch-rampup', meaning: 'The batch size ramps up; the projection uses the final batch size throughout.', fix: 'Nothing: the early steps cost slightly less than projected.' },
  { code: 'parallelism-mismatch', meaning: 'TP × PP × CP (× EP) does not divide the GPU count.', fix: 'Change the GPU count or the parallel degrees.' },
  { code: 'pipeline-disabled', meaning: 'Pipeline parallelism is switched off, so the pipeline degree is not used.', fix: 'Nothing.' },
  { code: 'stop-by-tokens', meaning: 'Training stops at a token budget before the iteration count; tokens are taken from the budget.', fix: 'Nothing.' },
  { code: 'gqa-flag-missing', meaning: 'Query groups are given but grouped-query attention is not switched on, so they are ignored.', fix: 'Switch GQA on, or remove the group count.' },
  { code: 'default-vocabulary', meaning: 'The vocabulary size is not in the file (it names a tokenizer file): the usual tokenizer of the architecture family is assumed for the parameter count.', fix: 'Give the real vocabulary or --params if it differs.' },
  { code: 'params-underdetermined', meaning: 'The parameter count cannot be derived: some architecture keys are missing.', fix: 'Add the keys named, or give --params / the panel value.' },
  { code: 'absurd-size', meaning: 'The model size or token count is beyond anything trainable; no projection is made.', fix: 'Correct the value.' },
  // Inputs the projection needs
  { code: 'missing-params', meaning: 'The model size is unknown, so no compute can be projected.', fix: 'Add the architecture keys, or --params.' },
  { code: 'missing-tokens', meaning: 'The training length is unknown, so no compute can be projected.', fix: 'Set steps × batch × sequence, samples or tokens, or --tokens.' },
  { code: 'missing-gpus', meaning: 'The GPU count is unknown, so wall-clock time cannot be projected.', fix: 'Set nodes × GPUs per node, a `# footprint: gpus=N` comment, or --gpus.' },
  { code: 'missing-gpu-type', meaning: 'No GPU type is given and no default is assumed.', fix: 'Add `# footprint: gpu=H100`, the footprint.gpuType setting, or --gpu.' },
  { code: 'default-gpu', meaning: 'No GPU type is given: the projection assumes the most common GPU of published runs.', fix: 'Add `# footprint: gpu=...`, the footprint.gpuType setting, or --gpu.' },
  { code: 'unknown-gpu', meaning: 'The GPU type is not in the table; the message lists the known ones.', fix: 'Use one of the names listed (footprint-lens gpus).' },
  { code: 'unknown-region', meaning: 'The region is not in the table; the world average grid is used.', fix: 'Use a code from footprint-lens regions, or give the grid intensity.' },
  { code: 'precision-fallback', meaning: 'The GPU has no tensor path for the requested precision; its next precision is used.', fix: 'Nothing, or pick a GPU that supports it.' },
  { code: 'no-peak', meaning: 'The GPU table has no peak for this precision.', fix: 'Choose another precision or GPU.' },
  { code: 'bad-mfu', meaning: 'The MFU given is not a fraction of peak; the prior is used instead.', fix: 'Give MFU as 0.4 or 40%.' },
  { code: 'calibration-gpu-mismatch', meaning: 'The saved calibration (estimate --calibration) was measured on another GPU type, so its MFU may not carry over.', fix: 'Calibrate on the GPU the run will use, or drop --calibration.' },
  // Outcomes
  { code: 'over-training', meaning: 'The run trains far more tokens per parameter than compute-optimal: the same compute would reach a lower loss with a larger model, unless inference demand justifies the smaller one.', fix: 'Consider a larger model on fewer tokens, or keep it for cheaper inference.' },
  { code: 'under-training', meaning: 'The run trains far fewer tokens per parameter than compute-optimal: a smaller model on more tokens would reach the same loss for less compute.', fix: 'Consider a smaller model or more tokens.' },
  { code: 'pretraining-share', meaning: "A fine-tune's compute as a share of its base model's published pretraining compute (6·N·D): the over-training and compute-optimal findings do not apply to a fine-tune.", fix: 'Nothing: it puts the run in proportion.' },
  { code: 'will-not-fit', meaning: 'The busiest GPU needs more memory than the GPU has (weights, gradients, optimizer states, activations, logits and framework overhead); the run would stop out of memory.', fix: 'Apply one of the priced quick fixes (ZeRO stage, recomputation, smaller micro-batch, more TP/PP, QLoRA, 8-bit optimizer, offload), or pick a larger GPU.' },
  { code: 'memory-needs-gpus', meaning: 'The file does not say how many GPUs it runs on, and its sharded states make memory per GPU depend on it: the message gives the GPU count from which it fits.', fix: 'Set the GPU count (nodes × GPUs per node, `# footprint: gpus=N`, or --gpus).' },
  { code: 'tight-fit', meaning: 'The busiest GPU needs over 90% of its memory: longer sequences in the data or another library version can tip it over.', fix: 'Leave it, or take one of the quick fixes for headroom.' },
  { code: 'budget-exceeded', meaning: 'A projected meter exceeds a budget cap (CLI --max-*, footprint.budget.* settings).', fix: 'Use a lever (MFU, FP8, fewer tokens, right-size) or raise the cap.' },
  { code: 'flops-threshold-eu', meaning: 'Training compute is over 1e25 FLOPs: the EU AI Act presumes systemic risk.', fix: 'Know the obligations that follow.' },
  { code: 'flops-threshold-us', meaning: 'Training compute is over 1e26 FLOPs: the US reporting threshold.', fix: 'Know the obligations that follow.' },
];

const BY_CODE = new Map(FINDING_DOCS.map((d) => [d.code, d]));

export function findingDoc(code: string): FindingDoc | undefined {
  return BY_CODE.get(code);
}

/** The README anchor of a code ("#finding-batch-arithmetic"). */
export function findingAnchor(code: string): string {
  return `finding-${code}`;
}

/** The README section as Markdown: one anchored entry per code. */
export function findingsMarkdown(): string {
  return FINDING_DOCS.map((d) => `- <a id="${findingAnchor(d.code)}"></a>**\`${d.code}\`**: ${d.meaning} *Fix:* ${d.fix}`).join('\n');
}
