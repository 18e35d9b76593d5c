// One memory fix written into a config's text as the quick fix writes it, checked to undo in one step, with what the
// user would see: the fix as it was offered, the lines it removed and added, and the run read again.
import { strict as assert } from 'node:assert';
import { analyze } from '../../../src/core/analyze';
import { applyEdits, invertEdits } from '../../../src/core/edit/apply';
import { planMemoryFix } from '../../../src/core/memory/plan';
import type { MemoryFixId } from '../../../src/core/memory/types';

export function writeFix(name: string, text: string, fix: MemoryFixId) {
  const before = analyze(text, { fileName: name });
  const plan = planMemoryFix(text, name, fix, before);
  assert.ok(plan.edits.length > 0, `${name}: ${plan.skipped}`);
  const out = applyEdits(text, plan.edits);
  assert.equal(applyEdits(out, invertEdits(text, plan.edits)), text, `${name}: one undo restores every byte`);
  const old = text.split(/\r?\n/);
  const now = out.split(/\r?\n/);
  return {
    before,
    out,
    notes: plan.notes,
    offered: before.memory?.fixes.find((f) => f.id === fix && f.steps.length === 1),
    after: analyze(out, { fileName: name }),
    removed: old.filter((l) => !now.includes(l)),
    added: now.filter((l) => !old.includes(l)),
  };
}
