// The report formats by name, for the CLI (`report --format`) and any other host. Markdown, model-card and LaTeX
// describe each run in turn; CSV is one table with a row per run.
import type { Analysis } from '../analyze';
import { csvReport } from './csv';
import { latexReport } from './latex';
import { markdownReport } from './markdown';
import { modelCardReport } from './model-card';

export const REPORT_FORMATS = ['markdown', 'model-card', 'csv', 'latex'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export function isReportFormat(text: string): text is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(text);
}

export function renderReport(format: ReportFormat, analyses: readonly Analysis[]): string {
  switch (format) {
    case 'csv':
      return csvReport(analyses);
    case 'markdown':
      return analyses.map(markdownReport).join('\n---\n\n');
    case 'model-card':
      return analyses.map(modelCardReport).join('\n');
    case 'latex':
      return analyses.map(latexReport).join('\n');
  }
}
