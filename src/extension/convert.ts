// The one place where the core's text offsets become VS Code positions, ranges, edits and diagnostic severities.
import * as vscode from 'vscode';
import type { Severity, Span, TextEdit } from '../core/types';

/** Clamps to the document, so a span from an older version can never throw. */
export function toRange(document: vscode.TextDocument, span: Pick<Span, 'start' | 'end'>): vscode.Range {
  const length = document.getText().length;
  const start = Math.max(0, Math.min(span.start, length));
  const end = Math.max(start, Math.min(span.end, length));
  return new vscode.Range(document.positionAt(start), document.positionAt(end));
}

/** A finding without a span sits on the first line. */
export function rangeOrTop(document: vscode.TextDocument, span: Pick<Span, 'start' | 'end'> | undefined): vscode.Range {
  return span ? toRange(document, span) : document.lineCount > 0 ? document.lineAt(0).range : new vscode.Range(0, 0, 0, 0);
}

export function toTextEdit(document: vscode.TextDocument, edit: TextEdit): vscode.TextEdit {
  return new vscode.TextEdit(toRange(document, edit), edit.newText);
}

export function toSeverity(severity: Severity): vscode.DiagnosticSeverity {
  switch (severity) {
    case 'error':
      return vscode.DiagnosticSeverity.Error;
    case 'warning':
      return vscode.DiagnosticSeverity.Warning;
    case 'info':
      return vscode.DiagnosticSeverity.Information;
    case 'hint':
      return vscode.DiagnosticSeverity.Hint;
  }
}
