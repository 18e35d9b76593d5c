// Property: whatever a user does to a real config (truncate it, paste garbage, put absurd values, duplicate lines,
// switch line ends), analysis never throws, never reports an internal error, and never yields NaN, Infinity or a
// negative meter.
import fc from 'fast-check';
import { analyze } from '../../../src/core/analyze';
import { fixtureNames, readFixture } from '../helpers/fixtures';
import { assertSaneAnalysis } from '../helpers/sanity';

const ABSURD = ['-1', '0', '1e300', '-1e300', 'NaN', '"auto"', 'null', '"seven"', '${oops}', '1e-300', '999999999999999999999', '[]', '{}', '0.5'];

type Mutation = (text: string, at: number, pick: number) => string;

const MUTATIONS: Mutation[] = [
  (t, at) => t.slice(0, at),
  (t, at, pick) => t.slice(0, at) + ABSURD[pick % ABSURD.length] + t.slice(at),
  // Replace the number nearest to `at` with an absurd value.
  (t, at, pick) => {
    const re = /\d+(\.\d+)?/g;
    re.lastIndex = at;
    const m = re.exec(t) ?? /\d+/.exec(t);
    return m ? t.slice(0, m.index) + ABSURD[pick % ABSURD.length] + t.slice(m.index + m[0].length) : t;
  },
  (t, at) => {
    const start = t.lastIndexOf('\n', at) + 1;
    const end = t.indexOf('\n', at);
    const line = t.slice(start, end < 0 ? t.length : end);
    return `${t.slice(0, start)}${line}\n${t.slice(start)}`;
  },
  (t) => t.replace(/\n/g, '\r\n'),
  (t, at) => `${t.slice(0, at)}\u0000\ufeff{[}"'\`$((1/0))${t.slice(at)}`,
];

describe('mutated real fixtures (property-based)', function () {
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
