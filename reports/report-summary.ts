import type { DuckDBConnection } from '@duckdb/node-api';
import { categoryValuesSql } from './leakage-categories.ts';
import { count, money, queryRows, text, type ReportRow } from './report-rows.ts';

/** One line of the summary: a category (or a total) this month against the prior month. */
export interface SummaryLine {
  /** The category, or `total_leakage` / `total_findings` for the two total lines. */
  key: string;
  label: string;
  group: string;
  count: number;
  /** Σ deal amount (the invoiced amount for invoices without a deal), reporting currency. */
  amount: string;
  /** Σ gap (deal − net invoiced), reporting currency. */
  gap: string;
  priorCount: number;
  priorGap: string;
  changeCount: number;
  changeGap: string;
  /** Change of the gap in percent of the prior month's, one decimal; null when the prior month had none. */
  changeGapPct: string | null;
}

/** The finding's amount in reporting currency: the deal's, or the invoice's for an invoice without a deal. */
export const FINDING_AMOUNT_SQL = "CASE WHEN category = 'invoiced_without_deal' THEN invoiced_amount_reporting ELSE deal_amount_reporting END";

/** Summary by category for `month` against `prior`, all sums in SQL DECIMALs; totals last. */
export async function readSummary(connection: DuckDBConnection, month: string, prior: string): Promise<SummaryLine[]> {
  const rows = await queryRows(connection, `
    WITH known(category, label, grp, ord) AS (VALUES ${categoryValuesSql()}),
    cats AS (
      SELECT * FROM known
      UNION ALL
      SELECT DISTINCT category, category, 'other', 99 FROM mart.leakage
      WHERE period IN ($1, $2) AND category NOT IN (SELECT category FROM known)
    ),
    findings AS (
      SELECT category, period, is_leakage, ${FINDING_AMOUNT_SQL} AS amount, gap_amount_reporting AS gap
      FROM mart.leakage WHERE period IN ($1, $2)
    ),
    lines AS (
      SELECT c.category AS key, c.label, c.grp, c.ord, f.period, f.amount, f.gap
      FROM cats c LEFT JOIN findings f ON f.category = c.category
      UNION ALL
      SELECT 'total_leakage', 'Total leakage', 'total', 100, period, amount, gap FROM findings WHERE is_leakage
      UNION ALL
      SELECT 'total_findings', 'All findings', 'total', 101, period, amount, gap FROM findings
      UNION ALL
      SELECT key, label, 'total', ord, NULL, NULL, NULL
      FROM (VALUES ('total_leakage', 'Total leakage', 100), ('total_findings', 'All findings', 101)) t(key, label, ord)
    ),
    agg AS (
      SELECT key, label, grp, ord,
        count(*) FILTER (WHERE period = $1) AS n,
        COALESCE(sum(amount) FILTER (WHERE period = $1), 0) AS amount,
        COALESCE(sum(gap) FILTER (WHERE period = $1), 0) AS gap,
        count(*) FILTER (WHERE period = $2) AS prior_n,
        COALESCE(sum(gap) FILTER (WHERE period = $2), 0) AS prior_gap
      FROM lines GROUP BY key, label, grp, ord
    )
    SELECT key, label, grp, n::INTEGER AS n, amount::DECIMAL(18,2)::VARCHAR AS amount, gap::DECIMAL(18,2)::VARCHAR AS gap,
      prior_n::INTEGER AS prior_n, prior_gap::DECIMAL(18,2)::VARCHAR AS prior_gap, (n - prior_n)::INTEGER AS change_n,
      (gap - prior_gap)::DECIMAL(18,2)::VARCHAR AS change_gap,
      CASE WHEN prior_gap <> 0 THEN round(100 * (gap - prior_gap) / abs(prior_gap), 1)::DECIMAL(18,1)::VARCHAR END AS change_pct
    FROM agg ORDER BY ord, key`, [month, prior]);
  return rows.map(summaryLine);
}

function summaryLine(row: ReportRow): SummaryLine {
  return {
    key: text(row, 'key') ?? '',
    label: text(row, 'label') ?? '',
    group: text(row, 'grp') ?? '',
    count: count(row, 'n'),
    amount: money(row, 'amount'),
    gap: money(row, 'gap'),
    priorCount: count(row, 'prior_n'),
    priorGap: money(row, 'prior_gap'),
    changeCount: count(row, 'change_n'),
    changeGap: money(row, 'change_gap'),
    changeGapPct: text(row, 'change_pct'),
  };
}
