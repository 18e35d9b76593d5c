// The Explorer's "Training Runs" view: every run the workspace index found, grouped by folder (a sweep is a folder)
// with each folder's total, folders and runs sorted by cost, a click opening the config, and an export of all of it as
// CSV. The index is built the first time the view is shown (or the export runs), then kept current by a watcher.
import * as vscode from 'vscode';
import { renderReport } from '../../core/report/index';
import type { Analysis, AnalyzeOptions } from '../../core/analyze';
import { RunIndex } from '../../core/workspace/runIndex';
import { memoryPhrase, missingPhrase, summarizeRuns, type FolderGroup, type IndexedRun, type RunsSummary, type RunTotals } from '../../core/workspace/runs';
import { formatCo2eKg, formatGpuHours, formatUSD } from '../../core/present/units';
import { summaryTitle } from '../summary';
import type { SettingsStore } from '../settingsStore';
import { CONFIG_GLOB } from '../../core/workspace/files';
import { COMMANDS, RUNS_VIEW_ID } from '../ids';
import { VscodeIndexHost } from './indexHost';

type Node = { kind: 'folder'; group: FolderGroup } | { kind: 'run'; run: IndexedRun };

/** "412k GPU-h · $1.6M · 88 tCO2e" */
function metersText(t: Pick<RunTotals, 'gpuHours' | 'costUSD' | 'co2eKg'>): string {
  return `${formatGpuHours(t.gpuHours)} · ${formatUSD(t.costUSD)} · ${formatCo2eKg(t.co2eKg)}`;
}

function totalsText(t: RunTotals): string {
  const sum = t.known > 0 ? `Σ ${metersText(t)}` : 'cost unknown';
  return t.unknown > 0 && t.known > 0 ? `${sum} · ${t.unknown} not counted` : sum;
}

export function runDescription(run: IndexedRun): string {
  const p = run.analysis.projection;
  const cost = p?.gpuHours && p.costUSD && p.co2eKg ? metersText({ gpuHours: p.gpuHours.point, costUSD: p.costUSD.point, co2eKg: p.co2eKg.point }) : (missingPhrase(run.analysis) ?? 'cost unknown');
  const memory = memoryPhrase(run.analysis);
  return memory ? `${cost} · ${memory}` : cost;
}

export class RunsView implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  readonly index: RunIndex;
  private readonly emitter = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly view: vscode.TreeView<Node>;
  private readonly disposables: vscode.Disposable[] = [];
  private watcher: vscode.FileSystemWatcher | undefined;
  private summaryCache: RunsSummary | undefined;

  constructor(settings: SettingsStore, analyze?: (text: string, options: AnalyzeOptions) => Promise<Analysis>) {
    this.index = new RunIndex(new VscodeIndexHost(settings, analyze));
    this.view = vscode.window.createTreeView(RUNS_VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    const sub = this.index.onDidChange(() => {
      this.summaryCache = undefined;
      this.refreshHeader();
      this.emitter.fire(undefined);
    });
    this.disposables.push(
      this.view,
      this.emitter,
      { dispose: () => sub.dispose() },
      this.view.onDidChangeVisibility((e) => {
        if (e.visible) void this.start();
      }),
      settings.onDidChange(() => {
        if (this.index.started) void this.index.rebuild();
      }),
      vscode.commands.registerCommand(COMMANDS.refreshRuns, () => this.index.rebuild()),
      vscode.commands.registerCommand(COMMANDS.exportRunsCsv, (target?: unknown) => this.exportCsv(target instanceof vscode.Uri ? target : undefined)),
    );
    if (this.view.visible) void this.start();
  }

  /** Builds the index (once) and starts watching the workspace's configs. */
  async start(): Promise<void> {
    if (!this.watcher) {
      this.view.message = 'Indexing the training configs of this workspace…';
      this.watcher = vscode.workspace.createFileSystemWatcher(CONFIG_GLOB);
      this.disposables.push(
        this.watcher,
        this.watcher.onDidChange((u) => this.index.refresh(u.toString())),
        this.watcher.onDidCreate((u) => this.index.refresh(u.toString())),
        this.watcher.onDidDelete((u) => this.index.remove(u.toString())),
      );
    }
    await this.index.ready();
    this.refreshHeader();
  }

  summary(): RunsSummary {
    this.summaryCache ??= summarizeRuns(this.index.all());
    return this.summaryCache;
  }

  private refreshHeader(): void {
    if (!this.index.started) return;
    const s = this.summary();
    const runs = s.totals.known + s.totals.unknown;
    this.view.message = runs === 0 ? 'No training configs found in this workspace.' : undefined;
    this.view.description = runs === 0 ? undefined : `${runs} run${runs === 1 ? '' : 's'} · ${totalsText(s.totals)}`;
  }

  getChildren(node?: Node): Node[] {
    if (!node) {
      if (!this.index.started) void this.start();
      return this.summary().folders.map((group) => ({ kind: 'folder', group }));
    }
    return node.kind === 'folder' ? node.group.runs.map((run) => ({ kind: 'run', run })) : [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'folder') {
      const { group } = node;
      const item = new vscode.TreeItem(group.folder || '(workspace root)', vscode.TreeItemCollapsibleState.Expanded);
      item.description = totalsText(group.totals);
      item.iconPath = vscode.ThemeIcon.Folder;
      item.contextValue = 'footprintFolder';
      item.tooltip = `${group.folder || 'Workspace root'}: ${group.runs.length} run${group.runs.length === 1 ? '' : 's'}, ${totalsText(group.totals)}`;
      return item;
    }
    const { run } = node;
    const uri = vscode.Uri.parse(run.id);
    const name = run.path.slice(run.path.lastIndexOf('/') + 1);
    const item = new vscode.TreeItem(name, vscode.TreeItemCollapsibleState.None);
    item.resourceUri = uri;
    item.description = runDescription(run);
    const memory = memoryPhrase(run.analysis);
    item.tooltip = `${run.path}\n${summaryTitle(run.analysis) ?? runDescription(run)}${memory ? `\nmemory per GPU: ${memory}` : ''}`;
    item.command = { title: 'Open', command: 'vscode.open', arguments: [uri] };
    item.contextValue = 'footprintRun';
    return item;
  }

  /** Every run as the CSV report's rows (the same columns as `footprint-lens report --format csv`), most costly first. */
  async exportCsv(target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    await this.start();
    const analyses = this.summary().folders.flatMap((g) => g.runs.map((r) => r.analysis));
    if (analyses.length === 0) {
      void vscode.window.showInformationMessage('Footprint Lens: no training configs in this workspace to export.');
      return undefined;
    }
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri =
      target ??
      (await vscode.window.showSaveDialog({
        title: 'Export every run as CSV',
        filters: { CSV: ['csv'] },
        ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, 'footprint-runs.csv') } : {}),
      }));
    if (!uri) return undefined;
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(renderReport('csv', analyses)));
    if (!target) void vscode.window.showInformationMessage(`Footprint Lens: exported ${analyses.length} runs to ${vscode.workspace.asRelativePath(uri)}.`);
    return uri;
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
