import type { StreamCursor, StreamPage } from '../extract-types.ts';
import { firstBound, keysetCursor, keysetOf, keysetSoql, laterKeyset, type Keyset, type QueryBound } from './salesforce-keyset.ts';
import { toExtractedRecord } from './salesforce-record-values.ts';
import { restPath, type SalesforceReadPlan, type SfRecord } from './salesforce-read-plan.ts';

/**
 * Reads a stream with REST `queryAll` (deleted rows included) as a keyset scan over
 * (SystemModstamp, Id). Each page is a fresh query strictly after the last record of the previous
 * page, so records sharing a timestamp across a page boundary are read exactly once, and a record
 * updated while paging moves to the end of the scan and is read there. Only the first query of a
 * read looks back `lookbackSeconds` before the cursor, to catch records whose transaction
 * committed after a later SystemModstamp had already been read; the committed cursor never moves
 * backwards. Records in that window that were already landed are landed again as the same version
 * (same Id and SystemModstamp): raw is append-only, and staging keeps one row per Id (the latest
 * SystemModstamp), so they are not duplicated there. With `lookbackSeconds: 0` nothing is re-read.
 */
export async function* readRestKeyset(plan: SalesforceReadPlan, start: Keyset | null): AsyncGenerator<StreamPage> {
  const object = plan.stream.stream;
  let bound: QueryBound = firstBound(start, plan.lookbackSeconds);
  let committed = start;
  for (;;) {
    plan.signal.throwIfAborted();
    const rows = await queryAllRows(plan, keysetSoql(object, plan.fields, bound, plan.pageSize));
    if (rows.length === 0) return;
    const last = keysetOf(object, rows.at(-1)!);
    committed = laterKeyset(committed, last);
    const cursor: StreamCursor = keysetCursor(committed!);
    yield { records: rows.map((row) => toExtractedRecord(plan.stream, row)), cursor };
    if (rows.length < plan.pageSize) return;
    bound = { kind: 'after', key: last };
  }
}

/** Runs one SOQL query with scanAll; follows queryMore only when the page is larger than one REST batch. */
export async function queryAllRows(plan: SalesforceReadPlan, soql: string): Promise<SfRecord[]> {
  const { conn, api } = plan;
  let result = await api.call({ method: 'GET', endpoint: restPath(plan, '/queryAll') }, async () => await conn.query<SfRecord>(soql, { scanAll: true, autoFetch: false }));
  const rows = [...result.records];
  while (!result.done && result.nextRecordsUrl) {
    const locator = result.nextRecordsUrl;
    result = await api.call({ method: 'GET', endpoint: restPath(plan, '/query/<locator>') }, async () => await conn.queryMore<SfRecord>(locator));
    rows.push(...result.records);
  }
  return rows;
}

/** `SELECT COUNT() FROM <object>`: how many live records the object has. */
export async function countRecords(plan: SalesforceReadPlan): Promise<number> {
  const soql = `SELECT COUNT() FROM ${plan.stream.stream}`;
  const result = await plan.api.call({ method: 'GET', endpoint: restPath(plan, '/query') }, async () => await plan.conn.query(soql));
  return result.totalSize;
}
