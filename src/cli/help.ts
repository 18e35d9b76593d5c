// The text of `footprint-lens --help`. The input flags and their one-line docs come from the input registry
// (src/core/inputs/registry.ts), so a new input is listed here by being declared there.
import { INPUTS, OPTIONS, type InputGroup, type InputSpec } from '../core/inputs/registry';
import { CLI_ANALYSIS_BUDGET_MS } from './limits';

const COLUMN = 26;
const WIDTH = 116;

/** One flag line, wrapped under its text column; Markdown code marks are dropped. */
export function flagLine(flag: string, metavar: string | undefined, doc: string): string {
  const head = `  --${flag}${metavar ? ` ${metavar}` : ''}`;
  const words = doc.replace(/`/g, '').split(/\s+/);
  const lines: string[] = [];
  let line = head.length + 1 >= COLUMN ? `${head} ` : head.padEnd(COLUMN);
  for (const w of words) {
    if (line.length + w.length > WIDTH && line.trim() !== '') {
      lines.push(line.trimEnd());
      line = ' '.repeat(COLUMN);
    }
    line += `${w} `;
  }
  lines.push(line.trimEnd());
  return lines.join('\n');
}

function flagsOf(groups: readonly InputGroup[]): string {
  return INPUTS.filter((s): s is InputSpec<(typeof s)['id']> & { flag: string } => s.flag !== undefined && groups.includes(s.group))
    .map((s) => flagLine(s.flag, s.metavar, s.doc))
    .join('\n');
}

/** --time-limit: the editor's setting's declaration, with the CLI's own default. */
function timeLimitLine(): string {
  const spec = OPTIONS.find((o) => o.id === 'analysisTimeLimit')!;
  return flagLine(
    spec.flag!,
    spec.metavar,
    `how long one analysis may run before it stops with one "too complex" finding: ${spec.min} to ${spec.max} seconds (default ${CLI_ANALYSIS_BUDGET_MS / 1000})`,
  );
}

export const HELP = `footprint-lens: what a training run will cost in GPU-hours, dollars, energy and tCO2e

Usage
  footprint-lens estimate <config...> [options]   project the footprint of each config; a folder sums every run
                                                  under it, grouped by folder with totals, most costly first
  footprint-lens diff <old> <new> [options]      what the change from old to new costs, as a pull-request
                                                  comment (Markdown: a table per changed run) or --json
  footprint-lens diff --base REF <config...>      each config against its text at git revision REF (a file REF
                                                  lacks is a new run; one deleted since, a removed run);
                                                  --base-label NAME names REF in the comment's heading
  footprint-lens report <config...> --format F [--out FILE [--force]] [--calibration FILE] [options]
                                                  a publishable report of the projection: F is markdown,
                                                  model-card (Hugging Face co2_eq_emissions), csv or latex;
                                                  --out never replaces an input file, nor an existing file
                                                  without --force
  footprint-lens calibrate <config> <emissions.csv> [options]
                                                  back out the achieved MFU and power per GPU from a CodeCarbon
                                                  emissions.csv and show projected vs measured
  footprint-lens calibrate <config> --tokens-per-second X
                                                  the same from a logged throughput (tokens/s for the whole job)
  footprint-lens schedule <config> --region CODE [--window 7d] [--interruptible [--max-stretch 1.5]] [options]
                                                  when to start the run on its grid's hourly trace (a typical
                                                  year, not a forecast): the best start in the window, its saving
                                                  against starting now, the carbon-vs-delay front, and the run on
                                                  every traced grid; energy and dollars do not move
  footprint-lens gpus                             the GPU table (dense peaks, power, price) with sources
  footprint-lens regions                          the grid-intensity table and the hourly traces, with sources

Inputs (win over the file; every number in the output says where it came from)
${flagsOf(['run', 'hardware', 'energy', 'cost'])}

Models named by id (--model_name_or_path, base_model, tokenizer ids)
  Read from a local model folder, then the Hugging Face cache (HF_HUB_CACHE, HF_HOME/hub or
  ~/.cache/huggingface/hub), then the shipped table of open models. Files named together on one command line
  are read as one run: \`estimate ds_config.json train.sh\` gives the JSON the script's model.
  --model-lookup M        offline (default) or hub: fetch config.json of models nothing local knows from the
                          Hub (HF_ENDPOINT, HF_TOKEN), cached under ~/.cache/footprint-lens/hub

Limits
${timeLimitLine()}

Calibration
  --tokens-done N         tokens the measured span covers (default: the whole run)
  --steps-done N          or the optimiser steps it covers
  --tokens-per-second X   logged whole-job throughput, instead of an emissions.csv
  --save FILE             calibrate: write the calibration (MFU, power per GPU) as JSON (--force to replace a file)
  --calibration FILE      estimate: use a saved calibration's MFU and power (--mfu still wins)

Timing (schedule)
  --region CODE           a traced grid (us-caiso, us-ercot, us-bpa, us-pjm, gb, de, no, kr) or a region it
                          stands in for (aws:us-east-1 -> us-pjm; see \`regions\`)
  --window W              how long the start may wait: 72h, 7d, 2w (default 7d, at most 365d)
  --interruptible         also plan a run that pauses through the dirtiest hours
  --max-stretch X         ... finishing within X times its length (default 1.5)
  --start T               the submit time, UTC (2026-06-01T14); default: now

Budgets (exit code 1 when the projection exceeds one; 0 is a cap too: nothing fits it)
${flagsOf(['budget'])}
  With any cap, estimate adds a budget plan: which cap binds, the compute and tokens each allows, and the
  lever that relaxes it.

Gates on a change (diff; exit code 1 when the summed increase of all runs exceeds one)
  --max-increase-usd X  --max-increase-tco2e X  --max-increase-gpu-hours X
  A run whose change cannot be known (an input missing) is named and not counted.

Scaling law (Chinchilla form, Epoch AI refit)
${flagsOf(['scaling'])}

Output
  --require-fit           exit 1 when a run does not fit in its GPU's memory (CI gate)
  --json                  one JSON object per file (an array for several), schemaVersion 1
  -h, --help  -v, --version

Exit codes: 0 ok, 1 a budget or gate exceeded, 2 bad usage or unreadable input.
`;
