// Every finding code, declared once: its severity, what it means, what to do, and the template of its message. The
// core creates every finding with `finding(code, args)`, so a code's words live here and nowhere else; the README's
// "Findings" section is generated from this table, the editor's diagnostics link to the code's anchor there, and
// tests check that every setting, flag and command a message names exists (test/unit/inputs/names.test.ts) and that
// no finding is built outside this table (test/unit/present/findings.test.ts).
import { unknownGpuMessage } from '../data/gpus';
import type { Finding, Severity, Span } from '../types';
import { formatCount, formatFlops, formatInteger, formatMemoryGB, formatPercent } from './units';

const BYTES_PER_MB = 1048576;

interface FindingSpec<A> {
  /** The severity the editor shows (the footprint.diagnostics.severity setting can change it per code). */
  severity: Severity | ((args: A) => Severity);
  /** One line for the README: what it means. */
  meaning: string;
  /** One line for the README: what the user can do. */
  fix: string;
  /** The message, from what the finding is about. Every setting, flag or command it names must exist. */
  message: (args: A) => string;
}

function spec<A = void>(s: FindingSpec<A>): FindingSpec<A> {
  return s;
}

/** The regulatory thresholds, written as the regulations write them (1.00e25). */
function thresholdMessage(a: { flops: number; threshold: number; what: string }): string {
  const exponent = (n: number) => n.toExponential(2).replace('e+', 'e');
  return `Training compute ${exponent(a.flops)} FLOPs reaches ${exponent(a.threshold)}: ${a.what}.`;
}

