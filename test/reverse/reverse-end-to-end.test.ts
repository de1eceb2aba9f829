import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse } from '../../warehouse/warehouse.ts';
import { makeTempDir, removeDir } from '../support/dataset-files.ts';
import { closeloop } from '../support/closeloop-cli.ts';
import { changesSince, crmValues, desiredValues, lastSeq, ownedFields, reverseSandbox, validationFailures, type ReverseSandbox } from './reverse-kit.ts';

const WRITE_ENDPOINTS = /composite\/sobjects$|jobs\/ingest|batch\/update$/;
/** Fields a CRM stamps on every update by itself. */
const AUDIT_FIELDS = new Set(['LastModifiedDate', 'SystemModstamp', 'LastModifiedById', 'hs_lastmodifieddate', 'updatedAt']);

const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

async function query<T = Record<string, unknown>>(kit: ReverseSandbox, sql: string): Promise<T[]> {
  const warehouse = await openWarehouse(kit.warehouseFile);
  try {
    return await warehouse.withConnection(async (c) => (await c.runAndReadAll(sql)).getRowObjectsJS() as T[]);
  } finally {
    await warehouse.close();
  }
}

describe('closeloop reverse against the sandbox', () => {
  let dir: string;
  let kit: ReverseSandbox;
  let archivedCompany: string;

  beforeAll(async () => {
    dir = await makeTempDir('closeloop-reverse-');
    cleanup.push(() => removeDir(dir));
    kit = await reverseSandbox(dir);
    cleanup.push(() => kit.sandbox.close());
    // A HubSpot company archived after the extract: its write must fail alone, the rest of its batch land.
    const [planned] = await query<{ crm_id: string }>(kit, `SELECT crm_id FROM mart.account_health WHERE system = 'hubspot' AND erp_customer_id IS NOT NULL ORDER BY crm_id LIMIT 1`);
    archivedCompany = planned!.crm_id;
    await kit.clients.hubspot.crm.companies.basicApi.archive(archivedCompany);
  }, 120_000);

  it('--dry-run prints the plan per object with a sample, and writes nothing', async () => {
    const before = await lastSeq(kit.sandbox);
    const result = await closeloop(['reverse', '--config', kit.configFile, '--dry-run']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/salesforce Account: \d+ records to update/);
    expect(result.stdout).toMatch(/^ {4}ERP_Payment_Status__c: \d+$/m);
    expect(result.stdout).toMatch(/setup: hubspot companies: would create 8 properties in group "erp" \(erp_payment_status, /);
    expect(result.stdout).toMatch(/sample salesforce Opportunity:\n {4}006\w+: ERP_Invoice_Status__c \(empty\) → \w+/);
    expect(await changesSince(kit.sandbox, before)).toEqual([]);
    expect(kit.writes).toEqual([]);
  });

  it('leaves every CRM record holding exactly the desired values, touching no other field and creating nothing', async () => {
    const before = await lastSeq(kit.sandbox);
    const result = await closeloop(['reverse', '--config', kit.configFile]);
    expect(result.code, result.stderr + result.stdout).toBe(2); // 2: some records were dead-lettered
    const desired = await desiredValues(kit.warehouseFile);
    const failing = await validationFailures(dir);
    const crm = await crmValues(kit);
    let checked = 0;
    for (const [key, values] of desired) {
      if (failing.has(key) || key === `hubspot/companies/${archivedCompany}`) continue;
      expect(crm.get(key), key).toMatchObject(values);
      checked += 1;
    }
    expect(checked).toBeGreaterThan(300);

    const owned = ownedFields();
    const changes = (await changesSince(kit.sandbox, before)).filter((c) => owned.has(`${c.system}/${c.object}`));
    expect(changes.length).toBeGreaterThan(checked);
    expect(changes.filter((c) => c.operation !== 'update')).toEqual([]);
    expect(changes.filter((c) => !owned.get(`${c.system}/${c.object}`)!.has(c.field) && !AUDIT_FIELDS.has(c.field))).toEqual([]);
    // Every record was written at most once.
    const keys = kit.writes.map((w) => w.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('isolates validation-rule failures and deleted records per record: dead-lettered with the reason, the rest of the batch delivered', async () => {
    const dead = await query<{ system: string; object: string; record_id: string; reason_code: string; message: string }>(kit,
      `SELECT system, object, record_id, reason_code, message FROM meta.dead_letter ORDER BY ALL`);
    const failing = await validationFailures(dir);
    const desired = await desiredValues(kit.warehouseFile);
    const expected = [...failing].filter((key) => desired.has(key));
    expect(expected.length).toBeGreaterThan(0);
    expect(dead.filter((d) => d.system === 'salesforce').map((d) => `salesforce/Account/${d.record_id}`).sort()).toEqual(expected.sort());
    expect(dead.filter((d) => d.system === 'salesforce').every((d) => d.reason_code === 'FIELD_CUSTOM_VALIDATION_EXCEPTION' && /Billing Country is required/.test(d.message))).toBe(true);
    expect(dead.filter((d) => d.system === 'hubspot')).toEqual([expect.objectContaining({ object: 'companies', record_id: archivedCompany, reason_code: 'OBJECT_NOT_FOUND' })]);
    const log = await query<{ status: string; n: bigint }>(kit, `SELECT status, count(DISTINCT system || object || record_id) AS n FROM meta.sync_log GROUP BY 1`);
    expect(Object.fromEntries(log.map((r) => [r.status, Number(r.n)]))).toEqual({ sent: expect.any(Number), dead_letter: expected.length + 1 });
  });

  it('a second run with nothing changed makes zero write calls', async () => {
    const before = await lastSeq(kit.sandbox);
    const writes = kit.writes.length;
    const result = await closeloop(['run', '--config', kit.configFile, '--stages', 'extract,build,reverse']);
    // 2 only for the customer pairs waiting for review; the write-back itself is clean.
    expect(result.code, result.stderr + result.stdout).toBe(2);
    expect(result.stdout).toMatch(/^ {2}reverse +ok /m);
    expect(result.stdout).toMatch(/salesforce Account: 0 of 0 records updated in 0 batches \(0 requests\)/);
    const [run] = await query<{ run_id: string }>(kit, `SELECT run_id FROM meta.runs ORDER BY started_at DESC LIMIT 1`);
    const calls = await query<{ endpoint: string }>(kit, `SELECT endpoint FROM meta.api_calls WHERE run_id = '${run!.run_id}'`);
    expect(calls.filter((c) => WRITE_ENDPOINTS.test(c.endpoint))).toEqual([]);
    expect(kit.writes.length).toBe(writes);
    expect(await changesSince(kit.sandbox, before)).toEqual([]);
  });

  it('overwrites a value someone changed in the CRM since it was sent, and logs it as drift', async () => {
    const conn = await kit.clients.salesforce();
    const [account] = await query<{ crm_id: string; health: string }>(kit,
      `SELECT s.record_id AS crm_id, json_extract_string(s.value, '$') AS health FROM meta.sent_state s WHERE s.system = 'salesforce' AND s.field = 'ERP_Health__c' ORDER BY 1 LIMIT 1`);
    const edited = account!.health === 'red' ? 'green' : 'red';
    await conn.sobject('Account').update({ Id: account!.crm_id, ERP_Health__c: edited });
    const result = await closeloop(['run', '--config', kit.configFile, '--stages', 'extract,reverse']);
    expect(result.code, result.stderr + result.stdout).toBe(0);
    expect(result.stdout).toMatch(/salesforce Account: 1 of 1 records updated in 1 batches \(1 requests\), 1 drifted fields overwritten/);
    const drift = await query(kit, `SELECT record_id, field, json_extract_string(last_sent, '$') AS last_sent, json_extract_string(crm_value, '$') AS crm_value FROM meta.drift`);
    expect(drift).toEqual([{ record_id: account!.crm_id, field: 'ERP_Health__c', last_sent: account!.health, crm_value: edited }]);
    const [now] = await conn.sobject('Account').retrieve([account!.crm_id], { fields: ['ERP_Health__c'] });
    expect(now).toMatchObject({ ERP_Health__c: account!.health });
  });

  it('sends dead-lettered values again only when asked, once their cause is fixed', async () => {
    const dead = await query<{ record_id: string }>(kit, `SELECT record_id FROM meta.dead_letter WHERE system = 'salesforce' AND resolved_at IS NULL`);
    const conn = await kit.clients.salesforce();
    await conn.sobject('Account').update(dead.map((d) => ({ Id: d.record_id, BillingCountry: 'United States' })), { allOrNone: true });
    const untouched = await closeloop(['reverse', '--config', kit.configFile]);
    expect(untouched.stdout).toMatch(/salesforce Account: 0 of 0 records updated/);
    const retried = await closeloop(['reverse', '--config', kit.configFile, '--retry-dead-letters']);
    expect(retried.stdout).toMatch(new RegExp(`salesforce Account: ${dead.length} of ${dead.length} records updated in 1 batches`));
    // The archived company is gone from the CRM (the last extract saw it archived): nothing to send it.
    expect(retried.stdout).toMatch(/hubspot companies: 0 of 0 records updated/);
    expect(await query(kit, `SELECT system, record_id FROM meta.dead_letter WHERE resolved_at IS NULL`)).toEqual([]);
    const sent = await query<{ record_id: string }>(kit, `SELECT DISTINCT record_id FROM meta.sync_log WHERE status = 'sent' AND run_id LIKE 'reverse-%' AND system = 'salesforce' AND object = 'Account'`);
    expect(sent.map((r) => r.record_id)).toEqual(expect.arrayContaining(dead.map((d) => d.record_id)));
  });

  it('writes nothing when a mart\'s data test fails, and says which', async () => {
    const warehouse = await openWarehouse(kit.warehouseFile);
    const [row] = await warehouse.withConnection(async (c) => (await c.runAndReadAll(
      `UPDATE mart.account_health SET health = 'purple', payment_status = 'paid' WHERE crm_id = (SELECT min(crm_id) FROM mart.account_health WHERE erp_customer_id IS NOT NULL) RETURNING crm_id`)).getRowObjectsJS());
    await warehouse.close();
    const writes = kit.writes.length;
    const result = await closeloop(['reverse', '--config', kit.configFile]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/Nothing was written to the CRM: \d+ data tests do not pass \(.*mart\.account_health: accepted_values\(health: "green", "yellow", "red"\) \(1 rows\)/);
    expect(kit.writes.length).toBe(writes);
    expect(row).toBeDefined();
  });
});
