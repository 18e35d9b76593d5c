// npm run bench: how fast analysis is, against the bare parse of the same text (the parser's syntax tree with
// source offsets, which any analysis that points at lines needs) (goal: analysis ≤ 1.5 × parse on a
// 5 MB config) and per fixture (p50/p95). Prints tables; asserts nothing: speed goals live here, not in tests.
import { parseTree } from 'jsonc-parser';
import { parseDocument } from 'yaml';
import { analyze } from '../src/core/analyze';
import { fixtureNames, readFixture } from '../test/unit/helpers/fixtures';
import { bigJson, bigYaml } from './big-configs';
import { median, percentile, timeMs } from './timing';
import { providerBench } from './provider';
import { scheduleBench } from './schedule';
import { workspaceIndexBench } from './workspace-index';

const FIVE_MB = 5 * 1024 * 1024;

function largeConfigs(): void {
  console.log('Large configs: analysis vs bare parse (median of 5 runs)\n');
  console.log('| config | size | bare parse | analysis | ratio | goal |');
  console.log('|---|---|---|---|---|---|');
  const cases: Array<[string, string, string, () => unknown]> = [];
  const yamlText = bigYaml(FIVE_MB);
  const jsonText = bigJson(FIVE_MB);
  cases.push(['NeMo YAML + data blend', 'big.yaml', yamlText, () => parseDocument(yamlText, { uniqueKeys: false })]);
  cases.push(['DeepSpeed JSON + data blend', 'big_ds_config.json', jsonText, () => parseTree(jsonText)]);
  for (const [label, fileName, text, bare] of cases) {
    const parse = median(timeMs(bare, 5));
    const analysis = median(timeMs(() => analyze(text, { fileName }), 5));
    const ratio = analysis / parse;
    console.log(`| ${label} | ${(text.length / 1048576).toFixed(1)} MB | ${parse.toFixed(0)} ms | ${analysis.toFixed(0)} ms | ${ratio.toFixed(2)} | ${ratio <= 1.5 ? 'met' : 'missed'} (≤ 1.5) |`);
  }
}

function fixtures(): void {
  console.log('\nFixtures: analyze() latency over 50 runs each\n');
  console.log('| fixture | p50 | p95 |');
  console.log('|---|---|---|');
  const all: number[] = [];
  for (const name of fixtureNames()) {
    const text = readFixture(name);
    const times = timeMs(() => analyze(text, { fileName: name }), 50);
    all.push(...times);
    console.log(`| ${name} | ${median(times).toFixed(2)} ms | ${percentile(times, 95).toFixed(2)} ms |`);
  }
  all.sort((a, b) => a - b);
  console.log(`| **all fixtures** | ${median(all).toFixed(2)} ms | ${percentile(all, 95).toFixed(2)} ms |`);
}

largeConfigs();
fixtures();
void (async () => {
  await providerBench();
  scheduleBench();
  await workspaceIndexBench();
})();
