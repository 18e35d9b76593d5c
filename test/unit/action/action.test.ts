// The GitHub Action end to end, offline: action.yml's own build command bundles the script, which then runs as GitHub
// runs it, in a temporary git repository of real configs on a pull-request branch, against a local stand-in for
// GitHub's comments API. What is asserted is what a reviewer sees: the comment's text, one comment updated rather
// than a second one, the gate's annotation, and the job's exit code.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ACTION_INPUTS } from '../../../src/action/run';
import { COMMENT_MARKER } from '../../../src/core/diff/index';
import { readFixture } from '../helpers/fixtures';
import { tempRepo, type TempRepo } from '../helpers/git-repo';

const ROOT = join(__dirname, '../../..');
const LLAMA = 'NeMo-Framework-Launcher/llama2_70b.yaml';

interface ActionYml {
  inputs: Record<string, { default?: string }>;
  runs: { using: string; steps: Array<{ name?: string; uses?: string; run?: string; env?: Record<string, string> }> };
}

const actionYml = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as ActionYml;

/** Runs action.yml's esbuild line with the local esbuild (the runner fetches the same version with npm exec). */
function buildAsTheActionDoes(outDir: string): string {
  const build = actionYml.runs.steps.find((s) => s.run?.includes('esbuild'))!.run!;
  const line = /-- esbuild (.+)$/m.exec(build);
  assert.ok(line, 'the build step runs esbuild');
  const args = line[1]!.split(/\s+/).map((a) => a.replace(/"/g, '').replace('$RUNNER_TEMP', outDir));
  execFileSync(join(ROOT, 'node_modules/.bin/esbuild'), args, { cwd: ROOT, stdio: 'pipe' });
  const out = args.find((a) => a.startsWith('--outfile='))!.slice('--outfile='.length);
  return out;
}

interface Recorded {
  method: string;
  url: string;
  auth: string | undefined;
  body: { body?: string } | undefined;
}

/** GitHub's issue-comments endpoints, in memory. */
function fakeGitHub(): Promise<{ server: Server; url: string; requests: Recorded[]; comments: Array<{ id: number; body: string }> }> {
  const requests: Recorded[] = [];
  const comments: Array<{ id: number; body: string }> = [{ id: 1, body: 'Looks good to me' }];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      const body = text ? (JSON.parse(text) as { body?: string }) : undefined;
      requests.push({ method: req.method!, url: req.url!, auth: req.headers.authorization, body });
      const send = (status: number, json: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      };
      if (req.headers.authorization !== 'Bearer test-token') return send(401, { message: 'Bad credentials' });
      if (req.method === 'GET' && /^\/repos\/acme\/models\/issues\/7\/comments\?/.test(req.url!)) return send(200, comments);
      if (req.method === 'POST' && req.url === '/repos/acme/models/issues/7/comments') {
        const created = { id: 100 + comments.length, body: body!.body! };
        comments.push(created);
        return send(201, created);
      }
      const patch = /^\/repos\/acme\/models\/issues\/comments\/(\d+)$/.exec(req.url!);
      const target = patch ? comments.find((c) => c.id === Number(patch[1])) : undefined;
      if (req.method === 'PATCH' && target) {
        target.body = body!.body!;
        return send(200, target);
      }
      send(404, { message: 'Not Found' });
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests, comments })));
}

function runBundle(bundle: string, repo: TempRepo, env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    // Only what a runner would set: nothing of this machine's own GitHub environment leaks in.
    const clean = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', GITHUB_WORKSPACE: repo.dir, ...env };
    execFile(process.execPath, [bundle], { cwd: repo.dir, env: clean }, (error, out, err) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 99) : 0, out, err });
    });
  });
}

