// --model-lookup hub against a local HTTP server standing in for the Hub (never the network): real config.json texts
// served for a model nothing local knows, HF_TOKEN sent as a bearer token, a gated model said to be gated, and the
// answer cached so the next analysis needs no server.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseInvocation } from '../../../src/cli/args';
import { cliLookup } from '../../../src/cli/companions';
import { fetchFromHub, hubWanted } from '../../../src/cli/hub';
import type { AnalysisJson } from '../../../src/core/present/json';
import { runCli } from '../helpers/cli';
import { readFixture } from '../helpers/fixtures';

const LLAMA3_CONFIG = readFileSync(join(__dirname, '../../fixtures/extra/llama3_8b_hf_config.json'), 'utf8');

describe('CLI --model-lookup hub', () => {
  let server: Server;
  let endpoint: string;
  let dir: string;
  let recipe: string;
  const seen: Array<{ url: string; headers: IncomingHttpHeaders }> = [];
  const saved: Record<string, string | undefined> = {};

  before(async () => {
    server = createServer((req, res) => {
      seen.push({ url: req.url ?? '', headers: req.headers });
      if (req.url === '/acme/llama3-8b-private-sft/resolve/main/config.json') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(LLAMA3_CONFIG);
      } else if (req.url?.startsWith('/acme/gated-')) {
        res.writeHead(401).end('{"error":"Access to model acme/gated-model is restricted."}');
      } else {
        res.writeHead(404).end('{"error":"Repository Not Found"}');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    dir = mkdtempSync(join(tmpdir(), 'fp-hub-'));
    // A real llm-foundry recipe pointed at a private fine-tune the shipped table cannot know.
    recipe = join(dir, 'gpt-neo-125m.yaml');
    writeFileSync(recipe, readFixture('llm-foundry/gpt-neo-125m.yaml').replace('EleutherAI/gpt-neo-125M', 'acme/llama3-8b-private-sft'));
    for (const k of ['FOOTPRINT_CACHE_DIR', 'HF_HOME', 'HF_HUB_CACHE']) saved[k] = process.env[k];
    process.env.FOOTPRINT_CACHE_DIR = join(dir, 'cache');
    process.env.HF_HOME = join(dir, 'empty-hf-home');
    delete process.env.HF_HUB_CACHE;
  });

  after(async () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    rmSync(dir, { recursive: true, force: true });
    await new Promise((resolve) => server.close(resolve));
  });

  it('is off unless asked: the flag is parsed, offline is the default, and a bad value is refused', () => {
    assert.equal(parseInvocation(['estimate', 'x.yaml']).modelLookup, undefined);
    assert.equal(parseInvocation(['estimate', 'x.yaml', '--model-lookup', 'hub']).modelLookup, 'hub');
    assert.throws(() => parseInvocation(['estimate', 'x.yaml', '--model-lookup', 'always']), /--model-lookup expects one of offline, hub/);
  });

  it('without the lookup, the unknown model says so and offers the model size', () => {
    const r = runCli('estimate', '--json', recipe);
    const a = JSON.parse(r.out) as AnalysisJson;
    assert.ok(a.findings.some((f) => f.code === 'model-unknown' && /acme\/llama3-8b-private-sft/.test(f.message) && /--params/.test(f.message)));
    assert.equal(seen.length, 0, 'nothing was asked of the server');
  });

  it('fetches the config.json of the model nothing local knows, with the token, and the analysis reads it from the cache', async () => {
    const lookup = cliLookup([]);
    const ids = hubWanted([recipe], lookup);
    assert.deepEqual(ids, ['acme/llama3-8b-private-sft']);
    const notes = await fetchFromHub(ids, { ...process.env, HF_ENDPOINT: endpoint, HF_TOKEN: 'hf_test_token' });
    assert.equal(notes[0]?.status, 'fetched');
    assert.equal(seen.at(-1)?.headers.authorization, 'Bearer hf_test_token');
    const r = runCli('estimate', '--json', recipe);
    const a = JSON.parse(r.out) as AnalysisJson;
    assert.equal(a.model?.origin, 'hub');
    assert.ok(Math.abs((a.run!.params!.value as number) / 8.03e9 - 1) < 0.01, String(a.run!.params!.value));
    assert.equal(hubWanted([recipe], lookup).length, 0, 'cached: not asked again');
  });

  it('a gated model is reported as gated, remembered, and becomes a finding naming HF_TOKEN', async () => {
    const gated = join(dir, 'gated.yaml');
    writeFileSync(gated, readFileSync(recipe, 'utf8').replace('acme/llama3-8b-private-sft', 'acme/gated-model'));
    const notes = await fetchFromHub(hubWanted([gated], cliLookup([])), { ...process.env, HF_ENDPOINT: endpoint });
    assert.equal(notes[0]?.status, 'gated');
    assert.match(notes[0]!.message, /set HF_TOKEN/);
    assert.deepEqual(hubWanted([gated], cliLookup([])), [], 'remembered');
    const a = JSON.parse(runCli('estimate', '--json', gated).out) as AnalysisJson;
    assert.ok(a.findings.some((f) => f.code === 'companion-missing' && /gated on the Hub/.test(f.message)));
  });

  it('an id the Hub does not have is unknown, and a server that cannot be reached fails without throwing', async () => {
    const notes = await fetchFromHub(['acme/missing'], { ...process.env, HF_ENDPOINT: endpoint });
    assert.equal(notes[0]?.status, 'unknown');
    const down = await fetchFromHub(['acme/other'], { ...process.env, HF_ENDPOINT: 'http://127.0.0.1:1' });
    assert.equal(down[0]?.status, 'failed');
  });
});
