// One what-if panel on one config: posts nothing before the webview says `ready`, then `load` (text, version,
// settings) at once and again, debounced, after each edit of the document or change of settings. Every incoming
// message is parsed with the shared schema; what does not fit is dropped and logged.
import * as vscode from 'vscode';
import { HostMessageSchema, WebviewMessageSchema, parseMessage, type HostMessage, type WebviewMessage } from '../../shared/protocol';
import { analyzeOptionsFor, fileNameOf } from '../analyzeOptions';
import type { SettingsStore } from '../settingsStore';
import { exportWhatIf } from './exportReport';
import { panelHtml, resourceRoots } from './html';
import { baselineOptions } from './options';
import { gridTraces } from './traces';
import { applyWhatIf } from './writeBack';

/** Typing pauses shorter than this do not re-post the whole text. */
const LOAD_DEBOUNCE_MS = 250;

export interface PanelDeps {
  extensionUri: vscode.Uri;
  settings: SettingsStore;
  log: vscode.OutputChannel;
  /** Keep the messages posted (the extension's test mode only: the integration tests read them). */
  keepPosted?: boolean;
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return { enableScripts: true, localResourceRoots: resourceRoots(extensionUri), retainContextWhenHidden: false };
}

export class FootprintPanel implements vscode.Disposable {
  private ready = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private disposed = false;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposeEmitter.event;
  private readonly postEmitter = new vscode.EventEmitter<HostMessage>();
  /** Fires after each message posted to the webview (tests wait on it instead of sleeping). */
  readonly onDidPost = this.postEmitter.event;
  /** What the host posted, newest last, in test mode only (the integration tests read it); empty otherwise. */
  readonly posted: HostMessage[] = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly uri: vscode.Uri,
    private readonly deps: PanelDeps,
  ) {
    panel.webview.options = webviewOptions(deps.extensionUri);
    panel.title = `What-if: ${uri.path.split('/').pop() ?? 'config'}`;
    panel.webview.html = panelHtml(panel.webview, deps.extensionUri);
    this.subscriptions.push(
      panel.webview.onDidReceiveMessage((data: unknown) => void this.receive(data)),
      panel.onDidDispose(() => this.dispose()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() === uri.toString() && e.contentChanges.length > 0) this.scheduleLoad();
      }),
      deps.settings.onDidChange(() => this.scheduleLoad()),
    );
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  /** A message from the webview (or the test API): validated, then handled. */
  async receive(data: unknown): Promise<void> {
    const parsed = parseMessage(WebviewMessageSchema, data);
    if (!parsed.ok) {
      this.deps.log.appendLine(`[panel] dropped an invalid message from the webview: ${parsed.reason}`);
      return;
    }
    await this.handle(parsed.message);
  }

  private async handle(message: WebviewMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        // Sent again whenever the webview reloads (hidden and shown): it needs the text again.
        this.ready = true;
        await this.postTraces();
        await this.postLoad();
        return;
      case 'apply': {
        const document = await vscode.workspace.openTextDocument(this.uri);
        const result = await applyWhatIf(document, message.version, message.whatIf);
        this.deps.log.appendLine(`[panel] apply to ${fileNameOf(this.uri)} (v${message.version}): ${result.ok ? 'ok' : 'refused'}: ${result.message}`);
        await this.post({ type: 'applied', ok: result.ok, message: result.message });
        return;
      }
      case 'export': {
        const document = await vscode.workspace.openTextDocument(this.uri);
        const result = await exportWhatIf(document, this.deps.settings, message.format, message.whatIf);
        await this.post({ type: 'exported', ok: result.ok, message: result.message });
        return;
      }
    }
  }

  private scheduleLoad(): void {
    if (this.disposed) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.postLoad();
    }, LOAD_DEBOUNCE_MS);
  }

  /** The hourly grid traces for the timing section: they never change, so once per `ready`. */
  private async postTraces(): Promise<void> {
    const { traces, problems } = await gridTraces(this.deps.extensionUri);
    for (const p of problems) this.deps.log.appendLine(`[panel] grid trace: ${p}`);
    await this.post({
      type: 'traces',
      traces: traces.map((t) => ({ code: t.code, year: t.year, startUtcMs: t.startUtcMs, values: [...t.values] })),
      ...(problems.length > 0 ? { problem: problems.join('; ').slice(0, 2000) } : {}),
    });
  }

  /** The document as it is now; the version lets the host refuse an apply made against an older text. */
  async postLoad(): Promise<void> {
    if (!this.ready || this.disposed) return;
    const document = await vscode.workspace.openTextDocument(this.uri);
    // The same defaults as the lenses' and the export's analysis (calibration and per-file hardware included).
    const analysis = analyzeOptionsFor(document, this.deps.settings);
    await this.post({
      type: 'load',
      uri: this.uri.toString(),
      fileName: fileNameOf(this.uri),
      version: document.version,
      text: document.getText(),
      options: baselineOptions(analysis.defaults ?? {}, analysis.overTrainingThreshold, this.deps.settings.for(document).scheduleWindowDays, analysis.defaultsFrom, analysis.budgetMs),
    });
  }

  private async post(message: HostMessage): Promise<void> {
    if (this.disposed) return;
    // Our own messages are checked too: a host bug must not reach the webview as a shape it does not know.
    const checked = parseMessage(HostMessageSchema, message);
    if (!checked.ok) {
      this.deps.log.appendLine(`[panel] not posting an invalid ${message.type} message: ${checked.reason}`);
      return;
    }
    if (this.deps.keepPosted) {
      this.posted.push(checked.message);
      if (this.posted.length > 50) this.posted.shift();
    }
    await this.panel.webview.postMessage(checked.message);
    this.postEmitter.fire(checked.message);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.subscriptions) d.dispose();
    this.disposeEmitter.fire();
    this.disposeEmitter.dispose();
    this.postEmitter.dispose();
    this.panel.dispose();
  }
}
