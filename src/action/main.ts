// The GitHub Action's entry (bundled by action.yml's build step): run in the checked-out repository, and turn anything
// unexpected into one error annotation and exit code 2, never a stack trace.
import { runAction } from './run';

if (process.env.GITHUB_WORKSPACE) process.chdir(process.env.GITHUB_WORKSPACE);
runAction(process.env, { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) }).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`::error title=Footprint Lens::unexpected error: ${String((e as Error)?.message ?? e)}\n`);
    process.exitCode = 2;
  },
);
