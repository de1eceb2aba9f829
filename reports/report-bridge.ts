import type { DuckDBConnection } from '@duckdb/node-api';
import { count, money, queryRows, type ReportRow } from './report-rows.ts';

/** One bar of the bookings-to-collected bridge, reporting currency. */
export interface BridgeStep {
  key: string;
  label: string;
  /** `total` bars stand on zero; `change` bars move the running total by `amount` (signed). */
  kind: 'total' | 'change';
  amount: string;
}

export interface Bridge {
  deals: number;
  steps: BridgeStep[];
}

/*
 * Built from the month's closed-won deals in mart.deal_billing so that every step ties: the
 * under/over step is bookings − pending − not invoiced − invoiced, so it also holds differences
 * inside the tolerance and currency differences. Credits and payments are in the invoice
 * currency; each deal's are converted at that deal's own invoiced rate, rounded to cents per deal.
 */
const BRIDGE_SQL = `
  WITH deals AS (
    SELECT b.*,
      EXISTS (SELECT 1 FROM mart.leakage l
              WHERE l.category = 'pending' AND l.system = b.system AND l.opportunity_id = b.opportunity_id) AS is_pending,
      COALESCE(
        CASE WHEN b.invoiced_amount <> 0 THEN b.invoiced_amount_reporting / b.invoiced_amount END,
        CASE WHEN b.invoice_currency = b.currency AND b.deal_amount <> 0 THEN b.deal_amount_reporting / b.deal_amount END,
        CASE WHEN b.invoice_currency = b.reporting_currency THEN 1 END,
        0) AS rate
    FROM mart.deal_billing b WHERE strftime(b.close_date, '%Y-%m') = $1
  ),
  amounts AS (
    SELECT is_pending,
      COALESCE(deal_amount_reporting, 0) AS booked,
      COALESCE(invoiced_amount_reporting, 0) AS net_invoiced,
      round(COALESCE(credited_amount, 0) * rate, 2)::DECIMAL(18,2) AS credited,
      round(COALESCE(paid_amount, 0) * rate, 2)::DECIMAL(18,2) AS paid,
      COALESCE(invoiced_amount, 0) = 0 AND COALESCE(credited_amount, 0) = 0 AS uninvoiced
    FROM deals
  ),
  sums AS (
    SELECT count(*) AS deals,
      COALESCE(sum(booked), 0) AS bookings,
      COALESCE(sum(booked) FILTER (WHERE uninvoiced AND is_pending), 0) AS pending,
      COALESCE(sum(booked) FILTER (WHERE uninvoiced AND NOT is_pending), 0) AS not_invoiced,
      COALESCE(sum(net_invoiced + credited), 0) AS invoiced,
      COALESCE(sum(credited), 0) AS credits,
      COALESCE(sum(net_invoiced - paid), 0) AS unpaid,
      COALESCE(sum(paid), 0) AS collected
    FROM amounts
  )
  SELECT deals::INTEGER AS deals,
    bookings::DECIMAL(18,2)::VARCHAR AS bookings,
    (-pending)::DECIMAL(18,2)::VARCHAR AS pending,
    (-not_invoiced)::DECIMAL(18,2)::VARCHAR AS not_invoiced,
    (invoiced - (bookings - pending - not_invoiced))::DECIMAL(18,2)::VARCHAR AS under_over,
    invoiced::DECIMAL(18,2)::VARCHAR AS invoiced,
    (-credits)::DECIMAL(18,2)::VARCHAR AS credits,
    (-unpaid)::DECIMAL(18,2)::VARCHAR AS unpaid,
    collected::DECIMAL(18,2)::VARCHAR AS collected
  FROM sums`;

const STEPS: readonly Omit<BridgeStep, 'amount'>[] = [
  { key: 'bookings', label: 'Closed-won bookings', kind: 'total' },
  { key: 'pending', label: 'Pending within SLA', kind: 'change' },
  { key: 'not_invoiced', label: 'Not invoiced', kind: 'change' },
  { key: 'under_over', label: 'Under/over-invoiced and other differences', kind: 'change' },
  { key: 'invoiced', label: 'Invoiced (before credits)', kind: 'total' },
  { key: 'credits', label: 'Credit memos', kind: 'change' },
  { key: 'unpaid', label: 'Open or overdue (not yet paid)', kind: 'change' },
  { key: 'collected', label: 'Collected', kind: 'total' },
];

/** The bridge for deals closed in `month`. */
export async function readBridge(connection: DuckDBConnection, month: string): Promise<Bridge> {
  const [row] = await queryRows(connection, BRIDGE_SQL, [month]) as [ReportRow];
  return { deals: count(row, 'deals'), steps: STEPS.map((step) => ({ ...step, amount: money(row, step.key) })) };
}
