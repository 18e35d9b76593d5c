// What a user of the what-if panel would notice, in a real browser: the handshake, prefilled inputs with their
// provenance, outputs that move the right way, plots, text from configs staying text, invalid messages ignored,
// keyboard use, and light/dark screenshots.
import assert from 'node:assert/strict';
import { mkdir, copyFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium } from 'playwright-core';
import { ROOT, fixture, gridTracesMessage, startHarness } from './harness.mjs';

const NEMO_175B = 'NeMo-Framework-Launcher/175b.yaml';
const PYTHIA_12B = 'pythia/pythia-12b.yml';
const RESULTS = path.join(ROOT, 'test-results/webview');

let harness;
let browser;

before(async () => {
  harness = await startHarness();
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true });
  await mkdir(RESULTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await harness?.close();
});

/** A fresh panel page, with console warnings, page errors and dialogs recorded. */
async function openPanel({ theme = 'light', state } = {}) {
  const page = await browser.newPage({ viewport: { width: 1200, height: 1400 } });
  const log = { warnings: [], errors: [], dialogs: [], csp: [] };
  page.on('console', (m) => {
    if (m.type() === 'warning') log.warnings.push(m.text());
    if (m.type() === 'error') log.errors.push(m.text());
  });
  page.on('pageerror', (e) => log.errors.push(String(e)));
  page.on('dialog', async (d) => {
    log.dialogs.push(d.message());
    await d.dismiss();
  });
  await page.goto(harness.url(theme, state));
  await page.waitForFunction(() => window.__posted.length > 0);
  return { page, log };
}

/**
 * The time limit the panel's analyses run under here: the tests share a busy machine, where a background page can wait
 * seconds for the CPU, and they are about what the panel shows, not how fast this machine is.
 */
const TIME_LIMIT_SECONDS = 60;

async function load(page, file, { version = 1, options = {}, text, fileName } = {}) {
  const f = await fixture(file);
  const message = { type: 'load', uri: f.uri, fileName: fileName ?? f.fileName, version, text: text ?? f.text, options: { analysisTimeLimitSeconds: TIME_LIMIT_SECONDS, ...options } };
  const before = await page.evaluate(() => document.getElementById('summary')?.textContent ?? '');
  await hostPost(page, message);
  await page.waitForFunction((b) => (document.getElementById('summary')?.textContent ?? '') !== b && document.getElementById('summary')?.textContent !== '', before);
  return message;
}

function hostPost(page, message) {
  return page.evaluate((m) => window.postMessage(m, '*'), message);
}

/** The value shown in a vscode-textfield / vscode-single-select. */
function inputValue(page, key) {
  return page.evaluate((k) => document.getElementById(`input-${k}`).value, key);
}

function text(page, selector) {
  return page.evaluate((s) => document.querySelector(s)?.textContent ?? '', selector);
}

/** { meter: { baseline, whatIf, delta } } from the results table. */
function results(page) {
  return page.evaluate(() => {
    const out = {};
    for (const tr of document.querySelectorAll('#results tbody tr')) {
      // What a sighted user reads: the screen-reader-only words ("up", "down") are left out.
      const visible = (td) =>
        [...td.childNodes]
          .filter((n) => !n.classList?.contains('visually-hidden'))
          .map((n) => n.textContent)
          .join('')
          .trim();
      const cells = [...tr.querySelectorAll('td')].map(visible);
      out[tr.dataset.meter] = { baseline: cells[0], whatIf: cells[1], delta: cells[2] };
    }
    return out;
  });
}

/** Types into a text input and commits it with Enter, as a user would; waits for the outputs to redraw. */
async function typeInto(page, key, value) {
  const before = await renders(page);
  const input = page.locator(`#input-${key} input`);
  await input.fill(value);
  await input.press('Enter');
  await page.waitForFunction((b) => document.getElementById('app').dataset.render !== b, before);
}

/** The panel's render count: it changes each time the outputs are redrawn. */
function renders(page) {
  return page.evaluate(() => document.getElementById('app').dataset.render);
}

