// Hovers on every key the core understood: what it means, its value here, how it enters the estimate (with the
// marginal cost of doubling it), and where each number came from. File text is escaped; only our commands are trusted.
import * as vscode from 'vscode';
import type { Analysis } from '../core/analyze';
import { codeSpanText as code, escapeMarkdown as esc } from '../core/present/markdownText';
import type { Assumption } from '../core/estimate/types';
import { formatCount, formatFlops, formatMemoryGB } from '../core/present/units';
import { MEMORY_ROLES, memoryEffectOf, whatIfLine } from '../core/memory/explain';
import { closestFixWords, fixLine } from '../core/memory/text';
import { formatShare } from '../core/run/pretraining-share';
import type { KeyRef, KeyRole, Sourced } from '../core/types';
import type { AnalysisCache } from './analysisCache';
import { analyzeOptionsFor } from './analyzeOptions';
import { toRange } from './convert';
import { COMMANDS, TRUSTED_COMMANDS } from './ids';
import { KEY_DOCS, sourcedFor } from './keyDocs';
import { COST_ROLES, marginalOfDoubling, marginalOfPrecision, marginalTitle } from './marginal';
import { inferenceVerdictPhrase, scalingOf, scalingWasteLine } from './scalingText';
import type { SettingsStore } from './settingsStore';
import { summaryTitle } from './summary';

/** Keys that set the training length: their hover carries the scaling-law waste of that length. */
const LENGTH_ROLES: ReadonlySet<KeyRole> = new Set<KeyRole>(['trainIters', 'trainSamples', 'tokens']);

/** Keys that choose a fine-tune's method: their hover lists the run's passes, each with its formula and source. */
const METHOD_ROLES: ReadonlySet<KeyRole> = new Set<KeyRole>([
  'objective',
  'adapter',
  'baseModel',
  'referencePrecomputed',
  'generations',
  'responseLength',
  'promptLength',
  'klCoef',
  'rewardModel',
  'oldLogProbs',
  'prefixCaching',
  'updateEpochs',
  'recompute',
]);

const SOURCE_WORDS: Record<Sourced<unknown>['source'], string> = {
  file: 'from this file',
  derived: 'derived',
  companion: 'from a known preset',
  annotation: 'from a `# footprint:` comment',
  override: 'from a command-line flag or what-if edit',
  setting: 'from a setting',
  default: 'default',
};

/** The projection assumptions a key's hover should name, by role. */
const ROLE_ASSUMPTIONS: Partial<Record<KeyRole, string[]>> = {
  gpuType: ['gpuType', 'peakFlopsPerGpu', 'mfu', 'gpuPowerKW', 'priceUSDPerGpuHour'],
  precision: ['precision', 'peakFlopsPerGpu', 'mfu'],
  // The keys the MFU model reads: its factor-by-factor explanation is what they change.
  layers: ['mfu'],
  hiddenSize: ['mfu'],
  experts: ['mfu'],
  topK: ['mfu'],
  seqLength: ['mfu'],
  pp: ['mfu'],
  gradAccum: ['mfu'],
  recompute: ['mfu'],
  region: ['gridGPerKWh'],
  pue: ['pue'],
  price: ['priceUSDPerGpuHour'],
  adapter: ['mfu'],
  generations: ['decodeMfu'],
  responseLength: ['decodeMfu'],
};

export class FootprintHoverProvider implements vscode.HoverProvider {
  constructor(
    private readonly cache: AnalysisCache,
    private readonly settings: SettingsStore,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const analysis = await this.cache.analysis(document);
    if (!analysis?.run) return undefined;
    const offset = document.offsetAt(position);
    const key = analysis.run.keys.find((k) => within(k.span, offset) || (k.valueSpan !== undefined && within(k.valueSpan, offset)));
    if (!key) return undefined;
    const md = await this.render(document, analysis, key);
    const end = key.valueSpan && key.valueSpan.end > key.span.end ? key.valueSpan.end : key.span.end;
    return new vscode.Hover(md, toRange(document, { start: key.span.start, end }));
  }

