// The results: baseline against what-if for each meter with the change, the compute-optimal verdict and which
// budget cap binds. Rebuilt on every change; the summary line is aria-live so a screen reader hears the new totals.
import { formatCount, formatPercent } from '../src/core/present/units';
import { equivalentsFor } from '../src/core/report/equivalents';
import type { Analysis } from '../src/core/analyze';
import type { BaselineOptions } from '../src/shared/protocol';
import { el } from './dom';
import { DASH, METERS, deltaText, meterText, missingText } from './format';
import { capUses, relativeChange, type Pair } from './model';

export function resultsTable(pair: Pair): HTMLElement {
  const head = el('tr', {}, el('th', { scope: 'col' }, 'Meter'), el('th', { scope: 'col' }, 'Baseline'), el('th', { scope: 'col' }, 'What-if'), el('th', { scope: 'col' }, 'Change'));
  const body = el('tbody');
  for (const meter of METERS) {
    const b = pair.baseline.projection?.[meter.key];
    const w = pair.whatIf.projection?.[meter.key];
    const change = relativeChange(b, w);
    const cell = (analysis: Analysis) => {
      const text = meterText(analysis, meter);
      return text === DASH ? el('td', {}, DASH, el('span', { class: 'missing' }, ` ${missingText(analysis)}`)) : el('td', {}, text);
    };
    // The sign is written out (+/−) and an arrow word is added, so the direction is not carried by colour.
    const direction = change === undefined || Math.abs(change) < 0.0005 ? '' : change > 0 ? ' up' : ' down';
    body.append(
      el(
        'tr',
        { 'data-meter': meter.key },
        el('th', { scope: 'row' }, meter.label),
        cell(pair.baseline),
        cell(pair.whatIf),
        el('td', { class: `delta${direction}` }, deltaText(change), direction ? el('span', { class: 'visually-hidden' }, direction) : ''),
      ),
    );
  }
  return el('table', { class: 'results', id: 'results' }, el('caption', {}, 'Projected cost of the run'), el('thead', {}, head), body);
}

/** One sentence for the live region: the what-if's headline numbers. */
export function summaryText(pair: Pair): string {
  const parts = METERS.map((m) => {
    const change = relativeChange(pair.baseline.projection?.[m.key], pair.whatIf.projection?.[m.key]);
    const text = meterText(pair.whatIf, m);
    return text === DASH ? `${m.label} ${DASH}` : `${m.label} ${text}${change === undefined ? '' : ` (${deltaText(change)})`}`;
  });
  return `What-if: ${parts.join(', ')}.`;
}

export function computeOptimalText(analysis: Analysis): string {
  const co = analysis.computeOptimal;
  if (!co || co.tokensPerParam === null || !Number.isFinite(co.tokensPerParam)) return `Compute-optimal: ${DASH} (${missingText(analysis)})`;
  const ratio = `${formatCount(co.tokensPerParam)} tokens per parameter`;
  const factor = co.overTrainingFactor;
  if (factor === null || !Number.isFinite(factor) || factor <= 0) return `Compute-optimal: ${ratio}.`;
  // The optimum's size is left to the scaling explanation below, which the iso-FLOP plot draws.
  const verdict = factor >= 1 ? `${formatCount(factor)}× past the compute-optimal ratio` : `${formatCount(1 / factor)}× short of the compute-optimal ratio`;
  return `Compute-optimal: ${ratio}, ${verdict}.`;
}

/** Everyday equivalents of the what-if's carbon and energy, for scale, each with its source. */
export function equivalentsList(analysis: Analysis): HTMLElement {
  const list = el('ul', { class: 'equivalents', id: 'equivalents', 'aria-label': 'Equivalents of the what-if (for scale only)' });
  for (const e of equivalentsFor(analysis.projection)) {
    const amount = e.amount && Number.isFinite(e.amount.point) ? `≈ ${formatCount(e.amount.point)} ${e.row.unitLabel}` : `${DASH} ${e.row.unitLabel} (${e.missing ?? 'unknown'})`;
    list.append(
      el(
        'li',
        { title: `${e.row.description} — ${e.row.source}, ${e.row.year}` },
        amount,
        el('span', { class: 'source' }, ` (${e.row.source.split(/[,"]/)[0]?.trim() || e.row.source} ${e.row.year})`),
      ),
    );
  }
  return list;
}

/** The what-if's findings in words, severity written out (not only coloured). */
export function findingsList(analysis: Analysis): HTMLElement {
  const list = el('ul', { class: 'findings', id: 'findings', 'aria-label': 'Findings' });
  for (const f of analysis.findings) list.append(el('li', { class: `finding ${f.severity}` }, el('strong', {}, `${f.severity}: `), f.message));
  return list;
}

export function budgetText(analysis: Analysis, budgets: BaselineOptions['budgets']): string {
  const uses = capUses(analysis, budgets);
  const binding = uses[0];
  if (!binding) return 'Budget: no caps set (footprint.budget.* settings).';
  const state = binding.share > 1 ? 'over' : 'within';
  const others = uses.slice(1).map((u) => `${u.what} ${formatPercent(u.share)}`);
  return `Budget: the ${binding.what} cap binds — ${formatPercent(binding.share)} used (${state})${others.length ? `; ${others.join(', ')}` : ''}.`;
}
