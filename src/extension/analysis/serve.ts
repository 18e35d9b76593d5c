// What an analysis worker does with each message, whatever the thread API around it (worker.web.ts, worker.node.ts):
// analyse the text under its budget and answer with the id. analyze() never throws, so every request is answered.
import { analyze } from '../../core/analyze';
import { isAnalyzeRequest, type AnalyzeReply } from './protocol';

export function answer(message: unknown): AnalyzeReply | undefined {
  if (!isAnalyzeRequest(message)) return undefined;
  return { id: message.id, analysis: analyze(message.text, message.options) };
}
