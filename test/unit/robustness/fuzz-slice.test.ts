// The seeded slice of `npm run fuzz` that runs with every test run: the adversarial inputs up to 128 KB (the
// multi-megabyte ones are left to the benchmark) and a few hundred mutated configs, checked for what a user would see (no crash, no internal error, no NaN, no negative meter), not
// timed. The full run (ten thousand inputs, with times) is `npm run fuzz`.
import { analyze } from '../../../src/core/analyze';
import { adversarialInputs, EDITOR_LIMIT_BYTES, mutatedConfigs } from '../../fuzz/corpus';
import { assertSaneAnalysis } from '../helpers/sanity';

const SLICE_MAX_BYTES = 128 * 1024;

describe('fuzz slice (seeded)', function () {
  // A few of the adversarial inputs are megabytes long; a slow shared machine needs the room.
  this.timeout(120_000);

  it('every small adversarial input ends with a sane analysis', () => {
    const small = adversarialInputs().filter((input) => input.text.length <= SLICE_MAX_BYTES);
    for (const input of small) {
      assertSaneAnalysis(analyze(input.text, { fileName: input.fileName, maxBytes: EDITOR_LIMIT_BYTES }), input.name);
    }
  });

  it('200 seeded mutations of the fixtures end with a sane analysis', () => {
    for (const input of mutatedConfigs(200, 2026)) {
      assertSaneAnalysis(analyze(input.text, { fileName: input.fileName, maxBytes: EDITOR_LIMIT_BYTES }), input.name);
    }
  });
});
