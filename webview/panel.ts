// The panel controller: holds the loaded document and the what-if, re-runs both analyses on every change, and
// redraws the outputs and plots. Messages in are already validated (main.ts); messages out go through post().
import type { Analysis } from '../src/core/analyze';
import type { ExportFormat, HostMessage, WhatIf } from '../src/shared/protocol';
import { FORMAT_LABELS } from '../src/core/present/labels';
import { el, replace } from './dom';
import type { FieldKey } from './fields';
import { InputsForm } from './inputs';
import { analyzePair, analyzeWith, withValue, type LoadedDocument, type Pair } from './model';
import { budgetText, computeOptimalText, equivalentsList, findingsList, resultsTable, summaryText } from './outputs';
import { memorySection } from './memory';
import { metersPlot } from './plots/meters';
import { extraPlots, scalingOf } from './plots/extra';
import { currentOf } from './fields';
import { TimingSection } from './timing';
import { post, restoreState, saveState } from './vscode-api';

const EXPORTS: Array<[ExportFormat, string]> = [
  ['markdown', 'Export Markdown'],
  ['model-card', 'Export model card'],
  ['csv', 'Export CSV'],
  ['latex', 'Export LaTeX'],
];

export class Panel {
  private doc: LoadedDocument | undefined;
  private whatIf: WhatIf = {};
  private pair: Pair | undefined;
  private baseline: Analysis | undefined;
  private generation = 0;

  private readonly title = el('h1', { id: 'file-title' }, 'Footprint Lens');
  private readonly subtitle = el('p', { class: 'subtitle', id: 'file-format' });
  private readonly status = el('p', { id: 'status', role: 'status', 'aria-live': 'polite' }, 'Waiting for the file…');
  private readonly summary = el('p', { id: 'summary', 'aria-live': 'polite' });
  private readonly results = el('div', { id: 'results-container' });
  private readonly memory = el('div', { id: 'memory-container' });
  private readonly optimal = el('p', { id: 'compute-optimal' });
  private readonly budget = el('p', { id: 'budget' });
  private readonly scaling = el('p', { id: 'scaling', class: 'explanation' });
  private readonly equivalents = el('div', { id: 'equivalents-container' });
  private readonly findings = el('div', { id: 'findings-container' });
  private readonly plots = el('div', { id: 'plots', class: 'plots' });
  private readonly form = new InputsForm({
    onChange: (key, value) => this.change(key, value),
    onReset: (key) => this.change(key, undefined),
    onError: (message) => this.say(message),
  });
  private readonly apply = el('vscode-button', { id: 'apply', disabled: true }, 'Apply to config');
  private readonly timing = new TimingSection(
    () => {
      this.save();
      this.renderTiming();
    },
    (message) => this.say(message),
  );
  private timingGeneration = 0;

  constructor(private readonly root: HTMLElement) {
    const actions = el('div', { class: 'actions', role: 'group', 'aria-label': 'Actions' }, this.apply);
    this.apply.addEventListener('click', () => this.applyToConfig());
    for (const [format, label] of EXPORTS) {
      const button = el('vscode-button', { secondary: true, id: `export-${format}` }, label);
      button.addEventListener('click', () => this.export(format));
      actions.append(button);
    }
    replace(
      root,
      el('header', {}, this.title, this.subtitle),
      el('section', { 'aria-labelledby': 'inputs-heading', class: 'inputs-section' }, el('h2', { id: 'inputs-heading' }, 'What if'), this.form.element),
      el(
        'section',
        { 'aria-labelledby': 'outputs-heading', class: 'outputs-section' },
        el('h2', { id: 'outputs-heading' }, 'Baseline vs what-if'),
        this.summary,
        this.results,
        el('h3', {}, 'Memory per GPU'),
        this.memory,
        this.equivalents,
        this.optimal,
        this.scaling,
        this.budget,
        actions,
        this.status,
        el('h3', {}, 'Findings'),
        this.findings,
      ),
      this.timing.element,
      el('section', { 'aria-labelledby': 'plots-heading' }, el('h2', { id: 'plots-heading' }, 'Plots'), this.plots),
    );
  }

  handle(message: HostMessage): void {
    switch (message.type) {
      case 'load':
        this.load({ uri: message.uri, fileName: message.fileName, version: message.version, text: message.text, options: message.options });
        break;
      case 'traces':
        this.timing.setTraces(message.traces, message.problem);
        this.renderTiming();
        break;
      case 'applied':
        this.say(`${message.ok ? 'Applied' : 'Not applied'}: ${message.message}`);
        break;
      case 'exported':
        this.say(`${message.ok ? 'Exported' : 'Not exported'}: ${message.message}`);
        break;
    }
  }

