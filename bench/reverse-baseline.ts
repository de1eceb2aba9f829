// The floor the reverse benchmark compares against: the records a reverse run wrote (meta.sent_state
// of that run: every accepted field, the same values), sent again to the same sandbox with plain
// fetch, in calls of the same size and kind (Bulk API 2.0 jobs above the threshold, else sObject
// Collections of 200; HubSpot batch updates of 100), one call at a time like the stage. No planning,
// no write-ahead log, no outcomes recorded: building the request bodies and the HTTP round trips only.
import { setTimeout as sleep } from 'node:timers/promises';
import type { DuckDBConnection } from '@duckdb/node-api';
import type { WarehouseSession } from '../cli/warehouse-session.ts';
import type { WireValue } from '../reverse/crm-writer.ts';
import { wireValue } from '../reverse/field-values.ts';
import { COLLECTION_LIMIT } from '../reverse/salesforce-writer.ts';
import { HUBSPOT_BATCH_LIMIT } from '../reverse/hubspot-writer.ts';
import { SYNC_TARGETS, crmFieldName, type CrmSystem, type FieldType } from '../reverse/sync-fields.ts';

export interface BaselineFigure {
  system: string;
  object: string;
  records: number;
  calls: number;
  /** Records the sandbox refused (the same validation rules apply as for the stage). */
  failed: number;
  seconds: number;
}

interface BaselineRecord {
  id: string;
  values: Record<string, WireValue>;
}

type Send = (records: readonly BaselineRecord[]) => Promise<{ calls: number; failed: number }>;

export async function sendBaseline(session: WarehouseSession, runId: string): Promise<BaselineFigure[]> {
  const scopes = await session.warehouse.withConnection((connection) => sentRecords(connection, runId));
  const figures: BaselineFigure[] = [];
  for (const [key, records] of scopes) {
    const [system, object] = key.split('/') as [CrmSystem, string];
    const send = system === 'salesforce' ? await salesforceSender(session, object, records.length) : hubspotSender(session, object);
    const started = performance.now();
    const { calls, failed } = await send(records);
    figures.push({ system, object, records: records.length, calls, failed, seconds: (performance.now() - started) / 1000 });
  }
  return figures;
}

/** The fields each record got in the run, as the CRM's API takes them, per `system/object`. */
async function sentRecords(connection: DuckDBConnection, runId: string): Promise<Map<string, BaselineRecord[]>> {
  const reader = await connection.runAndReadAll(`SELECT system, object, record_id, field, json_extract_string(value, '$') AS value
    FROM meta.sent_state WHERE run_id = $1 ORDER BY system, object, record_id, field`, [runId]);
  const scopes = new Map<string, BaselineRecord[]>();
  for (const row of reader.getRowObjectsJS()) {
    const system = String(row.system) as CrmSystem;
    const records = scopes.get(`${system}/${String(row.object)}`) ?? [];
    scopes.set(`${system}/${String(row.object)}`, records);
    if (records.at(-1)?.id !== String(row.record_id)) records.push({ id: String(row.record_id), values: {} });
    const field = String(row.field);
    records.at(-1)!.values[field] = wireValue(row.value === null ? null : String(row.value), fieldType(system, field), system);
  }
  return scopes;
}

function fieldType(system: CrmSystem, crmField: string): FieldType {
  const field = SYNC_TARGETS.flatMap((t) => t.fields).find((f) => crmFieldName(f, system) === crmField);
  if (!field) throw new Error(`meta.sent_state names ${system} field ${crmField}, which the reverse stage does not write.`);
  return field.type;
}

function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function expectOk(response: Response, what: string): Promise<Response> {
  if (!response.ok) throw new Error(`baseline ${what} failed with HTTP ${response.status}: ${(await response.text()).slice(0, 500)}`);
  return response;
}

