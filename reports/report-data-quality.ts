import type { DuckDBConnection } from '@duckdb/node-api';
import { FINDING_AMOUNT_SQL } from './report-summary.ts';
import { count, money, queryRows, text } from './report-rows.ts';

/** Match coverage of one system's customer records (mart.customer_xref). */
export interface MatchCoverage {
  system: string;
  records: number;
  linked: number;
  review: number;
  unmatched: number;
  /** Linked records in percent of the system's records, one decimal. */
  linkedPct: string | null;
}

/** A CRM account whose closed-won deals of the month have no ERP customer. */
export interface UnmatchedCustomer {
  system: string | null;
  crmAccountId: string | null;
  customerName: string | null;
  deals: number;
  wonAmount: string;
}

export interface DataQuality {
  coverage: MatchCoverage[];
  unmatchedRecords: number;
  reviewRecords: number;
  unmatchedCustomers: UnmatchedCustomer[];
  /** Records set aside during extract or build (meta.dq_exceptions). */
  quarantinedRecords: number;
}

/** Data-quality figures: coverage by system, unmatched won customers of `month`, quarantined records. */
export async function readDataQuality(connection: DuckDBConnection, month: string, limit: number): Promise<DataQuality> {
  const coverageRows = await queryRows(connection, `
    SELECT system, count(*)::INTEGER AS records,
      count(*) FILTER (WHERE match_status = 'linked')::INTEGER AS linked,
      count(*) FILTER (WHERE match_status = 'review')::INTEGER AS review,
      count(*) FILTER (WHERE match_status = 'unmatched')::INTEGER AS unmatched,
      round(100.0 * count(*) FILTER (WHERE match_status = 'linked') / count(*), 1)::DECIMAL(18,1)::VARCHAR AS linked_pct
    FROM mart.customer_xref GROUP BY system ORDER BY system`);
  const coverage = coverageRows.map((row) => ({
    system: text(row, 'system') ?? '',
    records: count(row, 'records'),
    linked: count(row, 'linked'),
    review: count(row, 'review'),
    unmatched: count(row, 'unmatched'),
    linkedPct: text(row, 'linked_pct'),
  }));
  const unmatchedRows = await queryRows(connection, `
    SELECT system, crm_account_id, max(customer_name) AS customer_name, count(*)::INTEGER AS deals,
      COALESCE(sum(${FINDING_AMOUNT_SQL}), 0)::DECIMAL(18,2)::VARCHAR AS won
    FROM mart.leakage WHERE period = $1 AND category = 'unmatched_customer'
    GROUP BY system, crm_account_id ORDER BY sum(${FINDING_AMOUNT_SQL}) DESC NULLS LAST, system, crm_account_id
    LIMIT $2`, [month, limit]);
  const [quarantine] = await queryRows(connection, 'SELECT count(*)::INTEGER AS n FROM meta.dq_exceptions');
  return {
    coverage,
    unmatchedRecords: coverage.reduce((sum, c) => sum + c.unmatched, 0),
    reviewRecords: coverage.reduce((sum, c) => sum + c.review, 0),
    unmatchedCustomers: unmatchedRows.map((row) => ({
      system: text(row, 'system'),
      crmAccountId: text(row, 'crm_account_id'),
      customerName: text(row, 'customer_name'),
      deals: count(row, 'deals'),
      wonAmount: money(row, 'won'),
    })),
    quarantinedRecords: quarantine ? count(quarantine, 'n') : 0,
  };
}
