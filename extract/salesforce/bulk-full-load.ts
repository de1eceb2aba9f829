import type { StreamPage } from '../extract-types.ts';
import { compareKeysets, keysetCursor, keysetOf, type Keyset } from './salesforce-keyset.ts';
import { toExtractedRecord } from './salesforce-record-values.ts';
import { restPath, type SalesforceReadPlan, type SfRecord } from './salesforce-read-plan.ts';
import { soqlName } from './soql-literals.ts';

/**
 * A first full load through Bulk API 2.0 (`queryAll`, so deleted rows come too). jsforce reads the
 * whole result before it returns, so the rows are sorted by (SystemModstamp, Id) here and landed in
 * pages whose cursor is the last row's keyset: a run killed half-way resumes with the REST keyset
 * scan from the last committed page, which also picks up everything changed since the job ran.
 */
export async function* readBulkFullLoad(plan: SalesforceReadPlan): AsyncGenerator<StreamPage> {
  const object = plan.stream.stream;
  const soql = `SELECT ${plan.fields.map(soqlName).join(', ')} FROM ${soqlName(object)}`;
  const rows = await plan.api.call({ method: 'POST', endpoint: restPath(plan, '/jobs/query') }, () => bulkQuery(plan, soql));
  const keyed = rows.map((row) => ({ row, key: keysetOf(object, row) }));
  keyed.sort((a, b) => compareKeysets(a.key, b.key));
  for (let offset = 0; offset < keyed.length; offset += plan.pageSize) {
    plan.signal.throwIfAborted();
    const page = keyed.slice(offset, offset + plan.pageSize);
    const last: Keyset = page.at(-1)!.key;
    yield { records: page.map(({ row }) => toExtractedRecord(plan.stream, row)), cursor: keysetCursor(last) };
  }
}

async function bulkQuery(plan: SalesforceReadPlan, soql: string): Promise<SfRecord[]> {
  const stream = await plan.conn.bulk2.query(soql, { scanAll: true, pollInterval: plan.bulkPollIntervalMs, pollTimeout: plan.bulkPollTimeoutMs });
  const rows: SfRecord[] = [];
  for await (const row of stream) rows.push(row as SfRecord);
  return rows;
}
