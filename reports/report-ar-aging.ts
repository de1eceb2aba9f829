import type { DuckDBConnection } from '@duckdb/node-api';
import { count, money, queryRows, text, type ReportRow } from './report-rows.ts';

export const AGING_BUCKETS = [
  { key: 'current_amount', label: 'Current' },
  { key: 'days_1_30', label: '1–30' },
  { key: 'days_31_60', label: '31–60' },
  { key: 'days_61_90', label: '61–90' },
  { key: 'days_over_90', label: '90+' },
] as const;

export type AgingBucketKey = (typeof AGING_BUCKETS)[number]['key'];

/** Open receivables of one currency by bucket (customers keep their own currency; nothing is converted). */
export interface AgingTotal {
  currency: string;
  customers: number;
  buckets: Record<AgingBucketKey, string>;
  /** Share of the total open amount per bucket, percent with one decimal (null when nothing is open). */
  bucketPct: Record<AgingBucketKey, string | null>;
  totalOpen: string;
  overdue: string;
}

/** One customer's aging line. */
export interface AgingLine {
  masterId: string | null;
  erpCustomerId: string;
  customerName: string | null;
  currency: string | null;
  buckets: Record<AgingBucketKey, string>;
  totalOpen: string;
  overdue: string;
  oldestOverdueDueDate: string | null;
  openInvoices: number;
}

const bucketSums = AGING_BUCKETS.map((b) => `COALESCE(sum(${b.key}), 0)::DECIMAL(18,2)::VARCHAR AS ${b.key},
  CASE WHEN sum(total_open) <> 0 THEN round(100 * sum(${b.key}) / sum(total_open), 1)::DECIMAL(18,1)::VARCHAR END AS ${b.key}_pct`).join(',\n');

/** Totals per currency, sums in SQL. */
export async function readAgingTotals(connection: DuckDBConnection): Promise<AgingTotal[]> {
  const rows = await queryRows(connection, `
    SELECT COALESCE(currency, '') AS currency, count(*)::INTEGER AS customers, ${bucketSums},
      COALESCE(sum(total_open), 0)::DECIMAL(18,2)::VARCHAR AS total_open,
      COALESCE(sum(overdue_amount), 0)::DECIMAL(18,2)::VARCHAR AS overdue
    FROM mart.ar_aging GROUP BY ALL ORDER BY currency`);
  return rows.map((row) => ({
    currency: text(row, 'currency') ?? '',
    customers: count(row, 'customers'),
    buckets: bucketRecord((key) => money(row, key)),
    bucketPct: bucketRecord((key) => text(row, `${key}_pct`)),
    totalOpen: money(row, 'total_open'),
    overdue: money(row, 'overdue'),
  }));
}

/** Customers by overdue amount, largest first (the query the full sheet streams, and the top list reads). */
export function agingLinesSql(limit?: number): string {
  return `
    SELECT master_id, erp_customer_id, customer_name, currency,
      ${AGING_BUCKETS.map((b) => `${b.key}::DECIMAL(18,2)::VARCHAR AS ${b.key}`).join(', ')},
      total_open::DECIMAL(18,2)::VARCHAR AS total_open, overdue_amount::DECIMAL(18,2)::VARCHAR AS overdue_amount,
      oldest_overdue_due_date::VARCHAR AS oldest_overdue_due_date, open_invoices::INTEGER AS open_invoices
    FROM mart.ar_aging
    ORDER BY overdue_amount DESC NULLS LAST, total_open DESC NULLS LAST, erp_customer_id
    ${limit === undefined ? '' : `LIMIT ${Math.trunc(limit)}`}`;
}

/** The customers with the largest overdue amounts (only those with something overdue). */
export async function readTopOverdue(connection: DuckDBConnection, limit: number): Promise<AgingLine[]> {
  const rows = await queryRows(connection, `SELECT * FROM (${agingLinesSql(limit)}) WHERE overdue_amount::DECIMAL(18,2) > 0`);
  return rows.map(agingLine);
}

/** Reads one row of agingLinesSql(). */
export function agingLine(row: ReportRow): AgingLine {
  return {
    masterId: text(row, 'master_id'),
    erpCustomerId: text(row, 'erp_customer_id') ?? '',
    customerName: text(row, 'customer_name'),
    currency: text(row, 'currency'),
    buckets: bucketRecord((key) => money(row, key)),
    totalOpen: money(row, 'total_open'),
    overdue: money(row, 'overdue_amount'),
    oldestOverdueDueDate: text(row, 'oldest_overdue_due_date'),
    openInvoices: count(row, 'open_invoices'),
  };
}

function bucketRecord<T>(value: (key: AgingBucketKey) => T): Record<AgingBucketKey, T> {
  return Object.fromEntries(AGING_BUCKETS.map((b) => [b.key, value(b.key)])) as Record<AgingBucketKey, T>;
}
