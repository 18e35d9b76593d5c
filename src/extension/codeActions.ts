// Missing or assumed inputs are one click away: quick fixes on footprint diagnostics that set the GPU type (to the
// one the projection assumed, or through a pick), the GPU count, the region, and a fine-tune's training tokens and
// base model size for this file.
import * as vscode from 'vscode';
import type { Analysis } from '../core/analyze';
import type { AnalysisCache } from './analysisCache';
import { DIAGNOSTIC_SOURCE, COMMANDS } from './ids';
import { annotationEdit } from './hardware';
import { gpuId, gpuName } from './summary';
import { toTextEdit } from './convert';
import { planMemoryFix } from '../core/memory/plan';
import type { CompanionEdits } from '../core/memory/deepspeedJson';
import { memoryFixTitle } from '../core/memory/text';
import { gpusToFit } from '../core/memory';
import type { MemoryFix } from '../core/memory/types';

const GPU_CODES = new Set(['missing-gpu-type', 'default-gpu', 'unknown-gpu']);
const COUNT_CODES = new Set(['missing-gpus', 'parallelism-mismatch']);
const REGION_CODES = new Set(['unknown-region']);
const TOKENS_CODES = new Set(['needs-dataset-size']);
const SIZE_CODES = new Set(['model-unknown']);
const MEMORY_CODES = new Set(['will-not-fit', 'tight-fit']);
const NEEDS_GPUS_CODES = new Set(['memory-needs-gpus']);

export class FootprintCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly cache: AnalysisCache) {}

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const actions: vscode.CodeAction[] = [];
    if (!context.diagnostics.some((d) => d.source === DIAGNOSTIC_SOURCE)) return actions;
    const analysis = await this.cache.analysis(document);
    // Changed while it was analysed: the diagnostics these actions fix are about to be replaced.
    if (!analysis) return actions;
    const uri = document.uri.toString();
    for (const d of context.diagnostics) {
      if (d.source !== DIAGNOSTIC_SOURCE) continue;
      const code = typeof d.code === 'object' ? String(d.code.value) : String(d.code);
      if (GPU_CODES.has(code)) {
        // Confirming the assumed GPU writes it down, so the estimate no longer rests on a default.
        const assumed = gpuName(analysis);
        const id = gpuId(analysis);
        const edit = id && code === 'default-gpu' ? annotationEdit(document, { gpu: id }) : undefined;
        if (assumed && edit) {
          const a = new vscode.CodeAction(`Set GPU type to ${assumed} for this file`, vscode.CodeActionKind.QuickFix);
          a.edit = new vscode.WorkspaceEdit();
          a.edit.replace(document.uri, edit.range, edit.newText);
          a.diagnostics = [d];
          a.isPreferred = true;
          actions.push(a);
        }
        actions.push(command('Set GPU type…', COMMANDS.setGpuType, uri, d));
      }
      if (MEMORY_CODES.has(code)) actions.push(...(await this.memoryFixes(document, analysis, d)));
      if (COUNT_CODES.has(code)) actions.push(command('Set GPU count…', COMMANDS.setGpuCount, uri, d));
      if (NEEDS_GPUS_CODES.has(code)) actions.push(...gpuCountToFit(analysis, uri, d), ...(await this.memoryFixes(document, analysis, d, (f) => f.gpus !== undefined)));
      if (REGION_CODES.has(code)) actions.push(command('Set region…', COMMANDS.setRegion, uri, d));
      if (TOKENS_CODES.has(code)) actions.push(command('Set training tokens…', COMMANDS.setTrainingTokens, uri, d));
      if (SIZE_CODES.has(code)) actions.push(command('Set model size…', COMMANDS.setModelSize, uri, d));
    }
    return actions;
  }

  /**
   * The priced memory fixes the file can express (the analysis marks them applicable), each one edit (one undo), the
   * first that fits preferred. A fix written into the DeepSpeed JSON the file names edits that file in the same
   * WorkspaceEdit, and only while its text is the one analysed. The others are listed in the hover and the CLI with
   * what to do by hand.
   */
  private async memoryFixes(document: vscode.TextDocument, analysis: Analysis, d: vscode.Diagnostic, offered: (fix: MemoryFix) => boolean = () => true): Promise<vscode.CodeAction[]> {
    const text = document.getText();
    const { companions, uriOf } = this.cache.companionsOf(document);
    const out: vscode.CodeAction[] = [];
    for (const fix of analysis.memory?.fixes ?? []) {
      if (!fix.applicable || !offered(fix)) continue;
      const plan = planMemoryFix(text, document.fileName, fix.steps, analysis, fix.gpus?.gpus, companions);
      const others = await companionEdits(plan.companions ?? [], uriOf);
      if (plan.edits.length === 0 && others.length === 0) continue;
      if (others.length < (plan.companions ?? []).length) continue;
      const a = new vscode.CodeAction(memoryFixTitle(fix), vscode.CodeActionKind.QuickFix);
      a.edit = new vscode.WorkspaceEdit();
      if (plan.edits.length > 0)
        a.edit.set(
          document.uri,
          plan.edits.map((e) => toTextEdit(document, e)),
        );
      for (const o of others) a.edit.set(o.uri, o.edits);
      // A JSON file takes no annotation: its GPU count is the file's setting, set after the edit.
      if (plan.gpuCountSetting !== undefined) a.command = { title: a.title, command: COMMANDS.setGpuCount, arguments: [document.uri.toString(), plan.gpuCountSetting] };
      a.diagnostics = [d];
      if (out.length === 0 && fix.verdict === 'fits') a.isPreferred = true;
      out.push(a);
    }
    return out;
  }
}

/**
 * A companion's edits against its document, when that document's text is still the one the fix was planned on (an
 * unsaved edit there since, and the fix waits for the analysis it triggers).
 */
async function companionEdits(planned: readonly CompanionEdits[], uriOf: (fileName: string) => vscode.Uri | undefined): Promise<Array<{ uri: vscode.Uri; edits: vscode.TextEdit[] }>> {
  const out: Array<{ uri: vscode.Uri; edits: vscode.TextEdit[] }> = [];
  for (const c of planned) {
    const uri = uriOf(c.fileName);
    if (!uri || c.edits.length === 0) continue;
    const doc = await Promise.resolve(vscode.workspace.openTextDocument(uri)).catch(() => undefined);
    if (!doc || doc.getText() !== c.text) continue;
    out.push({ uri, edits: c.edits.map((e) => toTextEdit(doc, e)) });
  }
  return out;
}

/**
 * A sharded run whose GPU count decides whether it fits: the count it fits from, in one click (written as the file's
 * annotation or setting by the command), and the prompt for another.
 */
function gpuCountToFit(analysis: Analysis, uri: string, d: vscode.Diagnostic): vscode.CodeAction[] {
  const fit = analysis.memory ? gpusToFit(analysis.memory) : undefined;
  const out: vscode.CodeAction[] = [];
  if (fit) {
    const a = command(`Set GPU count to ${fit.gpus} (fits from there)`, COMMANDS.setGpuCount, uri, d, fit.gpus);
    a.isPreferred = true;
    out.push(a);
  }
  out.push(command('Set GPU count…', COMMANDS.setGpuCount, uri, d));
  return out;
}

function command(title: string, id: string, uri: string, d: vscode.Diagnostic, ...values: unknown[]): vscode.CodeAction {
  const a = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
  a.command = { title, command: id, arguments: [uri, ...values] };
  a.diagnostics = [d];
  return a;
}
