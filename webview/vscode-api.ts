// The webview's only door to the host: every outgoing message is checked against the shared protocol before it is
// posted (a bug here must not make the host write arbitrary text), and the saved state is checked when read back.
import { PanelStateSchema, WebviewMessageSchema, parseMessage, type PanelState, type WebviewMessage } from '../src/shared/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** acquireVsCodeApi may be called once per page; keep the handle. */
let api: VsCodeApi | undefined;
function vscode(): VsCodeApi {
  api ??= acquireVsCodeApi();
  return api;
}

/** Posts a message that fits the protocol; returns false (and logs) when it does not. */
export function post(message: WebviewMessage): boolean {
  const checked = parseMessage(WebviewMessageSchema, message);
  if (!checked.ok) {
    console.warn(`Footprint Lens panel: not posting an invalid message (${checked.reason})`);
    return false;
  }
  vscode().postMessage(checked.message);
  return true;
}

export function saveState(state: PanelState): void {
  const checked = parseMessage(PanelStateSchema, state);
  if (checked.ok) vscode().setState(checked.message);
}

/** The state saved before a reload, if any and if it still fits the schema. */
export function restoreState(): PanelState | undefined {
  const checked = parseMessage(PanelStateSchema, vscode().getState());
  return checked.ok ? checked.message : undefined;
}
