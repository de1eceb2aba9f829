import { parse } from 'csv-parse/sync';
import type { ApiResponse } from '../http/api-types.ts';
import { sfError } from './salesforce-errors.ts';

/** Bulk API 2.0 column delimiters by their job-info names. */
export const COLUMN_DELIMITERS: Record<string, string> = {
  COMMA: ',', TAB: '\t', PIPE: '|', SEMICOLON: ';', CARET: '^', BACKQUOTE: '`',
};

export const LINE_ENDINGS: Record<string, string> = { LF: '\n', CRLF: '\r\n' };

/** The job's CSV dialect, validated from a create-job body. */
export interface CsvDialect {
  columnDelimiter: string;
  lineEnding: string;
}

export function csvDialect(body: { columnDelimiter?: unknown; lineEnding?: unknown }): CsvDialect {
  const columnDelimiter = body.columnDelimiter === undefined ? 'COMMA' : String(body.columnDelimiter);
  const lineEnding = body.lineEnding === undefined ? 'LF' : String(body.lineEnding);
  if (!(columnDelimiter in COLUMN_DELIMITERS)) {
    throw sfError(400, 'INVALIDJOB', `InvalidJob : Invalid columnDelimiter ${columnDelimiter}; use one of ${Object.keys(COLUMN_DELIMITERS).join(', ')}`);
  }
  if (!(lineEnding in LINE_ENDINGS)) throw sfError(400, 'INVALIDJOB', `InvalidJob : Invalid lineEnding ${lineEnding}; use LF or CRLF`);
  return { columnDelimiter, lineEnding };
}

/** One quoted CSV cell (null/undefined → empty, unquoted). */
export function csvCell(value: string | null | undefined): string {
  return value === null || value === undefined ? '' : `"${value.replace(/"/g, '""')}"`;
}

/** A CSV document: header row then rows, every line ended by the dialect's line ending. */
export function csvDocument(header: string[], rows: (string | null | undefined)[][], dialect: CsvDialect): string {
  const delimiter = COLUMN_DELIMITERS[dialect.columnDelimiter]!;
  const eol = LINE_ENDINGS[dialect.lineEnding]!;
  return [header, ...rows].map((row) => row.map(csvCell).join(delimiter) + eol).join('');
}

/** Parses uploaded CSV into a header and rows of strings; a malformed body is reported as the job's error. */
export function parseCsv(text: string, dialect: CsvDialect): { header: string[]; rows: string[][] } {
  const records = parse(text, {
    delimiter: COLUMN_DELIMITERS[dialect.columnDelimiter]!,
    bom: true,
    skip_empty_lines: true,
    relax_column_count: false,
  }) as string[][];
  const [header = [], ...rows] = records;
  return { header, rows };
}

export function csvResponse(body: string, headers: Record<string, string> = {}): ApiResponse {
  return { status: 200, headers: { 'content-type': 'text/csv', ...headers }, body };
}
