import path from 'node:path';
import { readFile } from 'node:fs/promises';
import type { Connection } from 'jsforce';
import type { Client } from '@hubspot/api-client';
import { generateDataset } from '../../sandbox/generator/generate-dataset.ts';
import { startSandbox, type RunningSandbox, type SandboxOverrides } from '../../sandbox/sandbox-server.ts';
import { ALL_SYSTEMS } from '../../sandbox/all-systems.ts';
import { writeSandboxConfig } from '../../sandbox/sandbox-config-writer.ts';
import { readChanges, type LoggedChange } from '../../sandbox/store/change-log.ts';
import type { ApiRequest } from '../../sandbox/http/api-types.ts';
import type { FaultSpec } from '../../sandbox/faults/fault-spec.ts';
import { canonicalValue } from '../../reverse/field-values.ts';
import { SYNC_TARGETS, crmFieldName, type CrmSystem, type SyncTarget } from '../../reverse/sync-fields.ts';
import { openWarehouse, type Warehouse } from '../../warehouse/warehouse.ts';
import { closeloop } from '../support/closeloop-cli.ts';
import { sandboxClients } from '../extract/extract-support.ts';

export interface ReverseSandbox {
  sandbox: RunningSandbox;
  configFile: string;
  warehouseFile: string;
  /** Records sent to each CRM's write endpoints, in order: `system/object/id` and the values sent. */
  writes: { key: string; values: string }[];
  /** Write requests that reached the CRMs so far. */
  writeRequests: number;
  /** Called as each write request arrives, before the CRM handles it, with `writeRequests` counting it. */
  onWriteRequest: (count: number) => void;
  clients: { salesforce: () => Promise<Connection>; hubspot: Client };
}

/** A generated company (as of today) served by the sandbox, extracted and built, ready to write back. */
export async function reverseSandbox(dir: string, options: SandboxOverrides = {}, companies = 150): Promise<ReverseSandbox> {
  const data = path.join(dir, 'data');
  await generateDataset({ out: data, companies, seed: 5, asOf: new Date().toISOString().slice(0, 10) });
  const sandbox = await startSandbox({ dataDir: data, systems: ALL_SYSTEMS, options });
  const configFile = path.join(dir, 'closeloop.json');
  await writeSandboxConfig(configFile, sandbox.urls, sandbox.options);
  const built = await closeloop(['run', '--config', configFile, '--stages', 'extract,build']);
  if (built.code !== 0 && built.code !== 2) throw new Error(`extract and build failed: ${built.stderr}${built.stdout}`);
  const { salesforce, hubspot } = sandboxClients(sandbox);
  const kit: ReverseSandbox = { sandbox, configFile, warehouseFile: path.join(dir, 'warehouse.duckdb'), writes: [], writeRequests: 0, onWriteRequest: () => undefined, clients: { salesforce, hubspot } };
  recordWrites(kit);
  return kit;
}

/**
 * Serves the same dataset again with `faults` on (the extract and build before ran without them).
 * Nothing was written yet, so the fresh sandbox holds exactly what the warehouse extracted.
 */
export async function restartWithFaults(kit: ReverseSandbox, dir: string, faults: FaultSpec): Promise<ReverseSandbox> {
  await kit.sandbox.close();
  const sandbox = await startSandbox({ dataDir: path.join(dir, 'data'), systems: ALL_SYSTEMS, options: { faults } });
  await writeSandboxConfig(kit.configFile, sandbox.urls, sandbox.options);
  const { salesforce, hubspot } = sandboxClients(sandbox);
  const restarted: ReverseSandbox = { ...kit, sandbox, writes: [], writeRequests: 0, clients: { salesforce, hubspot } };
  recordWrites(restarted);
  return restarted;
}

/** Watches the write endpoints of the emulated CRMs: every record a successful write request carried. */
function recordWrites(kit: ReverseSandbox): void {
  for (const system of ['salesforce', 'hubspot'] as const) {
    const emulated = kit.sandbox.systems[system]!;
    const handle = emulated.handle.bind(emulated);
    emulated.handle = async (req: ApiRequest) => {
      const records = writtenRecords(system, req);
      if (records.length > 0) kit.onWriteRequest(++kit.writeRequests);
      const response = await handle(req);
      if (response.status < 300) kit.writes.push(...records);
      return response;
    };
  }
}