  private load(doc: LoadedDocument): void {
    const sameFile = this.doc?.uri === doc.uri;
    this.doc = doc;
    // The file's own run changes only with a new load; each what-if change re-runs the what-if alone.
    this.baseline = analyzeWith(doc, undefined);
    this.timing.setDefaults(doc.options.scheduleWindowDays);
    if (!sameFile) {
      // A reloaded window: pick up the what-if (and the timing inputs) saved for this file.
      const saved = restoreState();
      this.whatIf = saved && saved.uri === doc.uri ? saved.whatIf : {};
      if (saved && saved.uri === doc.uri && saved.timing) this.timing.restore(saved.timing);
    }
    this.title.textContent = doc.fileName.split(/[\\/]/).pop() || doc.fileName;
    this.title.title = doc.fileName;
    this.recompute();
    this.say(sameFile ? 'Updated from the file.' : 'Loaded.');
  }

  private change(key: FieldKey, value: string | number | undefined): void {
    if (!this.doc || !this.pair) return;
    // A value equal to what the run would use anyway is not a change (and Apply must not write it).
    const { [key]: _previous, ...others } = this.whatIf;
    const without = Object.keys(others).length === Object.keys(this.whatIf).length ? this.pair.whatIf : analyzeWith(this.doc, others);
    this.whatIf = withValue(others, key, value as never, currentOf(key, without).value);
    this.save();
    this.recompute();
  }

  private recompute(): void {
    if (!this.doc) return;
    const pair = analyzePair(this.doc, this.whatIf, this.baseline);
    this.pair = pair;
    const format = pair.baseline.format;
    this.subtitle.textContent = format ? `${FORMAT_LABELS[format]} · version ${this.doc.version}` : 'Not a training config this panel understands.';
    this.form.update(pair.baseline, pair.whatIf, this.whatIf);
    this.summary.textContent = summaryText(pair);
    replace(this.results, resultsTable(pair));
    replace(this.memory, memorySection(pair));
    this.optimal.textContent = computeOptimalText(pair.whatIf);
    this.budget.textContent = budgetText(pair.whatIf, this.doc.options.budgets);
    replace(this.findings, findingsList(pair.whatIf));
    const scaling = scalingOf(pair, this.whatIf);
    this.scaling.textContent = scaling ? scaling.explanation : '';
    replace(this.equivalents, equivalentsList(pair.whatIf));
    // The levers and regions re-run the analysis a dozen times: draw them after the numbers have shown, and drop the
    // result if the user changed something meanwhile (the newest what-if always wins).
    const generation = ++this.generation;
    // A render count on the root: lets tests (and anyone debugging) see that a change has been drawn.
    this.root.dataset.render = String(generation);
    const [doc, whatIf] = [this.doc, this.whatIf];
    this.plots.setAttribute('aria-busy', 'true');
    setTimeout(() => {
      if (generation !== this.generation) return;
      replace(this.plots, metersPlot(pair), ...extraPlots(doc, whatIf, pair, scaling));
      this.plots.setAttribute('aria-busy', 'false');
    }, 0);
    this.renderTiming();
    if (Object.keys(this.whatIf).length > 0) this.apply.removeAttribute('disabled');
    else this.apply.setAttribute('disabled', '');
  }

  private save(): void {
    if (!this.doc) return;
    const timing = this.timing.saved;
    saveState({ uri: this.doc.uri, whatIf: this.whatIf, ...(timing ? { timing } : {}) });
  }

  /** The timing section re-runs the analysis a few times too: drawn after the numbers, the newest change winning. */
  private renderTiming(): void {
    const [doc, pair, whatIf] = [this.doc, this.pair, this.whatIf];
    if (!doc || !pair) return;
    const generation = ++this.timingGeneration;
    this.timing.element.setAttribute('aria-busy', 'true');
    setTimeout(() => {
      if (generation !== this.timingGeneration) return;
      this.timing.render(doc, whatIf, pair, new Date());
      this.timing.element.setAttribute('aria-busy', 'false');
      this.root.dataset.timing = String(generation);
    }, 0);
  }

  private applyToConfig(): void {
    if (!this.doc || Object.keys(this.whatIf).length === 0) return;
    if (post({ type: 'apply', version: this.doc.version, whatIf: this.whatIf })) this.say('Applying…');
  }

  private export(format: ExportFormat): void {
    if (!this.doc) return;
    if (post({ type: 'export', format, whatIf: this.whatIf })) this.say('Exporting…');
  }

  private say(text: string): void {
    this.status.textContent = text;
  }
}
