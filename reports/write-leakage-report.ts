import { mkdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { Warehouse } from '../warehouse/warehouse.ts';
import { streamDetailRows } from './leakage-detail.ts';
import { readLeakageReport, type LeakageRules } from './leakage-report-data.ts';
import { agingLinesSql } from './report-ar-aging.ts';
import type { ReportMonth } from './report-month.ts';
import type { ReportRow } from './report-rows.ts';
import { assertReportTables } from './report-tables.ts';
import { renderDetailCsv } from './render-csv.ts';
import { renderHtml } from './render-html.ts';
import { renderXlsx } from './render-xlsx.ts';

export const REPORT_FORMATS = ['xlsx', 'html', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface LeakageReportRequest {
  month: ReportMonth;
  asOf: Date;
  formats: readonly ReportFormat[];
  outDir: string;
  /** The config's leakage rules, shown in the header. */
  rules?: LeakageRules;
}

/** The file each format is written to. */
export function reportFile(outDir: string, month: ReportMonth, format: ReportFormat): string {
  return path.join(outDir, format === 'csv' ? `leakage-${month}-detail.csv` : `leakage-${month}.${format}`);
}

/** Reads the marts and writes the requested files; returns their paths. A file appears only once complete. */
export async function writeLeakageReport(warehouse: Warehouse, request: LeakageReportRequest): Promise<string[]> {
  await warehouse.withConnection((connection) => assertReportTables(connection, warehouse.path));
  const data = await warehouse.withConnection((connection) => readLeakageReport(connection, request.month, request.asOf, request.rules));
  await mkdir(request.outDir, { recursive: true });
  const written: string[] = [];
  for (const format of request.formats) {
    const file = reportFile(request.outDir, request.month, format);
    await writeAtomically(file, async (partial) => {
      if (format === 'html') return renderHtml(data, partial);
      if (format === 'csv') return warehouse.withConnection((c) => renderDetailCsv(streamDetailRows(c, request.month), partial));
      return warehouse.withConnection((detail) => warehouse.withConnection((aging) => renderXlsx(data, {
        detail: streamDetailRows(detail, request.month),
        aging: streamAgingRows(aging),
      }, partial)));
    });
    written.push(file);
  }
  return written;
}

/** Streams mart.ar_aging, largest overdue first. */
async function* streamAgingRows(connection: DuckDBConnection): AsyncGenerator<ReportRow> {
  const result = await connection.stream(agingLinesSql());
  for await (const chunk of result.yieldRowObjectJson()) yield* chunk;
}

async function writeAtomically(file: string, write: (partial: string) => Promise<void>): Promise<void> {
  const partial = `${file}.partial`;
  try {
    await write(partial);
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw new Error(`Writing ${file} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
