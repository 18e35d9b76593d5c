// The fixes for a run that does not fit: priced in memory and in GPU-hours, written into the file in its own
// vocabulary, undone byte for byte; and the CLI's `memory` JSON and --require-fit gate.
import { strict as assert } from 'node:assert';
import { analyze } from '../../../src/core/analyze';
import { applyEdits, invertEdits } from '../../../src/core/edit/apply';
import { planMemoryFix } from '../../../src/core/memory/plan';
import { memoryTitle } from '../../../src/core/memory/text';
import { readFixture, FIXTURES_DIR } from '../helpers/fixtures';
import { runCli } from '../helpers/cli';
import { join } from 'node:path';

const LLAMA = 'Megatron-LM/train_llama3_8b_h100_fp8.sh';

describe('memory fixes', () => {
  const text = readFixture(LLAMA);
  const a = analyze(text, { fileName: LLAMA });
  const m = a.memory!;

  it('a run that does not fit gets fixes, those that make it fit first, each with its memory and cost effect', () => {
    assert.equal(m.verdict, 'does-not-fit');
    assert.match(memoryTitle(m), /^✗ \d+ GB\/GPU on H100 SXM5 80GB: \d+ GB over$/);
    assert.ok(m.fixes.length >= 3);
    assert.equal(m.fixes[0]!.verdict, 'fits');
    const full = m.fixes.find((f) => f.id === 'recompute-full')!;
    assert.equal(full.verdict, 'fits');
    assert.ok(full.costFactor > 1.3 && full.costFactor < 1.34, `full recompute +33% FLOPs: ${full.costFactor}`);
    assert.ok(Math.abs(full.gpuHoursDelta! - a.projection!.gpuHours!.point * (full.costFactor - 1)) < 1);
    assert.ok(full.costUSDDelta! > 0 && full.co2eKgDelta! > 0);
    const tp = m.fixes.find((f) => f.id === 'tensor-parallel')!;
    assert.equal(tp.costFactor, 1);
    assert.match(tp.costNote, /communication/);
    for (const f of m.fixes) assert.ok(f.savedBytes > 0 && f.totalBytes < m.busiest.totalBytes, f.id);
  });

  it('the recompute fix writes Megatron flags after --micro-batch-size; re-analysed the run fits; one inverse restores the bytes', () => {
    const plan = planMemoryFix(text, LLAMA, 'recompute-full');
    assert.equal(plan.edits.length, 1);
    const fixed = applyEdits(text, plan.edits);
    assert.match(fixed, /--micro-batch-size \S+ --recompute-granularity full --recompute-method uniform --recompute-num-layers 1/);
    const after = analyze(fixed, { fileName: LLAMA }).memory!;
    assert.equal(after.verdict, 'fits');
    assert.equal(after.inputs.recompute, 'full');
    assert.equal(applyEdits(fixed, invertEdits(text, plan.edits)), text);
  });

  it('tensor parallel doubles the literal; micro-batch halves in its own style on NeMo; ZeRO stage rises in DeepSpeed JSON-style keys', () => {
    const tp = planMemoryFix(text, LLAMA, 'tensor-parallel');
    assert.equal(tp.edits.length, 1);
    assert.equal(analyze(applyEdits(text, tp.edits), { fileName: LLAMA }).memory!.inputs.tp, 2);
    const nemoName = 'NeMo/megatron_llama_config.yaml';
    const nemo = readFixture(nemoName);
    const mb = planMemoryFix(nemo, nemoName, 'micro-batch');
    const halved = analyze(applyEdits(nemo, mb.edits), { fileName: nemoName });
    assert.equal(halved.run!.microBatch!.value, 2);
    assert.equal(halved.run!.globalBatch!.value, analyze(nemo, { fileName: nemoName }).run!.globalBatch!.value, 'same global batch');
    const neoxName = 'gpt-neox/20B.yml';
    const neox = readFixture(neoxName);
    const z = planMemoryFix(neox, neoxName, 'zero-stage');
    assert.equal(analyze(applyEdits(neox, z.edits), { fileName: neoxName }).memory!.inputs.zeroStage, 2);
    assert.equal(applyEdits(applyEdits(neox, z.edits), invertEdits(neox, z.edits)), neox);
  });

  it('a fix the format cannot express is skipped with the reason, never a half edit', () => {
    const plan = planMemoryFix(text, LLAMA, 'optimizer-8bit');
    assert.equal(plan.edits.length, 0);
    assert.ok(plan.skipped);
  });

  it('CLI: --json carries memory (perGpuBytes, capacityBytes, verdict, fixes); --require-fit exits 1 only when it does not fit', () => {
    const r = runCli('estimate', '--json', '--require-fit', join(FIXTURES_DIR, LLAMA));
    assert.equal(r.code, 1);
    assert.match(r.err, /Will not fit/);
    const json = JSON.parse(r.out);
    assert.equal(json.memory.verdict, 'does-not-fit');
    assert.equal(json.memory.capacityBytes, 80 * 2 ** 30);
    assert.ok(json.memory.perGpuBytes.activations > 0 && json.memory.perGpuBytes.weights > 0);
    assert.ok(json.memory.fixes.some((f: { id: string }) => f.id === 'recompute-full'));
    const ok = runCli('estimate', '--require-fit', join(FIXTURES_DIR, 'NeMo-Framework-Launcher/175b.yaml'));
    assert.equal(ok.code, 0);
    assert.match(ok.out, /Memory per GPU \(the first pipeline stage/);
    assert.match(ok.out, /≈ \d+ GB\/GPU of 80 GB · fits/);
  });
});
