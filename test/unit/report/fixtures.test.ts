// Every shipped config in every report format: readable text (no NaN, Infinity, undefined), the projection notice,
// a CSV row as wide as the header, and model-card metadata that a YAML parser reads back to the projection's grams.
import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import { analyze } from '../../../src/core/analyze';
import { CSV_COLUMNS } from '../../../src/core/report/csv';
import { REPORT_FORMATS, renderReport } from '../../../src/core/report/index';
import { fixtureNames, readFixture } from '../helpers/fixtures';
import { parseCsv } from './csv-parse';

describe('reports over every fixture', () => {
  for (const name of fixtureNames()) {
    it(name, () => {
      const analysis = analyze(readFixture(name), { fileName: name });
      assert.ok(analysis.format, `${name} not recognised`);
      for (const format of REPORT_FORMATS) {
        const text = renderReport(format, [analysis]);
        assert.doesNotMatch(text, /NaN|Infinity|undefined|\[object Object\]|null/, `${format}`);
        if (format !== 'csv') assert.match(text, /projection/i, format);
      }
      const rows = parseCsv(renderReport('csv', [analysis]));
      assert.equal(rows.length, 2);
      assert.equal(rows[1]!.length, CSV_COLUMNS.length);
      for (const cell of rows[1]!) assert.ok(!/^-\d/.test(cell), `negative cell ${cell}`);

      const card = renderReport('model-card', [analysis]);
      const meta = parseYaml(/^---\n([\s\S]*?)\n---\n/.exec(card)![1]!) as { co2_eq_emissions: { emissions?: number } };
      const kg = analysis.projection?.co2eKg?.point;
      if (kg === undefined) assert.equal(meta.co2_eq_emissions.emissions, undefined);
      else assert.equal(meta.co2_eq_emissions.emissions, Math.round(kg * 1000));
    });
  }
});
