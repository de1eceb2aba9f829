import type { DuckDBConnection } from '@duckdb/node-api';
import { categoryValuesSql } from './leakage-categories.ts';
import { count, money, queryRows, text, type ReportRow } from './report-rows.ts';

/** One of the largest findings of a category. */
export interface TopItem {
  category: string;
  rank: number;
  findingId: string;
  system: string | null;
  opportunityId: string | null;
  opportunityName: string | null;
  customerName: string | null;
  owner: string | null;
  closeDate: string | null;
  currency: string | null;
  dealAmount: string | null;
  invoicedAmount: string | null;
  reportingCurrency: string | null;
  gapReporting: string;
  daysSinceClose: number | null;
  matchMethod: string | null;
  evidence: string | null;
}

/** The `limit` largest findings (by absolute gap in reporting currency) per category of `month`. */
export async function readTopItems(connection: DuckDBConnection, month: string, limit: number): Promise<TopItem[]> {
  const rows = await queryRows(connection, `
    WITH known(category, label, grp, ord) AS (VALUES ${categoryValuesSql()}),
    ranked AS (
      -- Ranks the keys only: a window over every column would hold all the month's findings in memory.
      SELECT l.finding_id, COALESCE(k.ord, 99) AS ord,
        row_number() OVER (PARTITION BY l.category ORDER BY abs(l.gap_amount_reporting) DESC NULLS LAST, l.finding_id) AS rank
      FROM mart.leakage l LEFT JOIN known k USING (category) WHERE l.period = $1
      QUALIFY rank <= $2
    )
    SELECT category, rank::INTEGER AS rank, finding_id, system, opportunity_id, opportunity_name, customer_name, owner,
      close_date::VARCHAR AS close_date, currency, deal_amount::VARCHAR AS deal_amount, invoiced_amount::VARCHAR AS invoiced_amount,
      reporting_currency, gap_amount_reporting::VARCHAR AS gap, days_since_close::INTEGER AS days_since_close, match_method, evidence
    FROM ranked JOIN mart.leakage USING (finding_id) WHERE period = $1 ORDER BY ord, category, rank`, [month, limit]);
  return rows.map(topItem);
}

function topItem(row: ReportRow): TopItem {
  return {
    category: text(row, 'category') ?? '',
    rank: count(row, 'rank'),
    findingId: text(row, 'finding_id') ?? '',
    system: text(row, 'system'),
    opportunityId: text(row, 'opportunity_id'),
    opportunityName: text(row, 'opportunity_name'),
    customerName: text(row, 'customer_name'),
    owner: text(row, 'owner'),
    closeDate: text(row, 'close_date'),
    currency: text(row, 'currency'),
    dealAmount: text(row, 'deal_amount'),
    invoicedAmount: text(row, 'invoiced_amount'),
    reportingCurrency: text(row, 'reporting_currency'),
    gapReporting: money(row, 'gap'),
    daysSinceClose: row.days_since_close === null ? null : count(row, 'days_since_close'),
    matchMethod: text(row, 'match_method'),
    evidence: text(row, 'evidence'),
  };
}
