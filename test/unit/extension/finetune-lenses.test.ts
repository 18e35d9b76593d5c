// What the editor shows on a fine-tuning recipe, from real public recipes through the core: the one lens that says
// what is missing and runs the command that gives it, the annotation that command writes and reads back, and the
// summary once the recipe projects (GPU-hours, cost, carbon; never a compute-optimal verdict).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../../src/core/analyze';
import { formatSize, upsertAnnotation } from '../../../src/core/parse/annotations';
import { computeOptimalTitle, missingLens, summaryTitle } from '../../../src/extension/summary';

const DIR = join(__dirname, '../../fixtures/finetune');
const read = (name: string) => readFileSync(join(DIR, name), 'utf8');
const AXOLOTL = 'axolotl/llama-3/lora-8b.yml';
const AXOLOTL_DPO = 'axolotl/llama-3/instruct-dpo-lora-8b.yml';
const UNKNOWN = 'openrlhf/train_dpo_llama.sh';
const VERL = 'verl/grpo_trainer/run_qwen2-7b.sh';

function apply(text: string, edit: { start: number; end: number; newText: string }): string {
  return text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
}

describe('fine-tune lenses', () => {
  it('an axolotl recipe run by epochs over an unsized dataset gets one lens: needs the dataset size — Set training tokens…', () => {
    // fozziethebeat/alpaca_messages_2k_dpo_test is neither on disk nor in the table of popular datasets.
    const a = analyze(read(AXOLOTL_DPO), { fileName: AXOLOTL_DPO });
    assert.equal(summaryTitle(a), undefined);
    assert.deepEqual(missingLens(a), { title: 'Footprint: needs the dataset size — Set training tokens…', action: 'setTrainingTokens' });
    assert.match(a.findings.find((f) => f.code === 'dataset-unknown')!.message, /fozziethebeat\/alpaca_messages_2k_dpo_test/);
  });

  it('when the dataset is known by name, the needs-the-dataset-size lens gives way to a cost that names the dataset', () => {
    // axolotl's LoRA example trains on mhenrichsen/alpaca_2k_test: 2,000 examples in the shipped table.
    const a = analyze(read(AXOLOTL), { fileName: AXOLOTL, overrides: { gpuType: 'h100-sxm' } });
    assert.equal(missingLens(a), undefined);
    assert.match(summaryTitle(a) ?? '', /GPU-h · \$[\d.]+ · .*kgCO2e/);
    assert.match(a.run!.tokens!.detail, /mhenrichsen\/alpaca_2k_test: 2,000 examples .*huggingface\.co\/datasets\/mhenrichsen\/alpaca_2k_test/);
    assert.ok(!a.findings.some((f) => f.code === 'needs-dataset-size'));
  });

  it('a recipe whose base model the table does not know asks for the model size first', () => {
    // OpenRLHF's own SFT checkpoint of Llama 3 8B is not an open model the table lists.
    const a = analyze(read(UNKNOWN), { fileName: UNKNOWN });
    assert.deepEqual(missingLens(a), { title: "Footprint: needs the base model's size and the dataset size — Set model size…", action: 'setModelSize' });
    const verl = analyze(read(VERL), { fileName: VERL });
    assert.deepEqual(missingLens(verl), { title: 'Footprint: needs the dataset size — Set training tokens…', action: 'setTrainingTokens' }, 'Qwen2 7B is in the table');
  });

  it('the quick fix writes `# footprint: tokens=50M` at the top, keeps every other byte, and the recipe then projects', () => {
    const text = read(AXOLOTL);
    const edit = upsertAnnotation(text, 'yaml', { tokens: formatSize(50e6) });
    const after = apply(text, edit);
    assert.equal(after.split('\n')[0], '# footprint: tokens=50M');
    assert.equal(after.slice(after.indexOf('\n') + 1), text, 'nothing else changed');
    const a = analyze(after, { fileName: AXOLOTL });
    assert.equal(a.run!.tokens!.value, 50e6);
    assert.equal(a.run!.tokens!.source, 'annotation');
    // "≈ 190 GPU-h · $… · … kWh · … kgCO2e on H100": GPU-hours, cost, energy and carbon; no compute-optimal lens.
    assert.match(summaryTitle(a)!, /^≈ [\d.]+[kM]? GPU-h · \$[\d.]+[kM]? · [\d.]+ [kMG]?Wh · [\d.]+[kM]? (t|kg)CO2e/);
    assert.equal(computeOptimalTitle(a), undefined);
    assert.equal(missingLens(a), undefined);
    assert.ok(!a.findings.some((f) => f.code === 'over-training' || f.code === 'needs-dataset-size'));
  });

  it('a model size written as `params=7.6B` is read back and completes the verl launch with its tokens', () => {
    const text = read(VERL);
    const after = apply(text, upsertAnnotation(text, 'shell', { params: formatSize(7.6e9) }));
    // The second fix adds to the same line rather than writing another.
    const withTokens = apply(after, upsertAnnotation(after, 'shell', { tokens: formatSize(1.2e9) }));
    assert.equal(withTokens.split('\n')[0], '# footprint: params=7.6B tokens=1.2B');
    const a = analyze(withTokens, { fileName: VERL });
    assert.equal(a.run!.params!.value, 7.6e9);
    assert.ok(summaryTitle(a), 'projects');
  });

  it('sizes are written as people write them', () => {
    assert.equal(formatSize(50e6), '50M');
    assert.equal(formatSize(8.03e9), '8.03B');
    assert.equal(formatSize(1.5e12), '1.5T');
    assert.equal(formatSize(512), '512');
  });
});