export const FINDINGS = {
  // Reading the file
  'parse-error': spec({
    severity: 'error',
    meaning: 'The file has a syntax error; values before and after it may still be read.',
    fix: 'Fix the syntax at the line named.',
    message: (a: { syntax: 'JSON' | 'YAML' | 'TOML'; line?: number; detail: string; unreadable?: boolean }) =>
      a.unreadable ? `${a.syntax} could not be read: ${a.detail}` : `${a.syntax} syntax error${a.line !== undefined ? ` on line ${a.line}` : ''}: ${a.detail}`,
  }),
  'duplicate-key': spec({
    severity: 'warning',
    meaning: 'A key appears twice; the last one wins, as in the tools that read the file.',
    fix: 'Delete the copy you did not mean.',
    message: (a: { key: string; line: number }) => `Key \`${a.key}\` appears more than once (line ${a.line}); the last one is used.`,
  }),
  'file-too-large': spec({
    severity: 'info',
    meaning: 'The file is over the analysis size limit and was not analysed.',
    fix: 'Raise footprint.maxFileSizeKB, or analyse it with the CLI.',
    message: (a: { fileName: string; chars: number; maxBytes: number }) =>
      `${a.fileName} is ${(a.chars / BYTES_PER_MB).toFixed(1)} MB, over the ${(a.maxBytes / BYTES_PER_MB).toFixed(1)} MB analysis limit; it was not analysed.`,
  }),
  'large-section': spec({
    severity: 'info',
    meaning: 'A section (JSON, YAML or TOML) holds thousands of entries (a dataset list or a sweep); only the first 2,000 are read, so a huge file costs little more than its parse.',
    fix: 'Nothing, unless a training setting sits past them: move it up.',
    message: (a: { path: string; limit: number }) =>
      `\`${a.path || '(top level)'}\` holds more than ${formatInteger(a.limit)} entries: only the first ${formatInteger(a.limit)} are read (a dataset list or a sweep, not training settings).`,
  }),
  'expansion-capped': spec({
    severity: 'info',
    meaning: 'A launch script nests expansions deeper, or grows a variable longer, than any real script does (`X="$X $X"` in a loop); past the cap the value is read as unknown instead of expanded.',
    fix: 'Give the value literally, or with a flag or annotation.',
    message: (a: { nestedDeeperThan: number } | { grewPast: number; line: number }) =>
      'nestedDeeperThan' in a
        ? `Expansions nested more than ${a.nestedDeeperThan} deep (\`$((\`, \`\${X:-\`, \`$(\`) are read as unknown values, not followed further.`
        : `A variable's value grows past what any launch script needs (over ${formatInteger(a.grewPast)} characters, or too many expansions in all) on line ${a.line}: from there on it is read as unknown.`,
  }),
  'too-complex': spec({
    severity: 'error',
    meaning: 'The file nests, expands or takes longer than any training config would (a bound of the analysis was hit), so analysis stopped there.',
    fix: 'Simplify the construct the message names, or give the values with flags or annotations.',
    message: (a: { reason: string }) => `Too complex to analyse: ${a.reason}.`,
  }),
  'internal-error': spec({
    severity: 'error',
    meaning: 'Footprint Lens failed on this file; the editor keeps working.',
    fix: 'Report it with the file attached.',
    message: (a: { fileName: string }) => `Footprint Lens could not analyse ${a.fileName} (an internal error: please report it with the file).`,
  }),
  'unreadable-file': spec({
    severity: 'error',
    meaning: 'The command line could not read a file it was given (missing, a folder, a pipe or a device).',
    fix: 'Check the path.',
    message: (a: { file: string; problem: string }) => `${a.file} ${a.problem}`,
  }),
  'value-deferred': spec({
    severity: 'info',
    meaning: 'A value is "auto" or empty: the launcher or trainer sets it, so it is not read from the file.',
    fix: 'Nothing, or give the value with a flag or annotation.',
    message: (a: { key: string; value: string; line: number; because: string; what?: string }) =>
      `\`${a.key}\` is ${a.value} (line ${a.line}): ${a.because}, so ${a.what ?? 'it'} is not read from this file.`,
  }),
  'unresolved-reference': spec({
    severity: 'warning',
    meaning: 'A value refers to a variable or interpolation that could not be resolved without running anything.',
    fix: 'Give the value literally, or set it with a flag or annotation.',
    message: (a: { key: string; ref: string; line: number; refersTo?: string; consequence?: string }) =>
      a.refersTo !== undefined
        ? `\`${a.key}\` = \`${a.ref}\` (line ${a.line}) could not be resolved: it refers to ${a.refersTo}.`
        : `\`${a.key}\` refers to \`${a.ref}\` (line ${a.line}), which could not be resolved${a.consequence ? `: ${a.consequence}` : ''}.`,
  }),
  'not-a-number': spec({
    severity: 'warning',
    meaning: 'A key that must be a number holds something else.',
    fix: 'Write a number.',
    message: (a: { key: string; raw: string; line: number; expected?: string }) =>
      a.expected ? `\`${a.key}: ${a.raw}\` (line ${a.line}) is not ${a.expected}.` : `\`${a.key}\` should be a number, not \`${a.raw}\` (line ${a.line}).`,
  }),
  'implausible-value': spec({
    severity: 'warning',
    meaning: 'A value is negative, zero, fractional or absurdly large for its key, and was ignored.',
    fix: 'Correct the value.',
    message: (a: { key: string; raw: string; line: number; role: string } | { key: string; raw: string; line: number; isNot: string }) =>
      'role' in a ? `\`${a.key}\` = ${a.raw} (line ${a.line}) is not a plausible ${a.role}; it is ignored.` : `\`${a.key}: ${a.raw}\` (line ${a.line}) is not ${a.isNot}.`,
  }),
  'unknown-annotation': spec({
    severity: 'warning',
    meaning: 'A `# footprint:` comment has a key or value that is not understood.',
    fix: 'Use gpu=, gpus=, region=, pue=, price=, grid=, mfu=, tokens= or params=.',
    message: (a: { where: string; key: string } & ({ problem: 'not-key-value' } | { problem: 'unknown-key'; known: readonly string[] } | { problem: 'bad-value'; value: string; expected: string })) =>
      `\`footprint:\` annotation (${a.where}): ` +
      (a.problem === 'not-key-value'
        ? `\`${a.key}\` is not key=value (e.g. gpu=H100 gpus=64).`
        : a.problem === 'unknown-key'
          ? `unknown key \`${a.key}\`; known keys: ${a.known.join(', ')}.`
          : `${a.key}=${a.value} is not ${a.expected}; it is ignored.`),
  }),
  'unknown-preset': spec({
    severity: 'warning',
    meaning: 'The config names a model (torchtitan flavor, LitGPT model_name) that is not in the model table, so its dimensions are unknown.',
    fix: 'Give the parameter count with an annotation, setting or --params.',
    message: (a: { model: string; line: number; table: 'model' | 'flavor'; unless?: string }) =>
      `${a.model} (line ${a.line}) is not in Footprint Lens's ${a.table} table, so the model size is unknown${a.unless ? ` unless ${a.unless}` : ''}; give \`--params\` or a \`# footprint: params=...\` annotation.`,
  }),
  'unknown-tokenizer': spec({
    severity: 'info',
    meaning: 'The config names a tokenizer file whose vocabulary size is not known, so embedding parameters cannot be counted.',
    fix: 'Give the parameter count with an annotation, setting or --params.',
    message: (a: { file: string; line: number }) =>
      `The vocabulary size of \`${a.file}\` (line ${a.line}) is not known, so the embedding parameters cannot be counted; give \`--params\` or a \`# footprint: params=...\` annotation.`,
  }),
  'unknown-precision': spec({
    severity: 'warning',
    meaning: 'The precision value is not one the format is known to accept; precision is left unset.',
    fix: 'Use one of the values the message lists.',
    message: (a: { value: string; line: number; tool: string; known: string }) => `\`precision: ${a.value}\` (line ${a.line}) is not a ${a.tool} precision Footprint Lens knows (${a.known}).`,
  }),
  'unknown-method': spec({
    severity: 'warning',
    meaning: 'The recipe names a training method (rl:, stage:, adapter:) this tool does not know; it is counted as the closest one the message names.',
    fix: 'Check the value, or give the tokens and size to compare.',
    message: (a: { key: string; value: string; line: number; isNot: string; countedAs: string }) => `\`${a.key}: ${a.value}\` (line ${a.line}) is not ${a.isNot}; ${a.countedAs}.`,
  }),
  'eight-bit-base': spec({
    severity: 'info',
    meaning: 'LoRA on 8-bit base weights: dequantising them costs time that is not modelled, so the run is counted as 16-bit LoRA.',
    fix: 'Nothing, or measure and calibrate.',
    message: () => 'The base weights are loaded in 8 bits (load_in_8bit): dequantising them costs time that is not modelled; counted as 16-bit LoRA.',
  }),
  'launcher-config': spec({
    severity: 'info',
    meaning: 'A launcher config (accelerate) gives GPUs and precision, not the model or the training length.',
    fix: 'Open the recipe it launches, or give the size and tokens.',
    message: (a: { label: string }) =>
      `${a.label} says where a run goes (GPUs, precision), not what it trains: the model and the training length are in the recipe it launches. Open that recipe, or give --params and --tokens.`,
  }),
  'dataset-unknown': spec({
    severity: 'info',
    meaning:
      'A dataset the recipe names is not a file Footprint Lens found and measured, not in the Hugging Face datasets cache and not in the shipped table of popular datasets (or cannot be read), so the tokens it gives are unknown.',
    fix: 'Put the file where the recipe says, or set training tokens: `# footprint: tokens=...` or --tokens.',
    message: (a: { target: string; key: string; why: string }) =>
      `The dataset \`${a.target}\` (${a.key}) cannot be sized: ${a.why}. Set the training tokens (\`# footprint: tokens=...\`) or give its examples (max_samples).`,
  }),
  'dataset-not-english': spec({
    severity: 'info',
    meaning: 'Much of a measured dataset is Chinese, Japanese or Korean text, for which the 4-characters-per-token rule for English undercounts tokens.',
    fix: 'Give the token count from the tokenizer: `# footprint: tokens=...`.',
    message: (a: { target: string; share: number; charsPerToken: number }) =>
      `${a.share}% of the text of \`${a.target}\` is Chinese, Japanese or Korean, where a character is often a token or more: the ${a.charsPerToken}-characters-per-token rule for English undercounts its tokens. Give its token count with \`# footprint: tokens=...\` for a better figure.`,
  }),
  'needs-dataset-size': spec({
    severity: 'info',
    meaning: 'A fine-tune runs by epochs over a dataset whose size the recipe does not give, so its tokens are unknown.',
    fix: 'Set training tokens: `# footprint: tokens=...` (the lens and quick fix write it) or --tokens.',
    message: (a: { epochs: string; one: boolean; where: string; unit: string; per: string }) =>
      `The run trains ${a.epochs} epoch${a.one ? '' : 's'} over a dataset whose size the recipe does not give (${a.where}), ` +
      `so its tokens are unknown: set the training tokens with \`# footprint: tokens=...\` (epochs × dataset ${a.unit} × tokens per ${a.per}) or --tokens.`,
  }),
  'padding-counted': spec({
    severity: 'info',
    meaning: 'Packing is off, so each sequence is counted at the full length, padding included: the compute is an upper bound.',
    fix: 'Turn packing on, or give the real token count.',
    message: (a: { seqLength: string }) =>
      `Packing is off: every sequence is counted at the full length ${a.seqLength}, padding included, so compute is an upper bound. Packing short examples removes the padding (up to 2× throughput on short-example datasets).`,
  }),
  'examples-at-full-length': spec({
    severity: 'info',
    meaning: "A fine-tune's tokens are epochs × examples × the full sequence length: an upper bound, as examples are usually shorter.",
    fix: "Give the dataset's token count with `# footprint: tokens=...`.",
    message: (a: { examples: string; seqLength: string }) =>
      `Tokens count each of the ${a.examples} examples at the full sequence length ${a.seqLength}: an upper bound, as real examples are usually shorter. Give the dataset's token count with \`# footprint: tokens=...\` for a tighter figure.`,
  }),
  'duration-in-epochs': spec({
    severity: 'info',
    meaning: 'The training length is given in epochs, which needs the dataset size the file does not give.',
    fix: 'Give the token count with an annotation, setting or --tokens.',
    message: (a: { key: string; value: string; line: number; saysEpochs: boolean }) =>
      `\`${a.key}: ${a.value}\` (line ${a.line})${a.saysEpochs ? ' is in epochs;' : ':'} the number of tokens depends on the dataset size, which the file does not give. Give \`--tokens\` or a \`# footprint: tokens=...\` annotation.`,
  }),
  // Companions and named models
  'companion-missing': spec({
    severity: 'info',
    meaning: 'The file names another file of the run (a DeepSpeed JSON, an included config) that was not found or is not a config Footprint Lens reads, or a gated model.',
    fix: 'Check the path (it is looked for beside the file and in the folders above it), or give the values it would have supplied.',
    message: (a: { named: string; problem: string } | { file: string; namedBy: string }) =>
      'problem' in a ? `${a.named}, which ${a.problem}; its values are not used.` : `${a.file} (named by ${a.namedBy}) is not a training config Footprint Lens reads; its values are not used.`,
  }),
  'companion-conflict': spec({
    severity: 'info',
    meaning: 'The file and a companion it names give different values for the same setting (batch, sequence, steps, precision); the file wins.',
    fix: 'Make the two agree, or delete the one that is not used.',
    message: (a: { field: string; ours: string; companion: string; line?: number; theirs: string }) =>
      `This file gives ${a.field} ${a.ours}; its companion ${a.companion}${a.line !== undefined ? ` (line ${a.line})` : ''} gives ${a.theirs}. This file's value is used.`,
  }),
  'model-unknown': spec({
    severity: 'info',
    meaning: 'The config names a model that is not in a local folder, the Hugging Face cache or the shipped table of open models, so its size is unknown.',
    fix: 'Give the parameter count (--params, `# footprint: params=…`), or turn on footprint.modelLookup: hub.',
    message: (a: { model: string; where: string; base: boolean; cache: boolean }) =>
      `The ${a.base ? 'base model' : 'model'} \`${a.model}\` (${a.where}) is not in ${a.cache ? 'the local Hugging Face cache or ' : ''}the shipped table of open models, so its size is unknown: ` +
      'set the model size (`--params`, a `# footprint: params=…` annotation) or turn on footprint.modelLookup: hub.',
  }),
  'model-unreadable': spec({
    severity: 'warning',
    meaning: 'The config.json found for a named model holds no architecture (num_hidden_layers, hidden_size, …); the shipped table is used if it knows the model.',
    fix: 'Point the config at the model folder that holds its config.json.',
    message: (a: { where: string; model: string }) => `${a.where} (for model ${a.model}) is not a model config.json with the architecture (num_hidden_layers, hidden_size, ...).`,
  }),
  'moe-pattern-length': spec({
    severity: 'warning',
    meaning: 'A `--moe-layer-freq` pattern lists another number of layers than `--num-layers`; Megatron-LM refuses it, and its share of MoE layers is assumed.',
    fix: 'Make the pattern as long as the model is deep.',
    message: (a: { listed: number; line: number; layers: number; moeLayers: number }) =>
      `\`--moe-layer-freq\` lists ${a.listed} layers (line ${a.line}) but the model has ${a.layers}; Megatron-LM refuses this. Its share of MoE layers is assumed: ${a.moeLayers} of ${a.layers}.`,
  }),
  'resumed-stage': spec({
    severity: (a) => (a.trainsNothing ? 'warning' : 'info'),
    meaning: 'A later stage resumes from a numbered checkpoint and states its steps cumulatively; only the steps past the checkpoint are counted (or none, when the checkpoint is already past them).',
    fix: 'Nothing, unless the checkpoint is not the one this stage starts from: then give the steps with an annotation or --tokens.',
    message: (a: { key: string; from: number; line: number; to: number; trainsNothing: boolean }) =>
      a.trainsNothing
        ? `\`${a.key}\` resumes from step ${formatInteger(a.from)} (line ${a.line}), at or past the ${formatInteger(a.to)} steps the file trains to: this stage trains nothing.`
        : `This stage resumes from step ${formatInteger(a.from)} (\`${a.key}\`, line ${a.line}) and trains to step ${formatInteger(a.to)}: only its ${formatInteger(a.to - a.from)} steps are counted, not the earlier stages'.`,
  }),
  'model-mismatch': spec({
    severity: 'warning',
    meaning: 'The file names a model (a base model, a tokenizer) of one size and builds an architecture of another; the built architecture is used.',
    fix: 'Check which one you meant: the name or the dimensions.',
    message: (a: { model: string; namedParams: number; builtParams: number; built: string }) =>
      `The file names ${a.model} (${formatCount(a.namedParams)} parameters), but the architecture it builds has ` +
      `${formatCount(a.builtParams)} (${a.built}). The built architecture is used; check which one you meant.`,
  }),
  // Arithmetic of the run
  'batch-arithmetic': spec({
    severity: 'warning',
    meaning: 'Global batch ≠ micro batch × gradient accumulation × data-parallel size.',
    fix: 'Change one of the four so the product holds.',
    message: (a: { global: string; micro: number; dp: string; accumulation?: number; product?: string }) =>
      a.accumulation !== undefined
        ? `Global batch ${a.global} ≠ micro ${a.micro} × accumulation ${a.accumulation} × DP ${a.dp} = ${a.product}.`
        : `Global batch ${a.global} is not a multiple of micro ${a.micro} × DP ${a.dp}.`,
  }),
  'batch-rampup': spec({
    severity: 'info',
    meaning: 'The batch size ramps up; the projection uses the final batch size throughout.',
    fix: 'Nothing: the early steps cost slightly less than projected.',
    message: (a: { key: string; line: number; steps: 'iterations' | 'steps' }) =>
      `\`${a.key}\` (line ${a.line}): the early steps use smaller batches, so ${a.steps} × global batch overstates the samples a little.`,
  }),
  'parallelism-mismatch': spec({
    severity: 'warning',
    meaning: 'TP × PP × CP (× EP) does not divide the GPU count.',
    fix: 'Change the GPU count or the parallel degrees.',
    message: (a: { gpus: string; groups: string; degree: number } | { ep: number; dp: string; gpus: string; groups: string }) =>
      'ep' in a
        ? `Expert parallelism ${a.ep} does not divide the data-parallel size ${a.dp} (${a.gpus} GPUs ÷ ${a.groups}).`
        : `${a.gpus} GPUs cannot be split into model-parallel groups of ${a.groups} = ${a.degree}.`,
  }),
  'pipeline-disabled': spec({
    severity: 'info',
    meaning: 'Pipeline parallelism is switched off, so the pipeline degree is not used.',
    fix: 'Nothing.',
    message: (a: { pp: number }) => `\`--no-pipeline-parallel\` is set, so the pipeline size ${a.pp} is not used.`,
  }),
  'stop-by-tokens': spec({
    severity: 'info',
    meaning: 'Training stops at a token budget before the iteration count; tokens are taken from the budget.',
    fix: 'Nothing.',
    message: (a: { tokens: number }) => `\`--train-tokens\` (${formatInteger(a.tokens)}) ends the run; the iteration or sample limit is only an upper bound.`,
  }),
  'gqa-flag-missing': spec({
    severity: 'info',
    meaning: 'Query groups are given but grouped-query attention is not switched on, so they are ignored.',
    fix: 'Switch GQA on, or remove the group count.',
    message: (a: { key: string; line: number; switch: string }) => `\`${a.key}\` (line ${a.line}) has no effect without \`${a.switch}\`; every head keeps its own keys and values.`,
  }),
  'default-vocabulary': spec({
    severity: 'info',
    meaning: 'The vocabulary size is not in the file (it names a tokenizer file): the usual tokenizer of the architecture family is assumed for the parameter count.',
    fix: 'Give the real vocabulary or --params if it differs.',
    message: (a: { vocabSize: number; tokenizer: string }) =>
      `The vocabulary size is not in the file: ${formatInteger(a.vocabSize)} (${a.tokenizer}) is assumed for the parameter count. Give --params or the real vocabulary if it differs.`,
  }),
  'params-underdetermined': spec({
    severity: (a) => ('lacking' in a ? 'info' : 'warning'),
    meaning: 'The parameter count cannot be derived: some architecture keys are missing.',
    fix: 'Add the keys named, or give --params / the panel value.',
    message: (a: { lacking: readonly string[] } | { experts: number; perToken: string; key?: string } | { mla: string; parts: readonly string[] }) =>
      'lacking' in a
        ? `The parameter count cannot be derived: the file does not give ${a.lacking.join(', ')}.`
        : 'mla' in a
          ? `\`${a.mla}\` is set but not all of ${a.parts.map((p) => `\`${p}\``).join(', ')} are usable numbers; attention is counted as ordinary multi-head attention.`
          : a.key
            ? `\`${a.key}\` is ${a.experts} but ${a.perToken} are not given; active parameters cannot be counted.`
            : `The config has ${a.experts} experts but no \`${a.perToken}\`; active parameters cannot be counted.`,
  }),
  'absurd-size': spec({
    severity: 'warning',
    meaning: 'The model size or token count is beyond anything trainable; no projection is made.',
    fix: 'Correct the value.',
    message: () => 'Parameters × tokens is beyond any real run (FLOPs overflow); check the model size and token count.',
  }),
  // Inputs the projection needs
  'missing-params': spec({
    severity: 'warning',
    meaning: 'The model size is unknown, so no compute can be projected.',
    fix: 'Add the architecture keys, or --params.',
    message: () => 'Model size unknown: set the architecture keys or --params (e.g. 7B) to project compute.',
  }),
  'missing-tokens': spec({
    severity: 'warning',
    meaning: 'The training length is unknown, so no compute can be projected.',
    fix: 'Set steps × batch × sequence, samples or tokens, or --tokens.',
    message: () => 'Training tokens unknown: set iterations × global batch × sequence length, or --tokens (e.g. 2T).',
  }),
  'missing-gpus': spec({
    severity: 'info',
    meaning: 'The GPU count is unknown, so wall-clock time cannot be projected.',
    fix: 'Set nodes × GPUs per node, a `# footprint: gpus=N` comment, or --gpus.',
    message: () => 'GPU count unknown: set nodes × GPUs per node, or --gpus, to project wall-clock time.',
  }),
  'missing-gpu-type': spec({
    severity: 'info',
    meaning: 'No GPU type is given and no default is assumed.',
    fix: 'Add `# footprint: gpu=H100`, the footprint.gpuType setting, or --gpu.',
    message: () => 'No GPU type given: set one (--gpu, a `# footprint: gpu=H100` annotation or the footprint.gpuType setting) to project GPU-hours.',
  }),
  'default-gpu': spec({
    severity: 'info',
    meaning: 'No GPU type is given: the projection assumes the most common GPU of published runs.',
    fix: 'Add `# footprint: gpu=...`, the footprint.gpuType setting, or --gpu.',
    message: (a: { gpu: string }) =>
      `No GPU type in the file: assuming ${a.gpu}, the most common GPU of published runs. Set the real one (--gpu, a \`# footprint: gpu=...\` annotation or the footprint.gpuType setting).`,
  }),
  'unknown-gpu': spec({
    severity: 'warning',
    meaning: 'The GPU type is not in the table; the message lists the known ones.',
    fix: 'Use one of the names listed (footprint-lens gpus).',
    message: (a: { name: string }) => unknownGpuMessage(a.name),
  }),
  'unknown-region': spec({
    severity: 'warning',
    meaning: 'The region is not in the table; the world average grid is used.',
    fix: 'Use a code from footprint-lens regions, or give the grid intensity.',
    message: (a: { region: string }) =>
      `Unknown region "${a.region}"; using the world average. Give a country code (us, fr), a cloud region (us-central1, aws:us-east-1) or a grid intensity (--grid).`,
  }),
  'precision-fallback': spec({
    severity: 'info',
    meaning: 'The GPU has no tensor path for the requested precision; its next precision is used.',
    fix: 'Nothing, or pick a GPU that supports it.',
    message: (a: { gpu: string; requested: string; used: string }) => `${a.gpu} has no ${a.requested} tensor path; projected at its ${a.used} peak.`,
  }),
  'no-peak': spec({
    severity: 'warning',
    meaning: 'The GPU table has no peak for this precision.',
    fix: 'Choose another precision or GPU.',
    message: (a: { gpu: string; precision: string }) => `${a.gpu} has no known peak for ${a.precision}.`,
  }),
  'bad-mfu': spec({
    severity: 'warning',
    meaning: 'The MFU given is not a fraction of peak; the prior is used instead.',
    fix: 'Give MFU as 0.4 or 40%.',
    message: (a: { mfu: number }) => `MFU ${a.mfu} is not a fraction of peak (0-1]; using the prior instead.`,
  }),
  'calibration-gpu-mismatch': spec({
    severity: 'warning',
    meaning: 'The saved calibration (estimate --calibration) was measured on another GPU type, so its MFU may not carry over.',
    fix: 'Calibrate on the GPU the run will use, or drop --calibration.',
    message: (a: { from: string; measuredOn: string; gpu: string }) => `The calibration in ${a.from} was measured on ${a.measuredOn}, not ${a.gpu}: its MFU may not carry over.`,
  }),
  // Outcomes
  'over-training': spec({
    severity: 'info',
    meaning: 'The run trains far more tokens per parameter than compute-optimal: the same compute would reach a lower loss with a larger model, unless inference demand justifies the smaller one.',
    fix: 'Consider a larger model on fewer tokens, or keep it for cheaper inference.',
    message: (a: { tokensPerParam: string; factor: number }) =>
      `The run trains ${a.tokensPerParam} tokens per parameter, ${a.factor.toFixed(1)}× past the compute-optimal ~20. ` +
      'The same compute would reach a lower loss with a larger model on fewer tokens; over-training pays off only when the smaller model saves enough at inference.',
  }),
  'under-training': spec({
    severity: 'info',
    meaning: 'The run trains far fewer tokens per parameter than compute-optimal: a smaller model on more tokens would reach the same loss for less compute.',
    fix: 'Consider a smaller model or more tokens.',
    message: (a: { tokensPerParam: string; factor: number }) =>
      `The run trains only ${a.tokensPerParam} tokens per parameter, ${(1 / a.factor).toFixed(1)}× short of the compute-optimal ~20: a smaller model on more tokens would reach the same loss for less compute.`,
  }),
  'pretraining-share': spec({
    severity: 'info',
    meaning: "A fine-tune's compute as a share of its base model's published pretraining compute (6·N·D): the over-training and compute-optimal findings do not apply to a fine-tune.",
    fix: 'Nothing: it puts the run in proportion.',
    message: (a: { flops: number; share: string; model: string; params: number; tokens: number; pretrainingFlops: number; source: string; year: number }) =>
      `This run's compute (${formatFlops(a.flops)} FLOPs) is ${a.share} of ${a.model}'s pretraining ` +
      `(6 × ${formatCount(a.params)} parameters × ${formatCount(a.tokens)} tokens = ${formatFlops(a.pretrainingFlops)} FLOPs; ${a.source}, ${a.year}).`,
  }),
  'will-not-fit': spec({
    severity: 'error',
    meaning: 'The busiest GPU needs more memory than the GPU has (weights, gradients, optimizer states, activations, logits and framework overhead); the run would stop out of memory.',
    fix: 'Apply one of the priced quick fixes (ZeRO stage, recomputation, smaller micro-batch, more TP/PP, QLoRA, 8-bit optimizer, offload), or pick a larger GPU.',
    message: (a: { totalBytes: number; where: string; capacityBytes: number; gpu: string; overBytes: number; largest: string; elsewhere: string }) =>
      `Will not fit: ≈ ${formatMemoryGB(a.totalBytes)} per GPU${a.where} against the ${formatMemoryGB(a.capacityBytes)} of ${a.gpu}, ` +
      `${formatMemoryGB(a.overBytes)} over (largest: ${a.largest}).${a.elsewhere}`,
  }),
  'memory-needs-inputs': spec({
    severity: 'info',
    meaning:
      "The model is known but memory per GPU needs a value the file does not give (the sequence length or the micro-batch size): the message names it, so the run's memory is never silently missing.",
    fix: 'Set the missing value in the file (the micro-batch can also be tried with --micro-batch or the what-if panel).',
    message: (a: { missing: string[] }) =>
      `Memory per GPU is not estimated: the model's shape is known, but the file does not give ${a.missing.join(' or ')}. ` +
      `Set ${a.missing.length > 1 ? 'them' : 'it'} to see the memory per GPU and whether it fits.`,
  }),
  'memory-needs-gpus': spec({
    severity: 'info',
    meaning: 'The file does not say how many GPUs it runs on, and its sharded states make memory per GPU depend on it: the message gives the GPU count from which it fits.',
    fix: 'Set the GPU count (nodes × GPUs per node, `# footprint: gpus=N`, or --gpus).',
    message: (a: { totalBytes: number; capacityBytes: number; gpu: string; nodeGpus: number; fitsFrom?: { gpus: number; dp: number } }) =>
      `The file does not give the GPU count, and memory per GPU depends on it (states sharded over data parallel): ` +
      (a.fitsFrom
        ? `≈ ${formatMemoryGB(a.totalBytes)} per GPU on one ${a.nodeGpus}-GPU node; it fits on ${a.gpu} from ${a.fitsFrom.gpus} GPUs (data parallel ${a.fitsFrom.dp}).`
        : `≈ ${formatMemoryGB(a.totalBytes)} per GPU on one node, and more GPUs alone do not bring it under ${formatMemoryGB(a.capacityBytes)}.`) +
      ' Set the GPU count to check.',
  }),
  'tight-fit': spec({
    severity: 'warning',
    meaning: 'The busiest GPU needs over 90% of its memory: longer sequences in the data or another library version can tip it over.',
    fix: 'Leave it, or take one of the quick fixes for headroom.',
    message: (a: { totalBytes: number; where: string; capacityBytes: number; gpu: string; threshold: number }) =>
      `Tight fit: ≈ ${formatMemoryGB(a.totalBytes)} per GPU${a.where} is ${formatPercent(a.totalBytes / a.capacityBytes)} of the ${formatMemoryGB(a.capacityBytes)} of ${a.gpu} ` +
      `(over ${formatPercent(a.threshold)}); longer sequences in the data or another library version can tip it over.`,
  }),
  'budget-exceeded': spec({
    severity: 'warning',
    meaning: 'A projected meter exceeds a budget cap (CLI --max-*, footprint.budget.* settings).',
    fix: 'Use a lever (MFU, FP8, fewer tokens, right-size) or raise the cap.',
    message: (a: { what: string; projected: string; cap: string; capFrom: string; over: string; overShare?: string; lowEndOver: boolean }) =>
      `Projected ${a.what} ${a.projected} exceeds the budget of ${a.cap} (${a.capFrom}) by ${a.over}${a.overShare ? ` (+${a.overShare})` : ''}` +
      (a.lowEndOver ? '; even the optimistic end of the range is over.' : '; the optimistic end of the range fits.'),
  }),
  'flops-threshold-eu': spec({
    severity: 'info',
    meaning: 'Training compute is over 1e25 FLOPs: the EU AI Act presumes systemic risk.',
    fix: 'Know the obligations that follow.',
    message: (a: { flops: number; threshold: number; what: string }) => thresholdMessage(a),
  }),
  'flops-threshold-us': spec({
    severity: 'info',
    meaning: 'Training compute is over 1e26 FLOPs: the US reporting threshold.',
    fix: 'Know the obligations that follow.',
    message: (a: { flops: number; threshold: number; what: string }) => thresholdMessage(a),
  }),
};

