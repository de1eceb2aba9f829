import type { Client } from '@hubspot/api-client';
import type { ApiCaller, QuotaUsage } from '../systems/api/api-types.ts';
import { readClientError, type ClientFailure } from '../systems/api/client-errors.ts';
import type { UsageMeter } from '../systems/clients/hubspot-usage-meter.ts';
import type { CrmWriter, RecordResult, RecordUpdate } from './crm-writer.ts';
import { hubspotFieldSetup } from './hubspot-field-setup.ts';
import type { SyncTarget } from './sync-fields.ts';

/** HubSpot batch endpoints take at most 100 inputs. */
export const HUBSPOT_BATCH_LIMIT = 100;

type BatchObject = 'companies' | 'deals';

interface BatchAnswer {
  results: { id: string; properties?: Record<string, string | null> }[];
  errors?: { category?: string; message?: string; context?: Record<string, string[]> }[];
}

/**
 * HubSpot through @hubspot/api-client batch updates. HubSpot refuses a whole batch when one input
 * has a bad value (400), so such a batch is split in halves until the bad record stands alone and
 * the others are delivered; ids HubSpot no longer has come back in a 207 and fail on their own.
 */
export function hubspotWriter(client: Client, api: ApiCaller, meter: UsageMeter): CrmWriter {
  const batchApi = (object: string) => client.crm[object as BatchObject].batchApi;

  const send = async (object: string, updates: readonly RecordUpdate[]): Promise<RecordResult[]> => {
    let answer: BatchAnswer;
    try {
      meter.count();
      answer = await api.call({ method: 'POST', endpoint: `/crm/v3/objects/${object}/batch/update` }, () =>
        batchApi(object).update({ inputs: updates.map((u) => ({ id: u.recordId, properties: stringValues(u.values) })) }) as Promise<BatchAnswer>);
    } catch (error) {
      const failure = readClientError(error);
      if (!isValueError(failure)) throw error;
      if (updates.length === 1) return [{ recordId: updates[0]!.recordId, ok: false, code: failure.code ?? 'VALIDATION_ERROR', message: failure.message }];
      const half = Math.ceil(updates.length / 2);
      return [...await send(object, updates.slice(0, half)), ...await send(object, updates.slice(half))];
    }
    return batchResults(updates, answer);
  };

  return {
    system: 'hubspot',
    batching: () => ({ size: HUBSPOT_BATCH_LIMIT, bulk: false }),
    write: (object, updates) => send(object, updates),

    async read(object: string, ids: readonly string[], fields: readonly string[]): Promise<Map<string, Record<string, unknown>>> {
      const found = new Map<string, Record<string, unknown>>();
      for (let i = 0; i < ids.length; i += HUBSPOT_BATCH_LIMIT) {
        meter.count();
        const answer = await api.call({ method: 'POST', endpoint: `/crm/v3/objects/${object}/batch/read` }, () =>
          batchApi(object).read({ inputs: ids.slice(i, i + HUBSPOT_BATCH_LIMIT).map((id) => ({ id })), properties: [...fields], propertiesWithHistory: [] }) as Promise<BatchAnswer>);
        for (const record of answer.results) found.set(record.id, { ...record.properties });
      }
      return found;
    },

    setUpFields: (targets: readonly SyncTarget[], dryRun: boolean) => hubspotFieldSetup(client, api, meter, targets, dryRun),
    quota: (): QuotaUsage | undefined => meter.usage(),
  };
}

/**
 * A 400 about the values sent ("Property values were not valid"), which one input may cause: worth
 * splitting the batch for. A property that does not exist, or any other 400, fails every batch alike.
 */
function isValueError(failure: ClientFailure): boolean {
  return failure.status === 400 && /Property values were not valid/i.test(failure.message) && !/PROPERTY_DOESNT_EXIST/.test(failure.message);
}

function batchResults(updates: readonly RecordUpdate[], answer: BatchAnswer): RecordResult[] {
  const written = new Set(answer.results.map((r) => String(r.id)));
  const failures = new Map<string, RecordResult>();
  for (const error of answer.errors ?? []) {
    for (const id of error.context?.ids ?? []) {
      failures.set(id, { recordId: id, ok: false, code: error.category ?? 'UNKNOWN', message: error.message ?? 'rejected without a message' });
    }
  }
  return updates.map((u) => {
    if (written.has(u.recordId)) return { recordId: u.recordId, ok: true };
    return failures.get(u.recordId) ?? { recordId: u.recordId, ok: false, code: 'TRANSIENT', message: 'HubSpot did not confirm this record; it is sent again next time' };
  });
}

function stringValues(values: Readonly<Record<string, unknown>>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v === null ? '' : String(v)]));
}
