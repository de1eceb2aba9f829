import type { Connection } from 'jsforce';
import type { Client as HubspotClient } from '@hubspot/api-client';
import type NetsuiteRest from 'netsuite-rest';
import { suiteqlPage } from '../../systems/clients/netsuite-client.ts';

/** Records read from one object by paging through it with an official client. */
export interface PagedObject {
  system: 'salesforce' | 'hubspot' | 'netsuite';
  object: string;
  records: number;
  pages: number;
  ms: number;
}

type OnRecords = (records: readonly object[]) => void;

async function timed(system: PagedObject['system'], object: string, read: (count: (n: number) => void) => Promise<void>): Promise<PagedObject> {
  const started = performance.now();
  const result: PagedObject = { system, object, records: 0, pages: 0, ms: 0 };
  await read((n) => {
    result.records += n;
    result.pages += 1;
  });
  result.ms = performance.now() - started;
  return result;
}

/** Pages through every field of every record (deleted ones too: queryAll) with REST query / queryMore. */
export async function pageSalesforceObject(conn: Connection, object: string, onRecords?: OnRecords): Promise<PagedObject> {
  const describe = await conn.describe(object);
  const soql = `SELECT ${describe.fields.map((f) => f.name).join(', ')} FROM ${object}`;
  return timed('salesforce', object, async (count) => {
    let page = await conn.query(soql, { autoFetch: false, scanAll: true });
    for (;;) {
      count(page.records.length);
      onRecords?.(page.records);
      if (page.done || !page.nextRecordsUrl) break;
      page = await conn.queryMore(page.nextRecordsUrl);
    }
  });
}

/** Pages through every property of every record (archived ones too) with the list endpoint, 100 a page. */
export async function pageHubspotObject(client: HubspotClient, objectType: string, onRecords?: OnRecords): Promise<PagedObject> {
  const properties = (await client.crm.properties.coreApi.getAll(objectType)).results.map((p) => p.name);
  return timed('hubspot', objectType, async (count) => {
    for (const archived of [false, true]) {
      let after: string | undefined;
      do {
        const page = await client.crm.objects.basicApi.getPage(objectType, 100, after, properties, undefined, undefined, archived);
        count(page.results.length);
        onRecords?.(page.results);
        after = page.paging?.next?.after;
      } while (after);
    }
  });
}

/**
 * Pages through a NetSuite table with SuiteQL: 1,000 rows a page, in keyset windows of at most
 * 100,000 rows (the most one SuiteQL query can reach), ordered by the table's key.
 */
export async function pageNetsuiteTable(client: NetsuiteRest, table: string, key: string, onRecords?: OnRecords): Promise<PagedObject> {
  return timed('netsuite', table, async (count) => {
    let last: string | undefined;
    for (;;) {
      const query = `SELECT * FROM ${table}${last === undefined ? '' : ` WHERE ${key} > ${Number(last)}`} ORDER BY ${key}`;
      let offset = 0;
      let page;
      do {
        page = await suiteqlPage(client, query, 1000, offset);
        count(page.items.length);
        onRecords?.(page.items);
        offset += page.items.length;
        const lastItem = page.items.at(-1);
        if (lastItem) last = String(lastItem[key]);
      } while (page.hasMore && offset < 100_000);
      if (!page.hasMore) return;
    }
  });
}
