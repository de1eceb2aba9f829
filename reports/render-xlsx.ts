import { once, type EventEmitter } from 'node:events';
import ExcelJS from 'exceljs';
import { categoryLabel } from './leakage-categories.ts';
import { DETAIL_COLUMNS, type DetailRow } from './leakage-detail.ts';
import type { LeakageReportData } from './leakage-report-data.ts';
import { AGING_BUCKETS, agingLine, type AgingLine } from './report-ar-aging.ts';
import type { ReportRow } from './report-rows.ts';
import { DATE_FORMAT, PCT_FORMAT, dateCell, moneyCell, moneyFormat } from './xlsx-cells.ts';

type Sheet = ExcelJS.Worksheet;
type Cell = string | number | boolean | Date | null;
type CellFormat = string | undefined;

/*
 * exceljs's sheet stream (a StreamBuf feeding the zip's deflate stream) ignores backpressure:
 * committed rows would queue in memory as Buffers while the zip compresses. Every few hundred
 * rows the detail writer waits until the deflate stream has drained and little is queued. This
 * reads two internals of exceljs 4.4.0 (pinned exactly); without them it only yields.
 */
const CHECK_EVERY_ROWS = 250;
const MAX_QUEUED_BUFFERS = 8;

/** The zip's side of a sheet stream: a readable-stream PassThrough (its state, not Node's getters). */
type ZipEntryInput = EventEmitter & { _writableState?: { needDrain?: boolean } };
interface SheetStreamInternals { buffers?: unknown[]; pipes?: ZipEntryInput[] }

async function letZipCatchUp(sheet: Sheet): Promise<void> {
  const stream = (sheet as unknown as { stream?: SheetStreamInternals }).stream;
  for (let waits = 0; waits < 10_000; waits++) {
    const draining = stream?.pipes?.find((pipe) => pipe._writableState?.needDrain === true);
    if (draining) await once(draining, 'drain');
    else if ((stream?.buffers?.length ?? 0) > MAX_QUEUED_BUFFERS) await new Promise((resolve) => setTimeout(resolve, 2));
    else return;
  }
}

/** What the workbook streams rather than holds: the full detail and the full aging list. */
export interface WorkbookStreams {
  detail: AsyncIterable<DetailRow>;
  aging: AsyncIterable<ReportRow>;
}

/**
 * Writes the workbook with exceljs's streaming writer: each sheet is committed before the next,
 * and detail rows are committed one by one, so memory does not grow with the number of findings.
 */
export async function renderXlsx(data: LeakageReportData, streams: WorkbookStreams, file: string): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true, useSharedStrings: false });
  workbook.creator = 'closeloop';
  workbook.created = new Date(data.header.asOf);
  workbook.modified = new Date(data.header.asOf);
  const currency = moneyFormat(data.header.reportingCurrency);
  writeSummary(workbook.addWorksheet('Summary'), data, currency);
  writeTrend(workbook.addWorksheet('Trend'), data, currency);
  writeBridge(workbook.addWorksheet('Bridge'), data, currency);
  writeTopItems(workbook.addWorksheet('Top items', { views: [{ state: 'frozen', ySplit: 1 }] }), data);
  await writeDetail(workbook.addWorksheet('Detail', { views: [{ state: 'frozen', ySplit: 1 }] }), streams.detail);
  await writeAging(workbook.addWorksheet('AR aging'), data, streams.aging);
  writeDataQuality(workbook.addWorksheet('Data quality'), data);
  await workbook.commit();
}

/** Adds and commits one row; `formats` gives each cell's number format by position. */
function addRow(sheet: Sheet, values: Cell[], formats: CellFormat[] = [], bold = false): void {
  const row = sheet.addRow(values);
  formats.forEach((format, i) => {
    if (format !== undefined) row.getCell(i + 1).numFmt = format;
  });
  if (bold) row.font = { bold: true };
  row.commit();
}

function addHeading(sheet: Sheet, title: string): void {
  const row = sheet.addRow([title]);
  row.font = { bold: true, size: 14 };
  row.commit();
}