/** Picks an option of a vscode-single-select with the mouse. */
async function choose(page, key, optionLabel) {
  const before = await text(page, '#summary');
  await page.locator(`#input-${key}`).click();
  await page.locator(`#input-${key}`).getByRole('option', { name: optionLabel, exact: true }).click();
  await page.waitForFunction((b) => document.getElementById('summary').textContent !== b, before);
}

// Each test has its own page, so they can run side by side in one browser.
describe('what-if panel', { concurrency: 2 }, () => {
  it('says ready first, before anything else', async () => {
    const { page, log } = await openPanel();
    const posted = await page.evaluate(() => window.__posted);
    assert.deepEqual(posted, [{ type: 'ready' }]);
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('prefills the inputs from a real NeMo config, with provenance', async () => {
    const { page, log } = await openPanel();
    await load(page, NEMO_175B);
    assert.equal(await inputValue(page, 'gpus'), '1024');
    assert.match(await text(page, '#input-gpus-provenance'), /1024 · derived/);
    assert.equal(await inputValue(page, 'precision'), 'bf16');
    assert.match(await text(page, '#input-precision-provenance'), /^BF16 · file line \d+$/);
    assert.equal(await inputValue(page, 'gpuType'), 'h100-sxm');
    assert.match(await text(page, '#input-gpuType-provenance'), /^NVIDIA H100 SXM5 80GB · default/);
    assert.match(
      await text(page, '#input-mfu-provenance'),
      /MFU \d+%: Hopper BF16 base 26%, 175B active ×1\.\d\d, 8-way pipeline with 64 micro-batches ×0\.90 \(80% range \d+%–\d+%, leave-one-out on published runs\)/,
    );
    assert.match(await text(page, '#file-title'), /175b\.yaml/);
    const r = await results(page);
    assert.match(r.gpuHours.baseline, /GPU-h/);
    assert.equal(r.gpuHours.delta, '0%');
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('follows edits of the file and keeps the what-if', async () => {
    const { page } = await openPanel();
    const first = await load(page, NEMO_175B, { version: 1 });
    await typeInto(page, 'gpus', '2048');
    const before = (await results(page)).gpuHours.baseline;
    // The user halves max_steps in the editor: the host posts the new text as a new version.
    const edited = first.text.replace(/max_steps: 75000/, 'max_steps: 37500');
    assert.notEqual(edited, first.text);
    await load(page, NEMO_175B, { version: 2, text: edited });
    const r = await results(page);
    assert.notEqual(r.gpuHours.baseline, before);
    assert.equal(await inputValue(page, 'gpus'), '2048');
    assert.match(await text(page, '#status'), /Updated from the file/);
    assert.match(await text(page, '#file-format'), /version 2/);
    await page.close();
  });

  it('labels are bound to their inputs', async () => {
    const { page } = await openPanel();
    await load(page, NEMO_175B);
    await page.getByLabel('GPU count', { exact: true }).fill('4096');
    await page.getByLabel('GPU count', { exact: true }).press('Enter');
    await page.waitForFunction(() => window.__state?.whatIf?.gpus === 4096);
    assert.equal(await page.getByRole('combobox', { name: 'Region' }).count(), 1);
    await page.close();
  });

  it('more GPUs shorten the wall-clock; the file stays the baseline', async () => {
    const { page } = await openPanel();
    await load(page, NEMO_175B);
    await typeInto(page, 'gpus', '2048');
    const r = await results(page);
    assert.match(r.wallClockHours.delta, /^−/);
    assert.notEqual(r.wallClockHours.baseline, r.wallClockHours.whatIf);
    assert.match(await text(page, '#input-gpus-provenance'), /what-if \(run: 1024 · derived/);
    await page.close();
  });

  it('twice the tokens, typed as engineers write them, doubles GPU-hours, cost and energy', async () => {
    const { page } = await openPanel();
    await load(page, NEMO_175B);
    assert.match(await inputValue(page, 'tokens'), /^314\.6B$/);
    await typeInto(page, 'tokens', '629.1B');
    const r = await results(page);
    for (const meter of ['gpuHours', 'costUSD', 'energyKWh', 'co2eKg']) assert.match(r[meter].delta, /^\+(99|100|101)%$/, meter);
    await page.close();
  });

  it('a slower GPU type costs more GPU-hours and energy', async () => {
    const { page } = await openPanel();
    await load(page, NEMO_175B);
    await choose(page, 'gpuType', 'NVIDIA A100 SXM 80GB');
    const r = await results(page);
    assert.match(r.gpuHours.delta, /^\+/);
    assert.match(r.energyKWh.delta, /^\+/);
    // The inputs follow: the price is now the A100's, and says the file's run used another.
    assert.notEqual(await inputValue(page, 'priceUSDPerGpuHour'), '3.78');
    assert.match(await text(page, '#input-priceUSDPerGpuHour-provenance'), /default \(file run: 3\.78\)/);
    await page.close();
  });

  it('memory per GPU: stacked bars against the GPU\'s memory; a larger GPU turns "over" into "fits", in words and in the bars', async () => {
    const { page, log } = await openPanel();
    await load(page, 'Megatron-LM/train_llama3_8b_h100_fp8.sh');
    assert.match(await text(page, '#memory-verdict'), /^Memory per GPU \(what-if\): ✗ \d+ GB\/GPU on H100 SXM5 80GB: \d+ GB over$/);
    const parts = await page.evaluate(() => [...document.querySelectorAll('#memory-parts li')].map((li) => li.dataset.part));
    for (const part of ['weights', 'gradients', 'optimizer', 'activations', 'logits', 'overhead']) assert.ok(parts.includes(part), `${part} in ${parts}`);
    /** Where the what-if bar ends and where its GPU's capacity line stands, as drawn. */
    const geometry = () =>
      page.evaluate(() => {
        const bar = document.querySelector('#memory [data-bar="what-if"]');
        const rects = [...bar.querySelectorAll('rect')];
        const end = Math.max(...rects.map((r) => Number(r.getAttribute('x')) + Number(r.getAttribute('width'))));
        return { segments: rects.length, end, capacity: Number(bar.querySelector('line.capacity').getAttribute('x1')) };
      });
    const over = await geometry();
    assert.equal(over.segments, parts.length, 'one segment per component listed');
    assert.ok(over.end > over.capacity, 'the bar runs past the 80 GB line');
    await choose(page, 'gpuType', 'NVIDIA H200 SXM 141GB');
    assert.match(await text(page, '#memory-verdict'), /^Memory per GPU \(what-if\): ≈ \d+ GB\/GPU of 141 GB · fits$/);
    assert.match(await text(page, '#memory-baseline'), /^Baseline: ✗ \d+ GB\/GPU on H100 SXM5 80GB/);
    const fits = await geometry();
    assert.ok(fits.end < fits.capacity, 'the bar now stops short of the 141 GB line');
    assert.match(await page.getAttribute('#memory svg', 'aria-label'), /^Baseline: ✗ .*; What-if: ≈ .* · fits$/);
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('the memory levers move the bar: full recomputation makes the run fit, a micro-batch of 4 puts it over again', async () => {
    const { page, log } = await openPanel();
    await load(page, 'Megatron-LM/train_llama3_8b_h100_fp8.sh');
    assert.match(await text(page, '#memory-verdict'), /: ✗ \d+ GB\/GPU on H100 SXM5 80GB: [\d.]+ GB over$/);
    assert.equal(await inputValue(page, 'microBatch'), '1');
    // Recomputation moves the memory, not this pretraining projection's cost: wait for the redraw, not the summary.
    const before = await renders(page);
    await page.locator('#input-recompute').click();
    await page.locator('#input-recompute').getByRole('option', { name: 'Full (every layer)', exact: true }).click();
    await page.waitForFunction((b) => document.getElementById('app').dataset.render !== b, before);
    assert.match(await text(page, '#memory-verdict'), /^Memory per GPU \(what-if\): ≈ \d+ GB\/GPU of 80 GB · fits$/);
    const activations = () => page.evaluate(() => document.querySelector('#memory-parts li[data-part="activations"]')?.textContent ?? '');
    const fullOnly = await activations();
    await typeInto(page, 'microBatch', '4');
    assert.match(await text(page, '#memory-verdict'), /: ✗ \d+ GB\/GPU on H100 SXM5 80GB: [\d.]+ GB over$/);
    assert.notEqual(await activations(), fullOnly, 'the activations grow with the micro-batch');
    assert.match(await text(page, '#input-microBatch-provenance'), /^what-if \(run: 1 · /);
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('a region moves only the emissions', async () => {
    const { page } = await openPanel();
    await load(page, NEMO_175B);
    const label = await page.evaluate(() => [...document.querySelectorAll('#input-region vscode-option')].find((o) => o.getAttribute('value') === 'fr').textContent);
    await choose(page, 'region', label);
    const r = await results(page);
    for (const meter of ['gpuHours', 'wallClockHours', 'costUSD', 'energyKWh']) assert.equal(r[meter].delta, '0%', meter);
    assert.match(r.co2eKg.delta, /^−/);
    await page.close();
  });

  it('draws the plots with marks and text alternatives', async () => {
    const { page } = await openPanel();
    await load(page, NEMO_175B);
    await page.waitForFunction(() => document.getElementById('plots').getAttribute('aria-busy') === 'false');
    const plots = await page.evaluate(() =>
      [...document.querySelectorAll('#plots svg')].map((s) => ({
        id: s.id,
        label: s.getAttribute('aria-label'),
        title: s.querySelector('title')?.textContent,
        marks: s.querySelectorAll('rect, circle, path').length,
      })),
    );
    const ids = plots.map((p) => p.id);
    for (const id of ['plot-meters', 'plot-isoflop', 'plot-regions', 'plot-levers']) assert.ok(ids.includes(id), `${id} in ${ids}`);
    // The iso-FLOP curve marks the run (175B on 315B tokens: under-trained, so left of nothing — right of the optimum)
    // and the optimum, both labelled.
    const iso = await page.evaluate(() => {
      const s = document.getElementById('plot-isoflop');
      const x = (sel) => Number(s.querySelector(sel)?.getAttribute('cx') ?? s.querySelector(sel)?.getBoundingClientRect().x);
      return { labels: [...s.querySelectorAll('.mark-label')].map((t) => t.textContent), run: x('circle.run'), optimum: x('path.optimum') };
    });
    assert.ok(
      iso.labels.some((l) => /^this run 175B$/.test(l)),
      iso.labels.join(),
    );
    assert.ok(
      iso.labels.some((l) => /^optimum /.test(l)),
      iso.labels.join(),
    );
    assert.ok(iso.run > iso.optimum, 'an under-trained 175B model sits right of (larger than) the optimum');
    // The right-sizing lever is the model of the same predicted loss (fewer GPU-hours), not the iso-compute optimum
    // the plot marks: the lever names 42.5B on 802B tokens and saves GPU-hours; the marker stays at 54.3B.
    assert.ok(iso.labels.includes('optimum 54.3B'), iso.labels.join());
    const levers = plots.find((p) => p.id === 'plot-levers').label;
    assert.match(levers, /Compute-optimal size for the same loss \(42\.5B params, 802B tokens\): GPU-hours −\d+%/);
    for (const p of plots) {
      assert.ok(p.marks > 0, `${p.id} has marks`);
      assert.ok(p.title && p.label && p.label.length > p.title.length, `${p.id} is described`);
      assert.doesNotMatch(p.label, /NaN|Infinity/);
    }
    await page.close();
  });

  it('an OLMo config without a GPU count: the GPU count fills the wall-clock, inference demand judges over-training', async () => {
    const { page } = await openPanel();
    await load(page, 'OLMo/OLMo-1B.yaml');
    assert.match((await results(page)).wallClockHours.whatIf, /^— needs/);
    assert.equal(await inputValue(page, 'gpus'), '');
    await typeInto(page, 'gpus', '256');
    assert.match((await results(page)).wallClockHours.whatIf, /days/);
    assert.match(await text(page, '#scaling'), /over-trained/);
    assert.doesNotMatch(await text(page, '#scaling'), /justified/);
    await typeInto(page, 'lifetimeInferenceTokens', '10T');
    assert.match(await text(page, '#scaling'), /Over-training is (partly |not )?justified/);
    await page.close();
  });

  it('a file that is not a training config: says so, shows dashes, no plots of nothing', async () => {
    const { page, log } = await openPanel();
    await load(page, NEMO_175B, { text: 'name: my-app\nreplicas: 3\n', fileName: 'deployment.yaml' });
    assert.match(await text(page, '#file-format'), /Not a training config/);
    const r = await results(page);
    assert.match(r.gpuHours.baseline, /^— not a training config/);
    assert.doesNotMatch(await page.evaluate(() => document.body.innerText), /NaN|Infinity|undefined/);
    assert.deepEqual(log.errors, []);
    await page.close();
  });

  it('a select can be changed with the keyboard alone', async () => {
    const { page } = await openPanel();
    await load(page, NEMO_175B);
    const before = await renders(page);
    await page.locator('#input-precision').focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForFunction((b) => document.getElementById('app').dataset.render !== b, before);
    // bf16 → the next choice down, fp8: fewer GPU-hours on an H100.
    assert.equal(await inputValue(page, 'precision'), 'fp8');
    assert.match((await results(page)).gpuHours.delta, /^−/);
    await page.close();
  });

  it('shows a dash and what is missing instead of NaN', async () => {
    const { page } = await openPanel();
    await load(page, PYTHIA_12B);
    const r = await results(page);
    assert.match(r.wallClockHours.baseline, /^— needs .*GPU count/);
    const body = await page.evaluate(() => document.body.innerText);
    assert.doesNotMatch(body, /NaN|Infinity/);
    await page.close();
  });
});

describe('what-if panel: safety, keyboard, host round trips', { concurrency: 2 }, () => {
  const XSS = '<img src=x onerror=alert(1)>';

  it('keeps markup from a config and its file name as text', async () => {
    const { page, log } = await openPanel();
    const f = await fixture(NEMO_175B);
    // The same config with a hostile run name and a hostile GPU annotation, in a file with a hostile name.
    const hostile = `# footprint: gpu=${XSS}\n${f.text.replace(/^(\s*name:).*$/m, `$1 "${XSS}"`)}`;
    await load(page, NEMO_175B, { text: hostile, fileName: `${XSS}.yaml` });
    const found = await page.evaluate(() => {
      const all = [];
      const walk = (root) => {
        for (const e of root.querySelectorAll('*')) {
          all.push(e.tagName.toLowerCase());
          if (e.shadowRoot) walk(e.shadowRoot);
        }
      };
      walk(document);
      return { imgs: all.filter((t) => t === 'img').length, body: document.body.textContent };
    });
    assert.equal(found.imgs, 0);
    assert.ok(found.body.includes(XSS), 'the markup is shown as text');
    assert.equal(await text(page, '#file-title'), `${XSS}.yaml`);
    assert.deepEqual(log.dialogs, []);
    await page.close();
  });

  it('ignores invalid host messages and keeps working', async () => {
    const { page, log } = await openPanel();
    await load(page, NEMO_175B);
    const before = await text(page, '#summary');
    await hostPost(page, { type: 'load', uri: 'x', fileName: 'x.yaml', version: -1, text: 'a: 1', options: {} });
    await hostPost(page, { type: 'applied', ok: 'yes', message: 'forged' });
    await hostPost(page, { type: 'run-command', command: 'rm -rf /' });
    await hostPost(page, 'not even an object');
    // Messages are handled in order: once a valid one shows, the invalid ones before it have been dealt with.
    await hostPost(page, { type: 'exported', ok: true, message: 'Copied the Markdown report.' });
    await page.waitForFunction(() => document.getElementById('status').textContent.includes('Copied the Markdown report.'));
    assert.equal(await text(page, '#summary'), before);
    assert.doesNotMatch(await page.evaluate(() => document.body.textContent), /forged/);
    assert.equal(log.warnings.filter((w) => w.includes('ignored an invalid message')).length, 4);
    await page.close();
  });

  it('Tab reaches the inputs in order, and Enter on Apply posts only the changed values', async () => {
    const { page } = await openPanel();
    await load(page, NEMO_175B, { version: 7 });
    await page.locator('#input-gpuType').focus();
    const visited = [];
    for (let i = 0; i < 30; i++) {
      visited.push(await page.evaluate(() => document.activeElement?.id ?? ''));
      await page.keyboard.press('Tab');
    }
    const inputs = visited.filter((id) => id.startsWith('input-'));
    const order = await page.evaluate(() => [...document.querySelectorAll('.input-row .control')].map((c) => c.id));
    assert.deepEqual([...new Set(inputs)].slice(0, order.length), order);

    await typeInto(page, 'gpus', '2048');
    await page.locator('#apply').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => window.__posted.some((m) => m.type === 'apply'));
    const apply = await page.evaluate(() => window.__posted.find((m) => m.type === 'apply'));
    assert.deepEqual(apply, { type: 'apply', version: 7, whatIf: { gpus: 2048 } });
    await hostPost(page, { type: 'applied', ok: true, message: 'Wrote trainer.num_nodes: 256.' });
    await page.waitForFunction(() => document.getElementById('status').textContent.includes('Wrote trainer.num_nodes: 256.'));
    await page.close();
  });

  it('exports with the what-if, and a reset brings back the run’s value', async () => {
    const { page } = await openPanel();
    await load(page, NEMO_175B);
    await typeInto(page, 'pue', '1.5');
    await page.locator('#export-csv').click();
    const exported = await page.evaluate(() => window.__posted.find((m) => m.type === 'export'));
    assert.deepEqual(exported, { type: 'export', format: 'csv', whatIf: { pue: 1.5 } });
    assert.match((await results(page)).energyKWh.delta, /^\+/);
    const before = await renders(page);
    await page.locator('.input-row[data-key="pue"] .reset').click();
    await page.waitForFunction((b) => document.getElementById('app').dataset.render !== b, before);
    assert.equal((await results(page)).energyKWh.delta, '0%');
    assert.equal(await inputValue(page, 'pue'), '1.1');
    await page.close();
  });

  it('typing the run’s own value is not a change: nothing to apply', async () => {
    const { page } = await openPanel();
    await load(page, NEMO_175B);
    await typeInto(page, 'gpus', '2048');
    assert.equal(await page.locator('#apply').getAttribute('disabled'), null);
    const before = await text(page, '#summary');
    const input = page.locator('#input-gpus input');
    await input.fill('1,024');
    await input.press('Enter');
    await page.waitForFunction((b) => document.getElementById('summary').textContent !== b, before);
    assert.equal(await page.locator('#apply').getAttribute('disabled'), '');
    assert.deepEqual(await page.evaluate(() => window.__state.whatIf), {});
    await page.close();
  });

  it('rejects an out-of-range value with a message, and keeps the outputs', async () => {
    const { page } = await openPanel();
    await load(page, NEMO_175B);
    const input = page.locator('#input-pue input');
    await input.fill('0.5');
    await input.press('Enter');
    await page.waitForFunction(() => /PUE/.test(document.getElementById('status').textContent));
    assert.equal((await results(page)).energyKWh.delta, '0%');
    await page.close();
  });

  it('saves the what-if and restores it after a reload', async () => {
    const { page } = await openPanel();
    const message = await load(page, NEMO_175B);
    await typeInto(page, 'gpus', '512');
    const state = await page.evaluate(() => window.__state);
    assert.deepEqual(state, { uri: message.uri, whatIf: { gpus: 512 } });
    await page.close();

    const reopened = await openPanel({ state });
    await load(reopened.page, NEMO_175B);
    assert.equal(await inputValue(reopened.page, 'gpus'), '512');
    assert.match((await results(reopened.page)).wallClockHours.delta, /^\+/);
    await reopened.page.close();
  });

  for (const theme of ['light', 'dark']) {
    it(`renders in the ${theme} theme (screenshot)`, async () => {
      const { page, log } = await openPanel({ theme });
      await load(page, NEMO_175B, { options: { budgets: { maxUSD: 2_000_000, maxTCO2e: 100 } } });
      await typeInto(page, 'gpus', '2048');
      // Both caps, as whole percentages of what the run would use (never NaN or a bare fraction).
      assert.match(await text(page, '#budget'), /^Budget: the emissions cap binds — \d+% used \(over\); cost \d+%\.$/);
      const colours = await page.evaluate(() => [getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]);
      assert.notEqual(colours[0], colours[1]);
      await page.waitForFunction(() => document.getElementById('plots').getAttribute('aria-busy') === 'false');
      const file = path.join(RESULTS, `panel-${theme}.png`);
      await page.screenshot({ path: file, fullPage: true });
      // The README's pictures are refreshed on request only, so a test run leaves the working tree as it was.
      if (process.env.FOOTPRINT_SCREENSHOTS === '1') {
        await mkdir(path.join(ROOT, 'media/screenshots'), { recursive: true });
        await copyFile(file, path.join(ROOT, `media/screenshots/panel-${theme}.png`));
      }
      assert.deepEqual(log.errors, []);
      await page.close();
    });
  }
});

// Carbon-aware timing: the host posts the shipped hourly traces once; the panel places the what-if run on them. The
// page's clock is pinned so the submit hour (and so every number) is the same on every run.
describe('what-if panel: carbon-aware timing', { concurrency: 2 }, () => {
  let traces;
  before(async () => {
    traces = await gridTracesMessage();
  });

  async function openTiming(options, { state } = {}) {
    const opened = await openPanel({ state });
    await opened.page.clock.setFixedTime(new Date('2026-06-01T00:00:00Z'));
    await hostPost(opened.page, traces);
    await load(opened.page, NEMO_175B, { options });
    await timingDrawn(opened.page);
    return opened;
  }

  /** Waits until the timing section has drawn (its render count set and not busy). */
  function timingDrawn(page, before) {
    return page.waitForFunction(
      (b) =>
        document.getElementById('app').dataset.timing !== b && document.getElementById('app').dataset.timing !== undefined && document.getElementById('timing').getAttribute('aria-busy') === 'false',
      before,
    );
  }

  function timingTable(page) {
    return page.evaluate(() =>
      Object.fromEntries([...document.querySelectorAll('#timing-results tbody tr')].map((tr) => [tr.dataset.meter, [...tr.querySelectorAll('td')].map((td) => td.textContent)])),
    );
  }

  it('says when to start on the region’s trace, what it saves, that energy and cost stay, and draws the curve', async () => {
    const { page, log } = await openTiming({ defaults: { region: 'gb' }, scheduleWindowDays: 14 });
    assert.match(
      await text(page, '#timing-summary'),
      /^Start \w{3} \d+ \w{3} 2026 \d\d:00 UTC \(in [\d dh]+\): [\d.]+ tCO2e instead of [\d.]+ tCO2e, [\d.]+ tCO2e \([\d.]+%\) less; energy \([\d.]+ [MG]Wh\) and cost \(\$[\d.]+M\) are the same at any start\.$/,
    );
    const t = await timingTable(page);
    for (const meter of ['gpuHours', 'wallClockHours', 'costUSD', 'energyKWh']) assert.equal(t[meter][2], 'unchanged', meter);
    assert.match(t.co2eKg[2], /^−[\d.]+%$/);
    const curve = await page.evaluate(() => {
      const s = document.getElementById('plot-schedule');
      return {
        starts: s.querySelector('path.curve')?.dataset.starts,
        now: !!s.querySelector('circle.run'),
        best: !!s.querySelector('path.optimum'),
        labels: [...s.querySelectorAll('.mark-label')].map((l) => l.textContent),
        label: s.getAttribute('aria-label'),
        box: s.getBoundingClientRect().width,
      };
    });
    assert.equal(curve.starts, String(14 * 24 + 1), 'one point per start hour in the 14-day window');
    assert.ok(curve.now && curve.best, 'now and the best start are marked');
    assert.ok(
      curve.labels.some((l) => /^best: in [\d dh]+, [\d.]+ tCO2e$/.test(l)),
      curve.labels.join(),
    );
    assert.ok(curve.box > 100, 'the plot has a size on the page');
    assert.doesNotMatch(curve.label, /NaN|Infinity/);
    const grids = await page.evaluate(() => [...document.querySelectorAll('#plot-grids .bar-label')].map((l) => l.textContent));
    assert.deepEqual(grids, ['us-caiso', 'us-ercot', 'us-bpa', 'us-pjm', '▶ gb', 'de', 'no', 'kr']);
    assert.equal(await page.evaluate(() => !!document.getElementById('plot-pareto')), true);
    const note = await text(page, '#timing-note');
    assert.match(note, /Hours of 2022 on Great Britain .*: a typical-year estimate, not a forecast\./);
    assert.match(note, /Supported by National Energy SO Open Data/);
    assert.match(note, /Energy and dollars are the same at every start/);
    assert.equal(await page.evaluate(() => document.getElementById('timing-window').value), '14', 'the window setting fills the input');
    assert.deepEqual(log.errors, []);
    await page.locator('#timing').screenshot({ path: path.join(RESULTS, 'panel-timing.png') });
    await page.close();
  });

  it('a shorter window and pausing change the plan; the inputs survive a reload', async () => {
    const { page } = await openTiming({ defaults: { region: 'de' } });
    assert.equal(await page.evaluate(() => document.getElementById('timing-window').value), '7', 'a week by default');
    let before = await page.evaluate(() => document.getElementById('app').dataset.timing);
    const window = page.locator('#timing-window input');
    await window.fill('2');
    await window.press('Enter');
    await timingDrawn(page, before);
    assert.equal(await page.evaluate(() => document.querySelector('#plot-schedule path.curve').dataset.starts), String(2 * 24 + 1));
    before = await page.evaluate(() => document.getElementById('app').dataset.timing);
    await page.locator('#timing-interruptible').click();
    await timingDrawn(page, before);
    assert.match(await text(page, '#timing-note'), /Pausing \(finish within 1\.5×\): [\d.]+ tCO2e, finishing [\d dh]+ later than running straight through, after \d+ pauses?/);
    assert.ok(await page.evaluate(() => document.querySelectorAll('#plot-pareto rect.pareto-point').length > 0), 'pausing points on the front');
    const state = await page.evaluate(() => window.__state);
    assert.deepEqual(state.timing, { windowDays: 2, interruptible: true, maxStretch: 1.5 });
    await page.close();
    const reopened = await openTiming({ defaults: { region: 'de' } }, { state });
    assert.equal(await reopened.page.evaluate(() => document.getElementById('timing-window').value), '2');
    assert.match(await text(reopened.page, '#timing-note'), /Pausing \(finish within 1\.5×\)/);
    await reopened.page.close();
  });

  it('with a carbon cap, says how much of it starting now and the best start use', async () => {
    const { page } = await openTiming({ defaults: { region: 'de' }, budgets: { maxTCO2e: 100 } });
    assert.match(
      await text(page, '#timing-budget'),
      /^Carbon cap 100 tCO2e: starting now uses \d+% of it, the best start \d+%\.( Waiting for the best start makes the run fit the cap\.| Even the best start is over the cap\.)?$/,
    );
    await page.close();
  });

  it('a region with no trace says so and still places the run on every traced grid; a bad window is refused', async () => {
    const { page } = await openTiming({ defaults: { region: 'fr' } });
    assert.match(await text(page, '#timing-summary'), /^No timing for this run: no hourly grid trace for "fr" \(France\); traced grids and the regions they stand for: /);
    assert.equal(await page.evaluate(() => document.querySelectorAll('#plot-grids .bar-row').length), 8);
    assert.equal(await page.evaluate(() => document.getElementById('plot-schedule')), null);
    const window = page.locator('#timing-window input');
    await window.fill('400');
    await window.press('Enter');
    await page.waitForFunction(() => /Window \(days\): expected a number from 0 to 365 days, not "400"/.test(document.getElementById('status').textContent));
    assert.equal(await page.evaluate(() => document.getElementById('timing-window').value), '7');
    await page.close();
  });

  it('drops a traces message that does not fit the protocol', async () => {
    const { page, log } = await openPanel();
    await hostPost(page, { type: 'traces', traces: [{ code: 'gb', year: 2022, startUtcMs: 0, values: [-5, ...Array(30).fill(100)] }] });
    await load(page, NEMO_175B, { options: { defaults: { region: 'gb' } } });
    assert.ok(
      log.warnings.some((w) => /ignored an invalid message/.test(w)),
      log.warnings.join(),
    );
    assert.match(await text(page, '#timing-summary'), /Waiting for the grid traces/);
    await page.close();
  });
});
