import type { DuckDBConnection } from '@duckdb/node-api';
import { readAgingTotals, readTopOverdue, type AgingLine, type AgingTotal } from './report-ar-aging.ts';
import { readBridge, type Bridge } from './report-bridge.ts';
import { readDataQuality, type DataQuality } from './report-data-quality.ts';
import { monthsEndingWith, shiftMonth, type ReportMonth } from './report-month.ts';
import { queryRows, text } from './report-rows.ts';
import { readSummary, type SummaryLine } from './report-summary.ts';
import { readTopItems, type TopItem } from './report-top-items.ts';
import { readTrend, type TrendPoint } from './report-trend.ts';

export const TOP_ITEMS_PER_CATEGORY = 20;
const TREND_MONTHS = 6;
const TOP_OVERDUE_CUSTOMERS = 10;
const UNMATCHED_CUSTOMERS_LISTED = 50;

export interface ReportHeader {
  title: string;
  period: ReportMonth;
  priorPeriod: ReportMonth;
  /** The as-of time of the report, ISO 8601 UTC. */
  asOf: string;
  /** Reporting currency of the amounts summed across deals (null when the marts hold no findings). */
  reportingCurrency: string | null;
  parameters: { name: string; value: string }[];
}

/** Everything the renderers show except the full detail and the full aging list, which they stream. */
export interface LeakageReportData {
  header: ReportHeader;
  summary: SummaryLine[];
  trend: TrendPoint[];
  bridge: Bridge;
  topItems: TopItem[];
  agingTotals: AgingTotal[];
  topOverdue: AgingLine[];
  dataQuality: DataQuality;
}

/** The leakage rules of the config the marts were built with (shown in the header). */
export interface LeakageRules {
  invoicingSlaDays: number;
  tolerancePercent: number;
  toleranceFloor: number;
}

/** Reads the month's report from the marts as they are now (the report does not build them). */
export async function readLeakageReport(connection: DuckDBConnection, month: ReportMonth, asOf: Date, rules?: LeakageRules): Promise<LeakageReportData> {
  const prior = shiftMonth(month, -1);
  const reportingCurrency = await readReportingCurrency(connection);
  return {
    header: {
      title: `Closed-won vs invoiced leakage, ${month}`,
      period: month,
      priorPeriod: prior,
      asOf: asOf.toISOString(),
      reportingCurrency,
      parameters: [
        { name: 'Period', value: `${month} (findings whose deal closed, or orphan invoice is dated, in the month)` },
        { name: 'As of', value: asOf.toISOString() },
        { name: 'Compared with', value: prior },
        { name: 'Reporting currency', value: reportingCurrency ?? '—' },
        ...(rules === undefined ? [] : [
          { name: 'Invoicing SLA', value: `${rules.invoicingSlaDays} days after the close (config leakage.invoicingSlaDays)` },
          { name: 'Amount tolerance', value: `max(${rules.tolerancePercent}% of the deal, ${rules.toleranceFloor}) (config leakage.tolerancePercent, toleranceFloor)` },
        ]),
        { name: 'Top items per category', value: String(TOP_ITEMS_PER_CATEGORY) },
        { name: 'Top items ranked by', value: 'absolute gap in reporting currency' },
      ],
    },
    summary: await readSummary(connection, month, prior),
    trend: await readTrend(connection, monthsEndingWith(month, TREND_MONTHS)),
    bridge: await readBridge(connection, month),
    topItems: await readTopItems(connection, month, TOP_ITEMS_PER_CATEGORY),
    agingTotals: await readAgingTotals(connection),
    topOverdue: await readTopOverdue(connection, TOP_OVERDUE_CUSTOMERS),
    dataQuality: await readDataQuality(connection, month, UNMATCHED_CUSTOMERS_LISTED),
  };
}

/** The reporting currency the marts converted to; several are listed together (a configuration change). */
async function readReportingCurrency(connection: DuckDBConnection): Promise<string | null> {
  const rows = await queryRows(connection, `
    SELECT DISTINCT reporting_currency AS c FROM mart.leakage WHERE reporting_currency IS NOT NULL
    UNION SELECT DISTINCT reporting_currency FROM mart.deal_billing WHERE reporting_currency IS NOT NULL
    ORDER BY 1`);
  const currencies = rows.map((row) => text(row, 'c') ?? '');
  return currencies.length === 0 ? null : currencies.join(', ');
}
