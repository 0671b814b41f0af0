/** Types of csv.mjs, for TypeScript callers (the browser tests read scores.csv with it). */

/** Parses CSV text (RFC 4180: quoted fields, doubled quotes, CRLF) into rows of fields. */
export function parseCsv(text: string): string[][];

/** One field, quoted when needed; null and undefined become an empty field. */
export function csvField(value: unknown): string;

/** One column of a CSV table: its header and how to read its value from a row. */
export interface CsvColumn<T> {
  header: string;
  value: (row: T) => unknown;
}

/** Writes a table as CSV text, header line first. */
export function toCsv<T>(columns: readonly CsvColumn<T>[], rows: Iterable<T>): string;
