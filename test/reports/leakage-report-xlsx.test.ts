import path from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir } from '../support/dataset-files.ts';
import { OCTOBER_BRIDGE, reportFixture, withWarehouse } from './report-fixture.ts';
import { runReport } from './run-report.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await removeDir(dir);
});

async function writeWorkbook(options: Parameters<typeof reportFixture>[0] = {}): Promise<{ workbook: ExcelJS.Workbook; warehouseFile: string }> {
  const fixture = await reportFixture(options);
  dirs.push(fixture.dir);
  const out = path.join(fixture.dir, 'out');
  const result = await runReport(['leakage', '--month', '2026-10', '--format', 'xlsx', '--out', out, '--config', fixture.config]);
  expect(result.exitCode, result.error).toBe(0);
  expect(result.out).toContain(path.join(out, 'leakage-2026-10.xlsx'));
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path.join(out, 'leakage-2026-10.xlsx'));
  return { workbook, warehouseFile: fixture.warehouseFile };
}

interface SummaryCells { count: number; amount: number; gap: number; format: string }

/** The Summary sheet's lines, keyed by the Code column. */
function summaryCells(workbook: ExcelJS.Workbook): Map<string, SummaryCells> {
  const sheet = workbook.getWorksheet('Summary')!;
  const lines = new Map<string, SummaryCells>();
  let inTable = false;
  sheet.eachRow((row) => {
    if (row.getCell(1).value === 'Category') inTable = true;
    else if (inTable) {
      lines.set(String(row.getCell(2).value), {
        count: row.getCell(4).value as number,
        amount: row.getCell(5).value as number,
        gap: row.getCell(6).value as number,
        format: row.getCell(6).numFmt,
      });
    }
  });
  return lines;
}

interface SqlSummary { category: string; n: number; amount: string; gap: string }

async function summaryInSql(warehouseFile: string): Promise<SqlSummary[]> {
  return withWarehouse(warehouseFile, async (warehouse) => (await sql<SqlSummary>`
    SELECT category, count(*)::INTEGER AS n,
      COALESCE(sum(CASE WHEN category = 'invoiced_without_deal' THEN invoiced_amount_reporting ELSE deal_amount_reporting END), 0)::VARCHAR AS amount,
      COALESCE(sum(gap_amount_reporting), 0)::VARCHAR AS gap
    FROM mart.leakage WHERE period = '2026-10' GROUP BY category ORDER BY category`.execute(warehouse.db)).rows);
}

describe('closeloop report leakage: workbook', () => {
  it('has the seven sheets, and its Summary equals mart.leakage aggregated in SQL per category', async () => {
    const { workbook, warehouseFile } = await writeWorkbook({ bulkFindings: 2_000 });
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['Summary', 'Trend', 'Bridge', 'Top items', 'Detail', 'AR aging', 'Data quality']);
    const cells = summaryCells(workbook);
    const expected = await summaryInSql(warehouseFile);
    expect(expected.length).toBe(8);
    for (const line of expected) {
      const row = cells.get(line.category);
      expect(row, line.category).toBeDefined();
      expect({ category: line.category, count: row!.count, amount: row!.amount.toFixed(2), gap: row!.gap.toFixed(2) })
        .toEqual({ category: line.category, count: line.n, amount: Number(line.amount).toFixed(2), gap: Number(line.gap).toFixed(2) });
      expect(row!.amount).toBe(Number(line.amount));
      expect(row!.gap).toBe(Number(line.gap));
    }
    expect(cells.get('total_findings')!.count).toBe(2_009);
    const header = workbook.getWorksheet('Summary')!.getRows(1, 12)!.map((row) => [row.getCell(1).value, row.getCell(2).value]);
    expect(header).toContainEqual(['Invoicing SLA', '30 days after the close (config leakage.invoicingSlaDays)']);
    expect(header).toContainEqual(['As of', '2026-11-01T00:00:00.000Z']);
    expect(cells.get('invoiced_without_deal')).toMatchObject({ count: 1, amount: 1500, gap: -1500 });
    expect(cells.get('not_invoiced')!.format).toContain('"USD"');
  });

  it('shows the change against the prior month and a bridge that ties out', async () => {
    const { workbook } = await writeWorkbook();
    const summary = workbook.getWorksheet('Summary')!;
    const notInvoiced = summary.getRows(1, summary.rowCount)!.find((row) => row.getCell(2).value === 'not_invoiced')!;
    expect([7, 8, 9, 10, 11].map((c) => notInvoiced.getCell(c).value)).toEqual([1, 3000, 1, 13999.99, 466.7]);
    const bridge = workbook.getWorksheet('Bridge')!;
    const amounts = bridge.getRows(3, 8)!.map((row) => Number(row.getCell(3).value).toFixed(2));
    expect(amounts).toEqual(Object.values(OCTOBER_BRIDGE).map((a) => Number(a).toFixed(2)));
  });

  it('lists the detail, top items, six months of trend, AR aging and data quality', async () => {
    const { workbook } = await writeWorkbook();
    const detail = workbook.getWorksheet('Detail')!;
    expect(detail.rowCount).toBe(1 + 9);
    expect(detail.getRow(1).getCell(1).value).toBe('finding_id');
    const trend = workbook.getWorksheet('Trend')!;
    expect(trend.getRows(2, 6)!.map((row) => row.getCell(1).value)).toEqual(['2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10']);
    expect(trend.getRow(7).getCell(3).value).toBe(18739.39);
    const top = workbook.getWorksheet('Top items')!;
    expect(top.rowCount).toBe(1 + 9);
    const aging = workbook.getWorksheet('AR aging')!;
    const agingText = aging.getSheetValues().flat().map(String);
    expect(agingText).toContain('Umbrella Corporation');
    const quality = workbook.getWorksheet('Data quality')!;
    const rows = quality.getSheetValues().map((r) => (Array.isArray(r) ? r.slice(1) : []));
    expect(rows).toContainEqual(['Quarantined records (meta.dq_exceptions)', 2]);
    expect(rows).toContainEqual(['Records waiting for review (closeloop xref review)', 1]);
    expect(rows).toContainEqual(['hubspot', '5020', 'Vandelay Industries', 1, 2200]);
  });

  it('writes a workbook from empty marts', async () => {
    const { workbook } = await writeWorkbook({ empty: true });
    const cells = summaryCells(workbook);
    expect(cells.get('not_invoiced')).toMatchObject({ count: 0, amount: 0, gap: 0 });
    expect(workbook.getWorksheet('Detail')!.rowCount).toBe(1);
  });
});
