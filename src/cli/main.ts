// The executable's entry (bundled to dist/cli.js): run the command, and turn anything unexpected into one line and
// exit code 2, never a stack trace. With --model-lookup hub, the config.json of models nothing local knows is fetched
// first (the only network the CLI ever uses), so the analysis itself stays synchronous.
import { parseInvocation } from './args';
import { EXIT_USAGE, run } from './cli';
import { cliLookup } from './companions';
import { fetchFromHub, hubWanted } from './hub';

async function main(argv: string[]): Promise<number> {
  const io = { out: (text: string) => process.stdout.write(text), err: (text: string) => process.stderr.write(text) };
  await prefetch(argv, io.err);
  return run(argv, io);
}

async function prefetch(argv: string[], err: (text: string) => void): Promise<void> {
  let invocation;
  try {
    invocation = parseInvocation(argv);
  } catch {
    return; // run() reports the usage error
  }
  if (invocation.modelLookup !== 'hub') return;
  const files = invocation.files.slice(0, invocation.command === 'calibrate' ? 1 : undefined);
  const lookup = cliLookup(files.map((file) => ({ file, read: { ok: false } as const })));
  const ids = hubWanted(files, lookup);
  for (const note of await fetchFromHub(ids, process.env)) err(`footprint-lens: ${note.message}\n`);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`footprint-lens: unexpected error: ${String((e as Error)?.message ?? e)}\n`);
    process.exitCode = EXIT_USAGE;
  },
);