function writeSummary(sheet: Sheet, data: LeakageReportData, money: string): void {
  sheet.columns = [{ width: 36 }, { width: 24 }, { width: 10 }, ...Array.from({ length: 7 }, () => ({ width: 16 }))];
  addHeading(sheet, data.header.title);
  for (const parameter of data.header.parameters) addRow(sheet, [parameter.name, parameter.value]);
  addRow(sheet, []);
  addRow(sheet, ['Category', 'Code', 'Group', 'Findings', 'Amount', 'Gap', `Findings ${data.header.priorPeriod}`,
    `Gap ${data.header.priorPeriod}`, 'Change in findings', 'Change in gap', 'Change in gap %'], [], true);
  for (const line of data.summary) {
    addRow(sheet, [line.label, line.key, line.group, line.count, moneyCell(line.amount), moneyCell(line.gap), line.priorCount,
      moneyCell(line.priorGap), line.changeCount, moneyCell(line.changeGap), line.changeGapPct === null ? null : Number(line.changeGapPct)],
    [undefined, undefined, undefined, undefined, money, money, undefined, money, undefined, money, PCT_FORMAT], line.group === 'total');
  }
  sheet.commit();
}

function writeTrend(sheet: Sheet, data: LeakageReportData, money: string): void {
  const categories = Object.keys(data.trend[0]?.gapByCategory ?? {});
  sheet.columns = [{ width: 10 }, ...Array.from({ length: 3 + categories.length }, () => ({ width: 18 }))];
  addRow(sheet, ['Period', 'Leakage findings', 'Leakage gap', 'Pending findings', ...categories.map((c) => `Gap: ${categoryLabel(c)}`)], [], true);
  for (const point of data.trend) {
    addRow(sheet, [point.period, point.leakageCount, moneyCell(point.leakageGap), point.pendingCount,
      ...categories.map((c) => moneyCell(point.gapByCategory[c] ?? null))],
    [undefined, undefined, money, undefined, ...categories.map(() => money)]);
  }
  sheet.commit();
}

function writeBridge(sheet: Sheet, data: LeakageReportData, money: string): void {
  sheet.columns = [{ width: 44 }, { width: 10 }, { width: 18 }];
  addRow(sheet, [`Bookings to collected, deals closed in ${data.header.period} (${data.bridge.deals} deals)`], [], true);
  addRow(sheet, ['Step', 'Kind', 'Amount'], [], true);
  for (const step of data.bridge.steps) addRow(sheet, [step.label, step.kind, moneyCell(step.amount)], [undefined, undefined, money], step.kind === 'total');
  sheet.commit();
}

function writeTopItems(sheet: Sheet, data: LeakageReportData): void {
  sheet.columns = [28, 6, 20, 11, 20, 30, 30, 18, 12, 9, 16, 16, 9, 16, 10, 18, 60].map((width) => ({ width }));
  addRow(sheet, ['Category', 'Rank', 'Finding', 'System', 'Opportunity id', 'Opportunity', 'Customer', 'Owner', 'Close date',
    'Currency', 'Deal amount', 'Invoiced amount', 'Reporting currency', 'Gap (reporting)', 'Days since close', 'Match method', 'Evidence'], [], true);
  for (const item of data.topItems) {
    addRow(sheet, [categoryLabel(item.category), item.rank, item.findingId, item.system, item.opportunityId, item.opportunityName,
      item.customerName, item.owner, dateCell(item.closeDate), item.currency, moneyCell(item.dealAmount), moneyCell(item.invoicedAmount),
      item.reportingCurrency, moneyCell(item.gapReporting), item.daysSinceClose, item.matchMethod, item.evidence],
    [undefined, undefined, undefined, undefined, undefined, undefined, undefined, undefined, DATE_FORMAT, undefined,
      moneyFormat(item.currency), moneyFormat(item.currency), undefined, moneyFormat(item.reportingCurrency)]);
  }
  sheet.commit();
}

async function writeDetail(sheet: Sheet, rows: AsyncIterable<DetailRow>): Promise<void> {
  sheet.columns = DETAIL_COLUMNS.map((c) => ({ width: c.kind === 'text' ? 18 : 14 }));
  addRow(sheet, DETAIL_COLUMNS.map((c) => c.name), [], true);
  const currencyIndex = new Map(DETAIL_COLUMNS.map((c, i) => [c.name, i]));
  let written = 0;
  for await (const row of rows) {
    const formats = DETAIL_COLUMNS.map((c) => detailFormat(c.kind, c.currencyColumn ? row[currencyIndex.get(c.currencyColumn) ?? -1] ?? null : null));
    addRow(sheet, DETAIL_COLUMNS.map((c, i) => detailCell(c.kind, row[i] ?? null)), formats);
    if (++written % CHECK_EVERY_ROWS === 0) await letZipCatchUp(sheet);
  }
  sheet.commit();
}

