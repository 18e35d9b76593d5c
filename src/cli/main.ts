// The executable's entry (bundled to dist/cli.js): run the command, and turn anything unexpected into one line and
// exit code 2, never a stack trace.
import { EXIT_USAGE, run } from './cli';

try {
  process.exitCode = run(process.argv.slice(2), {
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  });
} catch (e) {
  process.stderr.write(`footprint-lens: unexpected error: ${String((e as Error)?.message ?? e)}\n`);
  process.exitCode = EXIT_USAGE;
}
