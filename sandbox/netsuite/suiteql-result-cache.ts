import type { ItemEncoder } from './item-encoder.ts';

/** One executed SuiteQL query: its rows (up to the reachable cap) and the true total. */
export interface QueryResult {
  encoder: ItemEncoder;
  totalResults: number;
}

interface Entry {
  result: QueryResult;
  version: number;
  storedAt: number;
}

/**
 * Keeps the last few SuiteQL results so paging through one query (offset 1000, 2000, …) reads the
 * rows already computed instead of running the query again per page. Any record-API write bumps
 * the data version and so retires every entry.
 */
export class SuiteqlResultCache {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly maxRows: number;
  private readonly ttlMs: number;
  private version = 0;

  /** At most `maxEntries` queries and `maxRows` rows in all (the newest result always stays). */
  constructor(maxEntries = 4, maxRows = 250_000, ttlMs = 10 * 60_000) {
    this.maxEntries = maxEntries;
    this.maxRows = maxRows;
    this.ttlMs = ttlMs;
  }

  /** The data changed: cached results no longer describe it. */
  invalidate(): void {
    this.version += 1;
    this.entries.clear();
  }

  get(query: string, now: number = Date.now()): QueryResult | undefined {
    const entry = this.entries.get(query);
    if (!entry) return undefined;
    if (entry.version !== this.version || now - entry.storedAt > this.ttlMs) {
      this.entries.delete(query);
      return undefined;
    }
    // Re-insert: the map's order is least recently used first.
    this.entries.delete(query);
    this.entries.set(query, entry);
    return entry.result;
  }

  /** Stores a result computed from the data as of `version` (ignored when a write came since). */
  set(query: string, result: QueryResult, version: number, now: number = Date.now()): void {
    if (version !== this.version) return;
    this.entries.delete(query);
    this.entries.set(query, { result, version, storedAt: now });
    while (this.entries.size > 1 && (this.entries.size > this.maxEntries || this.cachedRows() > this.maxRows)) {
      this.entries.delete(this.entries.keys().next().value!);
    }
  }

  private cachedRows(): number {
    let rows = 0;
    for (const entry of this.entries.values()) rows += entry.result.encoder.rowCount;
    return rows;
  }

  /** The data version; read it before running a query, pass it to `set` after. */
  currentVersion(): number {
    return this.version;
  }
}
