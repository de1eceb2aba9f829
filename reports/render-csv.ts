import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import { DETAIL_COLUMNS, type DetailRow } from './leakage-detail.ts';

/** Writes the full detail as CSV (header = mart.leakage's columns), streaming rows through csv-stringify. */
export async function renderDetailCsv(rows: AsyncIterable<DetailRow>, file: string): Promise<void> {
  await pipeline(
    Readable.from(rows),
    stringify({ header: true, columns: DETAIL_COLUMNS.map((c) => c.name) }),
    createWriteStream(file),
  );
}
