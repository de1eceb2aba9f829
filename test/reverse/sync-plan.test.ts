import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { DuckDBConnection } from '@duckdb/node-api';
import { buildPlan, planRecords, planScopes, type RecordChange } from '../../reverse/sync-plan.ts';
import type { Warehouse } from '../../warehouse/warehouse.ts';
import { useWarehouseFixture } from '../warehouse/warehouse-fixture.ts';

const fixture = useWarehouseFixture();

const HEALTH_COLUMNS = `system VARCHAR, crm_id VARCHAR, erp_customer_id VARCHAR, payment_status VARCHAR, open_balance_crm_currency DECIMAL(18,2),
  overdue_balance_crm_currency DECIMAL(18,2), oldest_overdue_due_date DATE, credit_hold BOOLEAN, last_payment_date DATE, health VARCHAR, health_score INTEGER`;
const BILLING_COLUMNS = `system VARCHAR, opportunity_id VARCHAR, erp_customer_id VARCHAR, invoice_status VARCHAR,
  invoiced_amount_deal_currency DECIMAL(18,2), sales_order_number VARCHAR`;

/** A warehouse with the two source marts and Salesforce's raw Account table. */
async function warehouseWith(accounts: string): Promise<Warehouse> {
  const warehouse = await fixture.openMigrated();
  await sql.raw(`CREATE TABLE mart.account_health (${HEALTH_COLUMNS}); CREATE TABLE mart.deal_billing (${BILLING_COLUMNS});
    INSERT INTO mart.account_health VALUES ${accounts};
    CREATE TABLE raw.salesforce__account (_record_id VARCHAR, _extracted_at TIMESTAMP, _version VARCHAR, _deleted BOOLEAN, _raw JSON)`).execute(warehouse.db);
  return warehouse;
}

async function plan(warehouse: Warehouse, clearWhenNull: string[] = []): Promise<RecordChange[]> {
  return warehouse.withConnection(async (connection: DuckDBConnection) => {
    const scopes = (await planScopes(connection, ['salesforce'])).filter((s) => s.object === 'Account');
    await buildPlan(connection, scopes, { clearWhenNull: new Set(clearWhenNull) });
    const records: RecordChange[] = [];
    for await (const chunk of planRecords(connection, scopes[0]!, 1000)) records.push(...chunk);
    return records;
  });
}

const fieldsOf = (record: RecordChange | undefined) => Object.fromEntries((record?.fields ?? []).map((f) => [f.crmField, f.desired]));

