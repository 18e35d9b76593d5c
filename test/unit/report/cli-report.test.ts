// `footprint-lens report` on real configs, read back the way a user's tools would: the model-card YAML by a YAML
// parser, the CSV by an RFC 4180 reader, the LaTeX for its escapes, the Markdown for every assumption.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { CSV_COLUMNS } from '../../../src/core/report/csv';
import { runCli } from '../helpers/cli';
import { FIXTURES_DIR } from '../helpers/fixtures';
import { parseCsv } from './csv-parse';

const LLAMA2 = join(FIXTURES_DIR, 'NeMo-Framework-Launcher/llama2_70b.yaml');
const GPT3 = join(FIXTURES_DIR, 'NeMo-Framework-Launcher/175b.yaml');
const NO_MODEL = join(FIXTURES_DIR, 'DeepSpeedExamples/ds_config.json');

interface EstimateJson {
  projection: Record<string, number | [number, number] | null>;
  assumptions: Array<{ name: string; value: number | string }>;
  run: Record<string, { value: unknown } | null>;
}

function estimateJson(...args: string[]): EstimateJson {
  const r = runCli('estimate', ...args, '--json');
  assert.equal(r.code, 0, r.err);
  return JSON.parse(r.out) as EstimateJson;
}

function report(...args: string[]): string {
  const r = runCli('report', ...args);
  assert.equal(r.code, 0, r.err);
  assert.doesNotMatch(r.out, /NaN|Infinity|undefined|\[object Object\]/);
  return r.out;
}

