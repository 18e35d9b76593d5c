// The workspace index's I/O in VS Code: the files come from findFiles (or, where a host has no file search, a walk of
// workspace.fs), are read through workspace.fs (desktop, web and virtual workspaces alike), and are analysed with the
// same settings an open editor of the file would get.
import * as vscode from 'vscode';
import type { Analysis, AnalyzeOptions } from '../../core/analyze';
import { CONFIG_GLOB, configLanguageOf, SKIPPED_FOLDERS, SKIPPED_GLOB } from '../../core/workspace/files';
import type { IndexHost } from '../../core/workspace/runIndex';
import { analyzeOptionsFor } from '../analyzeOptions';
import type { SettingsStore } from '../settingsStore';

/** A workspace with more candidate files than this is indexed this far. */
export const MAX_INDEXED_FILES = 5000;

export class VscodeIndexHost implements IndexHost {
  constructor(
    private readonly settings: SettingsStore,
    /** The editor's workers (AnalysisCache.inBackground), so indexing a workspace never holds the extension host. */
    readonly analyze?: (text: string, options: AnalyzeOptions) => Promise<Analysis>,
  ) {}

  async list(): Promise<string[]> {
    let uris: vscode.Uri[];
    try {
      uris = await vscode.workspace.findFiles(CONFIG_GLOB, SKIPPED_GLOB, MAX_INDEXED_FILES);
    } catch {
      uris = [];
    }
    if (uris.length === 0) uris = await this.walk();
    return uris.map((u) => u.toString()).sort();
  }

  /** For hosts without a file-search provider: every folder of the workspace, breadth first, within the cap. */
  private async walk(): Promise<vscode.Uri[]> {
    const found: vscode.Uri[] = [];
    const queue = [...(vscode.workspace.workspaceFolders ?? []).map((f) => f.uri)];
    while (queue.length > 0 && found.length < MAX_INDEXED_FILES) {
      const dir = queue.shift()!;
      let entries: Array<[string, vscode.FileType]>;
      try {
        entries = await vscode.workspace.fs.readDirectory(dir);
      } catch {
        continue;
      }
      for (const [name, type] of entries) {
        const child = vscode.Uri.joinPath(dir, name);
        if (type & vscode.FileType.Directory) {
          if (!SKIPPED_FOLDERS.includes(name)) queue.push(child);
        } else if (configLanguageOf(name) && found.length < MAX_INDEXED_FILES) found.push(child);
      }
    }
    return found;
  }

  async read(id: string): Promise<string | undefined> {
    const uri = vscode.Uri.parse(id);
    const maxBytes = this.settings.for(this.pseudoDocument(uri)).maxBytes;
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > maxBytes) return undefined;
      const bytes = await vscode.workspace.fs.readFile(uri);
      if (bytes.includes(0)) return undefined;
      return new TextDecoder('utf-8').decode(bytes);
    } catch {
      return undefined;
    }
  }

  pathOf(id: string): string {
    return vscode.workspace.asRelativePath(vscode.Uri.parse(id), (vscode.workspace.workspaceFolders?.length ?? 0) > 1);
  }

  analyzeOptions(id: string): AnalyzeOptions {
    return analyzeOptionsFor(this.pseudoDocument(vscode.Uri.parse(id)), this.settings);
  }

  /** What the settings read of a document: its URI and language (no need to open it). */
  private pseudoDocument(uri: vscode.Uri): Pick<vscode.TextDocument, 'uri' | 'languageId'> {
    return { uri, languageId: configLanguageOf(uri.path) ?? 'plaintext' };
  }
}
