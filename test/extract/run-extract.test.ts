import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { runExtract, type ExtractProgress } from '../../extract/run-extract.ts';
import { readCursor } from '../../extract/state/cursor-store.ts';
import type { QuotaUsage, ReadContext, SourceConnector, SourceName, StreamCursor, StreamDescription, StreamPage } from '../../extract/extract-types.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import { useWarehouseFixture } from '../warehouse/warehouse-fixture.ts';

const fixture = useWarehouseFixture();

interface FakeRow {
  id: string;
  seq: number;
}

/**
 * A connector over in-memory rows: pages of `pageSize` after the cursor's `seq`, each page fetched
 * through ctx.api (so calls are recorded and the quota checked). `failAt` throws when reading that seq.
 */
class FakeConnector implements SourceConnector {
  readonly source: SourceName;
  readonly reads: { stream: string; cursor: StreamCursor | null }[] = [];
  usage: QuotaUsage | undefined;
  readonly #streams: Record<string, { rows: FakeRow[]; failAt?: number }>;

  constructor(source: SourceName, streams: Record<string, { rows: FakeRow[]; failAt?: number }>) {
    this.source = source;
    this.#streams = streams;
  }

  async testConnection(): Promise<void> {}

  async describe(): Promise<StreamDescription[]> {
    return Object.keys(this.#streams).map((stream) => ({
      source: this.source, stream, table: `${this.source}__${stream.toLowerCase()}`, primaryKey: 'id',
      columns: [{ name: 'id', type: 'VARCHAR' }, { name: 'seq', type: 'BIGINT' }],
    }));
  }

  async *read(stream: StreamDescription, ctx: ReadContext): AsyncIterable<StreamPage> {
    this.reads.push({ stream: stream.stream, cursor: ctx.cursor });
    const spec = this.#streams[stream.stream]!;
    let after = typeof ctx.cursor?.seq === 'number' ? ctx.cursor.seq : 0;
    for (;;) {
      const rows = await ctx.api.call({ method: 'GET', endpoint: `/${stream.stream}?after=${after}` }, async () => {
        const page = spec.rows.filter((r) => r.seq > after).slice(0, 2);
        if (spec.failAt !== undefined && page.some((r) => r.seq === spec.failAt)) {
          throw Object.assign(new Error('HTTP-Code: 400'), { code: 400, body: { category: 'VALIDATION_ERROR', message: `bad filter at ${spec.failAt}` }, headers: {} });
        }
        return page;
      });
      if (rows.length === 0) return;
      after = rows.at(-1)!.seq;
      yield { records: rows.map((r) => ({ id: r.id, deleted: false, raw: r, values: { ...r } })), cursor: { seq: after } };
    }
  }

  quota(): QuotaUsage | undefined {
    return this.usage;
  }
}

function rows(n: number): FakeRow[] {
  return Array.from({ length: n }, (_, i) => ({ id: `r${i + 1}`, seq: i + 1 }));
}

async function count(warehouse: Warehouse, table: string): Promise<number> {
  const result = await sql<{ n: number }>`SELECT count(*)::INT AS n FROM ${sql.raw(table)}`.execute(warehouse.db);
  return result.rows[0]!.n;
}

