import type { StreamCursor, StreamPage } from '../extract-types.ts';
import { keysetCursor, keysetOf, laterKeyset, type Keyset } from './salesforce-keyset.ts';
import { toExtractedRecord } from './salesforce-record-values.ts';
import { restPath, type SalesforceReadPlan, type SfRecord } from './salesforce-read-plan.ts';
import { soqlName } from './soql-literals.ts';

/** The cursor of a page landed before a bulk load has finished: no keyset yet, so a resumed run loads again. */
const NO_KEYSET_YET: StreamCursor = { systemModstamp: null, id: null };

/**
 * A first full load through Bulk API 2.0 (`queryAll`, so deleted rows come too), landed page by page
 * as the result streams in, so memory stays flat however large the object. Bulk results come in no
 * useful order, so pages before the last keep "no keyset yet" as their cursor and the last page
 * commits the highest (SystemModstamp, Id) seen. A run killed half-way loads the object again; the
 * versions it already landed are not landed twice (see `_version`), and the REST keyset scan that
 * follows picks up everything changed since the job ran.
 */
export async function* readBulkFullLoad(plan: SalesforceReadPlan): AsyncGenerator<StreamPage> {
  const object = plan.stream.stream;
  const soql = `SELECT ${plan.fields.map(soqlName).join(', ')} FROM ${soqlName(object)}`;
  const rows = await plan.api.call({ method: 'POST', endpoint: restPath(plan, '/jobs/query') }, () =>
    plan.conn.bulk2.query(soql, { scanAll: true, pollInterval: plan.bulkPollIntervalMs, pollTimeout: plan.bulkPollTimeoutMs }));
  let latest: Keyset | null = null;
  let page: SfRecord[] = [];
  for await (const row of rows) {
    const record = row as SfRecord;
    latest = laterKeyset(latest, keysetOf(object, record));
    page.push(record);
    if (page.length >= plan.pageSize) {
      plan.signal.throwIfAborted();
      yield { records: page.map((r) => toExtractedRecord(plan.stream, r)), cursor: NO_KEYSET_YET };
      page = [];
    }
  }
  yield { records: page.map((r) => toExtractedRecord(plan.stream, r)), cursor: latest ? keysetCursor(latest) : NO_KEYSET_YET };
}
