import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { commitOutcomes, prepareOutcomeStore, type RecordOutcome } from '../../reverse/outcome-store.ts';
import type { FieldChange } from '../../reverse/sync-plan.ts';
import { useWarehouseFixture } from '../warehouse/warehouse-fixture.ts';

const fixture = useWarehouseFixture();
const scope = { runId: 'run-1', system: 'salesforce', object: 'Account' };

function field(crmField: string, desired: string): FieldChange {
  return { column: crmField, crmField, group: 'payment', type: 'text', desired, crmValue: null, lastSent: null, drifted: false };
}

function outcome(status: RecordOutcome['status'], ...fields: FieldChange[]): RecordOutcome {
  return { change: { recordId: '001A', fields }, status, result: { recordId: '001A', ok: status === 'sent', code: status === 'sent' ? undefined : 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', message: 'bad value' } };
}

describe('recording write-back outcomes', () => {
  it('settles a dead letter only once the CRM accepted every value it carried, not when another field of the record lands', async () => {
    const warehouse = await fixture.openMigrated();
    const unresolved = async (): Promise<number> => Number((await sql<{ n: bigint }>`SELECT count(*) AS n FROM meta.dead_letter WHERE resolved_at IS NULL`.execute(warehouse.db)).rows[0]!.n);
    await warehouse.withConnection(async (connection) => {
      await prepareOutcomeStore(connection);
      await commitOutcomes(connection, scope, [outcome('dead_letter', field('ERP_Health__c', 'purple'))], ['001A'], []);
      expect(await unresolved()).toBe(1);
      await commitOutcomes(connection, scope, [outcome('sent', field('ERP_Payment_Status__c', 'paid'))], ['001A'], []);
      expect(await unresolved()).toBe(1);
      await commitOutcomes(connection, scope, [outcome('sent', field('ERP_Health__c', 'purple'))], ['001A'], []);
      expect(await unresolved()).toBe(0);
    });
    const log = await sql<{ status: string; error_code: string | null }>`SELECT status, error_code FROM meta.sync_log ORDER BY logged_at`.execute(warehouse.db);
    expect(log.rows.map((r) => r.status)).toEqual(['dead_letter', 'sent', 'sent']);
  });
});
