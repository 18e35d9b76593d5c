// Every command id and the README anchors, in one place: package.json contributes the same ids.
export const COMMANDS = {
  estimate: 'footprint.estimate',
  openPanel: 'footprint.openPanel',
  setHardware: 'footprint.setHardware',
  setGpuType: 'footprint.setGpuType',
  setGpuCount: 'footprint.setGpuCount',
  setRegion: 'footprint.setRegion',
  setTrainingTokens: 'footprint.setTrainingTokens',
  setModelSize: 'footprint.setModelSize',
  exportReport: 'footprint.exportReport',
  showDataSources: 'footprint.showDataSources',
  copyReport: 'footprint.copyReport',
  copyModelCard: 'footprint.copyModelCard',
  refreshRuns: 'footprint.runs.refresh',
  exportRunsCsv: 'footprint.runs.exportCsv',
  chooseCompanion: 'footprint.chooseCompanion',
} as const;

/** The Explorer view of every run in the workspace (package.json contributes it under views.explorer). */
export const RUNS_VIEW_ID = 'footprint.runs';

/** The what-if panel's webview type (package.json's onWebviewPanel activation event names it too). */
export const PANEL_VIEW_TYPE = 'footprint.panel';

/** Commands a hover or lens may link to (isTrusted lists exactly these). */
export const TRUSTED_COMMANDS: string[] = Object.values(COMMANDS);

export const README_URL = 'https://github.com/footprint-lens/footprint-lens/blob/main/README.md';
export const DIAGNOSTIC_SOURCE = 'footprint';
