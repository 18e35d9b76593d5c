// Each changed key's own share of a change, on real configs: put back alone, the key must account for exactly the
// cost it adds, and a key that changed without moving the cost gets no price.
import assert from 'node:assert/strict';
import { analyze } from '../../../src/core/analyze';
import { compareAnalyses } from '../../../src/core/diff/index';
import { keyChangeCosts } from '../../../src/core/diff/keyCost';
import { readFixture } from '../helpers/fixtures';

const LLAMA = 'NeMo-Framework-Launcher/llama2_70b.yaml';
const options = { fileName: LLAMA, overrides: { gpuType: 'A100-80GB' } };

function costs(after: string) {
  const before = readFixture(LLAMA);
  const c = compareAnalyses(analyze(before, options), analyze(after, options));
  return { c, costs: keyChangeCosts(before, after, c, options) };
}

describe('what each changed key costs on its own', () => {
  it('a single changed key accounts for the whole change', () => {
    const { c, costs: priced } = costs(readFixture(LLAMA).replace('max_steps: 300000', 'max_steps: 400000'));
    assert.equal(priced.length, 1);
    assert.equal(priced[0]!.change.key, 'trainer.max_steps');
    assert.equal(priced[0]!.delta.costUSD, c.meters.costUSD.delta!.point);
    assert.equal(priced[0]!.delta.gpuHours, c.meters.gpuHours.delta!.point);
  });

  it('two changed keys are priced each with the other kept: more steps cost more, half the nodes do not', () => {
    const text = readFixture(LLAMA).replace('max_steps: 300000', 'max_steps: 400000').replace('num_nodes: 128', 'num_nodes: 64');
    const { costs: priced } = costs(text);
    const byKey = new Map(priced.map((p) => [p.change.key, p.delta]));
    assert.ok(byKey.get('trainer.max_steps')!.costUSD! > 0, 'more steps cost more');
    // Half the nodes: the same work on fewer GPUs; the MFU prior rises on a smaller cluster, so GPU-hours fall a little.
    assert.ok(byKey.has('trainer.num_nodes'), [...byKey.keys()].join(','));
    assert.ok(byKey.get('trainer.num_nodes')!.gpuHours! <= 0);
  });

  it("leaves out a key whose change moves no meter: bf16 written as NeMo's bf16-mixed is the same precision", () => {
    const { c, costs: priced } = costs(readFixture(LLAMA).replace('precision: bf16', 'precision: bf16-mixed'));
    assert.deepEqual(
      c.keys.map((k) => k.key),
      ['trainer.precision'],
    );
    assert.equal(c.status, 'changed');
    assert.equal(c.meters.costUSD.delta!.point, 0);
    assert.deepEqual(priced, []);
  });
});