describe('runExtract', () => {
  it('lands every page with its cursor and api calls, and resumes from the cursor next run', async () => {
    const warehouse = await fixture.openMigrated();
    const connector = new FakeConnector('netsuite', { customer: { rows: rows(5) } });
    const events: ExtractProgress[] = [];
    const first = await runExtract(warehouse, [connector], { runId: 'run-1', onProgress: (e) => events.push(e) });
    expect(first.status).toBe('ok');
    expect(first.streams).toEqual([expect.objectContaining({ stream: 'customer', pages: 3, records: 5, apiCalls: 4, status: 'ok' })]);
    expect(await count(warehouse, 'raw.netsuite__customer')).toBe(5);
    expect(await count(warehouse, 'meta.api_calls')).toBe(5); // four pages and the describe
    expect(await readCursor(warehouse.db, 'netsuite', 'customer')).toEqual({ seq: 5 });
    expect(events.filter((e) => e.kind === 'page-landed')).toHaveLength(3);

    const second = await runExtract(warehouse, [connector], { runId: 'run-2' });
    expect(connector.reads[1]).toEqual({ stream: 'customer', cursor: { seq: 5 } });
    expect(second.streams[0]).toMatchObject({ pages: 0, records: 0, apiCalls: 1 });

    await runExtract(warehouse, [connector], { runId: 'run-3', fullRefresh: ['netsuite/customer'] });
    expect(connector.reads[2]).toEqual({ stream: 'customer', cursor: null });
    expect(await count(warehouse, 'raw.netsuite__customer')).toBe(10); // append-only: the first load stays
  });

  it('records a failing stream with a readable message and goes on with the other streams', async () => {
    const warehouse = await fixture.openMigrated();
    const connector = new FakeConnector('hubspot', { deals: { rows: rows(5), failAt: 4 }, companies: { rows: rows(3) } });
    const summary = await runExtract(warehouse, [connector], { runId: 'run-1' });
    expect(summary.status).toBe('failed');
    const [deals, companies] = summary.streams;
    expect(deals).toMatchObject({ status: 'failed', pages: 1, records: 2 });
    expect(deals?.message).toMatch(/hubspot\/deals failed after record r2 .*HTTP 400 VALIDATION_ERROR: bad filter at 4.*resumes from its last committed page/);
    expect(companies).toMatchObject({ status: 'ok', records: 3 });
    expect(await readCursor(warehouse.db, 'hubspot', 'deals')).toEqual({ seq: 2 });
    // the failed call is logged even though no page carried it
    const failed = await sql<{ n: number }>`SELECT count(*)::INT AS n FROM meta.api_calls WHERE status = 400`.execute(warehouse.db);
    expect(failed.rows[0]!.n).toBe(1);
  });

  it('stops a source gracefully at its quota share while other sources finish', async () => {
    const warehouse = await fixture.openMigrated();
    const throttled = new FakeConnector('salesforce', { Account: { rows: rows(6) }, Opportunity: { rows: rows(2) } });
    throttled.usage = { used: 85, limit: 100 };
    const healthy = new FakeConnector('netsuite', { customer: { rows: rows(3) } });
    const summary = await runExtract(warehouse, [throttled, healthy], { runId: 'run-1', api: { stopShare: 0.8 } });
    expect(summary.status).toBe('warning');
    const byName = Object.fromEntries(summary.streams.map((s) => [`${s.source}/${s.stream}`, s]));
    // The describe call already crossed the share: nothing more is sent to Salesforce.
    expect(byName['salesforce/Account']).toMatchObject({ status: 'quota_stopped', pages: 0, records: 0 });
    expect(byName['salesforce/Account']?.message).toMatch(/stopped at 85\/100/);
    expect(byName['salesforce/Opportunity']).toMatchObject({ status: 'quota_stopped', pages: 0 });
    expect(byName['netsuite/customer']).toMatchObject({ status: 'ok', records: 3 });
    expect(await readCursor(warehouse.db, 'salesforce', 'Account')).toBeNull();
  });

  it('finishes the current page and stops when aborted', async () => {
    const warehouse = await fixture.openMigrated();
    const connector = new FakeConnector('netsuite', { customer: { rows: rows(6) }, currency: { rows: rows(2) } });
    const stop = new AbortController();
    const summary = await runExtract(warehouse, [connector], {
      runId: 'run-1', signal: stop.signal,
      onProgress: (e) => {
        if (e.kind === 'page-landed') stop.abort();
      },
    });
    expect(summary.status).toBe('warning');
    expect(summary.streams.map((s) => [s.stream, s.status, s.records])).toEqual([['customer', 'interrupted', 2], ['currency', 'interrupted', 0]]);
    expect(await readCursor(warehouse.db, 'netsuite', 'customer')).toEqual({ seq: 2 });
  });
});