describe('the write-back plan (3-way diff against what was sent and what the CRM holds)', () => {
  it('plans every non-null field of a record never sent, in canonical form; a NULL only when configured to clear', async () => {
    const warehouse = await warehouseWith(`('salesforce', '001A', '42', 'overdue', 1234.5, 100, DATE '2026-10-01', false, NULL, 'yellow', 60)`);
    const [record] = await plan(warehouse);
    expect(fieldsOf(record)).toEqual({
      ERP_Customer_Id__c: '42', ERP_Payment_Status__c: 'overdue', ERP_Open_Balance__c: '1234.50', ERP_Overdue_Balance__c: '100.00',
      ERP_Oldest_Overdue_Date__c: '2026-10-01', ERP_Credit_Hold__c: 'false', ERP_Health__c: 'yellow', ERP_Health_Score__c: '60.0',
    });
    await sql.raw(`INSERT INTO raw.salesforce__account VALUES ('001A', TIMESTAMP '2026-11-01 06:00', 'v1', false, '{"Id":"001A","ERP_Last_Payment_Date__c":"2026-01-31"}')`).execute(warehouse.db);
    expect(fieldsOf((await plan(warehouse))[0])).not.toHaveProperty('ERP_Last_Payment_Date__c');
    const [cleared] = await plan(warehouse, ['last_payment_date']);
    expect(cleared?.fields).toContainEqual(expect.objectContaining({ crmField: 'ERP_Last_Payment_Date__c', desired: null, crmValue: '2026-01-31' }));
  });

  it('sends nothing the CRM already holds, however the CRM spells it', async () => {
    const warehouse = await warehouseWith(`('salesforce', '001A', '42', 'paid', 10, 0, NULL, true, DATE '2026-09-30', 'green', 75)`);
    await sql.raw(`INSERT INTO raw.salesforce__account VALUES ('001A', TIMESTAMP '2026-11-01 06:00', 'v1', false,
      '{"Id":"001A","ERP_Customer_Id__c":"42","ERP_Payment_Status__c":"paid","ERP_Open_Balance__c":10,"ERP_Overdue_Balance__c":0.0,
        "ERP_Credit_Hold__c":true,"ERP_Last_Payment_Date__c":"2026-09-30","ERP_Health__c":"green","ERP_Health_Score__c":75.0}')`).execute(warehouse.db);
    expect(await plan(warehouse)).toEqual([]);
  });

  it('trusts what it sent over an extract older than the send, and detects drift in an extract made after it', async () => {
    const warehouse = await warehouseWith(`('salesforce', '001A', '42', 'open', 10, 0, NULL, false, NULL, 'green', 90)`);
    await sql.raw(`INSERT INTO raw.salesforce__account VALUES ('001A', TIMESTAMP '2026-11-01 06:00', 'v1', false, '{"Id":"001A","ERP_Payment_Status__c":"paid"}');
      INSERT INTO meta.sent_state (system, object, record_id, field, value, sent_at, run_id)
      SELECT 'salesforce', 'Account', '001A', field, to_json(value), TIMESTAMP '2026-11-02 06:00', 'run-1'
      FROM (VALUES ('ERP_Customer_Id__c', '42'), ('ERP_Payment_Status__c', 'open'), ('ERP_Open_Balance__c', '10.00'), ('ERP_Overdue_Balance__c', '0.00'),
        ('ERP_Credit_Hold__c', 'false'), ('ERP_Health__c', 'green'), ('ERP_Health_Score__c', '90.0')) AS v(field, value)`).execute(warehouse.db);
    expect(await plan(warehouse)).toEqual([]);

    await sql.raw(`INSERT INTO raw.salesforce__account VALUES ('001A', TIMESTAMP '2026-11-03 06:00', 'v2', false,
      '{"Id":"001A","ERP_Customer_Id__c":"42","ERP_Payment_Status__c":"paid","ERP_Open_Balance__c":10,"ERP_Overdue_Balance__c":0,"ERP_Credit_Hold__c":false,"ERP_Health__c":"green","ERP_Health_Score__c":90}')`).execute(warehouse.db);
    const [record] = await plan(warehouse);
    expect(record?.fields).toEqual([expect.objectContaining({ crmField: 'ERP_Payment_Status__c', desired: 'open', crmValue: 'paid', lastSent: 'open', drifted: true })]);
  });

  it('does not resend a value that failed for good, but sends a new one; leaves records deleted in the CRM alone', async () => {
    const warehouse = await warehouseWith(`('salesforce', '001A', '42', 'open', NULL, NULL, NULL, NULL, NULL, NULL, NULL), ('salesforce', '001B', '43', 'paid', NULL, NULL, NULL, NULL, NULL, NULL, NULL)`);
    await sql.raw(`INSERT INTO meta.dead_letter (run_id, system, object, record_id, payload, reason_code, message)
      VALUES ('run-1', 'salesforce', 'Account', '001A', '{"ERP_Customer_Id__c":"42","ERP_Payment_Status__c":"open"}', 'FIELD_CUSTOM_VALIDATION_EXCEPTION', 'Billing Country is required');
      INSERT INTO raw.salesforce__account VALUES ('001B', TIMESTAMP '2026-11-01 06:00', 'v9', true, '{"Id":"001B"}')`).execute(warehouse.db);
    expect(await plan(warehouse)).toEqual([]);
    await sql.raw(`UPDATE mart.account_health SET payment_status = 'overdue' WHERE crm_id = '001A'`).execute(warehouse.db);
    expect((await plan(warehouse)).map((r) => fieldsOf(r))).toEqual([{ ERP_Payment_Status__c: 'overdue' }]);
  });

  it('refuses to plan when a mart holds a CRM id twice (NON_UNIQUE_KEY), naming the ids', async () => {
    const warehouse = await warehouseWith(`('salesforce', '001A', '42', 'open', NULL, NULL, NULL, NULL, NULL, NULL, NULL), ('salesforce', '001A', '43', 'paid', NULL, NULL, NULL, NULL, NULL, NULL, NULL)`);
    await expect(plan(warehouse)).rejects.toThrow(/NON_UNIQUE_KEY: mart\.account_health holds some salesforce Account ids more than once \(001A \(2 rows\)\)/);
  });
});
