// The development loop a newcomer starts with (F5, `npm run watch`, `npm test`) points at things that exist: every
// launch configuration's task, bundle and workspace, and every check CI is said to run.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'jsonc-parser';

const ROOT = join(__dirname, '../../..');
const read = (file: string): unknown => parse(readFileSync(join(ROOT, file), 'utf8'));

interface Launch {
  configurations: Array<{ name: string; type: string; args?: string[]; runtimeArgs?: string[]; preLaunchTask?: string }>;
}
interface Tasks {
  tasks: Array<{ label: string; type: string; script?: string }>;
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string>; dependencies: Record<string, string>; devDependencies: Record<string, string> };
const launch = read('.vscode/launch.json') as Launch;
const tasks = read('.vscode/tasks.json') as Tasks;
/** The bundles esbuild.mjs writes (its `outfile`s). */
const outfiles = [...readFileSync(join(ROOT, 'esbuild.mjs'), 'utf8').matchAll(/outfile: '([^']+)'/g)].map((m) => m[1]!);

describe('development loop', () => {
  it('launches the extension in the desktop and the web host, and the tests', () => {
    const names = launch.configurations.map((c) => c.name);
    assert.ok(names.some((n) => /desktop host/.test(n)) && names.some((n) => /web host/.test(n)) && names.some((n) => /tests/i.test(n)), names.join(', '));
    const web = launch.configurations.find((c) => /web host/.test(c.name));
    assert.ok(web?.args?.includes('--extensionDevelopmentKind=web'), 'the web host configuration runs the web extension');
  });

  it("every launch configuration's task is an npm script, and every path it names is built or committed", () => {
    for (const c of launch.configurations) {
      if (c.preLaunchTask) {
        const task = tasks.tasks.find((t) => t.label === c.preLaunchTask);
        assert.ok(task, `${c.name}: task ${c.preLaunchTask} is in tasks.json`);
        assert.ok(task.type !== 'npm' || (task.script && manifest.scripts[task.script]), `${c.name}: npm script ${task.script} exists`);
      }
      for (const arg of [...(c.args ?? []), ...(c.runtimeArgs ?? [])]) {
        const path = /\$\{workspaceFolder\}\/([^\s]+)$/.exec(arg)?.[1];
        if (!path) continue;
        assert.ok(outfiles.includes(path) || existsSync(join(ROOT, path)), `${c.name}: ${path} is an esbuild output or a committed path`);
      }
    }
  });

  it('npm test builds, type-checks, checks the format and lints before the tests, as CI runs it', () => {
    for (const script of ['watch', 'lint', 'format:check']) assert.ok(manifest.scripts[script], `npm run ${script} exists`);
    const steps = manifest.scripts.test!.split('&&').map((s) => s.trim());
    for (const step of ['npm run build', 'npm run typecheck', 'npm run format:check', 'npm run lint', 'npm run test:unit', 'npm run test:web'])
      assert.ok(steps.includes(step), `npm test runs ${step}`);
    assert.match(readFileSync(join(ROOT, '.ci/run'), 'utf8'), /^npm test$/m);
    assert.match(readFileSync(join(ROOT, 'eslint.config.mjs'), 'utf8'), /no-floating-promises/);
  });

  it("every dependency says why it is here in the README's Dependencies table", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('## Dependencies'), readme.indexOf('\n## ', readme.indexOf('## Dependencies') + 1));
    const unexplained = [...Object.keys(manifest.dependencies), ...Object.keys(manifest.devDependencies)].filter((name) => !table.includes(`\`${name}\``));
    assert.deepEqual(unexplained, []);
  });
});
