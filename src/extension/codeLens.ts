// Lenses at the top of a run: the summary, the compute-optimal status, and (footprint.codeLens.detail = "keys") the
// marginal cost of each key that drives cost. Fired again only when an analysis lands, not on every keystroke.
import * as vscode from 'vscode';
import type { Analysis } from '../core/analyze';
import { TOO_COMPLEX } from '../core/limits';
import type { KeyRef } from '../core/types';
import type { AnalysisCache } from './analysisCache';
import { analyzeOptionsFor } from './analyzeOptions';
import { toRange } from './convert';
import { COMMANDS } from './ids';
import { alternativePrecision, canDouble, marginalOfDoubling, marginalOfPrecision, marginalTitle } from './marginal';
import { inferenceVerdictPhrase, scalingOf } from './scalingText';
import type { SettingsStore } from './settingsStore';
import { computeOptimalTitle, missingLens, rangeTooltip, summaryTitle } from './summary';
import { stageWords } from '../core/memory';
import { breakdownLine, memoryTitle } from '../core/memory/text';

const MODEL_ORIGIN = { local: 'local folder', 'hf-cache': 'Hugging Face cache', hub: 'Hugging Face Hub', table: 'open-models table' } as const;

export class FootprintCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.emitter.event;
  private readonly listeners: vscode.Disposable[];

  constructor(
    private readonly cache: AnalysisCache,
    private readonly settings: SettingsStore,
  ) {
    this.listeners = [cache.onDidAnalyze(() => this.emitter.fire()), settings.onDidChange(() => this.emitter.fire())];
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const s = this.settings.for(document);
    if (s.codeLensDetail === 'off') return [];
    const analysis = await this.cache.analysis(document);
    // The document changed while it was analysed: the newer analysis fires onDidChangeCodeLenses.
    if (!analysis) return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const open = (title: string, tooltip?: string): vscode.Command => ({ title, tooltip, command: COMMANDS.openPanel, arguments: [document.uri.toString()] });

    const tooLarge = analysis.findings.find((f) => f.code === 'file-too-large');
    if (tooLarge) return [new vscode.CodeLens(top, { title: 'Footprint: file too large to analyse in the editor', tooltip: tooLarge.message, command: '' })];
    const tooComplex = !analysis.format && analysis.findings.find((f) => f.code === TOO_COMPLEX);
    if (tooComplex) return [new vscode.CodeLens(top, { title: 'Footprint: file too complex to analyse in the editor', tooltip: tooComplex.message, command: '' })];
    if (!analysis.format || !analysis.run) return [];

    const lenses: vscode.CodeLens[] = [];
    const summary = summaryTitle(analysis);
    if (summary) lenses.push(new vscode.CodeLens(top, open(summary, rangeTooltip(analysis))));
    else {
      const missing = missingLens(analysis);
      if (missing && missing.action !== 'openPanel') {
        const tooltip =
          missing.action === 'setTrainingTokens'
            ? 'Write the training tokens into this file as a `# footprint: tokens=` comment'
            : 'Write the model size into this file as a `# footprint: params=` comment';
        lenses.push(new vscode.CodeLens(top, { title: missing.title, tooltip, command: COMMANDS[missing.action], arguments: [document.uri.toString()] }));
      } else {
        lenses.push(new vscode.CodeLens(top, open(missing?.title ?? 'Footprint: not enough inputs to project', 'Open the what-if panel to give the missing values')));
      }
    }
    const co = computeOptimalTitle(analysis);
    if (co) {
      // With a lifetime inference demand, over-training is a trade-off the lens can weigh (Sardana et al.).
      const demand = s.defaults.lifetimeInferenceTokens;
      const scaling = demand !== undefined ? scalingOf(analysis, demand) : null;
      const verdict = inferenceVerdictPhrase(scaling);
      const title = verdict ? `${co} · ${verdict} · explain` : `${co} · explain`;
      const tooltip = scaling?.inference ? scaling.inference.explanation : 'Compute-optimal tokens per parameter (Chinchilla) and what the ratio means';
      lenses.push(new vscode.CodeLens(top, open(title, tooltip)));
    }
    if (analysis.memory) {
      const m = analysis.memory;
      lenses.push(new vscode.CodeLens(top, open(`Footprint: ${memoryTitle(m)}`, `Memory per GPU (${stageWords(m.busiest.stage)}): ${breakdownLine(m)}`)));
    }
    lenses.push(...this.companionLenses(document, analysis, top));
    if (analysis.run.missing.includes('gpus')) {
      lenses.push(new vscode.CodeLens(top, { title: 'Set GPU count…', command: COMMANDS.setGpuCount, arguments: [document.uri.toString()] }));
    }
    if (s.codeLensDetail === 'keys') lenses.push(...this.keyLenses(document, analysis));
    return lenses;
  }

  /** Which other files this run was read with, and a choice when several scripts use this file. */
  private companionLenses(document: vscode.TextDocument, analysis: Analysis, top: vscode.Range): vscode.CodeLens[] {
    const users = this.settings.companions?.usersOf(document.uri) ?? [];
    if (analysis.companionsUsed.length === 0 && !analysis.model && users.length < 2) return [];
    const parts = analysis.companionsUsed.map((f) => f.replace(/^.*[\\/]/, ''));
    const model = analysis.model ? `model ${analysis.model.id ?? analysis.model.name} (${MODEL_ORIGIN[analysis.model.origin]})` : undefined;
    const used = [...parts, ...(model ? [model] : [])];
    const title = used.length > 0 ? `Footprint: with ${used.join(' · ')}` : 'Footprint: read alone';
    const tooltip = `Values this file does not state come from ${[...analysis.companionsUsed, ...(analysis.model ? [analysis.model.from] : [])].join('; ')}`;
    if (users.length > 1) {
      const chosen = this.settings.companions?.chosenUserOf(document.uri);
      const name = chosen ? vscode.workspace.asRelativePath(chosen, false).replace(/^.*\//, '') : '';
      return [
        new vscode.CodeLens(top, {
          title: `${title} · ${users.length} files use this one (${name}): choose…`,
          tooltip: `${tooltip}. Pick which launch script or recipe runs this file.`,
          command: COMMANDS.chooseCompanion,
          arguments: [document.uri.toString()],
        }),
      ];
    }
    return [new vscode.CodeLens(top, { title, tooltip, command: '' })];
  }

  /**
   * Key lenses are placed at once and priced only when VS Code resolves them (the visible ones): each price is a
   * re-analysis of the file with that key changed, too much to do for every key on every keystroke.
   */
  private keyLenses(document: vscode.TextDocument, analysis: Analysis): vscode.CodeLens[] {
    const text = document.getText();
    const lenses: vscode.CodeLens[] = [];
    const seen = new Set<number>();
    const projects = (analysis.projection?.gpuHours?.point ?? 0) > 0;
    for (const key of analysis.run?.keys ?? []) {
      if (seen.has(key.span.line)) continue;
      if (!(key.role === 'precision' ? projects : canDouble(text, analysis, key))) continue;
      seen.add(key.span.line);
      lenses.push(new KeyLens(toRange(document, key.span), document, text, analysis, key));
    }
    return lenses;
  }

  async resolveCodeLens(lens: vscode.CodeLens): Promise<vscode.CodeLens> {
    if (!(lens instanceof KeyLens) || lens.command) return lens;
    const { document, text, analysis, key } = lens;
    const open = (title: string, tooltip: string): vscode.Command => ({ title, tooltip, command: COMMANDS.openPanel, arguments: [document.uri.toString()] });
    const options = analyzeOptionsFor(document, this.settings);
    if (key.role === 'precision') {
      const m = await marginalOfPrecision(text, options, analysis, this.cache.whatIf);
      const alt = alternativePrecision(analysis.run?.precision?.value).toUpperCase();
      lens.command = m
        ? open(marginalTitle(m, alt), `What training in ${alt} instead would do to this run`)
        : { title: `${alt}: no peak on this GPU`, tooltip: `The GPU has no ${alt} tensor path, so switching would not change the projection`, command: '' };
    } else {
      const m = await marginalOfDoubling(text, options, analysis, key, this.cache.whatIf);
      lens.command = m ? open(marginalTitle(m), `What doubling ${key.key} would do to this run`) : { title: '2× → no projection', command: '' };
    }
    return lens;
  }

  dispose(): void {
    for (const l of this.listeners) l.dispose();
    this.emitter.dispose();
  }
}

/**
 * A lens on one cost-driving key, priced in resolveCodeLens. It keeps the text its analysis was of: VS Code may
 * resolve it after further typing, and the key's spans index that text, not the document's newer one.
 */
class KeyLens extends vscode.CodeLens {
  constructor(
    range: vscode.Range,
    readonly document: vscode.TextDocument,
    readonly text: string,
    readonly analysis: Analysis,
    readonly key: KeyRef,
  ) {
    super(range);
  }
}
