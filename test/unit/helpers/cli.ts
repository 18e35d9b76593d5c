// Runs the CLI in-process, as a user's shell would, and captures what it prints.
import { run } from '../../../src/cli/cli';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

export function runCli(...argv: string[]): CliResult {
  let out = '';
  let err = '';
  const code = run(argv, { out: (t) => (out += t), err: (t) => (err += t) });
  return { code, out, err };
}