function detailCell(kind: string, value: string | null): Cell {
  if (value === null) return null;
  if (kind === 'money') return moneyCell(value);
  if (kind === 'integer') return Number(value);
  if (kind === 'date') return dateCell(value);
  if (kind === 'boolean') return value === 'true';
  return value;
}

function detailFormat(kind: string, currency: string | null): CellFormat {
  if (kind === 'money') return moneyFormat(currency);
  return kind === 'date' ? DATE_FORMAT : undefined;
}

async function writeAging(sheet: Sheet, data: LeakageReportData, rows: AsyncIterable<ReportRow>): Promise<void> {
  sheet.columns = [{ width: 14 }, { width: 14 }, { width: 30 }, { width: 10 }, ...Array.from({ length: 9 }, () => ({ width: 15 }))];
  const bucketHeaders = AGING_BUCKETS.map((b) => b.label);
  addRow(sheet, [`Open receivables as of ${data.header.asOf}, by days past due (each customer's own currency)`], [], true);
  addRow(sheet, ['Currency', 'Customers', ...bucketHeaders, 'Total open', 'Overdue', ...bucketHeaders.map((h) => `${h} %`)], [], true);
  for (const total of data.agingTotals) {
    const money = moneyFormat(total.currency);
    addRow(sheet, [total.currency, total.customers, ...AGING_BUCKETS.map((b) => moneyCell(total.buckets[b.key])), moneyCell(total.totalOpen),
      moneyCell(total.overdue), ...AGING_BUCKETS.map((b) => (total.bucketPct[b.key] === null ? null : Number(total.bucketPct[b.key])))],
    [undefined, undefined, ...AGING_BUCKETS.map(() => money), money, money, ...AGING_BUCKETS.map(() => PCT_FORMAT)]);
  }
  addRow(sheet, []);
  addRow(sheet, ['Master id', 'ERP customer', 'Customer', 'Currency', ...bucketHeaders, 'Total open', 'Overdue', 'Oldest overdue due date', 'Open invoices'], [], true);
  for await (const row of rows) writeAgingLine(sheet, agingLine(row));
  sheet.commit();
}

function writeAgingLine(sheet: Sheet, line: AgingLine): void {
  const money = moneyFormat(line.currency);
  addRow(sheet, [line.masterId, line.erpCustomerId, line.customerName, line.currency, ...AGING_BUCKETS.map((b) => moneyCell(line.buckets[b.key])),
    moneyCell(line.totalOpen), moneyCell(line.overdue), dateCell(line.oldestOverdueDueDate), line.openInvoices],
  [undefined, undefined, undefined, undefined, ...AGING_BUCKETS.map(() => money), money, money, DATE_FORMAT]);
}

function writeDataQuality(sheet: Sheet, data: LeakageReportData): void {
  const dq = data.dataQuality;
  sheet.columns = [{ width: 34 }, { width: 22 }, { width: 30 }, { width: 12 }, { width: 16 }, { width: 14 }];
  addRow(sheet, ['Customer match coverage (mart.customer_xref)'], [], true);
  addRow(sheet, ['System', 'Records', 'Linked', 'Review', 'Unmatched', 'Linked %'], [], true);
  for (const c of dq.coverage) {
    addRow(sheet, [c.system, c.records, c.linked, c.review, c.unmatched, c.linkedPct === null ? null : Number(c.linkedPct)],
      [undefined, undefined, undefined, undefined, undefined, PCT_FORMAT]);
  }
  addRow(sheet, []);
  addRow(sheet, ['Records waiting for review (closeloop xref review)', dq.reviewRecords]);
  addRow(sheet, ['Unmatched customer records', dq.unmatchedRecords]);
  addRow(sheet, ['Quarantined records (meta.dq_exceptions)', dq.quarantinedRecords]);
  addRow(sheet, []);
  addRow(sheet, [`Closed-won customers of ${data.header.period} without an ERP customer`], [], true);
  addRow(sheet, ['System', 'CRM account', 'Customer', 'Deals', 'Won amount'], [], true);
  const money = moneyFormat(data.header.reportingCurrency);
  for (const u of dq.unmatchedCustomers) {
    addRow(sheet, [u.system, u.crmAccountId, u.customerName, u.deals, moneyCell(u.wonAmount)], [undefined, undefined, undefined, undefined, money]);
  }
  sheet.commit();
}
