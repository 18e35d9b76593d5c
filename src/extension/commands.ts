// The palette commands. Each takes an optional uri string (lenses, hovers and code actions pass one; the palette
// uses the active editor) and, where it asks a question, an optional answer, so tests and other commands can call it
// without a prompt.
import * as vscode from 'vscode';
import type { Analysis } from '../core/analyze';
import { renderReport, type ReportFormat } from '../core/report/index';
import { findGpu, GPUS } from '../core/data/gpus';
import { findRegion, REGIONS } from '../core/data/regions';
import { parseNumberText } from '../core/formats/builder';
import type { AnalysisCache } from './analysisCache';
import { dataSourcesMarkdown } from './dataSources';
import { storeHardware, type HardwareChoice } from './hardware';
import { COMMANDS } from './ids';
import { isCandidate } from './selector';
import { summaryTitle, missingTitle } from './summary';

async function documentFor(uri: unknown): Promise<vscode.TextDocument | undefined> {
  if (typeof uri === 'string' && uri) return vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  if (uri instanceof vscode.Uri) return vscode.workspace.openTextDocument(uri);
  const active = vscode.window.activeTextEditor?.document;
  return active && isCandidate(active) ? active : undefined;
}

async function showMarkdown(content: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content });
  await vscode.window.showTextDocument(doc, { preview: true, viewColumn: vscode.ViewColumn.Beside });
  return doc;
}

async function pickGpu(): Promise<string | undefined> {
  const items = GPUS.map((g) => ({ label: g.name, description: `${g.peakTFlops.bf16 ?? '?'} TFLOP/s BF16 · ${g.memoryGB} GB`, id: g.id }));
  return (await vscode.window.showQuickPick(items, { title: 'GPU type for this file', matchOnDescription: true }))?.id;
}

async function pickCount(): Promise<number | undefined> {
  const answer = await vscode.window.showInputBox({
    title: 'GPU count for this file',
    prompt: 'Total GPUs (nodes × GPUs per node)',
    validateInput: (v) => (/^\d+$/.test(v.trim()) && Number(v) > 0 ? undefined : 'A whole number above zero'),
  });
  return answer ? Number(answer.trim()) : undefined;
}

/** A size typed as people write it ("50M", "2.5e9", "8B"); undefined when cancelled. */
async function pickSize(title: string, prompt: string): Promise<number | undefined> {
  const answer = await vscode.window.showInputBox({
    title,
    prompt,
    validateInput: (v) => (parseNumberText(v) > 0 ? undefined : 'A positive number: 50M, 2.5e9, 8B'),
  });
  return answer ? parseNumberText(answer) : undefined;
}

async function pickRegion(): Promise<string | undefined> {
  const items = REGIONS.map((r) => ({ label: r.code, description: `${r.name} · ${r.gCO2ePerKWh} gCO2e/kWh (${r.year})` }));
  return (await vscode.window.showQuickPick(items, { title: 'Region for this file', matchOnDescription: true }))?.label;
}