function writtenRecords(system: CrmSystem, req: ApiRequest): { key: string; values: string }[] {
  const path = req.url.pathname;
  if (system === 'salesforce' && req.method === 'PATCH' && path.endsWith('/composite/sobjects')) {
    const body = JSON.parse(req.body.toString('utf8')) as { records: { id?: string; Id?: string; attributes: { type: string } }[] };
    return body.records.map(({ attributes, id, Id, ...values }) => ({ key: `salesforce/${attributes.type}/${id ?? Id}`, values: JSON.stringify(values) }));
  }
  if (system === 'salesforce' && req.method === 'PUT' && /\/jobs\/ingest\/[^/]+\/batches$/.test(path)) {
    const [header, ...rows] = req.body.toString('utf8').trim().split(/\r?\n/);
    return rows.map((row) => ({ key: `salesforce/bulk/${row.split(',')[header!.split(',').indexOf('Id')]!.replaceAll('"', '')}`, values: row }));
  }
  const batch = /^\/crm\/v3\/objects\/(\w+)\/batch\/update$/.exec(path);
  if (system === 'hubspot' && req.method === 'POST' && batch) {
    const body = JSON.parse(req.body.toString('utf8')) as { inputs: { id: string; properties: object }[] };
    return body.inputs.map((input) => ({ key: `hubspot/${batch[1]}/${input.id}`, values: JSON.stringify(input.properties) }));
  }
  return [];
}

/** The sandbox's change log after `sinceSeq` (record writes of the CRMs). */
export async function changesSince(sandbox: RunningSandbox, sinceSeq = 0): Promise<LoggedChange[]> {
  return sandbox.db.exclusive((tx) => readChanges(tx, { sinceSeq }));
}

export async function lastSeq(sandbox: RunningSandbox): Promise<number> {
  return (await changesSince(sandbox)).reduce((max, c) => Math.max(max, c.seq), 0);
}

/** What the marts say each CRM record's ERP fields should hold (canonical; NULLs left out: never sent). */
export async function desiredValues(warehouseFile: string): Promise<Map<string, Record<string, string>>> {
  const warehouse = await openWarehouse(warehouseFile);
  try {
    const desired = new Map<string, Record<string, string>>();
    for (const target of SYNC_TARGETS) await addDesired(warehouse, target, desired);
    return desired;
  } finally {
    await warehouse.close();
  }
}

async function addDesired(warehouse: Warehouse, target: SyncTarget, desired: Map<string, Record<string, string>>): Promise<void> {
  const rows = await warehouse.withConnection(async (c) => (await c.runAndReadAll(`SELECT * FROM ${target.source} WHERE ${target.where}`)).getRowObjectsJS());
  for (const row of rows) {
    const system = String(row.system) as CrmSystem;
    const values: Record<string, string> = {};
    for (const field of target.fields) {
      const value = canonicalValue(row[field.column] === null ? null : String(row[field.column]), field.type);
      if (value !== null) values[crmFieldName(field, system)] = value;
    }
    desired.set(`${system}/${target.objects[system]}/${String(row[target.key])}`, values);
  }
}

/** Every record's ERP fields as the CRMs hold them, read through the official clients (canonical). */
export async function crmValues(kit: Pick<ReverseSandbox, 'clients'>): Promise<Map<string, Record<string, string | null>>> {
  const values = new Map<string, Record<string, string | null>>();
  const conn = await kit.clients.salesforce();
  for (const target of SYNC_TARGETS) {
    const object = target.objects.salesforce;
    const records = await conn.sobject(object).find({}, ['Id', ...target.fields.map((f) => f.salesforce)]).execute({ autoFetch: true, maxFetch: 1_000_000 });
    for (const record of records as Record<string, unknown>[]) {
      values.set(`salesforce/${object}/${String(record.Id)}`, Object.fromEntries(target.fields.map((f) => [f.salesforce, canonicalValue(record[f.salesforce], f.type)])));
    }
    const hsObject = target.objects.hubspot as 'companies' | 'deals';
    const objects = await kit.clients.hubspot.crm[hsObject].getAll(undefined, undefined, target.fields.map((f) => f.hubspot));
    for (const object of objects) {
      values.set(`hubspot/${hsObject}/${object.id}`, Object.fromEntries(target.fields.map((f) => [f.hubspot, canonicalValue(object.properties[f.hubspot], f.type)])));
    }
  }
  return values;
}

/** The Salesforce accounts truth.json says fail the org's validation rule on update. */
export async function validationFailures(dir: string): Promise<Set<string>> {
  const truth = JSON.parse(await readFile(path.join(dir, 'data', 'truth.json'), 'utf8')) as { validation_failures: { record_id: string }[] };
  return new Set(truth.validation_failures.map((v) => `salesforce/Account/${v.record_id}`));
}

/** Every ERP field a write-back may touch, per CRM object. */
export function ownedFields(): Map<string, Set<string>> {
  const owned = new Map<string, Set<string>>();
  for (const target of SYNC_TARGETS) {
    for (const system of ['salesforce', 'hubspot'] as const) owned.set(`${system}/${target.objects[system]}`, new Set(target.fields.map((f) => crmFieldName(f, system))));
  }
  return owned;
}
