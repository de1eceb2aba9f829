import type { Connection } from 'jsforce';
import type { ApiCaller } from '../systems/api/api-types.ts';
import type { RecordResult } from './crm-writer.ts';

export interface BulkUpdateInput {
  readonly object: string;
  readonly records: readonly Record<string, unknown>[];
  /** `/services/data/vXX.X`, for meta.api_calls. */
  readonly base: string;
  readonly pollIntervalMs: number;
}

const FINAL_STATES = new Set(['JobComplete', 'Failed', 'Aborted']);

/**
 * One Bulk API 2.0 update job, each step its own call (so every request is retried and recorded on
 * its own, and a failed status check never re-uploads the data): open, upload, close, poll, results.
 * Rows in failedResults carry their error; rows Salesforce never processed are retried later.
 */
export async function bulkUpdate(conn: Connection, api: ApiCaller, input: BulkUpdateInput): Promise<RecordResult[]> {
  const jobs = `${input.base}/jobs/ingest`;
  const job = conn.bulk2.createJob({ object: input.object, operation: 'update' });
  await api.call({ method: 'POST', endpoint: jobs }, () => job.open());
  await api.call({ method: 'PUT', endpoint: `${jobs}/{id}/batches` }, () => job.uploadData(sameColumns(input.records)));
  await api.call({ method: 'PATCH', endpoint: `${jobs}/{id}` }, () => job.close());
  const state = await waitForJob(api, jobs, () => job.check(), input.pollIntervalMs);
  if (state.state !== 'JobComplete') throw new Error(`Salesforce Bulk API job ${job.id ?? ''} for ${input.object} ended ${state.state}: ${state.errorMessage ?? 'no message'}`);
  const [succeeded, failed] = await Promise.all([
    api.call({ method: 'GET', endpoint: `${jobs}/{id}/successfulResults` }, () => job.getSuccessfulResults()),
    api.call({ method: 'GET', endpoint: `${jobs}/{id}/failedResults` }, () => job.getFailedResults()),
  ]);
  const outcomes = new Map<string, RecordResult>();
  for (const row of succeeded as unknown as Record<string, string>[]) outcomes.set(rowId(row), { recordId: rowId(row), ok: true });
  for (const row of failed as unknown as Record<string, string>[]) outcomes.set(rowId(row), failedRow(rowId(row), row.sf__Error ?? ''));
  return input.records.map((r) => outcomes.get(String(r.Id)) ?? { recordId: String(r.Id), ok: false, code: 'UNPROCESSED', message: 'Salesforce did not process this row of the job' });
}

/**
 * Every row gets every column of the job: jsforce takes the CSV header from the records' keys, and an
 * empty cell leaves a field unchanged (null would be sent as #N/A, which clears it).
 */
function sameColumns(records: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  const columns = [...new Set(records.flatMap((r) => Object.keys(r)))];
  return records.map((r) => Object.fromEntries(columns.map((c) => [c, r[c]])));
}

async function waitForJob(api: ApiCaller, jobs: string, check: () => Promise<{ state: string; errorMessage?: string }>, intervalMs: number): Promise<{ state: string; errorMessage?: string }> {
  for (let wait = intervalMs; ; wait = Math.min(wait * 2, 10_000)) {
    const info = await api.call({ method: 'GET', endpoint: `${jobs}/{id}` }, check);
    if (FINAL_STATES.has(info.state)) return info;
    await new Promise((resolve) => setTimeout(resolve, wait));
  }
}

/** The record's Id: the uploaded column (sf__Id may be empty on failed rows). */
function rowId(row: Record<string, string>): string {
  return row.Id || row.sf__Id || '';
}

/** `sf__Error` reads `CODE:message:fields --`. */
function failedRow(recordId: string, error: string): RecordResult {
  const [code, ...rest] = error.split(':');
  const message = rest.join(':').replace(/:?\s*--\s*$/, '').replace(/:$/, '');
  return { recordId, ok: false, code: code || 'UNKNOWN', message: message || error };
}
