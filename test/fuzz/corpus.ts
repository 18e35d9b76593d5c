// What the fuzz suite feeds the analysis: mutations of every real fixture (what a user does to a config while
// editing it, or pastes into it) and hand-made adversarial shapes (what made earlier versions take seconds to
// minutes, or crash a parser's stack), each up to the editor's size limit. Used by `npm run fuzz` (the benchmark:
// ten thousand and more inputs, timed) and by a small seeded slice in the unit tests (correctness only).
import fc from 'fast-check';
import { fixtureNames, readFixture } from '../unit/helpers/fixtures';

export interface FuzzInput {
  /** What it is, for the report: "pythia/pythia-160m.yml mutation 3 at 812" or "adversarial: 10,000 aliases". */
  name: string;
  fileName: string;
  text: string;
}

/** The editor's default size limit (footprint.maxFileSizeKB = 2048): inputs are built up to it. */
export const EDITOR_LIMIT_BYTES = 2048 * 1024;

export const ABSURD = ['-1', '0', '1e300', '-1e300', 'NaN', '"auto"', 'null', '"seven"', '${oops}', '1e-300', '999999999999999999999', '[]', '{}', '0.5'];

/** Fragments that open constructs of every syntax: pasted anywhere, they must not hang or crash anything. */
const OPENERS = ['$((', '${A:-', '$(', '"', "'", '`', '[', '{', '&a ', '*a', '<<EOF\n', '${', '\\', '#', '# footprint: gpus=', '- ', ': ', '---\n', '[[', '=', '%YAML 1.2\n'];

export type Mutation = (text: string, at: number, pick: number) => string;

export const MUTATIONS: Mutation[] = [
  // Truncated mid-edit.
  (t, at) => t.slice(0, at),
  // An absurd value typed anywhere.
  (t, at, pick) => t.slice(0, at) + ABSURD[pick % ABSURD.length] + t.slice(at),
  // The number nearest to `at` replaced with an absurd value.
  (t, at, pick) => {
    const re = /\d+(\.\d+)?/g;
    re.lastIndex = at;
    const m = re.exec(t) ?? /\d+/.exec(t);
    return m ? t.slice(0, m.index) + ABSURD[pick % ABSURD.length] + t.slice(m.index + m[0].length) : t;
  },
  // A line duplicated.
  (t, at) => {
    const start = t.lastIndexOf('\n', at) + 1;
    const end = t.indexOf('\n', at);
    const line = t.slice(start, end < 0 ? t.length : end);
    return `${t.slice(0, start)}${line}\n${t.slice(start)}`;
  },
  (t) => t.replace(/\n/g, '\r\n'),
  (t, at) => `${t.slice(0, at)}\u0000\ufeff{[}"'\`$((1/0))${t.slice(at)}`,
  // An opener pasted, repeated 1 to 40 times.
  (t, at, pick) => t.slice(0, at) + (OPENERS[pick % OPENERS.length] as string).repeat(1 + (pick % 40)) + t.slice(at),
  // A block of lines repeated (copy-paste gone wrong), up to 200 times.
  (t, at, pick) => {
    const start = t.lastIndexOf('\n', at) + 1;
    const endAt = t.indexOf('\n', Math.min(t.length, at + 200));
    const block = t.slice(start, endAt < 0 ? t.length : endAt + 1);
    return t.slice(0, start) + block.repeat(2 + (pick % 199)) + t.slice(start);
  },
  // A span deleted.
  (t, at, pick) => t.slice(0, at) + t.slice(Math.min(t.length, at + 1 + pick * 7)),
  // Indentation shifted from here on.
  (t, at, pick) => t.slice(0, at) + t.slice(at).replace(/\n/g, `\n${' '.repeat(1 + (pick % 5))}`),
];

/** Deterministic mutated configs: `count` of them, spread over every fixture, from `seed`. */
export function mutatedConfigs(count: number, seed: number): FuzzInput[] {
  const names = fixtureNames();
  const texts = new Map(names.map((n) => [n, readFixture(n)]));
  const arb = fc.tuple(fc.nat(names.length - 1), fc.nat(MUTATIONS.length - 1), fc.nat(1_000_000), fc.nat(1000), fc.nat(2));
  return fc.sample(arb, { numRuns: count, seed }).map(([f, which, at, pick, times]) => {
    const name = names[f] as string;
    let text = texts.get(name) as string;
    // Up to three mutations on top of each other, as a long edit would.
    const applied: string[] = [];
    for (let k = 0; k <= times; k++) {
      const m = (which + k * 3) % MUTATIONS.length;
      const pos = text.length === 0 ? 0 : (at * (k + 1)) % text.length;
      text = (MUTATIONS[m] as Mutation)(text, pos, pick + k);
      applied.push(`${m}@${pos}`);
    }
    return { name: `${name} mutation ${applied.join('+')}`, fileName: name.split('/').pop() as string, text: text.slice(0, EDITOR_LIMIT_BYTES) };
  });
}

