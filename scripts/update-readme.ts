// npm run docs: regenerates the README sections that are generated from code (between <!-- name:start --> and
// <!-- name:end --> markers), so the README never disagrees with the tables it describes.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findingsMarkdown } from '../src/core/present/findings';

const README = join(__dirname, '../README.md');

function replaceSection(text: string, name: string, body: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README has no ${start} ... ${end} section`);
  return `${text.slice(0, from + start.length)}\n${body.trim()}\n${text.slice(to)}`;
}

const generated = (script: string): string =>
  execFileSync(process.execPath, ['--import', 'tsx', join(__dirname, script)], { encoding: 'utf8' });
let readme = readFileSync(README, 'utf8');
readme = replaceSection(readme, 'findings', findingsMarkdown());
readme = replaceSection(readme, 'calibration', generated('calibration-table.ts'));
readme = replaceSection(readme, 'formats', generated('formats-table.ts'));
readme = replaceSection(readme, 'finetune-calibration', generated('finetune-calibration-table.ts'));
writeFileSync(README, readme);
console.log('README sections regenerated: findings, calibration, formats, finetune-calibration');
