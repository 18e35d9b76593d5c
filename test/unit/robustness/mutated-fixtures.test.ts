// Property: whatever a user does to a real config (truncate it, paste garbage, put absurd values, duplicate lines,
// switch line ends), analysis never throws, never reports an internal error, and never yields NaN, Infinity or a
// negative meter.
import fc from 'fast-check';
import { analyze } from '../../../src/core/analyze';
import { MUTATIONS, type Mutation } from '../../fuzz/corpus';
import { fixtureNames, readFixture } from '../helpers/fixtures';
import { assertSaneAnalysis } from '../helpers/sanity';

describe('mutated real fixtures (property-based)', function () {
  // Some mutations paste a block hundreds of times: on a busy shared machine forty of them need the room.
  this.timeout(90_000);
  const names = fixtureNames();
  for (const name of names) {
    it(`survives mutations of ${name}`, () => {
      const text = readFixture(name);
      fc.assert(
        fc.property(fc.nat(MUTATIONS.length - 1), fc.nat(Math.max(0, text.length - 1)), fc.nat(100), (which, at, pick) => {
          const mutated = (MUTATIONS[which] as Mutation)(text, at, pick);
          assertSaneAnalysis(analyze(mutated, { fileName: name }), `${name} mutation ${which} at ${at}`);
        }),
        { numRuns: 40 },
      );
    });
  }
});
