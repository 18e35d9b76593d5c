// Findings become Problems: source "footprint", a stable code linking to its README entry, ranges from the core's
// spans, severities from footprint.diagnostics.severity. Files that are not training configs get nothing.
import * as vscode from 'vscode';
import type { Analysis } from '../core/analyze';
import { findingAnchor } from '../core/present/findings';
import type { Finding } from '../core/types';
import type { AnalysisCache } from './analysisCache';
import { rangeOrTop, toSeverity } from './convert';
import { DIAGNOSTIC_SOURCE, README_URL } from './ids';
import type { SettingsStore } from './settingsStore';

export class FootprintDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(DIAGNOSTIC_SOURCE);
  private readonly listeners: vscode.Disposable[];

  constructor(
    cache: AnalysisCache,
    private readonly settings: SettingsStore,
  ) {
    this.listeners = [
      cache.onDidAnalyze(({ uri, analysis }) => {
        const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
        if (document) this.update(document, analysis);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri)),
    ];
  }

  update(document: vscode.TextDocument, analysis: Analysis): void {
    // Not a training config: silence, even for parse errors (the YAML extension already reports those).
    if (!analysis.format) {
      this.collection.delete(document.uri);
      return;
    }
    const overrides = this.settings.for(document).severity;
    const diagnostics: vscode.Diagnostic[] = [];
    for (const f of analysis.findings) {
      const severity = overrides[f.code] ?? f.severity;
      if (severity === 'off') continue;
      diagnostics.push(toDiagnostic(document, f, severity));
    }
    this.collection.set(document.uri, diagnostics);
  }

  dispose(): void {
    for (const l of this.listeners) l.dispose();
    this.collection.dispose();
  }
}

function toDiagnostic(document: vscode.TextDocument, f: Finding, severity: Finding['severity']): vscode.Diagnostic {
  const d = new vscode.Diagnostic(rangeOrTop(document, f.span), f.message, toSeverity(severity));
  d.source = DIAGNOSTIC_SOURCE;
  d.code = { value: f.code, target: vscode.Uri.parse(`${README_URL}#${findingAnchor(f.code)}`) };
  return d;
}
