// The "When to run" section: the window (and whether the run may pause) as inputs, then when to start, what it saves,
// the meters that do not move, the curve, the Pareto front and the run on every traced grid, with the trace's year
// and source. The host posts the traces once; the section re-renders with the what-if.
import { boundsWords, cleanInput, expectedWords, timingInputSpec, type TimingInputSpec } from '../src/core/inputs/registry';
import { formatCo2eKg, formatDurationHours, formatPercent } from '../src/core/present/units';
import { describeGaps, formatDelay, scheduleSummary, startDateText, typicalYearNote, type TraceLookup } from '../src/core/schedule';
import type { Meter } from '../src/core/whatif';
import type { PostedGridTrace, WhatIf } from '../src/shared/protocol';
import { el, replace } from './dom';
import { DASH, METERS } from './format';
import type { LoadedDocument, Pair } from './model';
import { gridsPlot, paretoPlot, startCurvePlot } from './plots/schedule';
import { defaultTimingInputs, timingView, traceLookup, type TimingInputs } from './timing-model';

type Control = HTMLElement & { value: string; checked?: boolean };

export class TimingSection {
  readonly element: HTMLElement;
  private traces: TraceLookup | undefined;
  private problem: string | undefined;
  private inputs: TimingInputs = defaultTimingInputs(undefined);
  /** Set once the user changed an input here: the setting no longer resets it. */
  private touched = false;
  private readonly window: Control;
  private readonly pause: Control;
  private readonly stretch: Control;
  private readonly summary = el('p', { id: 'timing-summary', 'aria-live': 'polite' }, 'Waiting for the grid traces…');
  private readonly budget = el('p', { id: 'timing-budget' });
  private readonly meters = el('div', { id: 'timing-meters' });
  private readonly note = el('p', { id: 'timing-note', class: 'explanation' });
  private readonly plots = el('div', { id: 'timing-plots', class: 'plots' });

  constructor(
    private readonly onChange: (inputs: TimingInputs) => void,
    private readonly onError: (message: string) => void,
  ) {
    this.window = el('vscode-textfield', { id: 'timing-window', class: 'timing-control', 'aria-describedby': 'timing-window-hint' }) as Control;
    this.pause = el('vscode-checkbox', { id: 'timing-interruptible' }) as Control;
    this.stretch = el('vscode-textfield', { id: 'timing-stretch', class: 'timing-control', 'aria-describedby': 'timing-stretch-hint' }) as Control;
    const [windowSpec, pauseSpec, stretchSpec] = [timingInputSpec('scheduleWindowDays'), timingInputSpec('interruptible'), timingInputSpec('maxStretch')];
    this.pause.setAttribute('label', pauseSpec.panel!);
    this.window.addEventListener('change', () => this.commit('windowDays', this.window.value.trim().replace(/d$/i, ''), windowSpec));
    this.stretch.addEventListener('change', () => this.commit('maxStretch', this.stretch.value.trim().replace(/×$/, ''), stretchSpec));
    this.pause.addEventListener('change', () => {
      this.touched = true;
      this.inputs = { ...this.inputs, interruptible: Boolean(this.pause.checked) };
      this.onChange(this.inputs);
    });
    const row = (label: string, control: HTMLElement, hintId: string, hint: string) =>
      el('div', { class: 'input-row' }, el('vscode-label', { for: control.id }, label), control, el('span', { class: 'provenance', id: hintId }, hint));
    this.element = el(
      'section',
      { 'aria-labelledby': 'timing-heading', class: 'timing-section', id: 'timing' },
      el('h2', { id: 'timing-heading' }, 'When to run (carbon-aware timing)'),
      el(
        'div',
        { class: 'inputs', role: 'group', 'aria-label': 'Timing inputs' },
        row(windowSpec.panel!, this.window, 'timing-window-hint', `how long the start may wait, ${boundsWords(windowSpec)}; setting footprint.${windowSpec.setting}`),
        el('div', { class: 'input-row' }, el('span'), this.pause),
        row(stretchSpec.panel!, this.stretch, 'timing-stretch-hint', `when pausing, finish within this multiple of the run's length, ${boundsWords(stretchSpec)}`),
      ),
      this.summary,
      this.budget,
      this.meters,
      this.plots,
      this.note,
    );
    this.showInputs();
  }

  setTraces(posted: readonly PostedGridTrace[], problem: string | undefined): void {
    this.traces = traceLookup(posted);
    this.problem = problem;
  }

  /** The window the settings give, unless the user already chose one here. */
  setDefaults(windowDays: number | undefined): void {
    if (this.touched) return;
    this.inputs = defaultTimingInputs(windowDays);
    this.showInputs();
  }

  restore(inputs: TimingInputs): void {
    this.inputs = inputs;
    this.touched = true;
    this.showInputs();
  }

  /** The inputs to save with the panel's state: only once the user changed one (the setting is the default). */
  get saved(): TimingInputs | undefined {
    return this.touched ? this.inputs : undefined;
  }

  private showInputs(): void {
    this.window.value = String(this.inputs.windowDays);
    this.stretch.value = String(this.inputs.maxStretch);
    this.pause.checked = this.inputs.interruptible;
    if (this.inputs.interruptible) this.stretch.removeAttribute('disabled');
    else this.stretch.setAttribute('disabled', '');
  }

