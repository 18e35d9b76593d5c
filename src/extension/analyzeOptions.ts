// The analysis options a document gets from its settings: the cache and the marginal-cost lenses share this, so a
// what-if re-analysis sees exactly the defaults the summary saw.
import * as vscode from 'vscode';
import type { AnalyzeOptions } from '../core/analyze';
import type { Overrides } from '../core/types';
import type { DocumentScope, SettingsStore } from './settingsStore';

export function analyzeOptionsFor(document: DocumentScope, settings: SettingsStore, overrides?: Overrides): AnalyzeOptions {
  const s = settings.for(document);
  const calibration = settings.calibrationFor(document);
  const hardware = settings.hardwareMatch(document);
  return {
    fileName: fileNameOf(document.uri),
    defaults: { ...s.defaults, ...(calibration ? { calibration } : {}), ...hardware.entry },
    defaultsFrom: hardware.from,
    overrides,
    overridesFrom: 'what-if',
    maxBytes: s.maxBytes,
    budgetMs: s.analysisBudgetMs,
    overTrainingThreshold: s.overTrainingThreshold,
    companions: settings.companions?.for(document),
  };
}

/** The path as the user knows it (workspace-relative): formats use the name, messages show it. */
export function fileNameOf(uri: vscode.Uri): string {
  return vscode.workspace.asRelativePath(uri, false);
}
