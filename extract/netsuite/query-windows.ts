import type { SuiteqlPage } from '../../systems/clients/netsuite-client.ts';
import type { Keyset } from './suiteql-builder.ts';

export type SuiteqlItem = SuiteqlPage['items'][number];

export interface QueryWindowOptions {
  /** Rows per SuiteQL page (1..1000). */
  pageSize: number;
  /** Rows one query may page through before a new query starts from the keyset (SuiteQL stops at offset 100,000). */
  queryWindow: number;
}

export interface WindowPage {
  items: SuiteqlItem[];
  /** Keyset of the last item that has one (unchanged when none does). */
  after: Keyset | null;
}

export interface WindowSource {
  /** The query for rows after a keyset; `first` marks the run's first query (a lookback may apply). */
  query(after: Keyset | null, first: boolean): string;
  fetch(query: string, limit: number, offset: number): Promise<SuiteqlPage>;
  /** The keyset of an item, or undefined when it has none (no modification time). */
  keysetOf(item: SuiteqlItem): Keyset | undefined;
}

/**
 * Pages through one query with limit/offset and starts a new query from the last keyset before the
 * offset would reach the window, so no query hits SuiteQL's 100,000-row cap. A full window always
 * leads to a new query (which may come back empty), since a capped query's last page says `hasMore: false`.
 */
export async function* readInWindows(source: WindowSource, start: Keyset | null, options: QueryWindowOptions, signal: AbortSignal): AsyncGenerator<WindowPage> {
  if (options.pageSize < 1 || options.pageSize > 1000) throw new Error(`NetSuite page size ${options.pageSize} is out of range: SuiteQL pages hold 1 to 1000 rows.`);
  if (options.queryWindow < options.pageSize) throw new Error(`NetSuite query window ${options.queryWindow} must be at least the page size ${options.pageSize}.`);
  let after = start;
  let query = source.query(after, true);
  let offset = 0;
  while (!signal.aborted) {
    const limit = Math.min(options.pageSize, options.queryWindow - offset);
    const page = await source.fetch(query, limit, offset);
    for (const item of page.items) after = source.keysetOf(item) ?? after;
    if (page.items.length) yield { items: page.items, after };
    if (page.items.length === 0) return;
    offset += page.items.length;
    // A query capped at the window reports no more rows at its end even when the table holds more.
    if (offset >= options.queryWindow) {
      query = source.query(after, false);
      offset = 0;
    } else if (!page.hasMore) {
      return;
    }
  }
}
