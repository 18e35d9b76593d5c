// Applies a what-if to the document: one WorkspaceEdit (one undo step) for the values the file holds and the
// annotation, per-file settings for a JSON file's hardware; refused when the document moved past the version the
// panel showed the user.
import * as vscode from 'vscode';
import { planWriteBack } from '../../core/edit/writeBack';
import type { WhatIf } from '../../shared/protocol';
import { fileNameOf } from '../analyzeOptions';
import { toRange } from '../convert';
import { storeHardware } from '../hardware';

export const STALE_MESSAGE = 'The file changed: review and apply again.';

export interface ApplyResult {
  ok: boolean;
  message: string;
}

export async function applyWhatIf(document: vscode.TextDocument, version: number, whatIf: WhatIf): Promise<ApplyResult> {
  if (document.version !== version) return { ok: false, message: STALE_MESSAGE };
  const plan = planWriteBack(document.getText(), fileNameOf(document.uri), whatIf);
  const done: string[] = [...plan.notes];
  if (plan.edits.length > 0) {
    const edit = new vscode.WorkspaceEdit();
    for (const e of plan.edits) edit.replace(document.uri, toRange(document, e), e.newText);
    // The document may have changed while the plan was made (another extension, a save): the version check again.
    if (document.version !== version) return { ok: false, message: STALE_MESSAGE };
    if (!(await vscode.workspace.applyEdit(edit))) return { ok: false, message: 'VS Code refused the edit (is the file read-only?).' };
  }
  if (plan.settings) {
    const s = plan.settings;
    const choice: { gpu?: string; gpus?: number; region?: string } = {};
    if (s.gpuType !== undefined) choice.gpu = s.gpuType;
    if (s.gpus !== undefined) choice.gpus = s.gpus;
    if (s.region !== undefined) choice.region = s.region;
    if (await storeHardware(document, choice))
      done.push(
        `footprint.hardwareByFile: ${Object.entries(s)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')}`,
      );
  }
  const skipped = plan.skipped.map((s) => `${s.field}: ${s.reason}`);
  if (done.length === 0 && skipped.length === 0) return { ok: true, message: 'Nothing to write: the file already says this.' };
  const parts = [done.length ? `Applied: ${done.join('; ')}.` : 'Nothing written.', skipped.length ? `Not written: ${skipped.join('; ')}.` : ''];
  return { ok: done.length > 0, message: parts.filter(Boolean).join(' ').slice(0, 2000) };
}
