// footprint-lens: the command line on the same core as the editor. `run(argv, io)` does the work and returns the exit
// code, so tests call it directly; main.ts is the executable's entry.
//   0: every file analysed, no budget exceeded   1: a --max-* budget or --max-increase-* gate exceeded
//   2: bad usage or unreadable input
import { DEFAULT_MAX_BYTES, type Analysis } from '../core/analyze';
import { analysisToJson } from '../core/present/json';
import { BUDGET_EXCEEDED } from '../core/run/budget';
import { parseInvocation, UsageError, type Invocation } from './args';
import { calibrate, calibrationOverrides } from './calibrate';
import { analyzeWithCompanions, cliLookup } from './companions';
import { diff } from './diff';
import { estimateFolders, isFolder } from './folder';
import { budgetOf } from './limits';
import { readConfigFile } from './files';
import { report } from './report';
import { HELP } from './help';
import { scheduleCommand } from './schedule';
import { renderAnalysis } from './table';
import { listGpus, listRegions, checkNames } from './tables';
import { finding } from '../core/present/findings';
import { needsGpuCountWords } from '../core/memory/text';

export interface CliIO {
  out(text: string): void;
  err(text: string): void;
}

export const EXIT_OK = 0;
export const EXIT_BUDGET = 1;
export const EXIT_USAGE = 2;

declare const FOOTPRINT_VERSION: string | undefined;

export function run(argv: string[], io: CliIO): number {
  let invocation: Invocation;
  try {
    invocation = parseInvocation(argv);
    checkNames(invocation.overrides);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`footprint-lens: ${e.message}\n`);
      return EXIT_USAGE;
    }
    throw e;
  }
  switch (invocation.command) {
    case 'help':
      io.out(HELP);
      return EXIT_OK;
    case 'version':
      io.out(`${typeof FOOTPRINT_VERSION === 'string' ? FOOTPRINT_VERSION : 'dev'}\n`);
      return EXIT_OK;
    case 'gpus':
      io.out(listGpus());
      return EXIT_OK;
    case 'regions':
      io.out(listRegions());
      return EXIT_OK;
    case 'estimate':
      return estimate(invocation, io);
    case 'diff':
      return diff(invocation, io);
    case 'report':
      return report(invocation, io);
    case 'calibrate':
      return calibrate(invocation, io);
    case 'schedule':
      return scheduleCommand(invocation, io);
  }
}

function estimate(invocation: Invocation, io: CliIO): number {
  if (invocation.calibration !== undefined) {
    const loaded = calibrationOverrides(invocation.calibration);
    if (!loaded.ok) {
      io.err(`footprint-lens: ${loaded.message}\n`);
      return EXIT_USAGE;
    }
    invocation = { ...invocation, overrides: { ...invocation.overrides, calibration: loaded.calibration } };
  }
  // A folder (a sweep, a repository) is summed: every run under it, grouped by folder with totals.
  if (invocation.files.some(isFolder)) return estimateFolders(invocation, io);
  let exit = EXIT_OK;
  const results: Analysis[] = [];
  const reads = invocation.files.map((file) => ({ file, read: readConfigFile(file, DEFAULT_MAX_BYTES) }));
  const lookup = cliLookup(reads);
  for (const { file, read } of reads) {
    if (!read.ok) {
      io.err(`footprint-lens: ${file} ${read.message}\n`);
      exit = Math.max(exit, EXIT_USAGE);
      results.push(unreadable(file, read.message));
      continue;
    }
    const analysis = analyzeWithCompanions(read.text, { fileName: file, overrides: invocation.overrides, budgetMs: budgetOf(invocation) }, lookup);
    results.push(analysis);
    if (!analysis.format) {
      io.err(`footprint-lens: ${notAnalysedMessage(analysis)}\n`);
      exit = Math.max(exit, EXIT_USAGE);
      continue;
    }
    if (invocation.requireFit && analysis.memory?.verdict === 'does-not-fit') {
      const f = analysis.findings.find((x) => x.code === 'will-not-fit');
      // A run whose GPU count the file leaves open says the amount over as read and the count it needs.
      const needsGpus = analysis.findings.some((x) => x.code === 'memory-needs-gpus');
      io.err(`footprint-lens: ${file}: ${f?.message ?? (needsGpus ? needsGpuCountWords(analysis.memory) : 'does not fit in GPU memory')}\n`);
      exit = Math.max(exit, EXIT_BUDGET);
    }
    for (const f of analysis.findings.filter((f) => f.code === BUDGET_EXCEEDED)) {
      io.err(`footprint-lens: ${file}: ${f.message}\n`);
      exit = Math.max(exit, EXIT_BUDGET);
    }
  }
  if (invocation.json) {
    const json = results.map((a) => analysisToJson(a, invocation.overrides));
    io.out(`${JSON.stringify(json.length === 1 ? json[0] : json, null, 2)}\n`);
  } else {
    io.out(
      results
        .filter((a) => a.format)
        .map((a) => renderAnalysis(a, invocation.overrides))
        .join('\n'),
    );
  }
  return exit;
}

/** "file:3: duplicate key ..." for a parse error, or why a readable file gave no run. */
function notAnalysedMessage(analysis: Analysis): string {
  const error = analysis.findings.find((f) => f.severity === 'error');
  if (error) return `${analysis.fileName}${error.span ? `:${error.span.line + 1}` : ''}: ${error.message}`;
  const info = analysis.findings[0];
  if (info) return `${analysis.fileName}: ${info.message}`;
  return `${analysis.fileName}: not a training config that Footprint Lens recognises (DeepSpeed, Megatron-LM, NeMo, GPT-NeoX, llm-foundry, OLMo, LitGPT, nanotron, torchtitan)`;
}

function unreadable(file: string, message: string): Analysis {
  return {
    fileName: file,
    format: null,
    run: null,
    projection: null,
    computeOptimal: null,
    memory: null,
    findings: [finding('unreadable-file', { file, problem: message })],
    references: [],
    companionsUsed: [],
  };
}