async function salesforceSender(session: WarehouseSession, object: string, records: number): Promise<Send> {
  const { sources, reverse } = session.loaded.config;
  const source = sources.salesforce!;
  const secret = session.loaded.secret;
  const form = new URLSearchParams({
    grant_type: 'password', client_id: secret(source.clientIdEnv), client_secret: secret(source.clientSecretEnv),
    username: secret(source.usernameEnv!), password: secret(source.passwordEnv!),
  });
  const login = await expectOk(await fetch(`${source.loginUrl}/services/oauth2/token`, { method: 'POST', body: form }), 'Salesforce login');
  const { access_token: token, instance_url: instance } = await login.json() as { access_token: string; instance_url: string };
  const base = `${instance}/services/data/v${source.apiVersion}`;
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  if (records > reverse.salesforceBulkThreshold) return (all) => bulkJobs(base, headers, object, batches(all, reverse.salesforceBulkJobSize));
  return async (all) => {
    let failed = 0;
    for (const batch of batches(all, COLLECTION_LIMIT)) {
      const body = JSON.stringify({ allOrNone: false, records: batch.map((r) => ({ attributes: { type: object }, Id: r.id, ...r.values })) });
      const response = await expectOk(await fetch(`${base}/composite/sobjects`, { method: 'PATCH', headers, body }), 'sObject Collections update');
      failed += (await response.json() as { success: boolean }[]).filter((r) => !r.success).length;
    }
    return { calls: Math.ceil(all.length / COLLECTION_LIMIT), failed };
  };
}

/** Bulk API 2.0 update jobs: open, upload the CSV, close, check until complete, read both result sets. */
async function bulkJobs(base: string, headers: Record<string, string>, object: string, jobs: readonly BaselineRecord[][]): Promise<{ calls: number; failed: number }> {
  let calls = 0;
  let failed = 0;
  const call = async (method: string, url: string, body?: string, contentType?: string): Promise<Response> => {
    calls += 1;
    return expectOk(await fetch(url, { method, headers: { ...headers, ...(contentType ? { 'Content-Type': contentType } : {}) }, body }), `Bulk API 2.0 ${method} ${url}`);
  };
  for (const records of jobs) {
    const job = await (await call('POST', `${base}/jobs/ingest`, JSON.stringify({ object, operation: 'update', contentType: 'CSV', lineEnding: 'LF' }))).json() as { id: string };
    const url = `${base}/jobs/ingest/${job.id}`;
    await call('PUT', `${url}/batches`, csv(records), 'text/csv');
    await call('PATCH', url, JSON.stringify({ state: 'UploadComplete' }));
    for (;;) {
      const { state } = await (await call('GET', url)).json() as { state: string };
      if (state === 'JobComplete') break;
      if (state === 'Failed' || state === 'Aborted') throw new Error(`baseline Bulk API 2.0 job ${job.id} ended ${state}`);
      await sleep(500);
    }
    await (await call('GET', `${url}/successfulResults`)).text();
    failed += (await (await call('GET', `${url}/failedResults`)).text()).trim().split('\n').length - 1;
  }
  return { calls, failed };
}

function csv(records: readonly BaselineRecord[]): string {
  const fields = [...new Set(records.flatMap((r) => Object.keys(r.values)))];
  const cell = (value: WireValue | undefined): string => {
    const text = value === undefined || value === null ? '' : String(value);
    return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [['Id', ...fields].join(','), ...records.map((r) => [r.id, ...fields.map((f) => cell(r.values[f]))].join(','))].join('\n') + '\n';
}

function hubspotSender(session: WarehouseSession, object: string): Send {
  const source = session.loaded.config.sources.hubspot!;
  const headers = { Authorization: `Bearer ${session.loaded.secret(source.accessTokenEnv)}`, 'Content-Type': 'application/json' };
  return async (all) => {
    let failed = 0;
    for (const batch of batches(all, HUBSPOT_BATCH_LIMIT)) {
      const body = JSON.stringify({ inputs: batch.map((r) => ({ id: r.id, properties: Object.fromEntries(Object.entries(r.values).map(([k, v]) => [k, v === null ? '' : String(v)])) })) });
      const response = await expectOk(await fetch(`${source.baseUrl}/crm/v3/objects/${object}/batch/update`, { method: 'POST', headers, body }), 'HubSpot batch update');
      const answer = await response.json() as { results: unknown[] };
      failed += batch.length - answer.results.length;
    }
    return { calls: Math.ceil(all.length / HUBSPOT_BATCH_LIMIT), failed };
  };
}
