// Export from the panel: the what-if run's report in the asked format, copied to the clipboard and opened in an
// untitled editor beside the config.
import * as vscode from 'vscode';
import { analyze } from '../../core/analyze';
import { renderReport } from '../../core/report/index';
import type { Overrides } from '../../core/types';
import type { ExportFormat, WhatIf } from '../../shared/protocol';
import { analyzeOptionsFor } from '../analyzeOptions';
import type { SettingsStore } from '../settingsStore';

const LANGUAGE: Record<ExportFormat, string> = { markdown: 'markdown', 'model-card': 'markdown', csv: 'plaintext', latex: 'latex' };

export async function exportWhatIf(document: vscode.TextDocument, settings: SettingsStore, format: ExportFormat, whatIf: WhatIf): Promise<{ ok: boolean; message: string; text: string }> {
  // The what-if's names are the analysis overrides' names, by design of the protocol.
  const overrides: Overrides | undefined = Object.keys(whatIf).length > 0 ? { ...whatIf } : undefined;
  const analysis = analyze(document.getText(), analyzeOptionsFor(document, settings, overrides));
  if (!analysis.run) return { ok: false, message: 'This file is not a training config Footprint Lens understands.', text: '' };
  const text = renderReport(format, [analysis]);
  // A browser may refuse the clipboard (no focus, no permission): the untitled document still has the report.
  const copied = await vscode.env.clipboard.writeText(text).then(
    () => true,
    () => false,
  );
  const doc = await vscode.workspace.openTextDocument({ language: LANGUAGE[format], content: text });
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
  return { ok: true, message: `${copied ? 'Copied the' : 'Opened the'} ${format} report${copied ? ' to the clipboard and opened it' : ''} beside the file.`, text };
}
