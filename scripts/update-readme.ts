// npm run docs: regenerates the README sections that are generated from code (between <!-- name:start --> and
// <!-- name:end --> markers) and package.json's contributes.configuration, so neither disagrees with the tables they
// describe.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configurationContribution, inputsMarkdown } from '../src/core/inputs/configuration';
import { findingsMarkdown } from '../src/core/present/findings';

const README = join(__dirname, '../README.md');
const PACKAGE = join(__dirname, '../package.json');

function replaceSection(text: string, name: string, body: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README has no ${start} ... ${end} section`);
  return `${text.slice(0, from + start.length)}\n${body.trim()}\n${text.slice(to)}`;
}

const generated = (script: string): string => execFileSync(process.execPath, ['--import', 'tsx', join(__dirname, script)], { encoding: 'utf8' });
let readme = readFileSync(README, 'utf8');
readme = replaceSection(readme, 'findings', findingsMarkdown());
readme = replaceSection(readme, 'inputs', inputsMarkdown());
readme = replaceSection(readme, 'calibration', generated('calibration-table.ts'));
readme = replaceSection(readme, 'formats', generated('formats-table.ts'));
readme = replaceSection(readme, 'finetune-calibration', generated('finetune-calibration-table.ts'));
readme = replaceSection(readme, 'memory-validation', generated('memory-validation-table.ts'));
readme = replaceSection(readme, 'memory-fix-coverage', generated('memory-fix-coverage.ts'));
writeFileSync(README, readme);
// package.json's settings are the registry's (src/core/inputs/registry.ts); the rest of the manifest is kept as is.
const manifest = JSON.parse(readFileSync(PACKAGE, 'utf8'));
manifest.contributes.configuration = configurationContribution();
writeFileSync(PACKAGE, `${JSON.stringify(manifest, null, 2)}\n`);
console.log('README sections regenerated: findings, inputs, calibration, formats, finetune-calibration, memory-validation, memory-fix-coverage; package.json contributes.configuration');
