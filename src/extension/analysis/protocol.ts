// The messages between the extension host and its analysis workers: a text and its options in, the analysis out.
// Both ends are this extension's own bundles, and everything crossing is plain data (structured clone), so the types
// are the contract; the host still checks the envelope before it trusts a reply.
import type { Analysis, AnalyzeOptions } from '../../core/analyze';

/** The options a worker can receive: everything but the clock, which is a function and stays the worker's own. */
export type WorkerAnalyzeOptions = Omit<AnalyzeOptions, 'now'>;

export interface AnalyzeRequest {
  id: number;
  text: string;
  options: WorkerAnalyzeOptions;
}

export interface AnalyzeReply {
  id: number;
  analysis: Analysis;
}

export function isAnalyzeReply(v: unknown): v is AnalyzeReply {
  if (!v || typeof v !== 'object') return false;
  const r = v as Record<string, unknown>;
  const a = r.analysis as Record<string, unknown> | undefined;
  return typeof r.id === 'number' && !!a && typeof a === 'object' && Array.isArray(a.findings) && typeof a.fileName === 'string';
}

export function isAnalyzeRequest(v: unknown): v is AnalyzeRequest {
  if (!v || typeof v !== 'object') return false;
  const r = v as Record<string, unknown>;
  return typeof r.id === 'number' && typeof r.text === 'string' && !!r.options && typeof r.options === 'object';
}

/** The first message a worker sends once its script has loaded: failures before it mean workers cannot start here. */
export const READY = 'footprint-analysis-worker-ready';
