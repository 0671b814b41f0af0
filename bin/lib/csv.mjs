/**
 * Minimal RFC 4180 CSV: a reader that handles quoted fields (commas, doubled quotes, line breaks
 * inside quotes, CRLF) and a table-driven writer. Pure functions, no I/O.
 * @module
 */

/**
 * Parses CSV text into rows of fields. A UTF-8 byte-order mark and a final line break are ignored;
 * empty lines are skipped.
 * @param {string} text
 * @returns {string[][]}
 */
export function parseCsv(text) {
  /** @type {string[][]} */
  const rows = [];
  /** @type {string[]} */
  let row = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const endRow = () => {
    row.push(field);
    if (row.length > 1 || row[0] !== '') rows.push(row);
    row = [];
    field = '';
  };
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRow();
    } else {
      field += c;
    }
  }
  if (quoted) throw new Error('unterminated quoted field at the end of the CSV');
  if (field !== '' || row.length > 0) endRow();
  return rows;
}

/**
 * Quotes a field when it holds a comma, a quote, a line break or leading/trailing spaces.
 * null and undefined become an empty field.
 * @param {unknown} value
 * @returns {string}
 */
export function csvField(value) {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * One column of a CSV table: its header and how to read its value from a row.
 * @template T
 * @typedef {object} CsvColumn
 * @property {string} header
 * @property {(row: T) => unknown} value
 */

/**
 * Writes a table as CSV text (header line first, `\n` line ends). Columns are data, so a caller adds
 * a column by adding one entry.
 * @template T
 * @param {readonly CsvColumn<T>[]} columns
 * @param {Iterable<T>} rows
 * @returns {string}
 */
export function toCsv(columns, rows) {
  const lines = [columns.map((column) => csvField(column.header)).join(',')];
  for (const row of rows) lines.push(columns.map((column) => csvField(column.value(row))).join(','));
  return `${lines.join('\n')}\n`;
}
