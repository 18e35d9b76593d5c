// A small RFC 4180 CSV reader: quoted fields (with "" for a quote and line breaks inside quotes), CRLF or LF line
// ends, a leading byte-order mark, blank lines skipped. It never throws: an unterminated quote is reported, and the
// caller decides what to say. Pure (no Node), so the extension could read a measurement file too.

export interface CsvTable {
  /** Header cells as written (trimmed). */
  header: string[];
  /** Data rows; a row may be shorter or longer than the header (the reader matches by column name). */
  rows: string[][];
  /** Set when the text ends inside a quoted field: the file is cut or malformed. */
  error?: string;
}

const QUOTE = '"';

export function parseCsv(text: string): CsvTable {
  const clean = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let inQuotes = false;
  let error: string | undefined;
  let i = 0;
  const endRecord = () => {
    record.push(field);
    field = '';
    // A line with nothing on it (blank, or trailing newline) is no record.
    if (!(record.length === 1 && record[0]!.trim() === '')) records.push(record);
    record = [];
  };
  while (i < clean.length) {
    const c = clean[i]!;
    if (inQuotes) {
      if (c === QUOTE) {
        if (clean[i + 1] === QUOTE) {
          field += QUOTE;
          i += 2;
          continue;
        }
        inQuotes = false;
        i += 1;
        continue;
      }
      field += c;
      i += 1;
      continue;
    }
    if (c === QUOTE && field.trim() === '') {
      // A quote opens a quoted field only at its start (spaces before it are dropped).
      field = '';
      inQuotes = true;
    } else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\r') {
      endRecord();
      if (clean[i + 1] === '\n') i += 1;
    } else if (c === '\n') {
      endRecord();
    } else {
      field += c;
    }
    i += 1;
  }
  if (inQuotes) error = 'the file ends inside a quoted field';
  if (field !== '' || record.length > 0) endRecord();
  const [header = [], ...rows] = records;
  return { header: header.map((h) => h.trim()), rows, ...(error ? { error } : {}) };
}