describe('report --format model-card', () => {
  it('emissions are the projected CO2e in grams, with the Hub fields', () => {
    const out = report(LLAMA2, '--gpu', 'A100-80GB', '--format', 'model-card');
    const kg = estimateJson(LLAMA2, '--gpu', 'A100-80GB').projection.co2eKg as number;
    const front = /^---\n([\s\S]*?)\n---\n/.exec(out);
    assert.ok(front, 'a YAML front-matter block');
    const meta = parseYaml(front[1]!) as { co2_eq_emissions: Record<string, unknown> };
    const co2 = meta.co2_eq_emissions;
    assert.equal(co2.emissions, Math.round(kg * 1000));
    assert.equal(co2.training_type, 'pre-training');
    assert.equal(co2.hardware_used, '1024 x NVIDIA A100 SXM 80GB');
    assert.match(String(co2.source), /projection/i);
    assert.match(String(co2.geographical_location), /world-average/);
    for (const line of ['Hardware Type', 'Hours used', 'Cloud Provider', 'Compute Region', 'Carbon Emitted']) {
      assert.match(out, new RegExp(`- \\*\\*${line}:\\*\\* \\S`), line);
    }
    assert.match(out, /PROJECTION/);
  });

  it('a region names the location and provider and lowers the grams', () => {
    const world = report(LLAMA2, '--gpu', 'A100-80GB', '--format', 'model-card');
    const gcp = report(LLAMA2, '--gpu', 'A100-80GB', '--region', 'europe-west1', '--format', 'model-card');
    const grams = (text: string) => Number(/emissions: (\d+)/.exec(text)?.[1]);
    assert.ok(grams(gcp) < grams(world) / 2);
    assert.match(gcp, /\*\*Cloud Provider:\*\* Google Cloud/);
    assert.match(gcp, /geographical_location: ".*europe-west1/);
  });

  it('a GPU type the file does not give is marked as assumed in hardware_used', () => {
    const out = report(LLAMA2, '--format', 'model-card');
    assert.match(out, /hardware_used: "1024 x NVIDIA H100 SXM5 80GB \(assumed; no GPU type given\)"/);
  });

  it('a config without a model leaves the emissions out and says what is missing', () => {
    const out = report(NO_MODEL, '--format', 'model-card');
    assert.doesNotMatch(out, /^ {2}emissions:/m);
    assert.match(out, /\*\*Carbon Emitted:\*\* \[More Information Needed\] \(missing parameters, training tokens/);
    const meta = parseYaml(/^---\n([\s\S]*?)\n---\n/.exec(out)![1]!) as { co2_eq_emissions: Record<string, unknown> };
    assert.equal(meta.co2_eq_emissions.emissions, undefined);
  });
});

describe('report --format csv', () => {
  it('one row per file under the stable header; the numbers read back equal to estimate --json', () => {
    const out = report(LLAMA2, GPT3, '--gpu', 'A100-80GB', '--format', 'csv');
    const rows = parseCsv(out);
    assert.deepEqual(rows[0], [...CSV_COLUMNS]);
    assert.equal(rows.length, 3);
    for (const required of [
      'file',
      'format',
      'params',
      'tokens',
      'gpus',
      'gpu_type',
      'precision',
      'mfu',
      'gpu_hours',
      'gpu_hours_low',
      'gpu_hours_high',
      'wall_clock_hours',
      'energy_kwh',
      'co2e_kg',
      'cost_usd',
      'pue',
      'grid_g_per_kwh',
      'region',
    ]) {
      assert.ok(CSV_COLUMNS.includes(required), required);
    }
    const col = (row: string[], name: string) => row[CSV_COLUMNS.indexOf(name)]!;
    for (const [row, file] of [
      [rows[1]!, LLAMA2],
      [rows[2]!, GPT3],
    ] as const) {
      const json = estimateJson(file, '--gpu', 'A100-80GB');
      assert.equal(col(row, 'file'), file);
      assert.equal(Number(col(row, 'gpu_hours')), json.projection.gpuHours);
      assert.deepEqual([Number(col(row, 'gpu_hours_low')), Number(col(row, 'gpu_hours_high'))], json.projection.gpuHoursRange);
      assert.equal(Number(col(row, 'co2e_kg')), json.projection.co2eKg);
      assert.equal(Number(col(row, 'energy_kwh')), json.projection.energyKWh);
      assert.equal(Number(col(row, 'cost_usd')), json.projection.costUSD);
      assert.equal(Number(col(row, 'params')), json.run.params!.value);
      assert.equal(Number(col(row, 'gpus')), json.run.gpus!.value);
      assert.equal(Number(col(row, 'pue')), json.assumptions.find((a) => a.name === 'pue')!.value);
      assert.equal(col(row, 'gpu_type'), 'a100-80gb');
      const tokens = json.run.tokens!.value as number;
      assert.ok(Math.abs(Number(col(row, 'tokens_per_kwh')) * (json.projection.energyKWh as number) - tokens) / tokens < 1e-9);
    }
  });

  it("ends each row with memory per GPU (GiB), the GPU's memory and the verdict, as estimate --json gives them", () => {
    const rows = parseCsv(report(LLAMA2, '--gpu', 'A100-80GB', '--format', 'csv'));
    const col = (name: string) => rows[1]![CSV_COLUMNS.indexOf(name)]!;
    const json = estimateJson(LLAMA2, '--gpu', 'A100-80GB');
    const memory = (json as unknown as { memory: { totalBytes: number; capacityBytes: number; verdict: string } }).memory;
    assert.deepEqual(CSV_COLUMNS.slice(-3), ['memory_gib_per_gpu', 'memory_capacity_gib', 'memory_verdict']);
    assert.equal(col('memory_capacity_gib'), '80');
    assert.equal(col('memory_verdict'), memory.verdict);
    assert.ok(Math.abs(Number(col('memory_gib_per_gpu')) * 2 ** 30 - memory.totalBytes) < 1, `${col('memory_gib_per_gpu')} GiB vs ${memory.totalBytes} bytes`);
  });

  it('keeps its published header: columns are only ever appended', () => {
    const header = parseCsv(report(LLAMA2, '--format', 'csv'))[0]!;
    const published =
      'file,format,params,active_params,tokens,gpus,gpu_type,precision,mfu,mfu_low,mfu_high,flops,gpu_hours,gpu_hours_low,gpu_hours_high,wall_clock_hours,wall_clock_hours_low,wall_clock_hours_high,energy_kwh,energy_kwh_low,energy_kwh_high,co2e_kg,co2e_kg_low,co2e_kg_high,cost_usd,cost_usd_low,cost_usd_high,pue,grid_g_per_kwh,price_usd_per_gpu_hour,gpu_power_kw,energy_method,region,tokens_per_param,over_training_factor,missing,projection,hfu,flops_per_token,tokens_per_kwh,energy_kwh_per_b_params,gpu_hours_per_b_tokens'.split(
        ',',
      );
    assert.deepEqual(header.slice(0, published.length), published);
  });

  it('quotes a file name with a comma and a quote, and leaves unknown cells empty', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fl-report-'));
    const odd = join(dir, 'run, "v2".json');
    copyFileSync(NO_MODEL, odd);
    const out = report(odd, '--format', 'csv');
    assert.ok(out.includes('"'), 'quoted');
    const rows = parseCsv(out);
    assert.equal(rows.length, 2);
    assert.equal(rows[1]!.length, CSV_COLUMNS.length);
    assert.equal(rows[1]![CSV_COLUMNS.indexOf('file')], odd);
    for (const name of ['params', 'tokens', 'gpu_hours', 'co2e_kg', 'cost_usd']) assert.equal(rows[1]![CSV_COLUMNS.indexOf(name)], '', name);
    assert.match(rows[1]![CSV_COLUMNS.indexOf('missing')]!, /params/);
  });
});

describe('report --format latex', () => {
  it('escapes _ % & # and gives the ML CO2 Impact sentences with the projected numbers', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fl-report-'));
    const odd = join(dir, 'llama_70b & run#2 50%.yaml');
    copyFileSync(LLAMA2, odd);
    const out = report(odd, '--gpu', 'A100-80GB', '--format', 'latex');
    assert.match(out, /llama\\_70b \\& run\\#2 50\\%/);
    // No unescaped special character anywhere outside the commands we write on purpose.
    const text = out
      .replace(/^% /m, '')
      .replace(/\\href\{[^}]*\}/g, '')
      .replace(/\$_2\$/g, '')
      .replace(/\$\\(times|cdot|rightarrow|approx)\$/g, '');
    assert.doesNotMatch(text, /(?<!\\)[_%&#]/);
    assert.match(out, /A cumulative of [\d,]+ hours of computation/);
    assert.match(out, /hardware of type NVIDIA A100 SXM 80GB \(TDP of 400W\)/);
    assert.match(out, /Total emissions are estimated to be [\d,.]+ kgCO\$_2\$eq/);
    assert.match(out, /Estimations were conducted using/);
    assert.match(out, /projection/);
  });

  it('a cloud region is named with its provider and carbon efficiency', () => {
    const out = report(LLAMA2, '--gpu', 'A100-80GB', '--region', 'europe-west1', '--format', 'latex');
    assert.match(out, /Experiments were conducted using Google Cloud in region europe-west1, which has a carbon efficiency of 0\.\d+ kgCO\$_2\$eq\/kWh\./);
  });

  it('a config without a model says what is missing instead of a number', () => {
    const out = report(NO_MODEL, '--format', 'latex');
    assert.match(out, /Total emissions could not be estimated: missing parameters, training tokens/);
    assert.doesNotMatch(out, /estimated to be \d/);
  });
});

describe('report --format markdown', () => {
  it('says it is a projection and names every assumption with where it came from', () => {
    const out = report(LLAMA2, '--gpu', 'A100-80GB', '--format', 'markdown');
    assert.match(out, /PROJECTION/);
    const json = estimateJson(LLAMA2, '--gpu', 'A100-80GB');
    const words: Record<string, RegExp> = {
      gpuType: /\| GPU type \| a100-80gb \| override: command-line flag --gpu/,
      precision: /\| precision \| bf16 \| file: /,
      peakFlopsPerGpu: /\| peak FLOP\/s per GPU \| 312 TFLOP\/s \| default: /,
      mfu: /\| MFU \(model FLOPs utilisation\) \| [\d.]+% \| default: /,
      gpuPowerKW: /\| power per GPU \| 0\.4 kW \| default: /,
      pue: /\| PUE \| 1\.1 \| default: /,
      gridGPerKWh: /\| grid carbon intensity \| 475 gCO2e\/kWh \| default: /,
      priceUSDPerGpuHour: /\| price per GPU-hour \| [\d.]+ USD\/GPU-h \| default: /,
    };
    for (const a of json.assumptions.filter((x) => x.name !== 'flopsFormula')) {
      assert.ok(words[a.name], `no expectation for assumption ${a.name}`);
      assert.match(out, words[a.name]!, a.name);
    }
    assert.match(out, /Energy method: rated power × hours/);
    assert.match(out, /MFU: [\d.]+% \(range [\d.]+–[\d.]+%\)/);
    for (const section of ['Run', 'Projected footprint', 'Compute-optimal status', 'Findings', 'Efficiency', 'Equivalents', 'Assumptions', 'Sources']) {
      assert.match(out, new RegExp(`^## ${section}`, 'm'), section);
    }
    assert.match(out, /past the compute-optimal point/);
    assert.match(out, /\| car-years \| [\d.]+ \([\d.]+–[\d.]+\) \| EPA/);
  });

  it('a config with missing inputs lists them and prints no meter numbers', () => {
    const out = report(NO_MODEL, '--format', 'markdown');
    assert.match(out, /## Missing inputs/);
    assert.match(out, /params: set the model size/);
    assert.match(out, /\| GPU-hours \| unknown: missing parameters, training tokens, GPUs, GPU type/);
    assert.match(out, /\| emissions \(location-based\) \| unknown: /);
  });
});

describe('report --calibration', () => {
  it('uses a saved calibration as estimate does, and says the MFU was calibrated', () => {
    const saved = join(mkdtempSync(join(tmpdir(), 'fl-report-')), 'calibration.json');
    const cal = runCli('calibrate', LLAMA2, '--tokens-per-second', '400000', '--gpu', 'A100-80GB', '--save', saved);
    assert.equal(cal.code, 0, cal.err);
    const kg = estimateJson(LLAMA2, '--gpu', 'A100-80GB', '--calibration', saved).projection.co2eKg as number;
    const card = report(LLAMA2, '--gpu', 'A100-80GB', '--calibration', saved, '--format', 'model-card');
    assert.equal(Number(/emissions: (\d+)/.exec(card)?.[1]), Math.round(kg * 1000));
    assert.notEqual(kg, estimateJson(LLAMA2, '--gpu', 'A100-80GB').projection.co2eKg);
    const md = report(LLAMA2, '--gpu', 'A100-80GB', '--calibration', saved, '--format', 'markdown');
    assert.match(md, /\| MFU \(model FLOPs utilisation\) \| [\d.]+% \| setting: calibrated from /);
    assert.match(md, /each range is a single value/);
  });

  it('a calibration file that does not exist is exit 2 with one line', () => {
    const r = runCli('report', LLAMA2, '--calibration', 'no-such-calibration.json', '--format', 'csv');
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.match(r.err, /^footprint-lens: no-such-calibration\.json does not exist\n$/);
  });
});

describe('report usage', () => {
  it('an unknown format is exit 2 with one line', () => {
    const r = runCli('report', LLAMA2, '--format', 'pdf');
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.match(r.err, /^footprint-lens: --format must be one of markdown, model-card, csv, latex, not "pdf"\n$/);
  });

  it('--format belongs to report only; report needs a file', () => {
    assert.equal(runCli('estimate', LLAMA2, '--format', 'csv').code, 2);
    const none = runCli('report', '--format', 'csv');
    assert.equal(none.code, 2);
    assert.match(none.err, /report needs at least one config file/);
  });

  it('--out writes the report to a file and prints nothing on stdout', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'fl-report-')), 'card.md');
    const r = runCli('report', LLAMA2, '--gpu', 'A100-80GB', '--format', 'model-card', '--out', out);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out, '');
    assert.match(readFileSync(out, 'utf8'), /co2_eq_emissions:\n {2}emissions: \d+/);
  });

  it('an unreadable file is named on stderr with exit 2, the others are still reported', () => {
    const r = runCli('report', LLAMA2, 'no-such-file.yaml', '--format', 'csv');
    assert.equal(r.code, 2);
    assert.match(r.err, /no-such-file\.yaml does not exist/);
    assert.equal(parseCsv(r.out).length, 2);
  });
});
