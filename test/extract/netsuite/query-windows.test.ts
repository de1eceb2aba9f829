import { describe, expect, it } from 'vitest';
import type { SuiteqlPage } from '../../../systems/clients/netsuite-client.ts';
import { readInWindows, type WindowSource } from '../../../extract/netsuite/query-windows.ts';
import type { Keyset } from '../../../extract/netsuite/suiteql-builder.ts';

/** 23 rows, 5 per second; a fake SuiteQL that pages a keyset query with a row cap like NetSuite's. */
const ROWS = Array.from({ length: 23 }, (_, i) => ({ id: String(i + 1), at: `2024-01-01 00:00:0${Math.floor(i / 5)}` }));

function fakeSource(cap: number): WindowSource & { requests: { query: string; limit: number; offset: number }[] } {
  const requests: { query: string; limit: number; offset: number }[] = [];
  return {
    requests,
    query: (after: Keyset | null) => (after ? `${after.local}|${after.ids[0]}` : 'start'),
    keysetOf: (item) => ({ local: String(item.at), ids: [Number(item.id)] }),
    fetch: (query, limit, offset): Promise<SuiteqlPage> => {
      requests.push({ query, limit, offset });
      if (offset >= cap) throw new Error(`offset ${offset} reached the cap ${cap}`);
      const [at, id] = query === 'start' ? ['', 0] : [query.split('|')[0]!, Number(query.split('|')[1])];
      const matching = ROWS.filter((r) => r.at > at || (r.at === at && Number(r.id) > id)).slice(0, cap);
      const items = matching.slice(offset, offset + limit);
      return Promise.resolve({ count: items.length, hasMore: offset + items.length < matching.length, offset, totalResults: matching.length, items });
    },
  };
}

describe('SuiteQL query windows', () => {
  it('starts a new keyset query before the offset reaches the cap, losing and repeating nothing', async () => {
    const source = fakeSource(10);
    const ids: string[] = [];
    for await (const page of readInWindows(source, null, { pageSize: 4, queryWindow: 10 }, new AbortController().signal)) ids.push(...page.items.map((i) => String(i.id)));
    expect(ids).toEqual(ROWS.map((r) => r.id));
    expect(source.requests.every((r) => r.offset + r.limit <= 10)).toBe(true);
    expect(source.requests.map((r) => [r.query, r.offset, r.limit])).toEqual([
      ['start', 0, 4], ['start', 4, 4], ['start', 8, 2],
      ['2024-01-01 00:00:01|10', 0, 4], ['2024-01-01 00:00:01|10', 4, 4], ['2024-01-01 00:00:01|10', 8, 2],
      ['2024-01-01 00:00:03|20', 0, 4],
    ]);
    // Exactly one window's worth of rows: the capped query says no more, the next query confirms it.
    const exact = fakeSource(23);
    const count = [];
    for await (const page of readInWindows(exact, null, { pageSize: 23, queryWindow: 23 }, new AbortController().signal)) count.push(page.items.length);
    expect(count).toEqual([23]);
    expect(exact.requests.map((r) => r.query)).toEqual(['start', '2024-01-01 00:00:04|23']);
  });

  it('reports the keyset of the last row of each page', async () => {
    const pages = [];
    for await (const page of readInWindows(fakeSource(100), { local: '2024-01-01 00:00:02', ids: [12] }, { pageSize: 5, queryWindow: 100 }, new AbortController().signal)) pages.push(page.after);
    expect(pages).toEqual([{ local: '2024-01-01 00:00:03', ids: [17] }, { local: '2024-01-01 00:00:04', ids: [22] }, { local: '2024-01-01 00:00:04', ids: [23] }]);
  });

  it('stops between pages when aborted and refuses impossible page sizes', async () => {
    const controller = new AbortController();
    const seen: number[] = [];
    for await (const page of readInWindows(fakeSource(100), null, { pageSize: 5, queryWindow: 100 }, controller.signal)) {
      seen.push(page.items.length);
      controller.abort();
    }
    expect(seen).toEqual([5]);
    await expect(readInWindows(fakeSource(100), null, { pageSize: 1001, queryWindow: 100_000 }, controller.signal).next()).rejects.toThrow(/1 to 1000/);
  });
});