describe('the GitHub Action', function () {
  this.timeout(60000);
  let scratch: string;
  let bundle: string;
  let repo: TempRepo;
  let github: Awaited<ReturnType<typeof fakeGitHub>>;
  let env: Record<string, string>;
  let mainSha: string;

  before(() => {
    scratch = mkdtempSync(join(tmpdir(), 'footprint-action-'));
    bundle = buildAsTheActionDoes(scratch);
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  beforeEach(async () => {
    repo = tempRepo({ 'configs/llama2_70b.yaml': LLAMA, 'configs/olmo-1b.yaml': 'OLMo/OLMo-1B.yaml' });
    repo.write('README.md', '# models\n');
    mainSha = repo.commit('configs on main');
    repo.git('checkout', '-q', '-b', 'longer-run');
    repo.write('configs/llama2_70b.yaml', readFixture(LLAMA).replace('max_steps: 300000', 'max_steps: 400000'));
    repo.write('configs/sweep/new-8b.yaml', readFixture('NeMo-Framework-Launcher/llama3_1_8b.yaml'));
    repo.write('docs/notes.md', 'not a config\n');
    repo.commit('train longer, add an 8B run');
    github = await fakeGitHub();
    const event = join(scratch, 'event.json');
    writeFileSync(event, JSON.stringify({ pull_request: { number: 7, base: { sha: mainSha, ref: 'main' } } }));
    env = {
      GITHUB_EVENT_PATH: event,
      GITHUB_REPOSITORY: 'acme/models',
      GITHUB_API_URL: github.url,
      GITHUB_STEP_SUMMARY: join(scratch, 'summary.md'),
      [ACTION_INPUTS.token]: 'test-token',
      [ACTION_INPUTS.args]: '--gpu A100-80GB',
      [ACTION_INPUTS.comment]: 'true',
    };
    writeFileSync(env.GITHUB_STEP_SUMMARY!, '');
  });
  afterEach(() => {
    github.server.close();
    repo.remove();
  });

  it('maps every input of action.yml to the variable the script reads, and passes none through the shell', () => {
    const step = actionYml.runs.steps.find((s) => s.env)!;
    assert.equal(actionYml.runs.using, 'composite');
    assert.ok(
      actionYml.runs.steps.some((s) => s.uses?.startsWith('actions/setup-node@')),
      'sets up Node',
    );
    assert.deepEqual(new Set(Object.keys(step.env!)), new Set(Object.values(ACTION_INPUTS)));
    for (const [variable, value] of Object.entries(step.env!)) assert.match(value, /^\$\{\{ inputs\.[\w-]+ \}\}$/, variable);
    assert.deepEqual(new Set(Object.values(step.env!).map((v) => /inputs\.([\w-]+)/.exec(v)![1])), new Set(Object.keys(actionYml.inputs)));
    for (const s of actionYml.runs.steps) assert.doesNotMatch(s.run ?? '', /\$\{\{\s*inputs\./, 'no input is pasted into a script');
  });

  it('comments the cost of the changed configs, fails the gate it exceeds, and updates the same comment on the next push', async () => {
    const first = await runBundle(bundle, repo, { ...env, [ACTION_INPUTS.maxIncreaseUSD]: '1M' });
    assert.equal(first.code, 1, first.err);
    assert.match(
      first.err,
      /^::error title=Footprint Lens gate::cost \+\$[\d.]+M exceeds --max-increase-usd \$1M \(configs\/llama2_70b\.yaml \+\$[\d.]+[kM], configs\/sweep\/new-8b\.yaml \+\$[\d.]+[kM]\)$/m,
    );
    const posts = github.requests.filter((r) => r.method === 'POST');
    assert.equal(posts.length, 1, 'one comment created');
    const body = posts[0]!.body!.body!;
    assert.ok(body.startsWith(`${COMMENT_MARKER}\n## Footprint Lens: +`), body);
    assert.match(body, new RegExp(`over 2 runs against \`main \\(${mainSha.slice(0, 7)}\\)\``));
    assert.match(body, /### `configs\/llama2_70b\.yaml` · NeMo YAML · changed/);
    assert.match(body, /\| cost \| \$[\d.]+M \| \$[\d.]+M \| \+\$[\d.]+[kM] \(\+33%\) \|/);
    assert.match(body, /### `configs\/sweep\/new-8b\.yaml` · NeMo YAML · new run/);
    assert.doesNotMatch(body, /olmo|notes\.md|README/, 'unchanged and non-config files stay out');
    assert.match(body, /❌ cost \+\\\$[\d.]+M exceeds --max-increase-usd \\\$1M/);
    assert.equal(readFileSync(env.GITHUB_STEP_SUMMARY!, 'utf8'), body, 'the job summary carries the same table');

    // The next push raises the cap (or the cost fits): the one comment is rewritten, not joined by another.
    const second = await runBundle(bundle, repo, { ...env, [ACTION_INPUTS.maxIncreaseUSD]: '1B' });
    assert.equal(second.code, 0, second.err);
    assert.equal(github.requests.filter((r) => r.method === 'POST').length, 1, 'still one comment');
    const patch = github.requests.find((r) => r.method === 'PATCH');
    assert.ok(patch, 'the comment is updated');
    assert.match(patch.url, /\/issues\/comments\/10\d$/);
    assert.match(github.comments.find((c) => c.body.startsWith(COMMENT_MARKER))!.body, /✅ cost \+\\\$[\d.]+M is within --max-increase-usd \\\$1B/);
    assert.equal(github.comments.length, 2, 'the reviewer comment and ours');
    assert.ok(github.requests.every((r) => r.auth === 'Bearer test-token'));
  });

  it('posts nothing when no config changed, and still exits 0', async () => {
    repo.git('checkout', '-q', '-b', 'docs-only', mainSha);
    repo.write('docs/notes.md', 'only docs\n');
    repo.commit('docs');
    const r = await runBundle(bundle, repo, env);
    assert.equal(r.code, 0, r.err);
    assert.equal(github.requests.filter((x) => x.method !== 'GET').length, 0, 'no comment for a pull request without configs');
    assert.match(r.out, /No training config changed\./);
  });

  it('says how to fix a shallow checkout instead of failing obscurely (exit 2)', async () => {
    writeFileSync(env.GITHUB_EVENT_PATH!, JSON.stringify({ pull_request: { number: 7, base: { sha: 'f'.repeat(40), ref: 'main' } } }));
    const r = await runBundle(bundle, repo, env);
    assert.equal(r.code, 2);
    assert.match(r.err, /::error title=Footprint Lens::cannot find where HEAD branched from f{40}: check out with fetch-depth: 0/);
  });

  it('keeps the gate when the token cannot comment (a fork): a warning, the same exit code', async () => {
    const r = await runBundle(bundle, repo, { ...env, [ACTION_INPUTS.token]: 'read-only', [ACTION_INPUTS.maxIncreaseGpuHours]: '100' });
    assert.equal(r.code, 1);
    assert.match(r.err, /::warning title=Footprint Lens::could not comment on the pull request \(listing comments: HTTP 401\)/);
  });
});
