// Write-back over every real fixture: a what-if of twice the GPUs and half the tokens edits only the keys that hold
// those values (or the annotation), the re-analysed file shows the new values, comments and line endings survive, and
// the inverse edits give back the identical bytes.
import assert from 'node:assert/strict';
import { countParams } from '../../../src/core/model/params';
import { analyze } from '../../../src/core/analyze';
import { applyEdits, invertEdits } from '../../../src/core/edit/apply';
import { planWriteBack, type WriteBackWhatIf } from '../../../src/core/edit/writeBack';
import type { TextEdit } from '../../../src/core/types';
import { fixtureNames, readFixture } from '../helpers/fixtures';

/** Twice the file's GPUs (8 → 16 when it does not say), half the tokens the run would then train on. */
function doubleGpusHalfTokens(text: string, fileName: string): WriteBackWhatIf | undefined {
  const run = analyze(text, { fileName }).run;
  if (!run) return undefined;
  const gpus = 2 * (run.gpus?.value ?? 8);
  const sized = analyze(text, { fileName, overrides: { gpus } }).run;
  const tokens = sized?.tokens && sized.tokens.source !== 'setting' ? sized.tokens.value / 2 : undefined;
  return tokens ? { gpus, tokens } : { gpus };
}

/** Offsets an edit may touch: a value (or a flag) the run's keys point at, or the annotation line. */
function targeted(text: string, fileName: string, edit: TextEdit): boolean {
  const run = analyze(text, { fileName }).run!;
  if (edit.newText.includes('footprint:')) return true;
  return run.keys.some((k) => {
    const s = k.valueSpan ?? k.span;
    return edit.start >= s.start && edit.end <= s.end;
  });
}

/** Comment lines no edit touches (an `#SBATCH --nodes=24` line is a comment to the shell and a key to us). */
function commentLines(text: string, edits: readonly TextEdit[]): string[] {
  const out: string[] = [];
  let at = 0;
  for (const line of text.split('\n')) {
    const end = at + line.length;
    const touched = edits.some((e) => e.start <= end && e.end >= at);
    if (!touched && /^\s*(#|\/\/)/.test(line) && !/footprint:/.test(line)) out.push(line);
    at = end + 1;
  }
  return out;
}

function check(text: string, name: string): void {
  const whatIf = doubleGpusHalfTokens(text, name);
  if (!whatIf) return;
  const plan = planWriteBack(text, name, whatIf);
  for (const e of plan.edits) assert.ok(targeted(text, name, e), `${name}: edit at ${e.start}-${e.end} (${JSON.stringify(e.newText)}) is not at a key the run reads`);
  const after = applyEdits(text, plan.edits);

  const run = analyze(after, { fileName: name, defaults: plan.settings }).run!;
  const skipped = new Set(plan.skipped.map((s) => s.field));
  if (!skipped.has('gpus')) assert.equal(run.gpus?.value, whatIf.gpus, `${name}: GPU count after write-back (${plan.notes.join('; ')})`);
  else assert.ok(plan.skipped.find((s) => s.field === 'gpus')!.reason.length > 10);
  if (whatIf.tokens !== undefined && !skipped.has('tokens')) {
    const tokens = run.tokens?.value ?? NaN;
    const step = (run.globalBatch?.value ?? 1) * (run.seqLength?.value ?? 1);
    // Steps are rounded up: at most one step's worth over, never under.
    assert.ok(tokens >= whatIf.tokens - 1 && tokens < whatIf.tokens + step + 1, `${name}: tokens ${tokens} for ${whatIf.tokens}`);
  }
  for (const line of commentLines(text, plan.edits)) assert.ok(after.includes(line), `${name}: comment lost: ${line}`);
  assert.equal(applyEdits(after, invertEdits(text, plan.edits)), text, `${name}: inverse edits`);
  if (text.includes('\r\n')) assert.ok(!/[^\r]\n/.test(after), `${name}: a bare LF in a CRLF file`);
}

describe('write-back round trip over every fixture', () => {
  for (const name of fixtureNames()) {
    it(`${name}: 2× GPUs, half the tokens`, () => check(readFixture(name), name));
    it(`${name}: the same with CRLF line endings`, () => check(readFixture(name).replace(/\r?\n/g, '\r\n'), name));
  }

  for (const name of fixtureNames()) {
    it(`${name}: the other precision and twice the parameters`, () => {
      const text = readFixture(name);
      const run = analyze(text, { fileName: name }).run;
      if (!run) return;
      const precision = run.precision?.value === 'bf16' ? 'fp16' : 'bf16';
      const whatIf: WriteBackWhatIf = run.params ? { precision, params: run.params.value * 2 } : { precision };
      const plan = planWriteBack(text, name, whatIf);
      for (const e of plan.edits) assert.ok(targeted(text, name, e) || (e.start === e.end && /"(bf16|fp16)"/.test(e.newText)), `${name}: edit ${JSON.stringify(e.newText)} off target`);
      const after = applyEdits(text, plan.edits);
      const again = analyze(after, { fileName: name }).run!;
      const skipped = new Set(plan.skipped.map((s) => s.field));
      if (!skipped.has('precision')) assert.equal(again.precision?.value, precision, `${name}: precision (${plan.notes.join('; ')})`);
      if (whatIf.params && !skipped.has('params')) {
        // Depth scales the transformer blocks, not the embeddings: the blocks move toward the target, never away (a toy
        // model whose embeddings outweigh its blocks, like nanotron's one-layer LlaMoE, barely moves in total).
        const embedding = countParams(run.arch)?.embedding ?? 0;
        assert.ok(again.params!.value - embedding > (run.params!.value - embedding) * 1.3, `${name}: params ${run.params!.value} → ${again.params!.value}`);
      }
      for (const line of commentLines(text, plan.edits)) assert.ok(after.includes(line), `${name}: comment lost: ${line}`);
      assert.equal(applyEdits(after, invertEdits(text, plan.edits)), text, `${name}: inverse edits`);
    });
  }

  it('writes something for the fixtures that hold a GPU or step count', () => {
    // Guards the loop above against passing only because nothing was written.
    let written = 0;
    for (const name of fixtureNames()) {
      const text = readFixture(name);
      const whatIf = doubleGpusHalfTokens(text, name);
      if (whatIf && planWriteBack(text, name, whatIf).edits.length > 0) written++;
    }
    assert.ok(written >= 20, `only ${written} fixtures got edits`);
  });
});
