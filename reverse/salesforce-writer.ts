import type { Connection } from 'jsforce';
import type { ApiCaller, QuotaUsage } from '../systems/api/api-types.ts';
import type { Batching, CrmWriter, FieldSetup, RecordResult, RecordUpdate } from './crm-writer.ts';
import type { SyncTarget } from './sync-fields.ts';
import { bulkUpdate } from './salesforce-bulk-update.ts';
import { salesforceFieldSetup } from './salesforce-field-setup.ts';

/** sObject Collections take at most 200 records per call. */
export const COLLECTION_LIMIT = 200;

export interface SalesforceWriterOptions {
  readonly apiVersion: string;
  /** More changed records of one object than this go through Bulk API 2.0. */
  readonly bulkThreshold: number;
  /** Records per Bulk API 2.0 ingest job. */
  readonly bulkJobSize: number;
  /** Wait between job status checks (Bulk API 2.0). */
  readonly pollIntervalMs: number;
}

interface SaveResult {
  id?: string;
  success: boolean;
  errors?: { statusCode?: string; errorCode?: string; message?: string; fields?: string[] }[];
}

/**
 * Salesforce through jsforce: sObject Collections updates (allOrNone false, so one bad record never
 * blocks its batch), and Bulk API 2.0 ingest jobs for large updates. Update only: records are
 * addressed by Id and never created.
 */
export function salesforceWriter(conn: Connection, api: ApiCaller, quota: () => QuotaUsage | undefined, options: SalesforceWriterOptions): CrmWriter {
  const base = `/services/data/v${options.apiVersion}`;
  return {
    system: 'salesforce',
    batching: (_object, changed) => (changed > options.bulkThreshold ? { size: options.bulkJobSize, bulk: true } : { size: COLLECTION_LIMIT, bulk: false }),

    async write(object: string, updates: readonly RecordUpdate[], batching: Batching): Promise<RecordResult[]> {
      const records = updates.map((u) => ({ Id: u.recordId, ...u.values }));
      if (batching.bulk) return bulkUpdate(conn, api, { object, records, base, pollIntervalMs: options.pollIntervalMs });
      const results = await api.call({ method: 'PATCH', endpoint: `${base}/composite/sobjects` }, () =>
        conn.sobject(object).update(records, { allOrNone: false }) as Promise<SaveResult[]>);
      return updates.map((update, i) => saveResult(update.recordId, results[i]));
    },

    async read(object: string, ids: readonly string[], fields: readonly string[]): Promise<Map<string, Record<string, unknown>>> {
      const found = new Map<string, Record<string, unknown>>();
      for (let i = 0; i < ids.length; i += 2000) {
        const chunk = ids.slice(i, i + 2000);
        const records = await api.call({ method: 'POST', endpoint: `${base}/composite/sobjects/${object}` }, () =>
          conn.sobject(object).retrieve([...chunk], { fields: [...fields] }));
        records.forEach((record, j) => {
          if (record) found.set(chunk[j]!, record as Record<string, unknown>);
        });
      }
      return found;
    },

    setUpFields: (targets: readonly SyncTarget[]): Promise<FieldSetup> => salesforceFieldSetup(conn, api, base, targets),
    quota,
  };
}

function saveResult(recordId: string, result: SaveResult | undefined): RecordResult {
  if (result === undefined) return { recordId, ok: false, code: 'TRANSIENT', message: 'Salesforce returned no result for this record' };
  if (result.success) return { recordId, ok: true };
  const error = result.errors?.[0];
  const fields = error?.fields?.length ? ` (fields: ${error.fields.join(', ')})` : '';
  return { recordId, ok: false, code: error?.statusCode ?? error?.errorCode ?? 'UNKNOWN', message: `${error?.message ?? 'rejected without a message'}${fields}` };
}
