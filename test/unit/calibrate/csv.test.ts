// The CSV reader: the shapes real measurement files take (quotes, CRLF, BOM, blank lines, short rows).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseCsv } from '../../../src/core/calibrate/csv';

describe('CSV reader', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks inside', () => {
    const t = parseCsv('a,b,c\n"x, y","say ""hi""","two\nlines"\n');
    assert.deepEqual(t.header, ['a', 'b', 'c']);
    assert.deepEqual(t.rows, [['x, y', 'say "hi"', 'two\nlines']]);
    assert.equal(t.error, undefined);
  });

  it('handles CRLF line ends, a byte-order mark and blank lines', () => {
    const t = parseCsv('\ufeffduration,energy_consumed\r\n\r\n12.5,0.3\r\n7,0.1\r\n');
    assert.deepEqual(t.header, ['duration', 'energy_consumed']);
    assert.deepEqual(t.rows, [
      ['12.5', '0.3'],
      ['7', '0.1'],
    ]);
  });

  it('keeps empty cells and short rows as written, and reads a last line without a newline', () => {
    const t = parseCsv('a,b,c\n1,,3\n4');
    assert.deepEqual(t.rows, [['1', '', '3'], ['4']]);
  });

  it('reports a file cut inside a quoted field instead of inventing a value', () => {
    const t = parseCsv('a,b\n"open,2\n');
    assert.match(t.error ?? '', /quoted field/);
  });
});

describe('CSV reader, any field', () => {
  // Fields as a CSV writer quotes them (Python's csv module, CodeCarbon's pandas): quoted when they hold a comma,
  // a quote or a line break, quotes doubled. Whatever the fields, reading gives them back.
  const quote = (f: string) => (/[",\r\n]/.test(f) || f.trim() !== f ? `"${f.replace(/"/g, '""')}"` : f);
  it('reads back what a CSV writer wrote, with LF or CRLF and with or without a BOM', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', '"', '\n', '\r\n', '1', '.', 'é') }), { minLength: 2, maxLength: 2 }), { minLength: 1, maxLength: 5 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        (rows, eol, bom) => {
          const body = rows.map((r) => r.map(quote).join(',')).join(eol);
          const text = `${bom ? '\ufeff' : ''}h1,h2${eol}${body}${eol}`;
          const t = parseCsv(text);
          assert.equal(t.error, undefined);
          assert.deepEqual(t.header, ['h1', 'h2']);
          assert.deepEqual(t.rows, rows);
        },
      ),
    );
  });
});
