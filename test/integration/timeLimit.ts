// The analysis time limit the integration tests run under. They share a busy machine, where a worker can wait seconds
// for the CPU, and they are about what the editor shows, not how fast this machine is; the limit itself is tested in
// the unit tests and in responsive.test.ts, which sets its own for the workspace.
import * as vscode from 'vscode';

const TEST_TIME_LIMIT_SECONDS = 60;

export async function useTestTimeLimit(): Promise<void> {
  await vscode.workspace.getConfiguration('footprint').update('analysisTimeLimit', TEST_TIME_LIMIT_SECONDS, vscode.ConfigurationTarget.Global);
}
