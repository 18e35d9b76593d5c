// The words of the "vs HEAD" lenses and hover, on a real config edited as a user would: the titles the editor shows.
import assert from 'node:assert/strict';
import { analyze } from '../../../src/core/analyze';
import { compareAnalyses } from '../../../src/core/diff/index';
import { keyChangeCosts } from '../../../src/core/diff/keyCost';
import { headHoverMarkdown, headLensTitle, headLensTooltip, keyLensTitle } from '../../../src/extension/head/headWords';
import { formatCo2eKg, formatDurationHours, formatGpuHours, formatUSD } from '../../../src/core/present/units';
import { readFixture } from '../helpers/fixtures';

const LLAMA = 'NeMo-Framework-Launcher/llama2_70b.yaml';
const options = { fileName: LLAMA, overrides: { gpuType: 'A100-80GB' } };

function edit(from: string, to: string) {
  const before = readFixture(LLAMA);
  const after = before.replace(from, to);
  const c = compareAnalyses(analyze(before, options), analyze(after, options));
  return { c, costs: keyChangeCosts(before, after, c, options) };
}

describe('vs HEAD words', () => {
  it('top lens: the change in GPU-hours, dollars and tCO2e with the percentage', () => {
    const { c } = edit('max_steps: 300000', 'max_steps: 400000');
    const d = (m: 'gpuHours' | 'costUSD' | 'co2eKg') => c.meters[m].delta!.point;
    assert.equal(headLensTitle(c), `vs HEAD: +${formatGpuHours(d('gpuHours'))} · +${formatUSD(d('costUSD'))} · +${formatCo2eKg(d('co2eKg'))} (+33%)`);
    const tooltip = headLensTooltip(c);
    const g = c.meters.gpuHours;
    assert.ok(tooltip.split('\n').includes(`GPU-hours: ${formatGpuHours(g.baseline!.point)} → ${formatGpuHours(g.after!.point)} (+${formatGpuHours(g.delta!.point)}, +33%)`), tooltip);
    assert.match(tooltip, /^compute-optimal: 1\.8× past compute-optimal \([\d.]+ tokens\/param\) → 2\.4× past/m);
  });

  it('a saving reads with the minus sign, and a same-cost edit has no lens', () => {
    const { c } = edit('max_steps: 300000', 'max_steps: 150000');
    const d = (m: 'gpuHours' | 'costUSD' | 'co2eKg') => -c.meters[m].delta!.point;
    assert.equal(headLensTitle(c), `vs HEAD: −${formatGpuHours(d('gpuHours'))} · −${formatUSD(d('costUSD'))} · −${formatCo2eKg(d('co2eKg'))} (−50%)`);
    const same = compareAnalyses(analyze(readFixture(LLAMA), options), analyze(`# note\n${readFixture(LLAMA)}`, options));
    assert.equal(headLensTitle(same), undefined);
  });

  it('key lens: what was there and what this key alone costs', () => {
    const { c, costs } = edit('max_steps: 300000', 'max_steps: 400000');
    // The only key changed: its share is the whole change.
    assert.equal(keyLensTitle(costs[0]!), `was 300,000 → +${formatUSD(c.meters.costUSD.delta!.point)} · +${formatGpuHours(c.meters.gpuHours.delta!.point)}`);
  });

  it("hover: before and after with lines, the key's own share, every meter, and provenance on both sides", () => {
    const { c, costs } = edit('max_steps: 300000', 'max_steps: 400000');
    const md = headHoverMarkdown(c, c.keys[0]!, costs[0], '0123456789abcdef0123456789abcdef01234567');
    assert.match(md, /^\*\*vs HEAD\*\* \(0123456\) · `trainer\.max_steps`/);
    assert.match(md, /Was `300,000` \(line 23\) → now `400,000` \(line 23\)\./);
    const d = (m: 'gpuHours' | 'costUSD' | 'co2eKg') => c.meters[m].delta!.point;
    assert.ok(md.includes(`This change alone: +${formatUSD(d('costUSD'))} · +${formatGpuHours(d('gpuHours'))} · +${formatCo2eKg(d('co2eKg'))}.`), md);
    const w = c.meters.wallClockHours;
    assert.ok(md.includes(`| wall-clock | ${formatDurationHours(w.baseline!.point)} | ${formatDurationHours(w.after!.point)} | +${formatDurationHours(w.delta!.point)} (+33%) |`), md);
    assert.match(md, /- training tokens: 2\.52T \(derived: 300,000 steps × global batch 2,048 × sequence 4,096\) → 3\.36T \(derived: 400,000 steps/);
    assert.match(md, /- training steps: 300,000 \(file: trainer\.max\\_steps: 300000 \(line 23\)\) → 400,000/);
  });
});
