// The real lens, hover and diagnostics providers over every fixture, through a stand-in `vscode` module (the same one
// `npm run bench` uses): what VS Code would show for each shipped config, without starting VS Code.
import assert from 'node:assert/strict';
import { BenchDocument, benchSettings, languageOf, loadProviders } from '../../../bench/provider-vscode';
import { fixtureNames, readFixture } from '../helpers/fixtures';

const { AnalysisCache, SettingsStore, FootprintCodeLensProvider, FootprintHoverProvider } = loadProviders();

interface Lens {
  range: { start: { line: number } };
  command?: { title: string; command: string };
}

function setup(detail: 'summary' | 'keys') {
  benchSettings['codeLens.detail'] = detail;
  const settings = new SettingsStore();
  const cache = new AnalysisCache(settings);
  return { cache, lenses: new FootprintCodeLensProvider(cache, settings), hover: new FootprintHoverProvider(cache, settings) };
}

// `null` is a value a config may hold ("not used"); these never are.
const NOT_A_NUMBER = /NaN|Infinity|undefined/;

describe('editor providers over every fixture', () => {
  after(() => delete benchSettings['codeLens.detail']);

  for (const name of fixtureNames()) {
    it(`${name}: a first-line lens that projects or names what is missing, and priced key lenses`, async () => {
      const doc = new BenchDocument(name, readFixture(name), languageOf(name));
      const p = setup('keys');
      const lenses = (await p.lenses.provideCodeLenses(doc as never)) as unknown as Lens[];
      const analysis = p.cache.get(doc.uri as never)!;
      assert.ok(analysis.format, `${name} is recognised`);
      const top = lenses[0]?.command?.title ?? '';
      if (analysis.projection?.gpuHours) assert.match(top, /^≈ [\d.]+[kMB]? GPU-h/, 'summary first');
      else assert.match(top, /^Footprint: (needs|not enough)/, 'says what is missing');
      for (const lens of lenses.slice(1)) {
        const resolved = (await p.lenses.resolveCodeLens(lens as never)) as unknown as Lens;
        const title = resolved.command?.title ?? '';
        assert.ok(title.length > 0, `every lens has a title once resolved (line ${lens.range.start.line})`);
        assert.doesNotMatch(title, NOT_A_NUMBER, title);
      }
    });
  }

  it('a key that drives memory shows the breakdown on hover: the parts it moves in bold, the total with it changed, and where the inputs came from', async () => {
    const name = 'Megatron-LM/train_llama3_8b_h100_fp8.sh';
    const doc = new BenchDocument(name, readFixture(name), languageOf(name));
    const p = setup('summary');
    const analysis = (await p.cache.analysis(doc as never))!;
    const hoverOf = async (role: string) => {
      const key = analysis.run!.keys.find((k) => k.role === role)!;
      return ((await p.hover.provideHover(doc as never, doc.positionAt(key.span.start) as never)) as unknown as { contents: { value: string } }).contents.value;
    };
    const micro = await hoverOf('microBatch');
    assert.match(micro, /\*\*Memory per GPU:\*\* ✗ \d+ GB\/GPU on [^:]+: \d+ GB over/);
    assert.match(micro, /weights \d+ GB \+ .*\*\*activations \d+ GB\*\* \+ \*\*logits and loss [\d.]+ GB\*\*/);
    assert.match(micro, /micro-batch \d+ → \d+: \d+ GB, does not fit/);
    assert.match(micro, /\*\*Memory inputs:\*\*\n\n- frameworkOverhead `2 GB \+ 5%`/);
    const seq = await hoverOf('seqLength');
    assert.match(seq, /sequence \d+ → \d+: \d+ GB/);
    assert.doesNotMatch(micro + seq, NOT_A_NUMBER);
    // A key the estimate does not read has no memory section.
    const iters = analysis.run!.keys.find((k) => k.role === 'trainIters');
    if (iters) assert.doesNotMatch(await hoverOf('trainIters'), /Memory per GPU/);
  });

  it('a key lens resolved after the user typed prices the text it was placed on', async () => {
    const name = 'NeMo-Framework-Launcher/llama2_70b.yaml';
    const text = readFixture(name);
    const titlesOf = async (typed: boolean) => {
      const doc = new BenchDocument(name, text, 'yaml');
      const p = setup('keys');
      const lenses = ((await p.lenses.provideCodeLenses(doc as never)) as unknown as Lens[]).filter((l) => l.range.start.line > 0);
      // Typing moves every span: a lens placed before it must not slice the new text with the old offsets.
      if (typed) Object.assign(doc, { text: `# a comment typed above\n${text}` });
      return Promise.all(lenses.map(async (l) => ((await p.lenses.resolveCodeLens(l as never)) as unknown as Lens).command?.title));
    };
    const placed = await titlesOf(false);
    assert.ok(
      placed.some((t) => /^2× → \+/.test(t ?? '')),
      JSON.stringify(placed),
    );
    assert.deepEqual(await titlesOf(true), placed);
  });

  it('every understood key of a projected run has a hover that names its value and where it came from', async () => {
    const name = 'NeMo-Framework-Launcher/llama2_70b.yaml';
    const doc = new BenchDocument(name, readFixture(name), 'yaml');
    const p = setup('summary');
    const analysis = (await p.cache.analysis(doc as never))!;
    assert.ok(analysis.run!.keys.length > 10);
    for (const key of analysis.run!.keys) {
      const hover = (await p.hover.provideHover(doc as never, doc.positionAt(key.span.start) as never)) as unknown as { contents: { value: string } } | undefined;
      assert.ok(hover, `hover on ${key.key}`);
      assert.match(hover.contents.value, /\*\*Value here:\*\* `/, key.key);
      assert.doesNotMatch(hover.contents.value, NOT_A_NUMBER, key.key);
    }
  });

  it("the pipeline key's hover explains the MFU factor by factor, the bubble from its depth and micro-batches included", async () => {
    const name = 'NeMo-Framework-Launcher/llama2_70b.yaml';
    const doc = new BenchDocument(name, readFixture(name), 'yaml');
    const p = setup('summary');
    const pp = (await p.cache.analysis(doc as never))!.run!.keys.find((k) => k.role === 'pp')!;
    const hover = ((await p.hover.provideHover(doc as never, doc.positionAt(pp.span.start) as never)) as unknown as { contents: { value: string } }).contents.value;
    assert.match(hover, /- mfu: MFU \d+%: Hopper BF16 base 26%, 69B active ×1\.\d\d, 4-way pipeline with 32 micro-batches ×0\.91 \(80% range \d+%–\d+%, leave-one-out on published runs\) \(default\)/);
  });

  it('the training-length hover prices the scaling waste, and the lens weighs it against a lifetime inference demand', async () => {
    const name = 'NeMo-Framework-Launcher/llama2_70b.yaml';
    const doc = new BenchDocument(name, readFixture(name), 'yaml');
    const p = setup('summary');
    const steps = (await p.cache.analysis(doc as never))!.run!.keys.find((k) => k.role === 'trainIters')!;
    const hoverOn = async (provider: typeof p.hover) =>
      ((await provider.provideHover(doc as never, doc.positionAt(steps.span.start) as never)) as unknown as { contents: { value: string } }).contents.value;
    assert.match(await hoverOn(p.hover), /\*\*Scaling waste:\*\* \d+% of the compute \([\d.]+[kM]? GPU-h · \\\$[\d.]+[kM]? · [\d.]+ tCO2e\)/, 'the $ escaped as Markdown');
    assert.doesNotMatch(await hoverOn(p.hover), /Inference:/, 'no verdict without a demand');
    benchSettings.lifetimeInferenceTokens = 1e13;
    try {
      const q = setup('summary');
      assert.match(await hoverOn(q.hover), /\*Inference:\* over-training justified by 10T inference tokens\./);
      const titles = ((await q.lenses.provideCodeLenses(doc as never)) as unknown as Lens[]).map((l) => l.command?.title ?? '');
      assert.ok(
        titles.some((t) => / · over-training justified by 10T inference tokens · explain$/.test(t)),
        JSON.stringify(titles),
      );
    } finally {
      delete benchSettings.lifetimeInferenceTokens;
    }
  });

  it('a hover shows file text as text: no link, icon or HTML from the config comes through', async () => {
    const name = 'NeMo-Framework-Launcher/llama2_70b.yaml';
    const hostile = 'bf16 [run](command:workbench.action.terminal.new) $(alert) <img src=x>';
    const text = readFixture(name).replace('precision: bf16', `precision: "${hostile}"`);
    assert.ok(text.includes(hostile));
    const doc = new BenchDocument(name, text, 'yaml');
    const p = setup('summary');
    const key = (await p.cache.analysis(doc as never))!.run!.keys.find((k) => k.role === 'precision');
    assert.ok(key, 'the precision key is still understood');
    const hover = (await p.hover.provideHover(doc as never, doc.positionAt(key.span.start) as never)) as unknown as { contents: { value: string; supportThemeIcons: boolean } };
    assert.equal(hover.contents.supportThemeIcons, false, 'no $(icon) rendering');
    // Inside a code span the text is shown as written; outside one, only the extension's own links may remain.
    assert.ok(hover.contents.value.includes(`\`${hostile}\``), 'the value is shown verbatim in a code span');
    const outsideCode = hover.contents.value.replace(/`[^`]*`/g, '');
    const links = [...outsideCode.matchAll(/\]\(command:([\w.]+)/g)].map((m) => m[1]);
    assert.ok(links.length > 0 && links.every((id) => id!.startsWith('footprint.')), `only the extension's own commands are linked: ${links.join(', ')}`);
    assert.doesNotMatch(outsideCode, /<img|\$\(alert\)/);
  });

  it('an ordinary YAML file gets no lens and no hover', async () => {
    const doc = new BenchDocument('app/config.yaml', 'server:\n  port: 8080\n  image: nginx:1.27\nreplicas: 3\n', 'yaml');
    const p = setup('keys');
    assert.deepEqual(await p.lenses.provideCodeLenses(doc as never), []);
    assert.equal(await p.hover.provideHover(doc as never, doc.positionAt(3) as never), undefined);
  });
});
