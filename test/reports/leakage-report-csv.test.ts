import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { DETAIL_COLUMNS } from '../../reports/leakage-detail.ts';
import { removeDir } from '../support/dataset-files.ts';
import { reportFixture, withWarehouse } from './report-fixture.ts';
import { runReport } from './run-report.ts';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await removeDir(dir);
});

async function readCsv(file: string): Promise<Record<string, string>[]> {
  const rows: Record<string, string>[] = [];
  for await (const row of createReadStream(file).pipe(parse({ columns: true }))) rows.push(row as Record<string, string>);
  return rows;
}

describe('closeloop report leakage: CSV detail', () => {
  it("has one row per finding of the month, with the mart's columns and its amounts as exact strings", async () => {
    const fixture = await reportFixture({ bulkFindings: 20_000 });
    dirs.push(fixture.dir);
    const out = path.join(fixture.dir, 'out');
    const result = await runReport(['leakage', '--month', '2026-10', '--format', 'csv', '--out', out, '--config', fixture.config]);
    expect(result.exitCode, result.error).toBe(0);
    const rows = await readCsv(path.join(out, 'leakage-2026-10-detail.csv'));

    const mart = await withWarehouse(fixture.warehouseFile, async (warehouse) => (await sql<{ finding_id: string; deal_amount: string | null; gap_amount_reporting: string | null }>`
      SELECT finding_id, deal_amount::VARCHAR AS deal_amount, gap_amount_reporting::VARCHAR AS gap_amount_reporting
      FROM mart.leakage WHERE period = '2026-10' ORDER BY category, finding_id`.execute(warehouse.db)).rows);
    expect(rows.length).toBe(mart.length);
    expect(rows.length).toBe(20_009);
    expect(Object.keys(rows[0]!)).toEqual(DETAIL_COLUMNS.map((c) => c.name));
    expect(rows.map((r) => [r.finding_id, r.deal_amount || null, r.gap_amount_reporting || null]))
      .toEqual(mart.map((r) => [r.finding_id, r.deal_amount, r.gap_amount_reporting]));

    const acme = rows.find((r) => r.finding_id === 'F-003')!;
    expect([acme.deal_amount, acme.invoiced_amount, acme.credited_amount, acme.gap_amount]).toEqual(['10000.00', '9000.50', '999.50', '999.50']);
    expect(acme.close_date).toBe('2026-10-05');
    expect(rows.find((r) => r.finding_id === 'B-0000007')!.opportunity_name).toBe('Generated deal 7, "quoted", with commas');
  });

  it('writes only the header for a month without findings', async () => {
    const fixture = await reportFixture({ empty: true });
    dirs.push(fixture.dir);
    const out = path.join(fixture.dir, 'out');
    const result = await runReport(['leakage', '--month', '2026-10', '--format', 'csv', '--out', out, '--config', fixture.config]);
    expect(result.exitCode, result.error).toBe(0);
    const file = path.join(out, 'leakage-2026-10-detail.csv');
    expect(await readCsv(file)).toEqual([]);
    expect((await readFile(file, 'utf8')).trim()).toBe(DETAIL_COLUMNS.map((c) => c.name).join(','));
  });
});
