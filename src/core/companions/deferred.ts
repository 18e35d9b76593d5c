// A value a file leaves to its trainer ("auto" in a DeepSpeed JSON, an empty key) is not read from that file; once
// the run has it from elsewhere (the launch script's --per_device_train_batch_size, a setting, derived from the
// others), the finding on that key says which value the run uses and where it came from, so the "auto" line reads
// as filled rather than missing.
import type { KeyRole, RunSpec, Sourced } from '../types';

/** The run field a deferred key stands for (roles and field names coincide for these). */
const FIELD_OF: Partial<Record<KeyRole, keyof RunSpec>> = {
  microBatch: 'microBatch',
  gradAccum: 'gradAccum',
  globalBatch: 'globalBatch',
  precision: 'precision',
  seqLength: 'seqLength',
  trainIters: 'trainIters',
  zeroStage: 'zeroStage',
};

export function explainDeferredValues(run: RunSpec): void {
  for (const f of run.findings) {
    if (f.code !== 'value-deferred' || !f.key) continue;
    const role = run.keys.find((k) => k.key === f.key && FIELD_OF[k.role])?.role;
    const field = role ? FIELD_OF[role] : undefined;
    const used = field ? (run[field] as Sourced<unknown> | undefined) : undefined;
    if (!used || used.source === 'default') continue;
    const from = used.source === 'companion' ? `from ${used.detail}` : `${used.source}: ${used.detail}`;
    f.message = `${f.message.replace(/, so (it|precision) is not read from this file\.$/, '')}; the run uses ${String(used.value)}, ${from}.`;
  }
}
