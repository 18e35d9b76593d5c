// The inputs form: one row per what-if value with its label (bound to the control), the baseline's value and
// provenance, and a reset. The controller owns the state; this file only builds and updates the rows.
import type { Analysis } from '../src/core/analyze';
import type { WhatIf } from '../src/shared/protocol';
import { el } from './dom';
import { FIELDS, currentOf, displayValue, parseInput, type Field, type FieldKey } from './fields';

export interface InputHandlers {
  /** The user committed a value (undefined = keep the file's); returns an error message when it is rejected. */
  onChange(key: FieldKey, value: string | number | undefined): void;
  onReset(key: FieldKey): void;
  onError(message: string): void;
}

interface Row {
  field: Field;
  control: HTMLElement & { value: string };
  provenance: HTMLElement;
  reset: HTMLElement;
  row: HTMLElement;
}

export class InputsForm {
  readonly element: HTMLElement;
  private readonly rows = new Map<FieldKey, Row>();

  constructor(private readonly handlers: InputHandlers) {
    this.element = el('div', { class: 'inputs', role: 'group', 'aria-label': 'What-if inputs' });
    for (const field of FIELDS) this.element.append(this.buildRow(field));
  }

  private buildRow(field: Field): HTMLElement {
    const id = `input-${field.key}`;
    const label = el('vscode-label', { for: id }, field.unit ? `${field.label} (${field.unit})` : field.label);
    let control: HTMLElement & { value: string };
    if (field.choices) {
      control = el('vscode-single-select', { id, class: 'control', 'data-key': field.key }) as HTMLElement & { value: string };
      control.append(el('vscode-option', { value: '' }, '(keep the run’s)'));
      for (const choice of field.choices) control.append(el('vscode-option', { value: choice.value }, choice.label));
    } else {
      control = el('vscode-textfield', { id, class: 'control', 'data-key': field.key }) as HTMLElement & { value: string };
    }
    const provenance = el('span', { class: 'provenance', id: `${id}-provenance` });
    control.setAttribute('aria-describedby', provenance.id);
    const reset = el('vscode-button', { secondary: true, class: 'reset', disabled: true, 'aria-label': `Reset ${field.label} to the run’s value`, title: 'Reset to the run’s value' }, 'Reset');
    control.addEventListener('change', () => {
      const parsed = parseInput(field, control.value);
      if (!parsed.ok) {
        this.handlers.onError(parsed.message);
        return;
      }
      this.handlers.onChange(field.key, parsed.value);
    });
    reset.addEventListener('click', () => {
      if (!reset.hasAttribute('disabled')) this.handlers.onReset(field.key);
    });
    const row = el('div', { class: 'input-row', 'data-key': field.key }, label, control, reset, provenance);
    this.rows.set(field.key, { field, control, provenance, reset, row });
    return row;
  }

  /**
   * Show the what-if run's values: the user's where set (with the file run's value beside them), otherwise what the
   * what-if run ends up using — so picking an A100 shows the A100's price and power-derived values, not the H100's.
   */
  update(baseline: Analysis, whatIfRun: Analysis, whatIf: WhatIf): void {
    for (const [key, r] of this.rows) {
      const base = currentOf(key, baseline);
      const changed = whatIf[key] !== undefined;
      const current = changed ? base : currentOf(key, whatIfRun);
      const shown = changed ? whatIf[key] : current.value;
      const text = displayValue(r.field, shown);
      if (r.control.value !== text) r.control.value = text;
      const describe = (c: typeof base) => (c.value === undefined ? 'not in the run' : `${shownValue(r.field, c.value)} · ${c.provenance}`);
      let words = changed ? `what-if (run: ${describe(base)})` : describe(current);
      if (!changed && current.value !== base.value && base.value !== undefined) words += ` (file run: ${shownValue(r.field, base.value)})`;
      const hint = r.field.hint?.(changed ? baseline : whatIfRun);
      r.provenance.textContent = hint ? `${words} · ${hint}` : words;
      if (current.detail) r.provenance.title = current.detail;
      else r.provenance.removeAttribute('title');
      r.row.classList.toggle('changed', changed);
      if (changed) r.reset.removeAttribute('disabled');
      else r.reset.setAttribute('disabled', '');
    }
  }
}

/** A value as words for the provenance line: a choice by its name ("NVIDIA H100 SXM5 80GB"), a share with its %. */
function shownValue(field: Field, value: string | number): string {
  const choice = field.choices?.find((c) => c.value === value);
  if (choice) return choice.label.split(' · ')[0] ?? choice.label;
  return `${displayValue(field, value)}${field.unit === '%' ? '%' : ''}`;
}
