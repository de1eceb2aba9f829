import type { DuckDBConnection } from '@duckdb/node-api';
import { LEAKAGE_CATEGORIES } from './leakage-categories.ts';
import { count, money, queryRows, text } from './report-rows.ts';

/** One month of the trend: leakage findings and their gap, with the gap per category. */
export interface TrendPoint {
  period: string;
  leakageCount: number;
  leakageGap: string;
  pendingCount: number;
  /** Gap per category (every category seen in the six months; "0.00" where none). */
  gapByCategory: Record<string, string>;
  countByCategory: Record<string, number>;
}

/** The trend over `periods` (oldest first), sums in SQL. */
export async function readTrend(connection: DuckDBConnection, periods: readonly string[]): Promise<TrendPoint[]> {
  const list = periods.map((p) => `'${p}'`).join(', ');
  const totals = await queryRows(connection, `
    SELECT p.period,
      count(l.finding_id) FILTER (WHERE l.is_leakage)::INTEGER AS leakage_n,
      COALESCE(sum(l.gap_amount_reporting) FILTER (WHERE l.is_leakage), 0)::DECIMAL(18,2)::VARCHAR AS leakage_gap,
      count(l.finding_id) FILTER (WHERE l.category = 'pending')::INTEGER AS pending_n
    FROM (SELECT unnest([${list}]) AS period) p LEFT JOIN mart.leakage l ON l.period = p.period
    GROUP BY p.period ORDER BY p.period`);
  const byCategory = await queryRows(connection, `
    SELECT period, category, count(*)::INTEGER AS n, COALESCE(sum(gap_amount_reporting), 0)::DECIMAL(18,2)::VARCHAR AS gap
    FROM mart.leakage WHERE period IN (${list}) GROUP BY period, category`);
  // finance's category order, then any category this version does not know: the same data gives the same columns
  const order = (c: string): number => {
    const known = LEAKAGE_CATEGORIES.findIndex((info) => info.category === c);
    return known < 0 ? LEAKAGE_CATEGORIES.length : known;
  };
  const categories = [...new Set(byCategory.map((row) => text(row, 'category') ?? ''))].sort((a, b) => order(a) - order(b) || a.localeCompare(b));
  return totals.map((row) => {
    const period = text(row, 'period') ?? '';
    const mine = byCategory.filter((r) => text(r, 'period') === period);
    const find = (category: string) => mine.find((r) => text(r, 'category') === category);
    return {
      period,
      leakageCount: count(row, 'leakage_n'),
      leakageGap: money(row, 'leakage_gap'),
      pendingCount: count(row, 'pending_n'),
      gapByCategory: Object.fromEntries(categories.map((c) => [c, find(c) ? money(find(c)!, 'gap') : '0.00'])),
      countByCategory: Object.fromEntries(categories.map((c) => [c, find(c) ? count(find(c)!, 'n') : 0])),
    };
  });
}