function lines(count: number, line: (i: number) => string): string {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(line(i));
  return out.join('\n');
}

/** Repeats `unit` until the text is about `bytes` long. */
function fill(unit: string, bytes: number): string {
  return unit.repeat(Math.max(1, Math.floor(bytes / unit.length)));
}

const MB = 1024 * 1024;

/** The adversarial set: every shape that was slow or crashed, and their relatives, each at a hostile size. */
export function adversarialInputs(): FuzzInput[] {
  const gpt3 = readFixture('Megatron-LM/train_gpt3_175b_distributed.sh');
  const llama = readFixture('NeMo-Framework-Launcher/llama2_70b.yaml');
  const ds = readFixture('DeepSpeedExamples/ds_config.json');
  const titan = readFixture('torchtitan/llama3_8b.toml');
  const near = EDITOR_LIMIT_BYTES - 64 * 1024;
  const a = (name: string, fileName: string, text: string): FuzzInput => ({ name: `adversarial: ${name}`, fileName, text: text.slice(0, EDITOR_LIMIT_BYTES) });
  return [
    // Shell: nesting that used to double the work per level, growth, and size.
    a('`$((` opened 26 times', 'train.sh', `X=${'$(('.repeat(26)}1\npython pretrain_gpt.py --num-layers $X\n`),
    a('`${A:-` opened 25 times', 'train.sh', `X=${'${A:-'.repeat(25)}1\npython pretrain_gpt.py --num-layers $X\n`),
    a('`$((` opened 100,000 times', 'train.sh', `X=${'$(('.repeat(100_000)}1\n`),
    a('`${A:-` opened 100,000 times', 'train.sh', `X=${'${A:-'.repeat(100_000)}1\n`),
    a('`"$(` opened 100,000 times', 'train.sh', `X=${'"$('.repeat(100_000)}\n`),
    a('`$(` closed 100,000 deep', 'train.sh', `X=${'$('.repeat(100_000)}echo${')'.repeat(100_000)}\n`),
    a('unclosed backticks and quotes', 'train.sh', fill('`"\'$', near)),
    a('`X="$X $X $X $X"` 20 times', 'train.sh', `${gpt3}\nX=a\n${lines(20, () => 'X="$X $X $X $X"')}\n`),
    a('`X="$X$X"` 10,000 times', 'train.sh', `${gpt3}\nX=ab\n${lines(10_000, () => 'X="$X$X"')}\n`),
    a('array doubling `A=(${A[@]} ${A[@]})` 40 times', 'train.sh', `${gpt3}\nA=(x)\n${lines(40, () => 'A=(${A[@]} ${A[@]})')}\n`),
    a('a 1 MB argument line', 'train.sh', `python pretrain_gpt.py ${lines(80_000, (i) => `--f${i} ${i}`).replace(/\n/g, ' ')} --num-layers 2\n`),
    a('a 2 MB launch script of flags', 'train.sh', `${gpt3}\npython pretrain_gpt.py \\\n${lines(110_000, (i) => `  --flag-${i} ${i} \\`)}\n  --num-layers 2\n`),
    a('100,000 variables', 'train.sh', `${lines(100_000, (i) => `V${i}=$V${i > 0 ? i - 1 : 0}`)}\n${gpt3}`),
    a('100,000 `if` never closed', 'train.sh', `${lines(100_000, () => 'if [ "$X" = 1 ]; then')}\n${gpt3}`),
    a('100,000 `case` never closed', 'train.sh', `${lines(100_000, () => 'case $X in a)')}\n${gpt3}`),
    a('an unclosed heredoc', 'train.sh', `cat <<EOF > ds.json\n${fill('{"train_batch_size": $X, ', near)}`),
    a('1 MB of `\\` line continuations', 'train.sh', `python pretrain_gpt.py ${fill('\\\n', MB)}--num-layers 2\n`),
    a('#SBATCH directives, 100,000', 'train.slurm', `#!/bin/bash\n${lines(100_000, (i) => `#SBATCH --nodes=${i}`)}\n${gpt3}`),
    // YAML: aliases, nesting, size.
    a('10,000 aliases of one scalar', 'c.yaml', `a: &a 1\nmodel:\n${lines(10_000, (i) => `  k${i}: *a`)}\ntrainer:\n  devices: 8\n`),
    a('100,000 aliases of one scalar', 'c.yaml', `a: &a 1\n${lines(100, (s) => `s${s}:\n${lines(1000, (i) => `  k${i}: *a`)}`)}\n`),
    a(
      'an alias bomb of 12 levels',
      'c.yaml',
      [
        `a: &a ["x","x","x","x","x","x","x","x","x"]`,
        ...Array.from(
          { length: 11 },
          (_, i) =>
            `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
              .fill(`*${String.fromCharCode(97 + i)}`)
              .join(',')}]`,
        ),
      ].join('\n'),
    ),
    a('a flow list nested 10,000 deep', 'c.yaml', `model:\n  x: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`),
    a('a flow map nested 10,000 deep', 'c.yaml', `model:\n  x: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}\n`),
    a('a block sequence nested 10,000 deep on one line', 'c.yaml', `model:\n  x:\n    ${'- '.repeat(10_000)}1\n`),
    a('block mappings nested 1,500 deep', 'c.yaml', lines(1500, (i) => `${' '.repeat(i)}k${i}:`) + ' 1\n'),
    a('a 1 MB flow list', 'c.yaml', `${llama}\n  data_weights: [${lines(150_000, (i) => String(i)).replace(/\n/g, ', ')}]\n`),
    a('a 2 MB NeMo config of sections', 'llama2_70b.yaml', `${llama}\ndata_blend:\n${lines(60_000, (i) => `  shard_${i}:\n    weight: 0.${i}`)}\n`),
    a('a 2 MB single scalar', 'c.yaml', `${llama}\nnote: ${fill('x', near)}\n`),
    a('50,000 documents', 'c.yaml', `${llama}\n${lines(50_000, (i) => `---\nk: ${i}`)}\n`),
    a('unclosed quotes and brackets', 'c.yaml', `${llama}\n${fill('x: "[{\'', near)}`),
    a('tabs and control characters', 'c.yaml', `${llama}\n${fill('\t\u0001\u007f\u2028: ', 256 * 1024)}`),
    a('interpolations doubling 30 times', 'c.yaml', `${llama}\n${['l0: abcd', ...Array.from({ length: 30 }, (_, i) => `l${i + 1}: \${l${i}}\${l${i}}`)].join('\n')}\n`),
    a('an interpolation chain of 50,000 keys', 'c.yaml', `model:\n  hidden_size: \${model.k49999}\n${lines(50_000, (i) => `  k${i}: ${i === 0 ? 1 : `\${model.k${i - 1}}`}`)}\n`),
    a('50,000 interpolations in one value', 'c.yaml', `${llama}\nx: "${fill('${model.hidden_size}', 50_000 * 20)}"\n`),
    a('interpolations nested 10,000 deep', 'c.yaml', `${llama}\nx: "${'${'.repeat(10_000)}a${'}'.repeat(10_000)}"\n`),
    // JSON.
    a('JSON nested 100,000 deep', 'ds_config.json', `{"train_batch_size": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`),
    a('JSON of 100,000 keys at the top level', 'ds_config.json', `{${lines(100_000, (i) => `"k${i}": ${i},`)}"train_batch_size": 8}`),
    a('a 2 MB JSON string', 'ds_config.json', `{"train_batch_size": 8, "x": "${fill('ab\\"', near)}"}`),
    a('100,000 unclosed brackets', 'ds_config.json', `${ds.slice(0, -2)}${fill('[{', 200_000)}`),
    a('an unclosed comment', 'ds_config.json', `${ds}\n/* ${fill('x', near)}`),
    // TOML.
    a('a 2 MB torchtitan config of keys', 'llama3_8b.toml', `${titan}\n[extra]\n${lines(110_000, (i) => `k${i} = ${i}`)}\n`),
    a('TOML arrays nested 10,000 deep', 'llama3_8b.toml', `${titan}\n[x]\nv = ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`),
    a('TOML inline tables nested 10,000 deep', 'llama3_8b.toml', `${titan}\n[x]\nv = ${'{a = '.repeat(10_000)}1${'}'.repeat(10_000)}\n`),
    a('a TOML dotted key of 100,000 parts', 'llama3_8b.toml', `${titan}\n${lines(100_000, (i) => `p${i}`).replace(/\n/g, '.')} = 1\n`),
    a('50,000 TOML tables', 'llama3_8b.toml', `${titan}\n${lines(50_000, (i) => `[t${i}]\nv = ${i}`)}\n`),
    // Annotations and everything else.
    a('a 1 MB `# footprint:` annotation', 'train.sh', `# footprint: gpus=${fill('9', MB)}\n${gpt3}`),
    a('100,000 `# footprint:` annotations', 'c.yaml', `${lines(100_000, (i) => `# footprint: gpus=${i} region=us-east-1`)}\n${llama}`),
    a('2 MB of one line of garbage', 'c.yaml', fill('{[}]"\'`$((#&*!|>', near)),
    a('2 MB of random-looking bytes', 'train.sh', Array.from({ length: near }, (_, i) => String.fromCharCode(32 + ((i * 7919) % 95))).join('')),
    a('2 MB of newlines', 'c.yaml', fill('\n', near)),
  ];
}