  private async render(document: vscode.TextDocument, analysis: Analysis, key: KeyRef): Promise<vscode.MarkdownString> {
    // The text this analysis is of (the cache answers only for the current version), before anything is awaited.
    const text = document.getText();
    const options = analyzeOptionsFor(document, this.settings);
    const whatIf = this.cache.whatIf;
    const doc = KEY_DOCS[key.role];
    // No theme icons: a `$(name)` written in the file would render as an icon.
    const md = new vscode.MarkdownString();
    md.isTrusted = { enabledCommands: TRUSTED_COMMANDS };
    md.supportHtml = false;
    md.appendMarkdown(`**Footprint Lens** · \`${code(key.key)}\`\n\n`);
    md.appendMarkdown(`${doc.meaning}\n\n`);
    md.appendMarkdown(`**Value here:** \`${code(String(key.value))}\``);
    // YAML's null (or an empty value) means "not set": the tool's own default applies.
    if (key.value === null) md.appendMarkdown(' (not set)');
    const sourced = sourcedFor(analysis.run!, key.role);
    if (sourced) md.appendMarkdown(` → used as \`${code(String(sourced.value))}\` (${provenance(sourced)})`);
    md.appendMarkdown('\n\n');
    md.appendMarkdown(`**In the estimate:** ${doc.effect}`);
    if (COST_ROLES.has(key.role)) {
      const m = await marginalOfDoubling(text, options, analysis, key, whatIf);
      if (m) md.appendMarkdown(` Doubling \`${code(key.key)}\`: ${marginalTitle(m).replace(/^2× → /, '')}.`);
    } else if (key.role === 'precision') {
      const m = await marginalOfPrecision(text, options, analysis, whatIf);
      if (m) md.appendMarkdown(` In ${m.precision.toUpperCase()} instead: ${marginalTitle(m).replace(/^2× → /, '')}.`);
    }
    md.appendMarkdown('\n\n');
    if (analysis.memory && MEMORY_ROLES.has(key.role)) appendMemory(md, analysis, key);
    const assumptions = (ROLE_ASSUMPTIONS[key.role] ?? []).map((name) => analysis.projection?.assumptions.find((a) => a.name === name)).filter((a): a is Assumption => a !== undefined);
    if (assumptions.length > 0) {
      md.appendMarkdown('**Sources:**\n\n');
      for (const a of assumptions) md.appendMarkdown(`- ${esc(a.name)}: ${esc(a.detail)} (${SOURCE_WORDS[a.source]})\n`);
      md.appendMarkdown('\n');
    }
    const passes = analysis.projection?.fineTune;
    if (passes && METHOD_ROLES.has(key.role)) {
      md.appendMarkdown('**Compute, pass by pass:**\n\n');
      for (const t of passes.terms) {
        const regime = t.regime === 'decode' ? ', at decode utilisation' : t.recompute ? ', hardware FLOPs only' : '';
        md.appendMarkdown(`- ${esc(t.label)}: ${esc(t.formula)} per token × ${formatCount(t.tokens)} tokens = ${formatFlops(t.flops)} FLOPs${regime} (${esc(t.source)})\n`);
      }
      for (const n of passes.notes) md.appendMarkdown(`- *${esc(n)}*\n`);
      if (passes.pretrainingShare) {
        const s = passes.pretrainingShare;
        md.appendMarkdown(`- ${formatShare(s.fraction)} of ${esc(s.baseModel)}'s pretraining (${formatFlops(s.pretrainingFlops)} FLOPs; ${esc(s.source)})\n`);
      }
      md.appendMarkdown('\n');
    }
    if (LENGTH_ROLES.has(key.role)) {
      const scaling = scalingOf(analysis, this.settings.for(document).defaults.lifetimeInferenceTokens);
      const waste = scalingWasteLine(scaling);
      const verdict = inferenceVerdictPhrase(scaling);
      if (waste) md.appendMarkdown(`**Scaling waste:** ${esc(waste)}${verdict ? ` *Inference:* ${esc(verdict)}.` : ''}\n\n`);
    }
    const summary = summaryTitle(analysis);
    if (summary) md.appendMarkdown(`*Run:* ${summary}\n\n`);
    const arg = encodeURIComponent(JSON.stringify([document.uri.toString()]));
    md.appendMarkdown(`[Open what-if panel](command:${COMMANDS.openPanel}?${arg}) · [Data sources](command:${COMMANDS.showDataSources})`);
    return md;
  }
}

/** The memory breakdown on a key that drives it: the parts it moves in bold, the total with it changed, the sources. */
function appendMemory(md: vscode.MarkdownString, analysis: Analysis, key: KeyRef): void {
  const e = memoryEffectOf(key.role, analysis.memory!);
  if (!e) return;
  md.appendMarkdown(`**Memory per GPU:** ${esc(e.title)}\n\n`);
  const parts = e.parts.map((p) => (p.moved ? `**${esc(p.name)} ${formatMemoryGB(p.bytes)}**` : `${esc(p.name)} ${formatMemoryGB(p.bytes)}`));
  md.appendMarkdown(`${parts.join(' + ')}\n\n`);
  md.appendMarkdown(esc(e.effect));
  if (e.whatIfs.length > 0) md.appendMarkdown(` ${e.whatIfs.map((w) => esc(whatIfLine(w))).join('; ')}.`);
  md.appendMarkdown('\n\n');
  const fixes = analysis.memory!.fixes;
  if (fixes.length > 0) {
    // Each fix says whether the quick fix writes it or what to do by hand: the two are never confused.
    md.appendMarkdown('**Fixes**, best first:\n\n');
    for (const f of fixes) md.appendMarkdown(`- ${esc(fixLine(f))}\n`);
    const closest = closestFixWords(analysis.memory!);
    md.appendMarkdown(closest ? `\n${esc(closest)}\n\n` : '\n');
  }
  if (e.sources.length > 0) {
    md.appendMarkdown('**Memory inputs:**\n\n');
    for (const a of e.sources) md.appendMarkdown(`- ${esc(a.name)} \`${code(a.value)}\`: ${esc(a.detail)} (${SOURCE_WORDS[a.source]})\n`);
    md.appendMarkdown('\n');
  }
}

function within(span: { start: number; end: number }, offset: number): boolean {
  return offset >= span.start && offset <= span.end;
}

function provenance(s: Sourced<unknown>): string {
  return s.detail ? `${SOURCE_WORDS[s.source]}: ${esc(s.detail)}` : SOURCE_WORDS[s.source];
}
