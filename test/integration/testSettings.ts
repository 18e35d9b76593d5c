// The settings the integration tests run under. They share a busy machine, where a worker can wait seconds for the
// CPU, and they are about what the editor shows, not how fast this machine is: a generous analysis time limit (the
// limit itself is tested in the unit tests and in responsive.test.ts, which sets its own for the workspace). And no
// auto-save: VS Code for the Web saves edits after a delay by default, so an edit a test makes and undoes would reach
// the disk in between, where the Training Runs view's file watcher reads it (a run listed with another test's GPU
// count); every test edits buffers and reverts them, never the files.
import * as vscode from 'vscode';

const TEST_TIME_LIMIT_SECONDS = 60;

export async function useTestSettings(): Promise<void> {
  await vscode.workspace.getConfiguration('footprint').update('analysisTimeLimit', TEST_TIME_LIMIT_SECONDS, vscode.ConfigurationTarget.Global);
  await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
}