export type FindingCode = keyof typeof FINDINGS;
/** What a code's message is built from (`void` for a fixed message). */
export type FindingArgs<C extends FindingCode> = Parameters<(typeof FINDINGS)[C]['message']>[0];
/** Where the finding points: the key as written in the file, and its span. */
export interface FindingAt {
  key?: string;
  span?: Span;
}

type ArgsParam<C extends FindingCode> = FindingArgs<C> extends void ? [] : [args: FindingArgs<C>];

/** The one way to create a finding: its severity and message come from the code's row. */
export function finding<C extends FindingCode>(code: C, ...rest: [...ArgsParam<C>, at?: FindingAt]): Finding {
  // A code with a fixed message declares a template with no parameter, and its callers pass no arguments.
  const takesArgs = FINDINGS[code].message.length > 0;
  return findingOf(code, (takesArgs ? rest[0] : undefined) as FindingArgs<C>, (takesArgs ? rest[1] : rest[0]) as FindingAt | undefined);
}

/** `finding` with the arguments always in second place (`undefined` for a fixed message), for wrappers. */
export function findingOf<C extends FindingCode>(code: C, args: FindingArgs<C>, at?: FindingAt): Finding {
  const row = FINDINGS[code] as FindingSpec<FindingArgs<C>>;
  const severity = typeof row.severity === 'function' ? row.severity(args) : row.severity;
  return { code, severity, message: row.message(args), ...(at?.key !== undefined ? { key: at.key } : {}), ...(at?.span ? { span: at.span } : {}) };
}

export interface FindingDoc {
  code: FindingCode;
  meaning: string;
  fix: string;
}

/** The table in README order, for the docs. */
export const FINDING_DOCS: readonly FindingDoc[] = (Object.keys(FINDINGS) as FindingCode[]).map((code) => ({ code, meaning: FINDINGS[code].meaning, fix: FINDINGS[code].fix }));

export function isFindingCode(code: string): code is FindingCode {
  return Object.hasOwn(FINDINGS, code);
}

export function findingDoc(code: string): FindingDoc | undefined {
  return FINDING_DOCS.find((d) => d.code === code);
}

/** The README anchor of a code ("#finding-batch-arithmetic"). */
export function findingAnchor(code: string): string {
  return `finding-${code}`;
}

/** The README section as Markdown: one anchored entry per code. */
export function findingsMarkdown(): string {
  return FINDING_DOCS.map((d) => `- <a id="${findingAnchor(d.code)}"></a>**\`${d.code}\`**: ${d.meaning} *Fix:* ${d.fix}`).join('\n');
}