export function registerCommands(cache: AnalysisCache): vscode.Disposable[] {
  const analysisOf = async (uri: unknown): Promise<{ document: vscode.TextDocument; analysis: Analysis } | undefined> => {
    const document = await documentFor(uri);
    if (!document) {
      void vscode.window.showInformationMessage('Footprint: open a training config first.');
      return undefined;
    }
    const analysis = await cache.analysis(document);
    return analysis ? { document, analysis } : undefined;
  };

  const set = async (uri: unknown, choice: HardwareChoice): Promise<boolean> => {
    const document = await documentFor(uri);
    if (!document) return false;
    const ok = await storeHardware(document, choice);
    if (ok) await cache.analysis(document);
    return ok;
  };

  /** The core's report of this file (the CLI's `report` and the panel's export write the same text). */
  const reportOf = async (uri: unknown, format: ReportFormat): Promise<{ document: vscode.TextDocument; text: string } | undefined> => {
    const found = await analysisOf(uri);
    if (!found) return undefined;
    if (!found.analysis.run) {
      void vscode.window.showInformationMessage('Footprint: this file is not a training config Footprint Lens understands.');
      return undefined;
    }
    return { document: found.document, text: renderReport(format, [found.analysis]) };
  };

  const disposables = [
    vscode.commands.registerCommand(COMMANDS.estimate, async (uri?: unknown) => {
      const found = await analysisOf(uri);
      if (!found) return undefined;
      const { analysis } = found;
      const summary = analysis.format ? (summaryTitle(analysis) ?? missingTitle(analysis) ?? 'not enough inputs to project') : undefined;
      if (!summary) {
        void vscode.window.showInformationMessage('Footprint: this file is not a training config Footprint Lens understands.');
        return undefined;
      }
      // Not awaited: the command returns its summary at once; the buttons act whenever the user clicks.
      void vscode.window.showInformationMessage(`Footprint: ${summary}`, 'Open Panel', 'Copy Markdown Report', 'Copy Model Card').then((choice) => {
        const uriString = found.document.uri.toString();
        if (choice === 'Open Panel') return vscode.commands.executeCommand(COMMANDS.openPanel, uriString);
        if (choice === 'Copy Markdown Report') return vscode.commands.executeCommand(COMMANDS.copyReport, uriString);
        if (choice === 'Copy Model Card') return vscode.commands.executeCommand(COMMANDS.copyModelCard, uriString);
        return undefined;
      });
      return summary;
    }),
    vscode.commands.registerCommand(COMMANDS.copyReport, async (uri?: unknown) => {
      const report = await reportOf(uri, 'markdown');
      if (!report) return undefined;
      await vscode.env.clipboard.writeText(report.text);
      return report.text;
    }),
    vscode.commands.registerCommand(COMMANDS.copyModelCard, async (uri?: unknown) => {
      const report = await reportOf(uri, 'model-card');
      if (!report) return undefined;
      await vscode.env.clipboard.writeText(report.text);
      return report.text;
    }),
    vscode.commands.registerCommand(COMMANDS.exportReport, async (uri?: unknown, target?: unknown) => {
      const report = await reportOf(uri, 'markdown');
      if (!report) return undefined;
      const base = report.document.uri.path.replace(/\.[^./]*$/, '');
      const to =
        typeof target === 'string'
          ? vscode.Uri.parse(target)
          : await vscode.window.showSaveDialog({ defaultUri: report.document.uri.with({ path: `${base}.footprint.md` }), filters: { Markdown: ['md'] } });
      if (!to) return undefined;
      await vscode.workspace.fs.writeFile(to, new TextEncoder().encode(report.text));
      return to.toString();
    }),
    vscode.commands.registerCommand(COMMANDS.showDataSources, async () => showMarkdown(dataSourcesMarkdown())),
    vscode.commands.registerCommand(COMMANDS.setGpuType, async (uri?: unknown, value?: unknown) => {
      const gpu = typeof value === 'string' ? findGpu(value)?.id : await pickGpu();
      return gpu ? set(uri, { gpu }) : false;
    }),
    vscode.commands.registerCommand(COMMANDS.setGpuCount, async (uri?: unknown, value?: unknown) => {
      const gpus = typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : await pickCount();
      return gpus ? set(uri, { gpus }) : false;
    }),
    vscode.commands.registerCommand(COMMANDS.setTrainingTokens, async (uri?: unknown, value?: unknown) => {
      const tokens =
        typeof value === 'number' && value > 0 ? value : await pickSize('Training tokens for this file', 'Epochs × dataset examples × tokens per example (for RL: × samples per prompt), e.g. 50M');
      return tokens ? set(uri, { tokens }) : false;
    }),
    vscode.commands.registerCommand(COMMANDS.setModelSize, async (uri?: unknown, value?: unknown) => {
      const params = typeof value === 'number' && value > 0 ? value : await pickSize('Model size for this file', 'Parameters of the base model, e.g. 8B');
      return params ? set(uri, { params }) : false;
    }),
    vscode.commands.registerCommand(COMMANDS.setRegion, async (uri?: unknown, value?: unknown) => {
      const region = typeof value === 'string' ? findRegion(value)?.code : await pickRegion();
      return region ? set(uri, { region }) : false;
    }),
    vscode.commands.registerCommand(COMMANDS.setHardware, async (uri?: unknown, value?: unknown) => {
      // Answers may come as one object ({ gpu, gpus, region }); otherwise three prompts, each skippable.
      const given = value && typeof value === 'object' ? (value as HardwareChoice) : undefined;
      const choice: HardwareChoice = given ?? {};
      if (!given) {
        const gpu = await pickGpu();
        if (gpu) choice.gpu = gpu;
        const gpus = await pickCount();
        if (gpus) choice.gpus = gpus;
        const region = await pickRegion();
        if (region) choice.region = region;
      }
      return Object.keys(choice).length > 0 ? set(uri, choice) : false;
    }),
  ];
  return disposables;
}
