// The "vs HEAD" lenses: one at the top of a changed config ("vs HEAD: +412k GPU-h · +$1.6M · +88 tCO2e (+31%)"),
// one on each changed key that moves the cost ("was 2,000 → +$1.6M · +412k GPU-h"), and the hover on a changed key
// (before and after, with provenance). A provider of their own beside the run's lenses; nothing for an unchanged file.
import * as vscode from 'vscode';
import type { KeyRef } from '../../core/types';
import { toRange } from '../convert';
import type { SettingsStore } from '../settingsStore';
import type { HeadDiffs } from './headDiffs';
import { headHoverMarkdown, headLensTitle, headLensTooltip, keyLensTitle } from './headWords';

/** The git extension's command that opens the file's change against HEAD (only offered where git answers). */
const OPEN_CHANGE_COMMAND = 'git.openChange';

export class HeadLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.emitter.event;
  private readonly listeners: vscode.Disposable[];

  constructor(
    private readonly diffs: HeadDiffs,
    private readonly settings: SettingsStore,
  ) {
    this.listeners = [diffs.onDidCompare(() => this.emitter.fire()), settings.onDidChange(() => this.emitter.fire())];
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (this.settings.for(document).codeLensDetail === 'off') return [];
    const head = this.diffs.for(document);
    if (!head) return [];
    const title = headLensTitle(head.comparison);
    if (!title) return [];
    const command: vscode.Command =
      this.diffs.sourceKind === 'git'
        ? { title, tooltip: headLensTooltip(head.comparison), command: OPEN_CHANGE_COMMAND, arguments: [document.uri] }
        : { title, tooltip: headLensTooltip(head.comparison), command: '' };
    const lenses = [new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), command)];
    const seen = new Set<number>();
    for (const cost of head.keyCosts) {
      const key = cost.change.after;
      if (!key || seen.has(key.span.line)) continue;
      seen.add(key.span.line);
      lenses.push(new vscode.CodeLens(toRange(document, key.span), { title: keyLensTitle(cost), tooltip: `What changing ${cost.change.key} since HEAD alone costs`, command: '' }));
    }
    return lenses;
  }

  dispose(): void {
    for (const l of this.listeners) l.dispose();
    this.emitter.dispose();
  }
}

export class HeadHoverProvider implements vscode.HoverProvider {
  constructor(private readonly diffs: HeadDiffs) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const head = this.diffs.for(document);
    if (!head) return undefined;
    const offset = document.offsetAt(position);
    const change = head.comparison.keys.find((k) => k.after !== undefined && covers(k.after, offset));
    if (!change?.after) return undefined;
    const cost = head.keyCosts.find((c) => c.change === change);
    // Nothing trusted, no HTML, no theme icons: the text is the file's.
    const md = new vscode.MarkdownString(headHoverMarkdown(head.comparison, change, cost, head.commit));
    md.isTrusted = false;
    md.supportHtml = false;
    md.supportThemeIcons = false;
    const end = change.after.valueSpan && change.after.valueSpan.end > change.after.span.end ? change.after.valueSpan.end : change.after.span.end;
    return new vscode.Hover(md, toRange(document, { start: change.after.span.start, end }));
  }
}

function covers(key: KeyRef, offset: number): boolean {
  const within = (s: { start: number; end: number }) => offset >= s.start && offset <= s.end;
  return within(key.span) || (key.valueSpan !== undefined && within(key.valueSpan));
}