  /** A typed value, cleaned by its declaration (the same bounds as the setting and the CLI flag). */
  private commit(key: 'windowDays' | 'maxStretch', text: string, spec: TimingInputSpec): void {
    const cleaned = cleanInput(spec, text);
    if (cleaned.ok !== true) {
      this.onError(`${spec.panel}: expected ${expectedWords(spec)}, not "${text}"`);
      this.showInputs();
      return;
    }
    this.touched = true;
    this.inputs = { ...this.inputs, [key]: cleaned.value as number };
    this.showInputs();
    this.onChange(this.inputs);
  }

  render(doc: LoadedDocument, whatIf: WhatIf, pair: Pair, now: Date): void {
    this.showInputs();
    if (!this.traces) {
      this.summary.textContent = 'Waiting for the grid traces…';
      return;
    }
    const view = timingView(doc, whatIf, pair, this.traces, this.inputs, now);
    const r = view.result;
    this.summary.textContent = r ? scheduleSummary(r, now) : `No timing for this run: ${view.reason}.${this.problem ? ` (${this.problem})` : ''}`;
    replace(this.meters, r?.meters ? metersTable(r.meters, r.comparedWith) : '');
    this.budget.textContent = r?.meters ? carbonCapText(r.meters.co2eKg, doc.options.budgets?.maxTCO2e, r.comparedWith) : '';
    const plots: SVGElement[] = [];
    if (r) {
      plots.push(startCurvePlot(r.schedule, now));
      const front = paretoPlot(r.schedule.pareto);
      if (front) plots.push(front);
    }
    if (view.placements.some((p) => p.schedule)) plots.push(gridsPlot(view.placements, r?.trace.code));
    replace(this.plots, ...plots);
    const lines: Array<Node | string> = [];
    if (r && view.trace) {
      lines.push(typicalYearNote(r), ' ');
      if (r.relation === 'stand-in') lines.push(`Stand-in: ${r.trace.caveat}. `);
      lines.push(`Basis: ${r.trace.basis}. Trace: ${describeGaps(view.trace)}. ${r.trace.attribution}.`);
      const p = r.schedule.interruptible;
      if (p) {
        lines.push(
          el('br'),
          `Pausing (finish within ${p.maxStretch}×): ${formatCo2eKg(p.co2eKg)}, finishing ${formatDelay(p.finishDelayHours)} later than running straight through, ` +
            `after ${p.pauses} pause${p.pauses === 1 ? '' : 's'} (each costs a checkpoint save and restore, not counted); first run ${startDateText(now, p.segments[0]?.delayHours ?? 0)} for ${formatDurationHours(p.segments[0]?.hours ?? 0)}.`,
        );
      } else if (r.schedule.interruptibleReason) lines.push(el('br'), `Pausing: no plan, ${r.schedule.interruptibleReason}.`);
    }
    lines.push(el('br'), 'Energy and dollars are the same at every start: only the grid intensity of the hours run, and so the carbon, moves.');
    replace(this.note, ...lines);
  }
}

/** With a carbon cap: how much of it starting now and the best start use, and whether waiting makes the run fit. */
function carbonCapText(co2e: { baseline: { point: number } | null; after: { point: number } | null }, maxTCO2e: number | undefined, comparedWith: 'now' | 'estimate'): string {
  if (maxTCO2e === undefined || !co2e.baseline || !co2e.after) return '';
  const [before, best] = [co2e.baseline.point / 1000 / maxTCO2e, co2e.after.point / 1000 / maxTCO2e];
  const verdict = before > 1 && best <= 1 ? ' Waiting for the best start makes the run fit the cap.' : best > 1 ? ' Even the best start is over the cap.' : '';
  return `Carbon cap ${formatCo2eKg(maxTCO2e * 1000)}: ${comparedWith === 'now' ? 'starting now' : 'the estimate'} uses ${formatPercent(before)} of it, the best start ${formatPercent(best)}.${verdict}`;
}

/** The run re-analysed at the best start against starting now: every meter but emissions unchanged. */
function metersTable(
  meters: Record<Meter, { baseline: { point: number } | null; after: { point: number } | null; fraction: { point: number } | null }>,
  comparedWith: 'now' | 'estimate',
): HTMLElement {
  const head = el(
    'tr',
    {},
    el('th', { scope: 'col' }, 'Meter'),
    el('th', { scope: 'col' }, comparedWith === 'now' ? 'Start now' : 'Estimate'),
    el('th', { scope: 'col' }, 'Best start'),
    el('th', { scope: 'col' }, 'Change'),
  );
  const body = el('tbody');
  for (const meter of METERS) {
    const d = meters[meter.key];
    const f = d.fraction?.point;
    const change = f === undefined ? DASH : f === 0 ? 'unchanged' : `${f > 0 ? '+' : '−'}${formatPercent(Math.abs(f), 1)}`;
    body.append(
      el(
        'tr',
        { 'data-meter': meter.key },
        el('th', { scope: 'row' }, meter.label),
        el('td', {}, d.baseline ? meter.format(d.baseline.point) : DASH),
        el('td', {}, d.after ? meter.format(d.after.point) : DASH),
        el('td', { class: 'delta' }, change),
      ),
    );
  }
  return el('table', { class: 'results', id: 'timing-results' }, el('caption', {}, 'The same run at the best start (only carbon moves)'), el('thead', {}, head), body);
}
