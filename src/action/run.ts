// The GitHub Action's work, in one function the tests run as GitHub would: find the pull request's base and the
// configs it changed, run `footprint-lens diff --base` on them (the CLI itself, in process), write the Markdown to
// the job summary, post or update the one comment, and exit with the CLI's code (1 when a gate is exceeded).
import { appendFileSync, readFileSync } from 'node:fs';
import { run, type CliIO } from '../cli/cli';
import { diffMarkdown } from '../core/diff/index';
import { changedConfigs, mergeBase } from './changed';
import { postOrUpdateComment } from './comment';

/** The action's inputs as the composite action passes them (action.yml maps each `with:` input to one of these). */
export const ACTION_INPUTS = {
  base: 'FOOTPRINT_BASE',
  maxIncreaseUSD: 'FOOTPRINT_MAX_INCREASE_USD',
  maxIncreaseTCO2e: 'FOOTPRINT_MAX_INCREASE_TCO2E',
  maxIncreaseGpuHours: 'FOOTPRINT_MAX_INCREASE_GPU_HOURS',
  args: 'FOOTPRINT_ARGS',
  comment: 'FOOTPRINT_COMMENT',
  token: 'FOOTPRINT_TOKEN',
} as const;

const GATE_FLAGS: Array<[keyof typeof ACTION_INPUTS, string]> = [
  ['maxIncreaseUSD', '--max-increase-usd'],
  ['maxIncreaseTCO2e', '--max-increase-tco2e'],
  ['maxIncreaseGpuHours', '--max-increase-gpu-hours'],
];

const EXIT_USAGE = 2;

interface PullRequestEvent {
  pull_request?: { number?: number; base?: { sha?: string; ref?: string } };
}

function readEvent(path: string | undefined): PullRequestEvent {
  if (!path) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as PullRequestEvent;
  } catch {
    return {};
  }
}

export async function runAction(env: NodeJS.ProcessEnv, io: CliIO, cwd = process.cwd()): Promise<number> {
  const input = (name: keyof typeof ACTION_INPUTS) => (env[ACTION_INPUTS[name]] ?? '').trim();
  const event = readEvent(env.GITHUB_EVENT_PATH);
  const pr = event.pull_request;
  const base = input('base') || pr?.base?.sha || '';
  if (!base) {
    io.err('::error title=Footprint Lens::no base to compare with: run on a pull_request event, or give the `base` input\n');
    return EXIT_USAGE;
  }
  let from: string;
  try {
    from = mergeBase(cwd, base, 'HEAD');
  } catch {
    io.err(`::error title=Footprint Lens::cannot find where HEAD branched from ${base}: check out with fetch-depth: 0 (actions/checkout)\n`);
    return EXIT_USAGE;
  }
  const files = changedConfigs(cwd, from, 'HEAD');
  const label = pr?.base?.ref ? `${pr.base.ref} (${from.slice(0, 7)})` : from.slice(0, 7);
  let markdown: string;
  let exit = 0;
  if (files.length === 0) {
    markdown = diffMarkdown([], { baseLabel: label });
  } else {
    const argv = ['diff', '--base', from, '--base-label', label, ...files];
    for (const [name, flag] of GATE_FLAGS) if (input(name)) argv.push(flag, input(name));
    // Extra flags are split on spaces, never given to a shell.
    argv.push(
      ...input('args')
        .split(/\s+/)
        .filter((a) => a.length > 0),
    );
    let out = '';
    const errors: string[] = [];
    exit = run(argv, { out: (t) => (out += t), err: (t) => errors.push(t) });
    markdown = out;
    for (const line of errors
      .join('')
      .split('\n')
      .filter((l) => l.length > 0)) {
      const text = line.replace(/^footprint-lens: /, '');
      io.err(exit === 1 && /exceeds --max-increase-/.test(text) ? `::error title=Footprint Lens gate::${text}\n` : `${line}\n`);
    }
  }
  if (env.GITHUB_STEP_SUMMARY && markdown) appendFileSync(env.GITHUB_STEP_SUMMARY, markdown);
  io.out(markdown);
  await comment(env, pr?.number, markdown, files.length === 0, io, input('comment') !== 'false', input('token'));
  return exit;
}

async function comment(env: NodeJS.ProcessEnv, pullRequest: number | undefined, body: string, onlyUpdate: boolean, io: CliIO, wanted: boolean, token: string): Promise<void> {
  if (!wanted || !body) return;
  if (pullRequest === undefined || !env.GITHUB_REPOSITORY || !token) {
    io.err('Footprint Lens: not a pull request (or no token): the comment is left out; the job summary has the table\n');
    return;
  }
  const outcome = await postOrUpdateComment({ apiUrl: env.GITHUB_API_URL || 'https://api.github.com', repository: env.GITHUB_REPOSITORY, pullRequest, token }, body, onlyUpdate);
  // A pull request from a fork gets a read-only token: the gate still decides, the comment is a warning.
  if (!outcome.ok) io.err(`::warning title=Footprint Lens::could not comment on the pull request (${outcome.message})\n`);
  else io.err(`Footprint Lens: comment ${outcome.action}${outcome.id !== undefined ? ` (${outcome.id})` : ''}\n`);
}
